"""Starting the GUI: Qt checks, the application object, the first window.

Why ``--smoke`` lives here: packaging tests and the benchmark need the real
start-up path (database, catalogs, main window painted), not a shortcut.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING

from companion import APP_ID, __version__
from companion.i18n import set_language, system_language
from companion.paths import data_paths
from companion.ui.qt_check import missing_package_message, package_for_import_error, xcb_problem

if TYPE_CHECKING:
    from companion.services.context import AppContext


def run_gui(args: argparse.Namespace) -> int:
    paths = data_paths(args.data_dir)
    # Messages before the window exists follow --lang or the system.
    set_language(args.lang or system_language())
    problem = xcb_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        package = package_for_import_error(exc)
        if package is None:
            raise
        print(missing_package_message(package), file=sys.stderr)
        return 2

    from companion.ui.errors import show_startup_error

    QApplication.setApplicationName("Travel Card Companion")
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)

    from companion.services.context import open_context
    from companion.store.database import StoreError

    try:
        ctx = open_context(paths)
    except (StoreError, OSError) as exc:
        show_startup_error(exc, paths.database, smoke=args.smoke)
        return 1

    settings = ctx.settings.load()
    set_language(args.lang or settings.language or system_language())
    return _run_window(app, ctx, args)


def _run_window(app: object, ctx: AppContext, args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from companion.cli import started_at
    from companion.ui.main_window import MainWindow

    assert isinstance(app, QApplication)
    window = MainWindow(ctx)
    exit_code = 0

    if args.smoke:

        class _FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                    self.done = True
                    QTimer.singleShot(0, report)
                return False

        def report() -> None:
            elapsed_ms = (time.perf_counter() - started_at()) * 1000
            line = {
                "startup_ms": round(elapsed_ms, 1),
                "window": "shown" if window.isVisible() else "hidden",
                "version": __version__,
                "language": window.language(),
                "sections": window.section_names(),
                "data_dir": str(ctx.paths.root),
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
            window.quit_app()

        watcher = _FirstPaint(window)
        window.installEventFilter(watcher)
        window.show()
        QTimer.singleShot(10_000, lambda: (print('{"window": "timeout"}'), app.exit(3)))
    else:
        window.start(minimized=args.minimized)
    exit_code = app.exec()
    ctx.close()
    return exit_code
