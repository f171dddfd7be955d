"""The plan panel: every action of the attempt with its time, to read, delete or retime.

A table of the plan (time, what it does); the actions still to come are greyed. With the table
focused, Up and Down choose an action, Delete deletes it, and Enter or F2 moves to the time box,
where typing a time (seconds, or min:s) and Enter gives the action that time. Each deletion or
new time is one undoable step of the plan editor; a change the door's checks refuse shows its
reason under the table and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.gui.describe import display_name
from simulator.gui.workspace.plan_editor import PlanEditor
from simulator.scenario.common import MAX_PROCEDURE_S
from simulator.scenario.plan_file import AnyAction, TipPosition

TIME_FOLLOW_MS = 250
"""How often the panel greys the actions still to come as the session moves on."""


def clock_text(t_s: float) -> str:
    minutes, seconds = divmod(t_s, 60.0)
    whole = f"{int(minutes):d}:{int(seconds):02d}"
    fraction = round(seconds - int(seconds), 1)
    return whole + (f".{int(fraction * 10)}" if fraction else "")


def _where(point) -> str:
    if isinstance(point, TipPosition):
        return f"{display_name(point.vessel).lower()} at {point.position:.0%}"
    return f"catheter {point}"


def action_text(action: AnyAction) -> str:
    """One line a clinician reads: what the action does, with its figures."""
    kind = action.action
    if kind == "insert_catheter":
        return (
            f"Insert {action.catheter_id} ({action.model}) at "
            f"{display_name(action.access).lower()}, tip in {_where(action.tip)}"
        )
    if kind == "move_catheter":
        return f"Move {action.catheter_id} tip to {_where(action.tip)}"
    if kind == "remove_catheter":
        return f"Remove {action.catheter_id}"
    if kind == "inflate_balloon":
        return (
            f"Inflate {action.catheter_id} balloon {action.balloon + 1} to {action.volume_ml:g} mL"
        )
    if kind == "deflate_balloon":
        return f"Deflate {action.catheter_id} balloon {action.balloon + 1}"
    if kind == "set_cuff":
        if action.pressure_mmHg == 0:
            return f"Remove cuff at {display_name(action.site).lower()}"
        return f"Cuff at {display_name(action.site).lower()}: {action.pressure_mmHg:g} mmHg"
    if kind == "start_infusion":
        return (
            f"Infuse {display_name(action.drug).lower()} through {action.catheter_id}: "
            f"{action.rate_ml_min:g} mL/min of {action.concentration_mg_ml:g} mg/mL"
        )
    if kind == "bolus":
        return (
            f"Bolus {action.dose_mg:g} mg {display_name(action.drug).lower()} through "
            f"{action.catheter_id} ({action.volume_ml:g} mL over {action.duration_s:g} s)"
        )
    if kind == "stop_infusion":
        return f"Stop infusion through {action.catheter_id}"
    if kind == "embolize":
        point = TipPosition(vessel=action.vessel, position=action.position)
        return f"Embolise {_where(point)} ({action.agent})"
    if kind == "start_circuit":
        filtered = f", filter {action.filter_extraction:.0%}" if action.filter_extraction else ""
        oxygen = ", oxygenated" if action.oxygenated else ""
        return (
            f"Circuit {action.circuit_id}: {action.flow_ml_min:g} mL/min from "
            f"{_where(action.draw)} to {_where(action.return_)}{filtered}{oxygen}"
        )
    if kind == "stop_circuit":
        return f"Stop circuit {action.circuit_id}"
    if kind == "mark_phase":
        return f"Phase: {display_name(action.phase).lower()}"
    if kind == "give_fluid":
        return f"Give {action.volume_ml:g} mL {action.fluid}"
    if kind in ("vasopressor", "vasodilator"):
        unit = "µg/kg/min" if action.unit == "ug_kg_min" else "µg/min"
        if action.rate == 0:
            return f"Stop {action.drug}"
        return f"{display_name(action.drug)} {action.rate:g} {unit}"
    return display_name(kind)


def parse_time(text: str) -> float | None:
    """Seconds from ``"95"``, ``"95.5"`` or ``"1:35"``; None when it is neither."""
    text = text.strip().removesuffix("s").strip()
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return 60.0 * int(minutes) + float(seconds)
        return float(text)
    except ValueError:
        return None


class TimeBox(QDoubleSpinBox):
    """Seconds, shown as min:s, typed either way."""

    def textFromValue(self, value: float) -> str:
        return clock_text(value)

    def valueFromText(self, text: str) -> float:
        value = parse_time(text)
        return value if value is not None else self.value()

    def validate(self, text: str, position: int):
        from PySide6.QtGui import QValidator

        value = parse_time(text) if text.strip() else None
        if value is not None and self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, position
        return QValidator.State.Intermediate, text, position


class PlanPanel(QWidget):
    action_chosen = Signal(int)
    """The row chosen in the table (the index in the plan), -1 for none."""

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.status = QLabel()
        self.status.setObjectName("plan_status")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("plan_table")
        self.table.setHorizontalHeaderLabels(["Time", "Action"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(
            "Every action of the plan. Delete deletes the chosen one; Enter or F2 edits its time"
        )
        self.time_box = TimeBox()
        self.time_box.setObjectName("plan_time_box")
        self.time_box.setDecimals(1)
        self.time_box.setRange(0.0, MAX_PROCEDURE_S)
        self.time_box.setSingleStep(10.0)
        self.time_box.setKeyboardTracking(False)
        self.time_box.setToolTip("The chosen action's time (min:s, or seconds); Enter sets it")
        self.retime_button = QPushButton("Set &Time")
        self.retime_button.setObjectName("plan_retime_button")
        self.retime_button.setToolTip("Give the chosen action the time in the box (Enter)")
        self.delete_button = QPushButton("&Delete Action")
        self.delete_button.setObjectName("plan_delete_button")
        self.delete_button.setToolTip("Delete the chosen action from the plan (Delete)")
        self.reason = QLabel()
        self.reason.setObjectName("plan_reason")
        self.reason.setWordWrap(True)
        self.reason.setToolTip("Why the last change was refused")

        row = QHBoxLayout()
        row.addWidget(QLabel("Time:"))
        row.addWidget(self.time_box, stretch=1)
        row.addWidget(self.retime_button)
        row.addWidget(self.delete_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.status)
        box.addWidget(self.table, stretch=1)
        box.addLayout(row)
        box.addWidget(self.reason)

        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_chosen)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            to_time = QShortcut(QKeySequence(key), self.table)
            to_time.setContext(Qt.ShortcutContext.WidgetShortcut)
            to_time.activated.connect(self._edit_time)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.time_box)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.table.setFocus)
        self.time_box.lineEdit().returnPressed.connect(self.retime_chosen)
        self.retime_button.clicked.connect(self.retime_chosen)
        self.delete_button.clicked.connect(self.delete_chosen)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self.table.cellDoubleClicked.connect(lambda _row, _column: self._edit_time())
        editor.plan_changed.connect(self.refresh)
        editor.refused.connect(self.show_reason)
        editor.undo_stack.cleanChanged.connect(self._clean_changed)
        self._clean = True
        self._shown: tuple = ()
        self._now_s = -1.0
        self._clock = QTimer(self)
        self._clock.setInterval(TIME_FOLLOW_MS)
        self._clock.timeout.connect(lambda: self.show_time(editor.now_s()))
        self._clock.start()
        self.refresh()

    # -- what is shown ----------------------------------------------------------------------------
    def chosen_index(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def refresh(self) -> None:
        editor = self.editor
        actions = editor.actions
        chosen = self.chosen_index()
        if actions != self._shown:
            self.table.setRowCount(len(actions))
            for row, action in enumerate(actions):
                when = QTableWidgetItem(clock_text(action.t_s))
                when.setData(Qt.ItemDataRole.UserRole, action.t_s)
                when.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                what = QTableWidgetItem(action_text(action))
                what.setToolTip(action.note or action_text(action))
                self.table.setItem(row, 0, when)
                self.table.setItem(row, 1, what)
            self._shown = actions
            if 0 <= chosen < len(actions):
                self.table.selectRow(chosen)
        self._now_s = -1.0
        self.show_time(editor.now_s())
        self._update_status()
        self._chosen_changed()

    def show_time(self, now_s: float) -> None:
        """Grey the actions still to come."""
        if now_s == self._now_s:
            return
        self._now_s = now_s
        palette = self.table.palette()
        done = palette.color(QPalette.ColorRole.Text)
        coming = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for row, action in enumerate(self._shown):
            colour = done if action.t_s <= now_s else coming
            for column in (0, 1):
                item = self.table.item(row, column)
                if item is not None:
                    item.setForeground(colour)

    def _update_status(self) -> None:
        editor = self.editor
        count = len(editor.actions)
        if editor.plan is None:
            text = "No attempt running."
        elif not editor.editable:
            text = (
                f"Watching <b>{editor.watched_name or 'a plan'}</b> ({count} actions). "
                "Take Over (Ctrl+T) to make it yours."
            )
        else:
            name = editor.file_path.name if editor.file_path is not None else "not saved yet"
            dirty = "" if self._clean else " · changed"
            text = f"Your attempt: {count} action{'s' if count != 1 else ''} ({name}{dirty})"
        self.status.setText(text)
        editable = editor.editable
        for widget in (self.time_box, self.retime_button, self.delete_button):
            widget.setEnabled(editable and self.chosen_index() >= 0)

    def _clean_changed(self, clean: bool) -> None:
        # The flag comes with the signal: the stack may be on its way out (window closing).
        self._clean = clean
        self._update_status()

    def _chosen_changed(self) -> None:
        index = self.chosen_index()
        if 0 <= index < len(self._shown):
            self.time_box.blockSignals(True)
            self.time_box.setValue(self._shown[index].t_s)
            self.time_box.blockSignals(False)
        self._update_status()
        self.action_chosen.emit(index)

    def show_reason(self, reason: str) -> None:
        self.reason.setText(f"Refused: {reason}" if reason else "")

    # -- changes ----------------------------------------------------------------------------------
    def _edit_time(self) -> None:
        if self.time_box.isEnabled():
            self.time_box.setFocus()
            self.time_box.selectAll()

    def delete_chosen(self) -> None:
        index = self.chosen_index()
        if index < 0:
            return
        action = self._shown[index]
        text = f"Delete: {action_text(action)}"
        if self.editor.delete(index, text) is None:
            self.show_reason("")
            if self._shown:
                self.table.selectRow(min(index, len(self._shown) - 1))

    def retime_chosen(self) -> None:
        index = self.chosen_index()
        if index < 0:
            return
        self.time_box.interpretText()
        t_s = self.time_box.value()
        action = self._shown[index]
        if t_s == action.t_s:
            return
        text = f"Retime to {clock_text(t_s)}: {action_text(action)}"
        if self.editor.retime(index, t_s, text) is None:
            self.show_reason("")
            moved = [
                i for i, a in enumerate(self._shown) if a.t_s == t_s and a.action == action.action
            ]
            if moved:
                self.table.selectRow(moved[-1])
            self.table.setFocus()
