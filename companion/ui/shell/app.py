"""Starting the GUI: Qt checks, the application object, the first window.

Why ``--smoke`` lives here: packaging tests and the benchmark need the real
start-up path (database, catalogs, main window painted), not a shortcut.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion import APP_ID, __version__
from companion.i18n import _, set_language, system_language
from companion.paths import data_paths
from companion.ui.qt_runtime.qt_check import (
    display_problem,
    missing_package_message,
    package_for_import_error,
    xcb_problem,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from companion.domain.settings import Settings
    from companion.paths import DataPaths
    from companion.services.context import AppContext
    from companion.services.data_folder import Prepared
    from companion.ui.shell.main_window import MainWindow


def run_gui(args: argparse.Namespace, started: float) -> int:
    """Run the window; ``started`` is the perf_counter() reading taken when
    the program began (cli), from which --smoke measures start-up. Handed in
    rather than read from cli, which imports this module."""
    from companion.services.data_safety import startup_check

    paths = data_paths(args.data_dir)
    # The folder's lock first (no Qt needed): only its holder may set a
    # stale journal aside, and the start-up check must read the file as
    # SQLite will open it. Started before Qt loads; see DatabaseCheck.
    prepared = _take_the_folder(paths)
    database_check = startup_check.DatabaseCheck(paths)
    # Messages before the window exists follow --lang or the system.
    set_language(args.lang or system_language())
    problem = display_problem() or xcb_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from companion.services.guide_content import build_problem

    problem = build_problem()
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

    from companion.ui.qt_runtime.feature_scan import skip_known_sources

    skip_known_sources()  # before the app's Qt modules load: see feature_scan
    QApplication.setApplicationName("Travel Card Companion")
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    from companion.ui.qt_runtime.none_refcount import keep_none_alive

    keep_none_alive()  # before the first Qt call that returns nothing
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)

    # One writer per data folder: a later launch (--minimized or not) raises
    # the running window and leaves.
    if prepared is None:
        owner = _own_the_folder(paths.root)
        if owner is not None:
            return owner
        # The holder left while this launch waited: now it is ours.
        prepared = _take_the_folder(paths)
        database_check = startup_check.DatabaseCheck(paths)

    from companion.services import crash_reports
    from companion.services.app_log import close_logging, log, setup_logging
    from companion.services.context import system_clock

    folder_problem = startup_check.check_folder(paths)
    if folder_problem is not None:
        from companion.ui.shell.recovery_dialog import show_message

        show_message(folder_problem.message, smoke=args.smoke)
        return 1
    log_path = setup_logging(paths.log_dir)
    log.info("starting %s with data in %s", __version__, paths.root)
    if prepared is not None:
        prepared.log()
    crash_report = crash_reports.harvest(paths.crash_dir, system_clock())
    fault_file = crash_reports.enable(paths.crash_dir)
    try:
        damage = database_check.result()
        if damage is not None:
            from companion.ui.shell.recovery_dialog import recover_damaged

            if not recover_damaged(paths, damage, system_clock(), smoke=args.smoke):
                return 1
        opened = _open_data(paths, args, log_path)
        if opened is None:
            return 1
        ctx, settings = opened
        set_language(args.lang or settings.language or system_language())
        if settings.appearance != "system":
            from companion.ui.qt_runtime.appearance import apply_appearance

            apply_appearance(settings.appearance)
        notice = None
        if prepared is not None and prepared.wal_set_aside is not None:
            from companion.services.data_folder import wal_set_aside_text

            notice = wal_set_aside_text(prepared.wal_set_aside)
        return _run_window(app, ctx, args, log_path, crash_report, started, notice)
    finally:
        crash_reports.disable(fault_file, paths.crash_dir)
        log.info("stopped")
        close_logging()


#: How long a later launch waits for the lock holder's window to answer: the
#: first launch starts its instance server only once its window is up.
HAND_OVER_WAIT_S = 30.0


def _take_the_folder(paths: DataPaths) -> Prepared | None:
    """Lock the data folder and prepare it if it is free; None when another
    process holds it. A folder that cannot hold a lock (read-only, missing
    parent) is left to check_folder to explain."""
    from companion.services import data_folder, folder_lock
    from companion.services.context import system_clock

    try:
        if not folder_lock.hold(paths.root):
            return None
    except OSError:
        return data_folder.Prepared(None, None, [])
    try:
        return data_folder.prepare(paths, system_clock(), tidy=False)
    except OSError:
        return data_folder.Prepared(None, None, [])


def _own_the_folder(root: Path) -> int | None:
    """Lock the data folder for this process; None when it is ours now.

    Otherwise another process holds it: the running window is asked to come
    to the front (the exit code is then 0), or, if it never answers (a
    headless command holds the folder a long time), the user is told (1).
    """
    from companion.services import folder_lock

    if sys.platform == "win32":
        from companion.ui.shell.single_instance import hand_over
    else:
        # The standard library reaches the socket: no QtNetwork before the window.
        from companion.services.instance_link import send as hand_over

    deadline = time.monotonic() + HAND_OVER_WAIT_S
    while True:
        try:
            if folder_lock.hold(root):
                return None
        except OSError:
            return None  # a folder that cannot hold a lock: check_folder says why
        if hand_over(root, {"command": "raise"}):
            print(
                _("Travel Card Companion is already running; its window was brought to the front.")
            )
            return 0
        if time.monotonic() > deadline:
            print(
                _(
                    "Another Travel Card Companion (a window or a command) is using this data "
                    "folder and does not answer. Wait for it to finish, or close it, and start "
                    "again.\n\nFolder: {path}"
                ).format(path=root),
                file=sys.stderr,
            )
            return 1
        time.sleep(0.05)


def _open_data(
    paths: DataPaths, args: argparse.Namespace, log_path: Path | None
) -> tuple[AppContext, Settings] | None:
    """The open data and its settings, or None after telling the user why not.

    Damage the start-up quick_check missed shows up here, at the first real
    read; it is offered the same recovery as damage quick_check found.
    """
    from companion.services.app_log import log
    from companion.services.context import open_context, system_clock
    from companion.services.data_safety.storage_messages import Fault, fault_of
    from companion.ui.shell.startup_errors import show_startup_error

    for attempt in range(2):
        ctx: AppContext | None = None
        try:
            ctx = open_context(paths)
            return ctx, ctx.settings.load()
        except Exception as exc:  # told in plain words; a bug as a bug
            if ctx is not None:
                ctx.close()
            log.error("cannot open the database: %r", exc)
            damaged = fault_of(exc, paths.root) in (Fault.DAMAGED, Fault.NOT_A_DATABASE)
            if damaged and attempt == 0:
                from companion.ui.shell.recovery_dialog import recover_damaged

                if recover_damaged(paths, str(exc), system_clock(), smoke=args.smoke):
                    continue
                return None
            show_startup_error(exc, paths.database, smoke=args.smoke, log_path=log_path)
            return None
    return None


def _run_window(
    app: object,
    ctx: AppContext,
    args: argparse.Namespace,
    log_path: Path | None,
    crash_report: Path | None,
    started: float,
    notice: str | None = None,
) -> int:
    """Show the window and run until it quits; ``notice`` is told once it is up."""
    from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from companion.ui.qt_runtime.gc_guard import GuiThreadCollector
    from companion.ui.shell.main_window import MainWindow
    from companion.ui.shell.unexpected_error import ErrorReporter

    assert isinstance(app, QApplication)
    collector = GuiThreadCollector(app)
    collector.start()
    window = MainWindow(ctx)
    exit_code = 0
    reporter = ErrorReporter(log_path, ctx.paths.database)
    reporter.install()
    servers: list[Any] = []

    def start_background() -> None:
        servers.extend(background_services(window, ctx, crash_report, notice))

    if args.smoke and notice is not None:
        print(notice, file=sys.stderr)
    if args.smoke:
        # --smoke measures start-up to the first painted frame and exits there,
        # before the background services would start.

        class _FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                    self.done = True
                    QTimer.singleShot(0, report)
                return False

        from companion.ui.qt_runtime.qt_translations import qt_speaks_app_language

        def report() -> None:
            elapsed_ms = (time.perf_counter() - started) * 1000
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
    # What is left is closing the data and the interpreter's teardown (cli.run
    # leaves normally, so atexit handlers run). Its garbage collections would
    # walk every object the session made: 150-200 ms measured after the
    # window had gone, which the start-up benchmark counts. Frozen objects
    # are skipped by them; reference counting still frees what the teardown
    # releases. Frozen before the automatic collector is back on, which would
    # otherwise start with a pass over every object made since the last one.
    gc.freeze()
    collector.stop()
    ctx.close()
    # Scratch folders are removed here rather than left to destructors, whose
    # order at the interpreter's teardown nobody promises; a session that made
    # none never loaded the module.
    scratch = sys.modules.get("companion.services.scratch")
    if scratch is not None:
        scratch.remove_all()
    return exit_code


def background_services(
    window: MainWindow, ctx: AppContext, crash_report: Path | None, notice: str | None
) -> list[Any]:
    """Start the services nothing on the first screen depends on: removing
    abandoned work, the instance server, the full check, the daily backup,
    the crash-report offer. Returns what must be kept (and closed) while the
    window runs: the pool does not own a Job."""
    from companion.services.data_folder import tidy_up
    from companion.ui.jobs.runner import Job, start
    from companion.ui.settings.backup_schedule import DailyBackups
    from companion.ui.shell.integrity_watch import IntegrityWatch
    from companion.ui.shell.single_instance import InstanceServer

    servers: list[Any] = [start(Job(lambda _progress, _cancelled: tidy_up(ctx.paths)))]
    server = InstanceServer(ctx.paths.root, lambda message: handle_command(window, message))
    server.listen()
    servers.append(server)
    watch = IntegrityWatch(ctx, window, lambda backup: restore_backup(window, backup.path))
    watch.start()
    servers.append(watch)
    daily = DailyBackups(
        ctx, window, on_damage=watch.offer, open_settings=lambda: open_settings(window)
    )
    daily.start()
    servers.append(daily)
    if crash_report is not None:
        from companion.ui.shell.recovery_dialog import offer_crash_report

        offer_crash_report(crash_report, window)
    if notice is not None:
        show_notice(window, notice)
    return servers


def open_settings(window: MainWindow) -> None:
    """Bring the window forward on Settings (where Data and backups is)."""
    window.bring_to_front()
    window.show_section("settings")


def handle_command(window: MainWindow, message: dict[str, Any]) -> None:
    """A later launch's command: raise the window, or import the file it got."""
    from PySide6.QtCore import QTimer

    window.bring_to_front()
    path = message.get("path")
    if message.get("command") == "import" and isinstance(path, str):
        from companion.ui.settings.data_group import DataGroup

        window.show_section("settings")
        group = window.page("settings").findChild(DataGroup)
        if group is not None:
            QTimer.singleShot(0, lambda: group.import_file(Path(path)))


def restore_backup(window: MainWindow, source: Path) -> None:
    """Restore a backup the user chose in a dialog, through Settings → Data and backups."""
    from companion.ui.settings.data_group import DataGroup

    window.show_section("settings")
    group = window.page("settings").findChild(DataGroup)
    if group is not None:
        group.restore_file(source)


def show_notice(window: QWidget, text: str) -> QMessageBox:
    """Something the user should know about their data, in plain text, without
    stopping the window."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, _("Travel Card Companion"), text, parent=window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box
