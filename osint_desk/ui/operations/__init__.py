"""Every user edit as a QUndoCommand over the store (after Anki's ``aqt/operations``).

Each function builds a command; ``session.push(command)`` runs it. The first redo does the
edit; undo reverses it through the store (soft delete, restore, unlink, the old values), and
later redos bring back the same records with the same ids.
"""
