"""Every file location the app uses, in one place.

Why one module: tests and portable installs override the whole tree with
``--data-dir``; if any other module built a path from the home directory, a
test could write to the real user's files. Resources are found the same way
from a checkout, an installed wheel and a PyInstaller bundle.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import NamedTuple

from companion import APP_DIRNAME

_PACKAGE_DIR = Path(__file__).resolve().parent


class DataPaths(NamedTuple):
    """Where this run keeps its user data."""

    root: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.root / "companion.sqlite3"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def content_packs(self) -> Path:
        return self.root / "content"

    @property
    def crash_dir(self) -> Path:
        return self.root / "crash"

    def ensure(self) -> None:
        for folder in (self.root, self.attachments, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        # Each backup makes its folder again (store/database.backup_copy); one
        # that cannot be made (a file in its place) is told by the daily
        # backup, in Settings, and is no reason to refuse to open the data.
        with contextlib.suppress(OSError):
            self.backups.mkdir(exist_ok=True)


def data_paths(override: str | Path | None = None) -> DataPaths:
    """The data tree for this run: ``--data-dir`` if given, else platformdirs."""
    if override is not None:
        root = Path(override).expanduser().resolve()
        return DataPaths(root=root, log_dir=root / "logs")
    import platformdirs  # only when no --data-dir: it costs start-up time

    root = Path(platformdirs.user_data_dir(APP_DIRNAME, appauthor=False, roaming=True))
    log_dir = Path(platformdirs.user_log_dir(APP_DIRNAME, appauthor=False))
    return DataPaths(root=root, log_dir=log_dir)


def resources_dir() -> Path:
    """Bundled resources: inside the package (wheel, bundle) or beside it (checkout)."""
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Travel Card Companion's resources folder is missing")


def checkout_root() -> Path | None:
    """The source checkout the package runs from, or None in a wheel or a bundle.

    Told apart as ``resources_dir`` finds the resources: a wheel and a bundle
    carry them inside the package (with the build's output), a checkout keeps
    them beside it, next to ``pyproject.toml`` and the .po sources. Two stats,
    so an installed app pays nothing for asking."""
    if (_PACKAGE_DIR / "resources").is_dir():
        return None
    root = _PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "i18n").is_dir():
        return root
    return None


def guide_dir() -> Path:
    return resources_dir() / "guide"


def built_dir() -> Path:
    """What the build makes from the sources (companion/build_data.py): the
    parsed guide and the compiled catalogs. The build hook puts it into the
    wheel and the bundle; in a checkout ./run.sh makes it (git ignores it)."""
    return _PACKAGE_DIR / "built"


def built_guide_file() -> Path:
    """The bundled guide, parsed, with its "checked" months formatted."""
    return built_dir() / "guide.json"


def compiled_locale_dir() -> Path:
    """Compiled .mo catalogs, made by the build from the .po sources."""
    return built_dir() / "locale"


def source_catalog_dir() -> Path:
    """The .po sources in a checkout (the build compiles them; the app does not read them)."""
    return _PACKAGE_DIR.parent / "i18n"


def custom_data_dir(paths: DataPaths) -> Path | None:
    """The folder given with ``--data-dir``, or None when the app uses the default.

    Entries that start the app later (at login, on a timer) must carry it, or
    they would open a different, empty data folder.
    """
    return None if paths.root == data_paths(None).root else paths.root
