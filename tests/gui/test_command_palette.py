"""The command list: Ctrl+K (or Ctrl+Shift+P) lists every menu command; typing filters, Up and
Down choose, Enter runs the chosen one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from simulator.anatomy.atlas import load_atlas
from simulator.gui.command_palette import menu_commands
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_scenario

CTRL = Qt.KeyboardModifier.ControlModifier


def test_every_menu_command_is_found_and_run_from_the_keyboard(qtbot: Any) -> None:
    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.show()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path)
    assert window.workspace.wait_until_idle(60.0)
    window.activateWindow()
    qtbot.waitExposed(window)

    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    palette = window.command_palette
    qtbot.waitUntil(palette.isVisible)
    listed = [palette.list.item(i).text() for i in range(palette.list.count())]
    commands = menu_commands(window)
    assert len(listed) == len(commands) > 25
    paths = {c.path for c in commands}
    assert {"Edit › Undo", "File › Save Plan", "File › Finish", "View › Plan"} <= paths
    assert any(text.startswith("File › Save Plan") and "Ctrl+S" in text for text in listed)

    # "gauges" leaves the dock toggle; Enter runs it and the dock hides.
    assert window.gauge_dock.isVisible()
    qtbot.keyClicks(palette.search, "gauges")
    shown = [palette.list.item(i) for i in range(palette.list.count())]
    assert [item.text() for item in shown if not item.isHidden()] == [
        "View › Gauges    Ctrl+Shift+G"
    ]
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert not window.gauge_dock.isVisible()

    # Ctrl+Shift+P opens it too; Down moves among the matches, Esc closes.
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(palette.isVisible)
    qtbot.keyClicks(palette.search, "plan")
    first = palette.chosen()
    qtbot.keyClick(palette.search, Qt.Key.Key_Down)
    assert palette.chosen() is not None and palette.chosen() != first
    assert "plan" in palette.chosen().haystack
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    window.close()


def test_no_two_menu_commands_share_a_shortcut(qtbot: Any) -> None:
    """A key claimed by two actions does neither (Qt reports it as ambiguous and runs nothing)."""
    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.show()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path)
    assert window.workspace.wait_until_idle(60.0)
    owners: dict[str, set[int]] = {}
    names: dict[str, list[str]] = {}

    def walk(menu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {action.text()}")
            elif not action.isSeparator():
                for key in action.shortcuts():
                    owners.setdefault(key.toString(), set()).add(id(action))
                    names.setdefault(key.toString(), []).append(f"{path} › {action.text()}")

    for top in window.menuBar().actions():
        walk(top.menu(), top.text())
    assert len(owners) > 30
    shared = {key: names[key] for key, actions in owners.items() if len(actions) > 1}
    assert shared == {}
    window.close()
