"""Wiring of the plan editor into the main window: one call, ``install_editing(window)``.

It adds the plan editor (``window.plan_editor``, also ``window.workspace.sink``: the sink every
hands-on control proposes to), the plan panel dock, the Edit menu (Undo Ctrl+Z, Redo
Ctrl+Shift+Z), the plan file commands in the File menu (Open Plan, Save Plan Ctrl+S, Save Plan As
Ctrl+Shift+S, Take Over Ctrl+T), Finish (Ctrl+Return), the autosave, and the command list
(Ctrl+K). Ctrl+O opens a plan while the workspace shows and a scenario on the library page, as
it always did there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from simulator.gui.command_palette import install_command_palette
from simulator.gui.workspace.autosave import install_autosave
from simulator.gui.workspace.finish import Finisher
from simulator.gui.workspace.plan_editor import PlanEditor
from simulator.gui.workspace.plan_panel import PlanPanel
from simulator.scenario.errors import FileFormatError, UserInputError
from simulator.scenario.library import resolve_plan
from simulator.storage.atomic import atomic_write_text

PLAN_FILTER = "Plan files (*.json)"
PLAN_DOCK_HEIGHT = 380
"""About ten actions in view, below the device shelf."""
OTHER_OPEN = "Ctrl+Alt+O"
"""Open Scenario in the workspace, Open Plan on the library page (Ctrl+O is the other)."""


def _action(parent, text: str, shortcut: str, tip: str, slot) -> QAction:
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({shown})" if shown else tip)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def _set_shortcut(action: QAction, shortcut: str) -> None:
    """A new shortcut, and the tooltip that names it."""
    action.setShortcut(QKeySequence(shortcut))
    shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{action.statusTip()} ({shown})")


def _menu(window, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return None


class PlanFiles:
    """Open, Save and Save As for the trainee's plan, and Take Over."""

    def __init__(self, window, editor: PlanEditor) -> None:
        self.window = window
        self.editor = editor

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text)

    def open_plan(self, path: str | Path | None = None) -> bool:
        """Make a plan file the attempt (from its start); the library's scenario if none runs."""
        window = self.window
        scenario = window.scenario if not window.on_library else None
        if scenario is None:
            self._say("Start a scenario first: a plan is opened on the scenario it was made for")
            return False
        if path is None:
            name, _ = QFileDialog.getOpenFileName(window, "Open a plan", "", PLAN_FILTER)
            if not name:
                return False
            path = name
        try:
            plan = resolve_plan(scenario, str(path))
        except (UserInputError, FileFormatError) as error:
            lines = (
                [str(p) for p in error.problems]
                if isinstance(error, FileFormatError)
                else [str(error)]
            )
            QMessageBox.warning(
                window, "Open Plan", "This plan cannot be opened:\n\n" + "\n".join(lines)
            )
            return False
        self.editor.begin_attempt(scenario, tuple(plan.actions), Path(path))
        self._say(f"Opened {Path(path).name}: {len(plan.actions)} actions, your attempt")
        return True

    def save(self) -> bool:
        if self.editor.file_path is None:
            return self.save_as()
        return self.write(self.editor.file_path)

    def save_as(self) -> bool:
        if self.editor.plan is None:
            self._say("There is no plan to save")
            return False
        suggested = f"{self.editor.scenario.id}-plan.json"
        name, _ = QFileDialog.getSaveFileName(self.window, "Save the plan", suggested, PLAN_FILTER)
        if not name:
            return False
        return self.write(Path(name))

    def write(self, path: Path) -> bool:
        """Write the plan file atomically (a crash mid-write leaves the old file whole)."""
        plan = self.editor.plan_file()
        if plan is None:
            return False
        try:
            atomic_write_text(path, plan.model_dump_json(indent=1) + "\n")
        except OSError as error:
            QMessageBox.warning(
                self.window, "Save Plan", f"Cannot write {path}: {error.strerror or error}"
            )
            return False
        editor = self.editor
        editor.file_path = path
        editor.undo_stack.setClean()
        editor.plan_changed.emit()
        self._say(f"Saved {len(plan.actions)} actions to {path}")
        return True

    def take_over(self) -> None:
        reason = self.editor.take_over()
        if reason is not None:
            self._say(f"Take Over: {reason}")
            return
        count = len(self.editor.actions)
        self._say(f"Taken over: the {count} actions done so far are your attempt; go on from here")


def install_editing(window) -> PlanEditor:
    workspace = window.workspace
    editor = PlanEditor(workspace, window)
    window.plan_editor = editor
    workspace.sink = editor
    files = PlanFiles(window, editor)
    window.plan_files = files

    panel = PlanPanel(editor)
    window.plan_panel = panel
    dock = window._dock(
        "Plan", "plan_dock", panel, Qt.DockWidgetArea.LeftDockWidgetArea, "Ctrl+Shift+L"
    )
    window.plan_dock = dock
    window.docks.append(dock)
    window.resizeDocks([dock], [PLAN_DOCK_HEIGHT], Qt.Orientation.Vertical)
    if window.on_library:
        dock.hide()

    undo = editor.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    undo.setToolTip("Undo the last change to the plan; the session goes back to before it (Ctrl+Z)")
    redo = editor.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setToolTip("Redo the change undone last (Ctrl+Shift+Z)")
    window.undo_action, window.redo_action = undo, redo

    window.open_plan_action = _action(
        window,
        "Open &Plan…",
        "",
        "Open a plan file as your attempt on this scenario",
        files.open_plan,
    )
    window.save_plan_action = _action(
        window, "&Save Plan", "Ctrl+S", "Save your attempt's plan to its file", files.save
    )
    window.save_plan_as_action = _action(
        window,
        "Save Plan &As…",
        "Ctrl+Shift+S",
        "Save your attempt's plan to a new file",
        files.save_as,
    )
    window.take_over_action = _action(
        window,
        "&Take Over",
        "Ctrl+T",
        "Make the plan being watched your own attempt from this moment",
        files.take_over,
    )
    finisher = Finisher(window)
    window.finisher = finisher
    window.finish_action = _action(
        window,
        "&Finish",
        "Ctrl+Return",
        "End the attempt: the score and every objective, as the grader computes them",
        finisher.finish,
    )
    editing_actions = [
        window.open_plan_action,
        window.save_plan_action,
        window.save_plan_as_action,
        window.take_over_action,
        window.finish_action,
    ]

    file_menu = _menu(window, "File")
    anchor = window.library_action
    for action in editing_actions:
        file_menu.insertAction(anchor, action)
    file_menu.insertSeparator(anchor)
    file_menu.setToolTipsVisible(True)

    edit_menu = QMenu("&Edit", window)
    edit_menu.setToolTipsVisible(True)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    view_menu = _menu(window, "View")
    window.menuBar().insertMenu(view_menu.menuAction(), edit_menu)
    view_menu.addAction(dock.toggleViewAction())
    window.edit_menu = edit_menu
    window.addActions([undo, redo, *editing_actions])

    def update() -> None:
        # Ctrl+O: a scenario on the library page (as before), a plan in the workspace; the
        # other one of the two is Ctrl+Alt+O meanwhile.
        in_workspace = not window.on_library
        scenario_keys, plan_keys = (
            (OTHER_OPEN, "Ctrl+O") if in_workspace else ("Ctrl+O", OTHER_OPEN)
        )
        _set_shortcut(window.open_action, scenario_keys)
        _set_shortcut(window.open_plan_action, plan_keys)
        window.open_plan_action.setEnabled(in_workspace)
        attempt = in_workspace and editor.plan is not None and editor.editable
        window.save_plan_action.setEnabled(attempt)
        window.save_plan_as_action.setEnabled(attempt)
        window.take_over_action.setEnabled(in_workspace and not editor.editable)
        window.finish_action.setEnabled(in_workspace)

    window.stack.currentChanged.connect(lambda _index: update())
    editor.plan_changed.connect(update)
    editor.refused.connect(lambda reason: window.statusBar().showMessage(f"Refused: {reason}"))
    update()
    install_autosave(window, editor)
    install_command_palette(window)
    return editor
