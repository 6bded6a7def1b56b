"""Getting sources into a case from the GUI: files (dialog, drag and drop) and pasted text."""
