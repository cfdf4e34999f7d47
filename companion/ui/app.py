"""Starting the GUI: Qt checks, the application object, the first window.

Why ``--smoke`` lives here: packaging tests and the benchmark need the real
start-up path (database, catalogs, main window painted), not a shortcut.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion import APP_ID, __version__
from companion.i18n import _, set_language, system_language
from companion.paths import data_paths
from companion.ui.qt_check import (
    display_problem,
    missing_package_message,
    package_for_import_error,
    xcb_problem,
)

if TYPE_CHECKING:
    from companion.services.context import AppContext
    from companion.ui.main_window import MainWindow


def run_gui(args: argparse.Namespace) -> int:
    from companion.services import recovery

    paths = data_paths(args.data_dir)
    # Started first so that it runs while Qt loads; see DatabaseCheck.
    database_check = recovery.DatabaseCheck(paths)
    # Messages before the window exists follow --lang or the system.
    set_language(args.lang or system_language())
    problem = display_problem() or xcb_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    _load_qt_free_modules()
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
    from companion.ui.none_refcount import keep_none_alive

    keep_none_alive()  # before the first Qt call that returns nothing
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)

    if sys.platform == "win32":
        from companion.ui.single_instance import hand_over
    else:
        # The standard library reaches the socket: no QtNetwork before the window.
        from companion.services.instance_link import send as hand_over

    # One writer per data folder: a later launch (--minimized or not) raises
    # the running window and leaves.
    if hand_over(paths.root, {"command": "raise"}):
        print(_("Travel Card Companion is already running; its window was brought to the front."))
        return 0

    from companion.services import crash_reports
    from companion.services.app_log import close_logging, log, setup_logging
    from companion.services.context import open_context, system_clock
    from companion.store.database import StoreError

    folder_problem = recovery.check_folder(paths)
    if folder_problem is not None:
        from companion.ui.recovery_dialog import show_message

        show_message(folder_problem.message, smoke=args.smoke)
        return 1
    log_path = setup_logging(paths.log_dir)
    log.info("starting %s with data in %s", __version__, paths.root)
    crash_report = crash_reports.harvest(paths.crash_dir, system_clock())
    fault_file = crash_reports.enable(paths.crash_dir)
    try:
        damage = database_check.result()
        if damage is not None:
            from companion.ui.recovery_dialog import recover_damaged

            if not recover_damaged(paths, damage, system_clock(), smoke=args.smoke):
                return 1
        try:
            ctx = open_context(paths)
        except (StoreError, OSError, sqlite3.DatabaseError) as exc:
            log.error("cannot open the database: %r", exc)
            show_startup_error(exc, paths.database, smoke=args.smoke)
            return 1
        try:
            # The first real read: damage quick_check missed shows up here.
            settings = ctx.settings.load()
        except sqlite3.DatabaseError as exc:
            ctx.close()
            log.error("cannot read the database: %r", exc)
            show_startup_error(exc, paths.database, smoke=args.smoke)
            return 1
        set_language(args.lang or settings.language or system_language())
        if settings.appearance != "system":
            from companion.ui.appearance import apply_appearance

            apply_appearance(settings.appearance)
        return _run_window(app, ctx, args, log_path, crash_report)
    finally:
        crash_reports.disable(fault_file, paths.crash_dir)
        log.info("stopped")
        close_logging()


#: The Qt-free modules the first window needs. Loading them before Qt saves
#: about 10 ms: once PySide6 is imported, its ``__feature__`` import hook
#: reads the source of every module imported after it. Only a speed hint: a
#: module missing here is still imported where it is used.
_QT_FREE_MODULES = (
    "companion.services.app_log",
    "companion.services.crash_reports",
    "companion.services.context",
    "companion.services.guide_content",
    "companion.services.instance_link",
    "companion.services.month_labels",
    "companion.guide.render",
)


def _load_qt_free_modules() -> None:
    import importlib

    for name in _QT_FREE_MODULES:
        importlib.import_module(name)


def _run_window(
    app: object,
    ctx: AppContext,
    args: argparse.Namespace,
    log_path: Path | None,
    crash_report: Path | None,
) -> int:
    from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from companion.cli import started_at
    from companion.ui.error_dialog import ErrorReporter
    from companion.ui.gc_guard import GuiThreadCollector
    from companion.ui.main_window import MainWindow

    assert isinstance(app, QApplication)
    collector = GuiThreadCollector(app)
    collector.start()
    window = MainWindow(ctx)
    exit_code = 0
    reporter = ErrorReporter(log_path)
    reporter.install()
    servers: list[Any] = []

    def start_background() -> None:
        """Services nothing on the first screen depends on: the instance
        server, the daily backup, the crash-report offer."""
        from companion.ui.backup_schedule import DailyBackups
        from companion.ui.single_instance import InstanceServer

        server = InstanceServer(ctx.paths.root, lambda message: handle_command(window, message))
        server.listen()
        servers.append(server)
        daily = DailyBackups(ctx, window)
        daily.start()
        servers.append(daily)
        if crash_report is not None:
            from companion.ui.recovery_dialog import offer_crash_report

            offer_crash_report(crash_report, window)

    if args.smoke:
        # --smoke measures start-up to the first painted frame and exits there,
        # before the background services would start.

        class _FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                    self.done = True
                    QTimer.singleShot(0, report)
                return False

        from companion.ui.qt_translations import qt_speaks_app_language

        def report() -> None:
            elapsed_ms = (time.perf_counter() - started_at()) * 1000
            line = {
                "startup_ms": round(elapsed_ms, 1),
                "window": "shown" if window.isVisible() else "hidden",
                "version": __version__,
                "language": window.language(),
                "qt_translated": qt_speaks_app_language(),
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
        # Long enough for the first frame, short enough that a second launch
        # right after finds the server.
        QTimer.singleShot(250, start_background)
    exit_code = app.exec()
    # An export or import still running finishes before the data closes.
    QThreadPool.globalInstance().waitForDone()
    for service in servers:
        closer = getattr(service, "close", None)
        if callable(closer):
            closer()
    reporter.uninstall()
    collector.stop()
    ctx.close()
    # The interpreter's teardown is skipped (cli.run), so scratch folders are
    # removed here; a session that made none never loaded the module.
    scratch = sys.modules.get("companion.services.scratch")
    if scratch is not None:
        scratch.remove_all()
    return exit_code


def handle_command(window: MainWindow, message: dict[str, Any]) -> None:
    """A later launch's command: raise the window, or import the file it got."""
    from PySide6.QtCore import QTimer

    window.bring_to_front()
    path = message.get("path")
    if message.get("command") == "import" and isinstance(path, str):
        from companion.ui.data_group import DataGroup

        window.show_section("settings")
        group = window.page("settings").findChild(DataGroup)
        if group is not None:
            QTimer.singleShot(0, lambda: group.import_file(Path(path)))
