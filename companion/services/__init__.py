"""Use cases in plain Python: the UI and the CLI call these, never SQL."""
