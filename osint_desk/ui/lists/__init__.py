"""The sanctions-list library from the GUI: the lists table, importing and removing lists."""
