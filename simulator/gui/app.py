"""Start the desktop application: ``python main.py [--atlas FILE]``.

A file the program cannot use (a broken atlas, say) is a user's problem, not a crash: it is shown
as the one-line problems of :class:`FileFormatError` in a message box and printed on stderr, and
the program exits 1. Without a display (the offscreen or minimal platform) there is nobody to
close the box, so the lines are only printed.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

import simulator
from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.gui.platform_check import missing_platform_library
from simulator.physics.circulation import Circulation
from simulator.scenario.errors import FileFormatError

APPLICATION_NAME = "PerfusionSim"
ORGANIZATION_NAME = "PerfusionSim"
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
"""Qt platforms without a screen: a modal dialog there would wait forever."""
MAX_PROBLEMS_SHOWN = 20
"""A badly broken file can have hundreds of problems; a dialog taller than the screen helps
nobody, and the first ones are enough to find the file and start fixing it."""


def parse_arguments(arguments: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="perfusionsim-gui", description="PerfusionSim desktop app"
    )
    parser.add_argument("--atlas", help="anatomy atlas file (default: the built-in adult)")
    return parser.parse_args(list(arguments))


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


def create_main_window(atlas_path: str | None = None) -> MainWindow:
    """The main window showing the resting circulation of the atlas at ``atlas_path``."""
    atlas = load_atlas(atlas_path)
    circulation = Circulation.build(atlas)
    window = MainWindow(atlas)
    window.show_report(circulation.report(circulation.resting_state()))
    return window


def startup_error_box(explanation: str, lines: Sequence[str]) -> QMessageBox:
    shown = list(lines[:MAX_PROBLEMS_SHOWN])
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more")
    box = QMessageBox(QMessageBox.Icon.Critical, APPLICATION_NAME, "PerfusionSim cannot start.")
    box.setInformativeText(explanation + "\n\n" + "\n".join(shown))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def main(argv: Sequence[str] | None = None) -> int:
    problem = missing_platform_library()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    app, arguments = application(sys.argv if argv is None else argv)
    options = parse_arguments(arguments)
    try:
        window = create_main_window(options.atlas)
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
    window.show()
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
