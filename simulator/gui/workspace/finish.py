"""Finish (Ctrl+Return): the attempt's score and every objective, exactly as ``grade`` reports
them for the same plan.

The report is computed on the worker thread by the grader's own code (``grade_session`` on the
plan replayed to two minutes after its last action, ``LiveSession.report_at``), on a copy of the
session, so finishing neither blocks the window nor moves the session. The dialog lists, for each
objective (the scenario's and the built-in safety ones), its value, threshold, pass or fail, the
explanation and the teaching point. Pass and fail are words and symbols as well as colours
(blue and vermilion, told apart by every kind of colour vision).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.gui.library.briefing import condition_text, value_text
from simulator.gui.screen_fit import within_screen

PASS_COLOUR = QColor("#0072B2")  # Okabe-Ito blue
FAIL_COLOUR = QColor("#D55E00")  # Okabe-Ito vermilion
COLUMNS = ("Objective", "Value", "Threshold", "Result", "Explanation", "Teaching point")


def figure(objective: dict) -> str:
    """The objective's value in the unit it is written in (a fraction as per cent)."""
    value = objective["value"]
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not measured"
    return value_text(objective["metric"], float(value))


def threshold_text(objective: dict) -> str:
    return condition_text(objective["metric"], objective["comparison"], objective["threshold"])


class FinishDialog(QDialog):
    def __init__(self, report: dict, scenario_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finish_dialog")
        self.report = report
        self.setWindowTitle(f"Finish: {scenario_title}")
        verdict = "passed" if report["passed"] else "not passed"
        self.score_label = QLabel(
            f"<h2>Score {report['score']:.1f} / 100: {verdict}</h2>"
            f"<p>{scenario_title}, graded as <code>grade</code> grades this plan: replayed to "
            f"{report['duration_s'] / 60:.1f} min, two minutes after its last action.</p>"
        )
        self.score_label.setObjectName("finish_score")
        self.score_label.setWordWrap(True)
        self.table = QTableWidget(len(report["objectives"]), len(COLUMNS))
        self.table.setObjectName("finish_objectives")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setToolTip("Each objective as the grader judged it; hover a cell to read it all")
        for row, objective in enumerate(report["objectives"]):
            passed = objective["passed"]
            cells = (
                objective.get("title") or objective["id"],
                figure(objective),
                threshold_text(objective),
                "✓ pass" if passed else "✗ fail",
                objective["explanation"],
                objective.get("teaching_point", ""),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 3:
                    item.setForeground(PASS_COLOUR if passed else FAIL_COLOUR)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        box = QVBoxLayout(self)
        box.addWidget(self.score_label)
        box.addWidget(self.table, stretch=1)
        box.addWidget(buttons)
        self.resize(within_screen(self, 1100, 600))

    def cell(self, row: int, column: str) -> str:
        return self.table.item(row, COLUMNS.index(column)).text()


class Finisher:
    """The Finish command: ask for the report, show it when it comes."""

    def __init__(self, window) -> None:
        self.window = window
        self.editor = window.plan_editor
        self.dialog: FinishDialog | None = None
        self.editor.report_ready.connect(self._show)

    def finish(self) -> bool:
        window = self.window
        if window.on_library or not self.editor.request_report():
            window.statusBar().showMessage("Finish: start a scenario first")
            return False
        window.workspace.clock.set_playing(False)
        window.statusBar().showMessage("Grading the plan as the grader does…")
        return True

    def _show(self, report: dict) -> None:
        window = self.window
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        scenario = self.editor.scenario
        self.dialog = FinishDialog(report, scenario.title if scenario else "", window)
        window.statusBar().showMessage(
            f"Score {report['score']:.1f} / 100, {'passed' if report['passed'] else 'not passed'}"
        )
        self.dialog.open()
