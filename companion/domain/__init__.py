"""Plain data and pure rules. Imports nothing of Qt, sqlite or the filesystem."""
