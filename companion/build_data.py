"""Make the files the app reads instead of its sources: the build step.

    python -m companion.build_data [--out DIR] [--project DIR] [--force]

Why a build step and not a cache: the bundled guide and the translations
change only when their sources do, so they are parsed and compiled once,
by the same code in every place the app comes from. The wheel's build hook
(packaging/hatch_build.py) and the bundle's spec (packaging/companion.spec)
run it into a scratch folder and ship the result inside ``companion/built/``;
in a checkout ./run.sh and the test suite run it into ``companion/built/``
itself (git ignores it) before anything else. It makes:

- ``guide.json``: the guide under resources/guide, parsed, with every
  "facts checked" month formatted in every language (guide.built_guide);
- ``locale/<lang>/LC_MESSAGES/messages.mo``: each i18n/<lang> .po compiled
  by babel, as gettext reads it;
- ``stamp``: a digest of everything the files were made from (the sources,
  the code that reads and formats them, babel's own ``__init__``, which
  names its version). The files are
  made again when the digest differs, whatever the files' dates say, so an
  edited page, a switched branch or an upgraded babel is never missed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

from companion.guide import built_guide, catalogue
from companion.i18n import LANGUAGES

#: The checkout this module sits in (the sources of a wheel's build).
PROJECT = Path(__file__).resolve().parent.parent
STAMP = "stamp"


class BuildError(RuntimeError):
    """The sources are missing or wrong; the message says which."""


def _catalogs(project: Path) -> list[Path]:
    return sorted((project / "i18n").glob("*/LC_MESSAGES/messages.po"))


def _mo_name(po: Path) -> str:
    return f"locale/{po.parent.parent.name}/LC_MESSAGES/messages.mo"


#: The code that reads the sources and shapes the outputs, and babel (whose
#: ``__init__`` carries its version, and whose data formats the months).
_CODE = (
    "companion.guide.catalogue",
    "companion.guide.content_errors",
    "companion.guide.operators",
    "companion.guide.render",
    "companion.guide.built_guide",
    "companion.i18n",
    "companion.i18n.formatting",
    "companion.build_data",
    "babel",
)


def _inputs(project: Path) -> Iterator[tuple[str, Path]]:
    """Every file the outputs are made from, with a stable name for each."""
    guide = project / "resources" / "guide"
    for path in sorted(p for p in guide.rglob("*") if p.is_file()):
        yield f"guide/{path.relative_to(guide).as_posix()}", path
    for po in _catalogs(project):
        yield f"i18n/{po.relative_to(project / 'i18n').as_posix()}", po
    for name in _CODE:
        # Found, not imported: checking a current build stays quick.
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise BuildError(f"cannot find {name}")
        yield f"code/{name}", Path(spec.origin)


def digest(project: Path = PROJECT) -> str:
    """What the outputs would be made from, as one hash."""
    h = hashlib.sha256(f"guide format {built_guide.FORMAT}\0".encode())
    for name, path in _inputs(project):
        data = path.read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def outputs(out: Path, project: Path = PROJECT) -> list[Path]:
    """The files a build writes into ``out`` (the stamp last)."""
    files = [out / built_guide.FILE_NAME]
    files += [out / _mo_name(po) for po in _catalogs(project)]
    return [*files, out / STAMP]


def is_current(out: Path, project: Path = PROJECT) -> bool:
    """True when every output is there and was made from the present sources."""
    if not all(path.is_file() for path in outputs(out, project)):
        return False
    try:
        return (out / STAMP).read_text(encoding="ascii").strip() == digest(project)
    except (OSError, UnicodeDecodeError):
        return False


def build(out: Path, project: Path = PROJECT) -> None:
    """Make every output in ``out``; raise BuildError on bad sources."""
    guide = project / "resources" / "guide"
    if not (guide / "manifest.toml").is_file():
        raise BuildError(f"no guide to build from: {guide} has no manifest.toml")
    stamp = digest(project)
    try:
        cat = built_guide.convert(guide)
    except catalogue.GuideContentError as exc:
        raise BuildError(f"the guide under {guide} is not valid: {exc}") from exc
    built_guide.write(out / built_guide.FILE_NAME, cat)
    for po in _catalogs(project):
        _compile(po, out / _mo_name(po))
    # Last: an interrupted build leaves an old stamp, so it is built again.
    built_guide.replace_file(out / STAMP, stamp.encode("ascii"))


def ensure(out: Path, project: Path = PROJECT) -> bool:
    """Build into ``out`` unless it is current; True if it was built."""
    if is_current(out, project):
        return False
    build(out, project)
    return True


def _compile(po: Path, mo: Path) -> None:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    built_guide.replace_file(mo, buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    from companion.paths import built_dir

    parser = argparse.ArgumentParser(prog="python -m companion.build_data", description=__doc__)
    parser.add_argument("--out", type=Path, default=built_dir(), help="where to write")
    parser.add_argument("--project", type=Path, default=PROJECT, help="the source tree")
    parser.add_argument("--force", action="store_true", help="build even when current")
    args = parser.parse_args(argv)
    try:
        if args.force:
            build(args.out, args.project)
        elif not ensure(args.out, args.project):
            return 0
    except (BuildError, OSError) as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    print(f"build_data: built {args.out} ({len(LANGUAGES)} languages)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
