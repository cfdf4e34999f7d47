"""The Cards section: dashboard, card editor, renewal, undo bar and phone calendar."""
