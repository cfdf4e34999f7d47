"""Settings as JSON values in the ``settings`` table.

Why in SQLite and not QSettings: everything the user has lives in one file,
so one backup carries it all, and nothing is written to ``~/.config``.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from typing import Any

from companion.domain.settings import Settings
from companion.store.database import transaction

_PREFIX = "pref."


class SettingsRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def get_raw(self, key: str) -> Any:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_raw(self, key: str, value: Any) -> None:
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def load(self) -> Settings:
        settings = Settings()
        rows = self._conn.execute(
            "SELECT key, value FROM settings WHERE key LIKE ?", (_PREFIX + "%",)
        ).fetchall()
        names = {f.name for f in dataclasses.fields(Settings)}
        for key, value in rows:
            name = key[len(_PREFIX) :]
            if name not in names:
                continue
            decoded = json.loads(value)
            if isinstance(decoded, list):
                decoded = tuple(decoded)
            setattr(settings, name, decoded)
        return settings

    def save(self, settings: Settings) -> None:
        with transaction(self._conn):
            for f in dataclasses.fields(Settings):
                value = getattr(settings, f.name)
                if isinstance(value, tuple):
                    value = list(value)
                self._conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (_PREFIX + f.name, json.dumps(value, ensure_ascii=False)),
                )
