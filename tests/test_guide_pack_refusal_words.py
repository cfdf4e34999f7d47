"""A refused content pack is told in one sentence of the user's language.

The checks that judge a pack used to say what was wrong in English ("ru/x.md:
no title", "KeyError: 'x'"), and the refusal put that inside a translated
frame, so a Russian or Chinese user read half a sentence of developer
English. Each kind of refusal is made here from the bundled guide, imported
through the service the Guide's "Import a content pack…" calls, with the
window in Russian and in Chinese; the message must be one of the catalog's
sentences in that language (tests/catalog_sentences.py), naming the file
where one is to blame. A seeded fuzz of the pack (tests/fuzz/pack_fuzz.py)
holds every refusal it meets to the same rule.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import catalog_sentences
import pytest
from fuzz import pack_fuzz
from fuzz.pack_fuzz import bundled_files

from companion.guide import catalogue, packs
from companion.guide.packs import PackError
from companion.i18n import N_, _, set_language
from companion.services import guide_content
from companion.services.context import AppContext

Files = dict[str, bytes]
LANGS = ("ru", "zh_Hans")


def _zip(path: Path, files: Files, extra: Callable[[zipfile.ZipFile], None] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        if extra is not None:
            extra(zf)
    return path


def _edit(
    name: str, old: bytes, new: bytes, count: int = 1, in_body: bool = True
) -> Callable[[Files], None]:
    """Replace ``old`` in one file (in a page, in its body unless told: the
    front matter holds the title); a pattern the guide lacks fails the test."""

    def edit(files: Files) -> None:
        head, body = b"", files[name]
        if name.endswith(".md") and in_body:
            head, sep, body = body.partition(b"\n---\n")
            head += sep
        assert old in body, f"{old!r} is not in {name}: update the case"
        files[name] = head + body.replace(old, new, count)

    return edit


def _drop_front_matter(files: Files) -> None:
    text = files["ru/esim.md"].decode()
    files["ru/esim.md"] = text.split("---", 2)[2].lstrip().encode()


def _no_title(files: Files) -> None:
    lines = files["ru/esim.md"].decode().split("\n")
    files["ru/esim.md"] = "\n".join(x for x in lines if not x.startswith("title:")).encode()


#: kind -> (how the bundled guide is changed, a piece of the English message
#: id the refusal must be, a value it must name (or "")).
CONTENT: dict[str, tuple[Callable[[Files], None], str, str]] = {
    "manifest not toml": (
        lambda f: f.__setitem__("manifest.toml", b"[pack\nversion = 2\n"),
        "not valid TOML (line",
        "manifest.toml",
    ),
    "manifest ends early": (
        lambda f: f.__setitem__("manifest.toml", f["manifest.toml"] + b"\n[x"),
        "not valid TOML (the problem is at its end)",
        "manifest.toml",
    ),
    "no [pack] table": (
        _edit("manifest.toml", b"[pack]", b"[packs]"), "has no [pack] table", ""
    ),
    "version a word": (
        _edit("manifest.toml", b"version = 2", b'version = "two"'), "'version'", ""
    ),
    "version 300 digits": (
        _edit("manifest.toml", b"version = 2", b"version = " + b"9" * 300), "'version'", ""
    ),
    "date month 13": (_edit("manifest.toml", b'date = "20', b'date = "2026-13-45"\nx = "'),
                      "'date'", ""),
    "languages not a list": (
        _edit("manifest.toml", b'["en", "ru", "zh_Hans"]', b'"en"'), "list of language codes", ""
    ),
    "missing language": (
        _edit("manifest.toml", b'"en", "ru", "zh_Hans"', b'"en", "ru"'),
        "'languages' does not list",
        "zh_Hans",
    ),
    "no sections": (
        _edit("manifest.toml", b"[[sections]]", b"[[chapters]]", -1), "[[sections]]", ""
    ),
    "bad topic id": (_edit("manifest.toml", b'["esim", ', b'["../esim", '), "topic id", "../esim"),
    "missing page": (lambda f: f.pop("ru/esim.md") and None, "is missing", "ru/esim.md"),
    "page without front matter": (_drop_front_matter, "no front matter", "ru/esim.md"),
    "front matter not closed": (
        lambda f: f.__setitem__("ru/esim.md", b"---\nid: esim\ntitle: x\n"),
        "not closed",
        "ru/esim.md",
    ),
    "front matter line without colon": (
        _edit("ru/esim.md", b"---\n", b"---\nno colon here\n", in_body=False), "'key: value'", "ru/esim.md"
    ),
    "bad id": (_edit("ru/esim.md", b"id: esim", b"id: other", in_body=False), "differs from its file name",
               "other"),
    "bad checked": (_edit("ru/esim.md", b"checked: 20", b"checked: 00", in_body=False), "'checked'",
                    "ru/esim.md"),
    "no title": (_no_title, "has no title", "ru/esim.md"),
    "broken link": (_edit("zh_Hans/esim.md", b"(topic:", b"(topic:nowhere-"), "broken link",
                    "zh_Hans/esim.md"),
    "unknown placeholder": (
        _edit("en/esim.md", b"eSIM", b"{{weather}}"), "unknown placeholder", "{{weather}}"
    ),
    "unknown operator": (
        _edit("en/esim.md", b"eSIM", b"{{op:nobody.balance}}"), "no such operator", "en/esim.md"
    ),
    "unknown fact": (
        _edit("en/esim.md", b"eSIM", b"{{op:mts.nothing}}"), "no such fact", "{{op:mts.nothing}}"
    ),
    "raw html": (_edit("ru/esim.md", b"eSIM", b"<b>eSIM</b>"), "raw HTML", "ru/esim.md"),
    "image": (_edit("ru/esim.md", b"eSIM", b"![x](topic:esim)"), "image", "ru/esim.md"),
    "link to a web page": (
        _edit("ru/esim.md", b"\n## ", b"\n[pay](https://mts-topup.example/pay)\n\n## "),
        "has a link to",
        "https://mts-topup.example/pay",
    ),
    "bare web address": (
        _edit("ru/esim.md", b"eSIM", b"eSIM www.mts-bonus.example"), "web address", "ru/esim.md"
    ),
    "operator site not shipped": (
        _edit("operators.toml", b'value = "mts.ru"', b'value = "mts-bonus.example"'),
        "not a site this app knows",
        "mts-bonus.example",
    ),
    "ussd breaking out of its link": (
        _edit("operators.toml", b'value = "*100#"', b'value = "*100#`](https://x.example)"'),
        "is not a valid {kind}",
        "ussd",
    ),
    "unknown fact kind": (
        _edit("operators.toml", b'kind = "site"', b'kind = "html"'), "unknown kind", "html"
    ),
    "unknown confidence": (
        _edit("operators.toml", b'conf = "H"', b'conf = "Q"'), "unknown confidence", "Q"
    ),
    "fact value a table": (
        _edit("operators.toml", b'value = "*100#"', b"value = { a = 1 }"), "must be text", ""
    ),
    "names not a list": (
        _edit("operators.toml", b'names = ["MTS"', b'names = 5\nxnames = ["MTS"'),
        "list of text",
        "mts.names",
    ),
    "operator checked month 13": (
        _edit("operators.toml", b'checked = "20', b'checked = "2026-13"\nx = "'),
        "must be a month",
        ".checked",
    ),
    "operators nested too deeply": (
        lambda f: f.__setitem__("operators.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
        "nested too deeply",
        "operators.toml",
    ),
    "manifest nested too deeply": (
        lambda f: f.__setitem__("manifest.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
        "nested too deeply",
        "manifest.toml",
    ),
    "no operators table": (
        lambda f: f.__setitem__("operators.toml", b"x = 1\n"), "[operators] table", ""
    ),
    "phrasebook not toml": (
        lambda f: f.__setitem__("ru/phrasebook.toml", b"phrases = {\n"),
        "not valid TOML",
        "ru/phrasebook.toml",
    ),
}


def _link(zf: zipfile.ZipFile) -> None:
    info = zipfile.ZipInfo("en/link.md")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    zf.writestr(info, "/etc/passwd")


def _clash(zf: zipfile.ZipFile) -> None:
    zf.writestr("en/x.md", b"a")
    zf.writestr("en/x.md/y.md", b"b")


def _many(zf: zipfile.ZipFile) -> None:
    for i in range(packs.PACK_LIMITS.max_entries + 1):
        zf.writestr(f"en/extra-{i}.md", b"x")


#: kind -> (an entry or entries added to a valid pack, a piece of the English
#: message id). The zip rules are shared with archives (companion.zip_safety).
ZIPS: dict[str, tuple[Callable[[zipfile.ZipFile], None], str]] = {
    "path traversal": (lambda zf: zf.writestr("../evil.md", b"x"), "outside its folder"),
    "absolute path": (lambda zf: zf.writestr("/etc/evil.md", b"x"), "absolute path"),
    "odd name": (lambda zf: zf.writestr("en/<b>.md", b"x"), "unexpected file name"),
    "name too long": (lambda zf: zf.writestr("en/" + "a" * 252 + ".md", b"x"), "too long"),
    "same name twice": (lambda zf: zf.writestr("EN/esim.md", b"x"), "same name twice"),
    "file and folder": (_clash, "a file and a folder"),
    "link": (_link, "a link"),
    "too many members": (_many, "too many files"),
    "entry too large": (lambda zf: zf.writestr("en/big.md", b"a" * (3 * 2**20)), "too large"),
    "zip bomb": (lambda zf: zf.writestr("en/bomb.md", b"a" * 70000), "zip bomb"),
    "not allowed file": (lambda zf: zf.writestr("run.sh", b"rm -rf /"), "not allowed"),
    "non-UTF-8 page": (lambda zf: zf.writestr("en/latin1.md", "é".encode("latin-1")), "UTF-8"),
}


def _refusal(ctx: AppContext, path: Path, lang: str) -> tuple[str, dict[str, str]]:
    """Import ``path`` in ``lang`` as the Guide does; the refusal must be one
    catalog sentence of ``lang``: its English id and values."""
    set_language(lang)
    with pytest.raises(PackError) as info:
        guide_content.import_pack(ctx, path)
    message = str(info.value)
    problem = catalog_sentences.problem(message, lang)
    assert problem is None, problem
    found = catalog_sentences.match(message, lang)
    assert found is not None
    assert ctx.settings.get_raw(guide_content.ACTIVE_PACK_KEY) is None
    assert not ctx.paths.content_packs.exists()
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(CONTENT))
def test_a_content_refusal_is_one_translated_sentence(
    ctx: AppContext, tmp_path: Path, kind: str, lang: str
) -> None:
    mutate, expect, value = CONTENT[kind]
    files = bundled_files()
    mutate(files)
    msgid, values = _refusal(ctx, _zip(tmp_path / "pack.zip", files), lang)
    assert expect in msgid, msgid
    assert value in "".join(values.values())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(ZIPS))
def test_a_zip_refusal_is_one_translated_sentence(
    ctx: AppContext, tmp_path: Path, kind: str, lang: str
) -> None:
    extra, expect = ZIPS[kind]
    msgid, _values = _refusal(ctx, _zip(tmp_path / "pack.zip", bundled_files(), extra), lang)
    assert expect in msgid, msgid


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_that_is_no_zip_or_too_big_is_refused_in_the_language(
    ctx: AppContext, tmp_path: Path, lang: str
) -> None:
    noise = tmp_path / "noise.zip"
    noise.write_bytes(os.urandom(256))
    assert "not a readable content pack" in _refusal(ctx, noise, lang)[0]
    huge = tmp_path / "huge.zip"
    with huge.open("wb") as fh:  # sparse: the size is refused before a byte is read
        fh.truncate(packs.PACK_LIMITS.max_total_size + 1)
    assert "larger than" in _refusal(ctx, huge, lang)[0]
    no_manifest = bundled_files()
    del no_manifest["manifest.toml"]
    assert "no manifest.toml" in _refusal(ctx, _zip(tmp_path / "m.zip", no_manifest), lang)[0]


def _explode(exc: BaseException) -> Callable[..., Any]:
    def explode(*_args: object, **_kwargs: object) -> Any:
        raise exc

    return explode


@pytest.mark.parametrize("lang", LANGS)
def test_an_unexpected_parser_failure_names_the_file_and_logs_the_detail(
    ctx: AppContext,
    tmp_path: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A failure no check foresaw (a parser's KeyError) is told as one general
    sentence naming the file; the detail is in the log, not the dialog."""
    pack = _zip(tmp_path / "pack.zip", bundled_files())
    monkeypatch.setattr(catalogue, "parse_pack_info", _explode(KeyError("x-secret-detail")))
    with caplog.at_level(logging.WARNING, logger="companion"):
        msgid, values = _refusal(ctx, pack, lang)
    assert "not in the form this app expects" in msgid
    assert values == {"name": "manifest.toml"}
    assert "KeyError: 'x-secret-detail'" in caplog.text

    monkeypatch.undo()
    monkeypatch.setattr(packs, "check_page", _explode(AttributeError("x-secret-detail")))
    msgid, values = _refusal(ctx, pack, lang)
    assert "not in the form this app expects" in msgid
    assert re.fullmatch(r"(en|ru|zh_Hans)/[a-z0-9-]+\.md", values["name"]), values


@pytest.mark.parametrize("lang", LANGS)
def test_a_failure_outside_any_file_is_one_general_sentence(
    ctx: AppContext,
    tmp_path: Path,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(packs, "allowed_sites", _explode(TypeError("x-secret-detail")))
    with caplog.at_level(logging.WARNING, logger="companion"):
        msgid, values = _refusal(ctx, _zip(tmp_path / "pack.zip", bundled_files()), lang)
    assert msgid == "The pack's content could not be read: it is not in the form this app expects."
    assert values == {}
    assert "x-secret-detail" in caplog.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_disk_failure_while_checking_is_a_refusal_not_a_crash(
    ctx: AppContext, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unpacked pack cannot be read back (a folder made unreadable under
    the app): the user reads why in their language instead of a traceback."""
    denied = PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(packs, "load_catalogue", _explode(denied))
    msgid, values = _refusal(ctx, _zip(tmp_path / "pack.zip", bundled_files()), lang)
    assert msgid == "The pack could not be unpacked into the data folder: {detail}"
    assert values == {"detail": _("permission denied")}


def test_english_names_the_file_and_the_build_keeps_english(
    ctx: AppContext, tmp_path: Path
) -> None:
    """The same check speaks English in English, and str() of the check's
    error (what the build prints and the log keeps) is English whatever the
    window's language."""
    files = bundled_files()
    _no_title(files)
    pack = _zip(tmp_path / "pack.zip", files)
    with pytest.raises(PackError, match=r"^The page ru/esim\.md has no title\.$"):
        guide_content.import_pack(ctx, pack)
    set_language("ru")
    error = catalogue.GuideContentError(N_("The page {name} has no title."), name="x.md")
    assert str(error) == "The page x.md has no title."
    assert error.text() == _("The page {name} has no title.").format(name="x.md") != str(error)


def _fuzz_judge(lang: str) -> Callable[[str], str | None]:
    return lambda message: catalog_sentences.problem(message, lang)


@pytest.mark.parametrize(("lang", "cases"), [("ru", 10), ("zh_Hans", 3)])
def test_fuzzed_pack_refusals_are_one_translated_sentence(
    ctx: AppContext, tmp_path: Path, lang: str, cases: int
) -> None:
    """Seeded mutations of the bundled guide (text, TOML, zip and bytes):
    every refusal is one sentence of the catalog in ``lang``."""
    set_language(lang)
    tally = pack_fuzz.run(ctx, tmp_path / "work", cases, judge=_fuzz_judge(lang))
    assert tally.findings == []
    refused_content = sum(
        n for k, n in tally.outcomes.items() if k.startswith(("text: refused", "toml: refused"))
    )
    assert refused_content >= cases  # the fuzz reached the content checks, not only the zip's
