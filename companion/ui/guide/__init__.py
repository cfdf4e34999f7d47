"""The Guide section: the reader, its search, code panel, printing and content packs."""
