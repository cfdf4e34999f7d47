"""Keeping the user's data safe: archives, restore checks, integrity, recovery, storage errors."""
