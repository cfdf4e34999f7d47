"""Any interleaving of logging, editing, deleting, undoing and cleaning up
keeps every receipt's files, and every pending undo's files, on disk; Undo
brings back each receipt with exactly the files it had."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from receipts_helpers import make_receipt

from companion.paths import data_paths
from companion.services.context import open_context
from companion.services.receipts import DeletedReceipts, ReceiptsService
from companion.store.attachments_store import FileState

#: Six contents, two of them differing in one byte, so sharing and
#: near-duplicates both happen.
CONTENTS = [b"%PDF a", b"%PDF b", b"%PDF c", b"%PDF d0", b"%PDF d1", b"%PDF shared"]

_op = st.one_of(
    st.tuples(st.just("log"), st.lists(st.integers(0, 5), max_size=3)),
    st.tuples(st.just("edit"), st.integers(0, 50), st.lists(st.integers(0, 5), max_size=2)),
    st.tuples(st.just("drop_file"), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.lists(st.integers(0, 50), min_size=1, max_size=3)),
    st.tuples(st.just("undo"), st.integers(0, 10)),
    st.tuples(st.just("finish")),
    st.tuples(st.just("tidy")),
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_interleaved_actions_never_lose_or_mix_files() -> None:
    with tempfile.TemporaryDirectory(prefix="tcc-undo-") as tmp:
        root = Path(tmp)
        sources = []
        for i, data in enumerate(CONTENTS):
            path = root / f"file{i}.pdf"
            path.write_bytes(data)
            sources.append(path)
        ctx = open_context(
            data_paths(root / "data"), clock=lambda: dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
        )

        # One data folder, emptied before each example (opening a new one
        # per example would be most of the run time).
        @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(st.lists(_op, min_size=1, max_size=25))
        def check(ops: list[tuple[object, ...]]) -> None:
            ctx.pending_deletes.clear()
            with ctx.conn:
                for table in ("receipt_attachments", "receipts", "attachments"):
                    ctx.conn.execute(f"DELETE FROM {table}")
            shutil.rmtree(ctx.paths.attachments)
            ctx.paths.attachments.mkdir()
            _run(ctx, sources, ops)

        try:
            check()
        finally:
            ctx.close()


def _run(ctx: object, sources: list[Path], ops: list[tuple[object, ...]]) -> None:
    from companion.services.context import AppContext

    assert isinstance(ctx, AppContext)
    service = ReceiptsService(ctx)
    expected: dict[int, list[str]] = {}  # receipt id -> hashes in order
    pending: list[tuple[DeletedReceipts, dict[str, list[str]]]] = []
    made = 0

    def hashes(rid: int) -> list[str]:
        return [a.sha256 for a in service.attachments.for_receipt(rid)]

    def ordered_unique(items: list[str]) -> list[str]:
        return list(dict.fromkeys(items))

    for op in ops:
        kind = op[0]
        ids = sorted(expected)
        if kind == "log":
            made += 1
            files = [sources[i] for i in op[1]]  # type: ignore[union-attr]
            rid = service.log(make_receipt(reference=f"R{made}"), files)
            expected[rid] = ordered_unique([_sha(CONTENTS[i]) for i in op[1]])  # type: ignore[union-attr]
        elif kind in ("edit", "drop_file") and ids:
            rid = ids[int(op[1]) % len(ids)]  # type: ignore[call-overload]
            receipt = service.repo.get(rid)
            assert receipt is not None
            if kind == "drop_file":
                receipt.attachment_ids = receipt.attachment_ids[1:]
                service.edit(receipt)
                expected[rid] = expected[rid][1:]
            else:
                added = [sources[i] for i in op[2]]  # type: ignore[misc]
                service.edit(receipt, added)
                expected[rid] = ordered_unique(
                    expected[rid] + [_sha(CONTENTS[i]) for i in op[2]]  # type: ignore[misc]
                )
        elif kind == "delete" and ids:
            chosen = sorted({ids[int(i) % len(ids)] for i in op[1]})  # type: ignore[union-attr]
            refs = {
                r.reference: expected.pop(r.id)
                for r in (service.repo.get(i) for i in chosen)
                if r is not None and r.id is not None
            }
            pending.append((service.delete(chosen), refs))
        elif kind == "undo" and pending:
            batch, refs = pending.pop(int(op[1]) % len(pending))  # type: ignore[call-overload]
            for rid in service.undo(batch):
                receipt = service.repo.get(rid)
                assert receipt is not None
                expected[rid] = refs[receipt.reference]
        elif kind == "finish":
            service.finish()
            pending.clear()
        elif kind == "tidy":
            service.tidy()
        # The invariant, after every step:
        for rid, want in expected.items():
            assert hashes(rid) == want
            for att in service.attachments.for_receipt(rid):
                assert service.attachments.check(att, verify_hash=True) is FileState.OK
        for batch, _refs in pending:
            for att in batch.files:
                assert service.attachments.path_of(att).is_file()
