"""The guide's "facts checked" months, remembered from one run to the next.

Why: every guide page names the month its facts were checked, formatted by
babel. For that one line the first page would load babel and its locale
data, about 18 ms and the largest single cost of the first window. A
formatted month changes only with the language, the month and babel's CLDR
data, so the labels are kept in a file in the cache folder together with
a fingerprint of that data. babel loads when a label has not been seen
yet, or when babel itself was upgraded. The cache folder, not the
database: the labels are not the user's data, stay out of backups, and a
start never writes to the database for them.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from companion import cache_file
from companion.guide.render import MonthLabel, checked_month
from companion.services.app_log import log

#: The file's name in the cache folder.
FILE_NAME = "month-labels.json"


def babel_fingerprint() -> str:
    """Size and modification time of babel's CLDR data file.

    Both change when babel is installed again or upgraded. An empty string
    means babel's data could not be found without importing it: then no
    stored label is trusted.
    """
    try:
        spec = importlib.util.find_spec("babel")
    except (ImportError, ValueError):
        return ""
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        return ""
    try:
        info = os.stat(os.path.join(folders[0], "global.dat"))
    except OSError:
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}"


class MonthLabels:
    """Formats checked months with babel once, then reads them back."""

    def __init__(
        self,
        cache_dir: Path,
        fingerprint: str | None = None,
        formatter: MonthLabel | None = None,
    ) -> None:
        self._file = cache_dir / FILE_NAME
        self._fingerprint = babel_fingerprint() if fingerprint is None else fingerprint
        self._format = formatter or checked_month
        self._labels = self._stored(cache_file.read(self._file))
        self._unsaved = False

    def _stored(self, value: Any) -> dict[str, str]:
        if not self._fingerprint or not isinstance(value, dict):
            return {}
        labels = value.get("labels")
        if value.get("babel") != self._fingerprint or not isinstance(labels, dict):
            return {}
        return {k: v for k, v in labels.items() if isinstance(k, str) and isinstance(v, str)}

    def label(self, checked: str, lang: str) -> str:
        key = f"{lang}:{checked}"
        text = self._labels.get(key)
        if text is None:
            text = self._format(checked, lang)
            self._labels[key] = text
            self._unsaved = True
        return text

    def save(self) -> None:
        """Keep new labels for the next start; a failure only costs speed."""
        if not self._unsaved or not self._fingerprint:
            return
        if cache_file.write(self._file, {"babel": self._fingerprint, "labels": self._labels}):
            self._unsaved = False
        else:
            log.warning("could not keep the guide's month labels in %s", self._file)
