"""Receipt photos and PDFs, stored once each under their content hash.

Why content-addressed: the same screenshot attached to two receipts (or
pasted twice) is one file, and a file name can never collide or leak the
user's original folder layout. Files are written to a temporary name and
renamed, so a crash never leaves half a photo under a real hash. Rows live in
``attachments``; ``receipt_attachments`` is the reference count.

Why cleaning takes a ``keep`` set of hashes: a receipt waiting for Undo is
not in ``receipt_attachments`` any more, yet its files must outlive the undo
window. Callers pass the hashes pending undos hold, and nothing they name is
dropped. Undo finds files by hash, never by row id, because an id can be
given again to another file once its row is gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import mimetypes
import shutil
import sqlite3
import time
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from companion import atomic_write

#: Files a receipt may carry; anything else is refused at the picker.
ALLOWED_EXTENSIONS: frozenset[str] = frozenset(
    {"jpg", "jpeg", "png", "gif", "webp", "bmp", "heic", "pdf", "txt"}
)
#: A receipt photo is a few MB; a 50 MB file is almost certainly a mistake.
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
#: A file written this recently may belong to work still under way (a restore
#: or an import on the job thread places files before its rows commit).
SWEEP_GRACE_SECONDS = 60.0


class AttachmentError(Exception):
    """A file that cannot be attached; the message is for the log, not the user."""


class FileState(Enum):
    OK = "ok"
    MISSING = "missing"
    UNREADABLE = "unreadable"
    CHANGED = "changed"  # the bytes no longer match the hash


@dataclass(frozen=True)
class Attachment:
    id: int
    sha256: str
    extension: str
    media_type: str
    size: int
    original_name: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _row_to_attachment(row: sqlite3.Row) -> Attachment:
    return Attachment(
        id=int(row["id"]),
        sha256=row["sha256"],
        extension=row["extension"],
        media_type=row["media_type"],
        size=int(row["size"]),
        original_name=row["original_name"],
    )


class AttachmentStore:
    def __init__(self, conn: sqlite3.Connection, root: Path) -> None:
        self._conn = conn
        self.root = root

    def path_of(self, att: Attachment) -> Path:
        return self.root / att.sha256[:2] / f"{att.sha256}.{att.extension}"

    # ----- adding ------------------------------------------------------------
    def add_file(self, source: Path, now: dt.datetime) -> Attachment:
        """Copy ``source`` in (once per content) and return its row.

        Runs inside the caller's transaction for the row; the file itself is
        written first, so a rolled-back transaction leaves at most an orphan
        file that ``sweep_orphans`` removes.
        """
        ext = source.suffix.lower().lstrip(".")
        if ext not in ALLOWED_EXTENSIONS:
            raise AttachmentError(f"unsupported file type: {source.name}")
        try:
            if source.stat().st_size > MAX_ATTACHMENT_BYTES:
                raise AttachmentError(f"file too large: {source.name}")
            sha, size = _hash_file(source)
        except OSError as exc:
            raise AttachmentError(f"cannot read {source}: {exc}") from exc
        existing = self._conn.execute(
            "SELECT * FROM attachments WHERE sha256 = ?", (sha,)
        ).fetchone()
        if existing is not None:
            att = _row_to_attachment(existing)
            if self.check(att) is not FileState.OK:
                self._write(source, self.path_of(att))  # heal a lost copy
            return att
        ext = "jpg" if ext == "jpeg" else ext
        media = mimetypes.types_map.get(f".{ext}", "application/octet-stream")
        target = self.root / sha[:2] / f"{sha}.{ext}"
        self._write(source, target)
        cur = self._conn.execute(
            "INSERT INTO attachments (sha256, extension, media_type, size, original_name, "
            "created_utc) VALUES (?, ?, ?, ?, ?, ?)",
            (sha, ext, media, size, source.name, now.astimezone(dt.UTC).isoformat()),
        )
        assert cur.lastrowid is not None
        return Attachment(cur.lastrowid, sha, ext, media, size, source.name)

    def _write(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with atomic_write.replacing(target) as tmp:
                shutil.copyfile(source, tmp)
        except OSError as exc:
            raise AttachmentError(f"cannot copy {source}: {exc}") from exc

    # ----- links -------------------------------------------------------------
    def link(self, receipt_id: int, attachment_ids: list[int]) -> None:
        """Make ``attachment_ids`` (in order) the receipt's attachments."""
        self._conn.execute("DELETE FROM receipt_attachments WHERE receipt_id = ?", (receipt_id,))
        seen: set[int] = set()
        for position, att_id in enumerate(attachment_ids):
            if att_id in seen:
                continue
            seen.add(att_id)
            self._conn.execute(
                "INSERT INTO receipt_attachments (receipt_id, attachment_id, position) "
                "VALUES (?, ?, ?)",
                (receipt_id, att_id, position),
            )

    def by_hash(self, sha256: str) -> Attachment | None:
        row = self._conn.execute(
            "SELECT * FROM attachments WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else _row_to_attachment(row)

    def reinstate(self, att: Attachment, now: dt.datetime) -> Attachment | None:
        """The row for ``att``'s content, put back if it was dropped meanwhile
        (undo); None when neither a row nor an intact file is left."""
        current = self.by_hash(att.sha256)
        if current is not None:
            return current
        path = self.path_of(att)
        try:
            if not path.is_file() or _hash_file(path)[0] != att.sha256:
                return None
        except OSError:
            return None
        cur = self._conn.execute(
            "INSERT INTO attachments (sha256, extension, media_type, size, original_name, "
            "created_utc) VALUES (?, ?, ?, ?, ?, ?)",
            (
                att.sha256,
                att.extension,
                att.media_type,
                att.size,
                att.original_name,
                now.astimezone(dt.UTC).isoformat(),
            ),
        )
        assert cur.lastrowid is not None
        return Attachment(
            cur.lastrowid, att.sha256, att.extension, att.media_type, att.size, att.original_name
        )

    def get(self, attachment_id: int) -> Attachment | None:
        row = self._conn.execute(
            "SELECT * FROM attachments WHERE id = ?", (attachment_id,)
        ).fetchone()
        return None if row is None else _row_to_attachment(row)

    def for_receipt(self, receipt_id: int) -> list[Attachment]:
        return [
            _row_to_attachment(row)
            for row in self._conn.execute(
                "SELECT a.* FROM attachments a JOIN receipt_attachments l "
                "ON l.attachment_id = a.id WHERE l.receipt_id = ? ORDER BY l.position",
                (receipt_id,),
            )
        ]

    def use_count(self, attachment_id: int) -> int:
        return int(
            self._conn.execute(
                "SELECT COUNT(*) FROM receipt_attachments WHERE attachment_id = ?",
                (attachment_id,),
            ).fetchone()[0]
        )

    # ----- checking and cleaning ----------------------------------------------
    def check(self, att: Attachment, verify_hash: bool = False) -> FileState:
        """Whether the stored file is still there and readable."""
        path = self.path_of(att)
        try:
            if not path.is_file():
                return FileState.MISSING
            with path.open("rb") as fh:
                fh.read(1)
            if verify_hash and _hash_file(path)[0] != att.sha256:
                return FileState.CHANGED
        except OSError:
            return FileState.UNREADABLE
        return FileState.OK

    def delete_unused(self, keep: Collection[str] = ()) -> list[Attachment]:
        """Drop rows no receipt uses and ``keep`` does not name, inside the
        caller's transaction.

        Returns what was dropped; call ``remove_files`` after the commit, so a
        rollback never leaves rows pointing at deleted files.
        """
        rows = self._conn.execute(
            "SELECT * FROM attachments WHERE id NOT IN "
            "(SELECT attachment_id FROM receipt_attachments)"
        ).fetchall()
        dropped = [a for a in map(_row_to_attachment, rows) if a.sha256 not in keep]
        self._conn.executemany("DELETE FROM attachments WHERE id = ?", [(a.id,) for a in dropped])
        return dropped

    def remove_files(self, attachments: list[Attachment]) -> None:
        for att in attachments:
            path = self.path_of(att)
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the folder still holds other files
                path.parent.rmdir()

    def sweep_orphans(
        self, keep: Collection[str] = (), grace_seconds: float = SWEEP_GRACE_SECONDS
    ) -> int:
        """Remove files with no row (left by a crash between copy and commit,
        or by a session that ended with an undo pending), except those
        ``keep`` names and those written in the last ``grace_seconds``."""
        known = {str(r[0]) for r in self._conn.execute("SELECT sha256 FROM attachments")}
        removed = 0
        if not self.root.is_dir():
            return 0
        young = time.time() - grace_seconds
        for path in self.root.glob("*/*"):
            sha = path.name.split(".")[0]
            if sha in known or sha in keep:
                continue
            try:
                if not path.is_file() or path.stat().st_mtime > young:
                    continue
                path.unlink()
            except OSError:
                continue  # gone already, or not ours to remove: tried again next time
            removed += 1
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        return removed
