"""Seeded mutations of a real content pack (the bundled guide, version 2), and
the oracle: refused with one sentence and nothing changed, or accepted and
every page, the USSD sheet and search text render from it.

Families: ``bytes`` (the zip's bytes), ``zip`` (entry names, links, folders,
clashes, encryption, bombs), ``text`` (hostile snippets in pages: HTML,
links, placeholders, broken front matter, dates) and ``toml`` (a value in
manifest.toml or operators.toml replaced by another type or shape).
"""

from __future__ import annotations

import random
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from archive_forge import tree

from companion.guide.packs import PackError
from companion.guide.render import plain_text, render_page, ussd_sheet_markdown
from companion.paths import guide_dir
from companion.services import guide_content
from companion.services.context import AppContext
from fuzz.archive_fuzz import Tally, _set_flag, _set_mode, mutate_bytes

FAMILIES = ("bytes", "zip", "text", "toml")
#: Judges a refusal's message: why it is not what a user should read, or None.
Judge = Callable[[str], str | None]

SNIPPETS = [
    "<b>x</b><img src=http://x/y.png>",
    "<script>alert(1)</script>",
    "<!-- hidden -->",
    "[Top up your MTS balance here](https://mts-topup.example/pay)",
    "[ok](topic:esim)",
    "[bad](topic:nowhere)",
    "![x](topic:esim)",
    "<https://evil.example>",
    "www.evil.example",
    "mailto:x@evil.example",
    "[x][r]\n\n[r]: https://evil.example",
    "{{op:mts.balance}}",
    "{{op:mts.nothing}}",
    "{{op:nobody.balance}}",
    "{{op:mts.website}}",
    "{{ussd_sheet}}",
    "{{phrasebook}}",
    "{{unconfirmed}}",
    "{{",
    "}}",
    "*100#",
    "\u202e reversed \u202c",
    "x" * 20000,
    "\x00\x01",
    "---",
    "| a | b |\n|---|---|\n| 1 | 2 |",
]
FRONT = [
    "checked: 0000-01",
    "checked: 2026-13",
    "checked: 9999-12",
    "checked: ",
    "id: other",
    "title:",
    "keywords: " + "k," * 5000,
    "no colon here",
]
TOML_VALUES = [
    '"x"', "5", "9" * 300, "-1", "0", "[1, 2]", "{ a = 1 }", "true", "1.5",
    '"2026-13"', '"0000-01"', '"<b>x</b>"', '"https://evil.example"', '"mts-bonus.example"',
    '"*100#`](https://x.example)"', "[" * 3000 + "]" * 3000, '""', '"' + "y" * 5000 + '"',
    '{ value = "x", kind = "site", conf = "H" }', '{ value = "*1#", kind = "ussd", conf = "Q" }',
    '{ value = 1, kind = "days", conf = "H" }', "2026-11-24", '"de"', '["en"]',
]
HOSTILE_NAMES = [
    "../evil.md", "/etc/evil.md", "C:/evil.md", "en\\evil.md", "en/" + "a" * 252 + ".md",
    "en/.hidden.md", "en//x.md", "en/x\x00.md", "run.sh", "EN/esim.md", "en/esim.md/x.md",
    "en/фото.md", "en/<b>.md", "manifest.toml/x.md",
]
_VALUE_LINE = re.compile(rb"^([A-Za-z_][A-Za-z0-9_]*\s*=\s*)(.+)$", re.MULTILINE)


def bundled_files(version: int = 2) -> dict[str, bytes]:
    root = guide_dir()
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".toml")
    }
    files["manifest.toml"] = files["manifest.toml"].replace(
        b"version = 1", f"version = {version}".encode()
    )
    return files


def _write(path: Path, files: dict[str, bytes], extra: list[tuple[str, bytes]]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are part of the attack
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                zf.writestr(name, data)
            for name, data in extra:
                zf.writestr(name, data)


def _mutate_text(rng: random.Random, files: dict[str, bytes]) -> None:
    pages = [n for n in files if n.endswith(".md")]
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(pages)
        lines = files[name].decode().split("\n")
        op = rng.randrange(4)
        if op == 0:
            at = rng.randrange(6, len(lines)) if len(lines) > 6 else len(lines)
            lines.insert(at, rng.choice(SNIPPETS))
        elif op == 1:
            lines.insert(rng.randint(1, 4), rng.choice(FRONT))
        elif op == 2:
            del lines[rng.randrange(len(lines))]
        else:
            at = rng.randrange(len(lines))
            lines[at] = lines[at] + " " + rng.choice(SNIPPETS)
        files[name] = "\n".join(lines).encode()


def _mutate_toml(rng: random.Random, files: dict[str, bytes]) -> None:
    name = rng.choice(["manifest.toml", "operators.toml", "operators.toml", "phrasebook.toml"])
    data = files[name]
    matches = list(_VALUE_LINE.finditer(data))
    for match in rng.sample(matches, rng.randint(1, 2)):
        value = rng.choice(TOML_VALUES).encode()
        data = data.replace(match.group(0), match.group(1) + value, 1)
    files[name] = data


def make_case(family: str, seed: int, folder: Path, base: dict[str, bytes]) -> Path:
    rng = random.Random(f"pack-{family}:{seed}")
    path = folder / f"pack-{family}-{seed}.zip"
    files = dict(base)
    extra: list[tuple[str, bytes]] = []
    if family == "text":
        _mutate_text(rng, files)
    elif family == "toml":
        _mutate_toml(rng, files)
    elif family == "zip":
        op = rng.randrange(6)
        if op == 0:
            extra.append((rng.choice(HOSTILE_NAMES), b"x"))
        elif op == 1:
            files.pop(rng.choice(list(files)))
        elif op == 2:
            extra += [(f"en/bomb-{i}.md", b"a" * 60000) for i in range(rng.randint(1, 400))]
        elif op == 3:
            extra.append(("en/big.md", b"a" * rng.choice((70000, 3 * 1024 * 1024))))
        elif op == 4:
            extra.append((rng.choice(list(files)), b"again"))
    _write(path, files, extra)
    if family == "bytes":
        path.write_bytes(mutate_bytes(rng, path.read_bytes()))
    elif family == "zip" and rng.random() < 0.3:
        raw = bytearray(path.read_bytes())
        name = rng.choice(list(files))
        if rng.random() < 0.5:
            _set_flag(raw, name, 0x1)
        else:
            _set_mode(raw, name, 0o120777)
        path.write_bytes(bytes(raw))
    return path


def _state(ctx: AppContext) -> tuple[object, dict[str, bytes | None]]:
    return ctx.settings.get_raw(guide_content.ACTIVE_PACK_KEY), tree(ctx.paths.root)


def check_case(
    ctx: AppContext,
    path: Path,
    script: re.Pattern[str] | None = None,
    judge: Judge | None = None,
) -> str:
    before = _state(ctx)
    neighbours = sorted(p.name for p in ctx.paths.root.parent.iterdir())
    try:
        guide_content.import_pack(ctx, path)
    except PackError as exc:
        message = str(exc)
        if not message.strip() or "\n" in message or "Traceback" in message:
            return f"FINDING: refusal is not one sentence: {message!r}"
        if script is not None and not script.search(message):
            return f"FINDING: refusal is not translated: {message!r}"
        if judge is not None and (problem := judge(message)):
            return f"FINDING: {problem}"
        if _state(ctx) != before:
            return "FINDING: refused but the data folder changed"
        if sorted(p.name for p in ctx.paths.root.parent.iterdir()) != neighbours:
            return "FINDING: a file was written outside the data folder"
        return "refused: " + message.split(":")[0].split("(")[0].strip()[:70]
    except Exception as exc:  # the oracle's point: nothing else may escape
        return f"FINDING: {type(exc).__name__}: {exc}"
    try:
        cat = guide_content.active_catalogue(ctx)
        if cat.info.version != 2:
            return "FINDING: accepted but not in use"
        for lang, pages in cat.pages.items():
            for page in pages.values():
                plain_text(render_page(cat, page))
            ussd_sheet_markdown(cat, lang)
    except Exception as exc:
        return f"FINDING: accepted, then {type(exc).__name__}: {exc}"
    finally:
        guide_content.revert_to_bundled(ctx)
    return "accepted"


def run(
    ctx: AppContext,
    work: Path,
    cases: int,
    families: tuple[str, ...] = FAMILIES,
    script: re.Pattern[str] | None = None,
    judge: Judge | None = None,
) -> Tally:
    tally = Tally()
    work.mkdir(parents=True, exist_ok=True)
    base = bundled_files()
    for family in families:
        for seed in range(cases):
            path = make_case(family, seed, work, base)
            outcome = check_case(ctx, path, script, judge)
            path.unlink()
            tally.ran += 1
            if outcome.startswith("FINDING"):
                tally.outcomes["FINDING"] += 1
                tally.findings.append(f"{family}#{seed}: {outcome}")
            else:
                tally.outcomes[f"{family}: {outcome}"] += 1
    return tally
