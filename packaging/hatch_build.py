"""Compile the gettext catalogs into the wheel.

The .po files under ``i18n/`` are the source of truth; the wheel (and the
PyInstaller bundle) carry compiled .mo files so start-up never parses .po.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"
    _scratch: Path | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        out = Path(tempfile.mkdtemp(prefix="tcc-locale-"))
        self._scratch = out
        for po_path in sorted(Path(self.root, "i18n").glob("*/LC_MESSAGES/messages.po")):
            lang = po_path.parent.parent.name
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=lang.replace("_Hans", "_Hans"))
            mo_path = out / lang / "LC_MESSAGES" / "messages.mo"
            mo_path.parent.mkdir(parents=True)
            with mo_path.open("wb") as fh:
                write_mo(fh, catalog)
            rel = f"companion/locale/{lang}/LC_MESSAGES/messages.mo"
            build_data["force_include"][str(mo_path)] = rel

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """The compiled catalogs are inside the wheel now; no build leaves them in /tmp."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
