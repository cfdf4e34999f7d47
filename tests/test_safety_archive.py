"""Export everything and import it elsewhere; hostile archives are refused
before anything is extracted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safety_helpers import add_attachment, add_card, add_receipt, count

from companion.paths import data_paths
from companion.services.context import open_context
from companion.services.data_safety.archive import export_archive, import_archive, read_manifest
from companion.services.data_safety.archive_checks import ArchiveRejected, Limits, parse_manifest

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_round_trip_to_another_computer(ctx, tmp_path: Path) -> None:
    add_card(ctx.conn, "Beeline")
    add_receipt(ctx.conn, "top-up 500")
    photo = add_attachment(ctx.paths.attachments, b"\xff\xd8 receipt photo")
    archive = tmp_path / "moving.zip"
    manifest = export_archive(ctx.conn, ctx.paths, archive, NOW)
    assert (manifest.cards, manifest.receipts, len(manifest.files)) == (1, 1, 2)
    assert not archive.with_name("moving.zip.part").exists()

    other = open_context(data_paths(tmp_path / "new-computer"))
    try:
        result = import_archive(other.conn, other.paths, archive, NOW)
        assert result.attachments_added == 1
        assert count(other.conn, "cards") == 1
        assert other.conn.execute("SELECT notes FROM receipts").fetchone()[0] == "top-up 500"
        moved = other.paths.attachments / photo.relative_to(ctx.paths.attachments)
        assert moved.read_bytes() == b"\xff\xd8 receipt photo"
        assert result.undo.path.is_file()
        assert not [p for p in other.paths.root.iterdir() if p.name.startswith(".import-")]
    finally:
        other.close()


def _manifest(files: list[dict[str, Any]], **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "travel-card-companion-archive",
        "format_version": 1,
        "app_version": "0.1.0",
        "schema_version": 1,
        "created_utc": "2026-11-24T09:00:00+00:00",
        "counts": {"cards": 0, "receipts": 0},
        "files": files,
    }
    data.update(over)
    return data


def _entry(path: str, content: bytes) -> dict[str, Any]:
    return {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def _write(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]],
           manifest: dict[str, Any] | None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members:
            zf.writestr(name, content)
        if manifest is not None:
            zf.writestr("manifest.json", json.dumps(manifest))
    return path


def _valid_db(ctx: Any, tmp_path: Path) -> bytes:
    good = tmp_path / "good.zip"
    export_archive(ctx.conn, ctx.paths, good, NOW)
    with zipfile.ZipFile(good) as zf:
        return zf.read("companion.sqlite3")


def _symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _bad_archives(db: bytes, tmp: Path) -> dict[str, tuple[Path, str]]:
    ok = _entry("companion.sqlite3", db)
    evil = b"owned"
    bomb = b"\0" * (3 * 1024 * 1024)
    Case = tuple[list[tuple[str | zipfile.ZipInfo, bytes]], dict[str, Any] | None, str]
    cases: dict[str, Case] = {
        "traversal": ([("companion.sqlite3", db), ("attachments/../../evil", evil)],
                      _manifest([ok, _entry("attachments/../../evil", evil)]), "outside"),
        "absolute": ([("companion.sqlite3", db), ("/tmp/evil", evil)],
                     _manifest([ok]), "absolute"),
        "drive": ([("companion.sqlite3", db), ("C:/evil", evil)], _manifest([ok]), "absolute"),
        "symlink": ([("companion.sqlite3", db), (_symlink_info("attachments/ab/link"), b"/etc")],
                    _manifest([ok, _entry("attachments/ab/link", b"/etc")]), "link"),
        "bomb": ([("companion.sqlite3", db), ("attachments/ab/big.jpg", bomb)],
                 _manifest([ok, _entry("attachments/ab/big.jpg", bomb)]), "zip bomb"),
        "no_manifest": ([("companion.sqlite3", db)], None, "no manifest"),
        "wrong_format": ([("companion.sqlite3", db)],
                         _manifest([ok], format="someone-else"), "manifest"),
        "newer": ([("companion.sqlite3", db)], _manifest([ok], schema_version=999), "newer"),
        "unlisted": ([("companion.sqlite3", db), ("attachments/ab/extra.jpg", evil)],
                     _manifest([ok]), "do not match"),
        "checksum": ([("companion.sqlite3", db)],
                     _manifest([{**ok, "sha256": "0" * 64}]), "checksum"),
        "not_zip": ([], None, "not a Travel Card Companion archive"),
    }
    out: dict[str, tuple[Path, str]] = {}
    for name, (members, manifest, expect) in cases.items():
        path = tmp / f"{name}.zip"
        if name == "not_zip":
            path.write_bytes(b"<html>not a zip</html>")
        else:
            _write(path, members, manifest)
        out[name] = (path, expect)
    return out


def test_bad_archives_are_refused_with_nothing_extracted(ctx, tmp_path: Path) -> None:
    add_receipt(ctx.conn, "mine")
    db = _valid_db(ctx, tmp_path)
    before = _tree(ctx.paths.root)
    cases = _bad_archives(db, tmp_path)
    assert len(cases) >= 6
    for name, (path, expect) in cases.items():
        with pytest.raises(ArchiveRejected) as info:
            import_archive(ctx.conn, ctx.paths, path, NOW)
        message = str(info.value)
        assert expect in message, (name, message)
        assert "Nothing was imported" in message
        assert _tree(ctx.paths.root) == before, name
        assert not (tmp_path.parent / "evil").exists()
        assert ctx.conn.execute("SELECT notes FROM receipts").fetchall()[0][0] == "mine"


def test_huge_entry_refused_by_declared_size(ctx, tmp_path: Path) -> None:
    db = _valid_db(ctx, tmp_path)
    path = _write(tmp_path / "huge.zip", [("companion.sqlite3", db)],
                  _manifest([_entry("companion.sqlite3", db)]))
    with pytest.raises(ArchiveRejected, match="too large"):
        read_manifest(path, Limits(max_entry_size=len(db) - 1))


def test_cancelled_export_leaves_no_file(ctx, tmp_path: Path) -> None:
    from companion.services.job_control import JobCancelled

    target = tmp_path / "out.zip"
    with pytest.raises(JobCancelled):
        export_archive(ctx.conn, ctx.paths, target, NOW, cancelled=lambda: True)
    assert not target.exists() and not target.with_name("out.zip.part").exists()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                  max_size=4),
    max_leaves=20,
)
_field = st.sampled_from(
    ["format", "format_version", "schema_version", "created_utc", "counts", "files", "app_version"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | _json.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_manifest_bytes_only_ever_rejected(raw: bytes) -> None:
    with pytest.raises(ArchiveRejected):
        parse_manifest(raw)


@settings(max_examples=300)
@given(_field, _json)
def test_any_mangled_field_is_rejected_or_well_typed(field: str, value: Any) -> None:
    data = _manifest([_entry("companion.sqlite3", b"db")])
    data[field] = value
    try:
        manifest = parse_manifest(json.dumps(data).encode())
    except ArchiveRejected:
        return
    assert manifest.schema_version >= 0 and manifest.cards >= 0
    assert all(not f.path.startswith("/") and ".." not in f.path for f in manifest.files)


@given(st.text(min_size=1, max_size=40))
def test_file_paths_in_manifest_never_escape(path: str) -> None:
    data = _manifest([_entry("companion.sqlite3", b"db"), _entry(path, b"x")])
    try:
        manifest = parse_manifest(json.dumps(data).encode())
    except ArchiveRejected:
        return
    for f in manifest.files:
        assert f.path == "companion.sqlite3" or f.path.startswith("attachments/")
        parts = f.path.split("/")
        assert ".." not in parts and "" not in parts and "\\" not in f.path
