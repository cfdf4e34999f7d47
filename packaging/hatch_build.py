"""Put the built data into the wheel: the parsed guide and the compiled catalogs.

The guide under ``resources/`` and the .po files under ``i18n/`` are the
source of truth; ``python -m companion.build_data`` (the same step ./run.sh
runs in a checkout) turns them into ``companion/built/``, so a start never
parses Markdown, TOML or .po. It runs in a child process against this source
tree, into a scratch folder, so a checkout's own ``companion/built/`` (which
may be stale) never reaches the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
        out = Path(tempfile.mkdtemp(prefix="tcc-built-"))
        self._scratch = out
        env = dict(os.environ, PYTHONPATH=self.root, PYTHONDONTWRITEBYTECODE="1")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "companion.build_data",
                "--force",
                "--project",
                self.root,
                "--out",
                str(out),
            ],
            cwd=self.root,
            env=env,
            check=True,
        )
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            build_data["force_include"][str(path)] = (
                f"companion/built/{path.relative_to(out).as_posix()}"
            )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """The built files are inside the wheel now; no build leaves them in /tmp."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
