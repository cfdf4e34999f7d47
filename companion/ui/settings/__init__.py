"""The Settings section: preferences, data and backups."""
