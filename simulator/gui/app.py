"""Start the desktop application: ``python main.py [--atlas FILE] [--scenario ID] ...``.

``--scenario ID [--plan expert|mistake:ID|FILE] [--at SECONDS] [--overlay NAME] [--view NAME]
--screenshot FILE.png`` renders the window at that moment without a display (offscreen) and
exits 0, for docs, bug reports and tests; a bad value is one line on stderr and exit 2. Without
``--screenshot`` the same options open the window there.

A file the program cannot use (a broken atlas, say) is a user's problem, not a crash: it is shown
as the one-line problems of :class:`FileFormatError` in a message box and printed on stderr, and
the program exits 1. Without a display (the offscreen or minimal platform) there is nobody to
close the box, so the lines are only printed.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import simulator
from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.gui.platform_check import missing_platform_library
from simulator.scenario.errors import FileFormatError, UserInputError
from simulator.scenario.library import resolve_plan, resolve_scenario

APPLICATION_NAME = "PerfusionSim"
ORGANIZATION_NAME = "PerfusionSim"
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
"""Qt platforms without a screen: a modal dialog there would wait forever."""
MAX_PROBLEMS_SHOWN = 20
"""A badly broken file can have hundreds of problems; a dialog taller than the screen helps
nobody, and the first ones are enough to find the file and start fixing it."""
USAGE_ERROR = 2
SCREENSHOT_TIMEOUT_S = 600.0
"""Computing to the last minute of the longest plan takes seconds; this only stops a hang."""


class OptionError(Exception):
    """A command-line value the program cannot use: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise OptionError(message)


def parse_arguments(arguments: Sequence[str]) -> argparse.Namespace:
    parser = _Parser(prog="perfusionsim-gui", description="PerfusionSim desktop app")
    parser.add_argument("--atlas", help="anatomy atlas file (default: the built-in adult)")
    parser.add_argument("--scenario", metavar="ID", help="open this scenario (id or path)")
    parser.add_argument(
        "--plan", metavar="PLAN", help="watch a plan: expert, mistake:ID or a plan file"
    )
    parser.add_argument(
        "--at", metavar="SECONDS", type=float, help="go to this time of the session"
    )
    parser.add_argument("--overlay", metavar="NAME", help="colour the map by this overlay")
    parser.add_argument("--view", metavar="NAME", help="frame this region of the map")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window offscreen to FILE and exit"
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="print 'ready' once the window takes input, then quit (benchmarks/gui.py)",
    )
    options = parser.parse_args(list(arguments))
    if options.at is not None and not (math.isfinite(options.at) and options.at >= 0.0):
        raise OptionError(f"--at {options.at:g}: a time in seconds, at least 0")
    if options.scenario is None and any(
        getattr(options, name) is not None for name in ("plan", "at")
    ):
        raise OptionError("--plan and --at need --scenario")
    if options.screenshot is not None and Path(options.screenshot).suffix.lower() != ".png":
        raise OptionError(f"--screenshot {options.screenshot}: the file must end in .png")
    return options


def application(argv: Sequence[str]) -> tuple[QApplication, list[str]]:
    """The QApplication (one per process; tests already have one), named for settings and the
    window system, and the program arguments left once Qt took its own (-platform, -style)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        remaining = list(argv[1:])
    else:
        app = QApplication(list(argv))
        remaining = app.arguments()[1:]
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(simulator.__version__)
    return app, remaining


def create_main_window(atlas_path: str | None = None, remember_settings: bool = True) -> MainWindow:
    """The main window on the scenario library, for the atlas at ``atlas_path``."""
    return MainWindow(load_atlas(atlas_path), remember_settings=remember_settings)


def startup_error_box(explanation: str, lines: Sequence[str]) -> QMessageBox:
    shown = list(lines[:MAX_PROBLEMS_SHOWN])
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more")
    box = QMessageBox(QMessageBox.Icon.Critical, APPLICATION_NAME, "PerfusionSim cannot start.")
    box.setInformativeText(explanation + "\n\n" + "\n".join(shown))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def go_to(window: MainWindow, options: argparse.Namespace) -> None:
    """Open the scenario, plan, time, overlay and view the options name (``OptionError`` for a
    value that names nothing)."""
    map_widget = window.map_widget
    if options.overlay is not None and options.overlay not in map_widget.overlay_names():
        known = ", ".join(map_widget.overlay_names())
        raise OptionError(f"--overlay {options.overlay}: no such overlay (known: {known})")
    if options.view is not None and options.view not in map_widget.view_names():
        known = ", ".join(map_widget.view_names())
        raise OptionError(f"--view {options.view}: no such view (known: {known})")
    if options.scenario is not None:
        try:
            scenario, path = resolve_scenario(options.scenario)
            if options.plan is not None:
                resolve_plan(scenario, options.plan)
        except (UserInputError, FileFormatError) as error:
            problems = getattr(error, "problems", None)
            raise OptionError(str(problems[0]) if problems else str(error)) from None
        window.start_scenario(scenario, path, options.plan)
        if options.at is not None:
            window.workspace.seek(options.at)
            if not window.workspace.wait_until_idle(SCREENSHOT_TIMEOUT_S):
                raise OptionError(f"--at {options.at:g}: the session did not get there in time")
        window.workspace.render()
    if options.overlay is not None:
        map_widget.set_overlay(options.overlay)
    if options.view is not None:
        map_widget.set_view(options.view)


def save_screenshot(window: MainWindow, path: str) -> None:
    QApplication.processEvents()
    window.workspace.render()
    QApplication.processEvents()
    if not window.grab().save(path):
        raise OptionError(f"--screenshot {path}: cannot write the file")


def _usage_error(message: str) -> int:
    print(f"perfusionsim-gui: error: {message}", file=sys.stderr)
    return USAGE_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if "--screenshot" in argv and "QT_QPA_PLATFORM" not in os.environ:
        # A screenshot needs no display: render offscreen even where a desktop is running.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    problem = missing_platform_library()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    app, arguments = application(argv)
    try:
        options = parse_arguments(arguments)
    except OptionError as error:
        return _usage_error(str(error))
    try:
        window = create_main_window(options.atlas, options.screenshot is None)
    except FileFormatError as error:
        return report_startup_problem(
            "A file it needs is not valid:", [str(p) for p in error.problems]
        )
    except Exception as error:
        # A bug, not a bad file: the user gets a dialog, the developer the traceback on stderr.
        traceback.print_exc()
        return report_startup_problem(
            "An internal error occurred:", [f"{type(error).__name__}: {error}"]
        )
    if window.opens_maximized:
        window.showMaximized()  # the screen is smaller than the default window
    else:
        window.show()
    try:
        go_to(window, options)
        if options.screenshot is not None:
            save_screenshot(window, options.screenshot)
    except OptionError as error:
        window.close()
        return _usage_error(str(error))
    if options.screenshot is not None:
        window.close()
        return 0
    if options.quit_when_ready:
        # A zero timer fires once the event loop has handled what showing the window queued.
        QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
    return app.exec()


def can_show_dialogs() -> bool:
    return QApplication.platformName() not in HEADLESS_PLATFORMS


def report_startup_problem(explanation: str, lines: Sequence[str]) -> int:
    """Print the problem lines on stderr and, with a display, show them in a dialog; exit 1."""
    print(f"PerfusionSim cannot start. {explanation}", file=sys.stderr)
    for line in lines:
        print(f"error: {line}", file=sys.stderr)
    if can_show_dialogs():
        startup_error_box(explanation, lines).exec()
    return 1
