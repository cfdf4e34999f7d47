"""Seeded mutation fuzzers for files that come from outside (archives, packs)."""
