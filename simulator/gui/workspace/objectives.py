"""The live objectives panel: each objective's value so far, its threshold, whether it passes
now, and the running score, as the grader would judge the attempt if it ended now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.gui.library.briefing import condition_text, value_text
from simulator.gui.workspace.alarm_style import look
from simulator.scoring.objectives import ObjectiveResult

COLUMNS = ("Objective", "So far", "Needed", "Now", "Weight")


class ObjectivesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score_label = QLabel("Score so far: –")
        font = QFont(self.score_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.score_label.setFont(font)
        self.score_label.setToolTip(
            "The score the grader would give if the attempt ended now (0 to 100)"
        )
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("objectives_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.score_label)
        layout.addWidget(self.table)
        self.score = float("nan")

    def show_objectives(self, results: tuple[ObjectiveResult, ...], score: float) -> None:
        table = self.table
        if table.rowCount() != len(results):
            table.setRowCount(len(results))
            for row in range(len(results)):
                for column in range(len(COLUMNS)):
                    item = QTableWidgetItem()
                    if column:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    table.setItem(row, column, item)
        for row, result in enumerate(results):
            state = look("normal" if result.passed else "alarm")
            texts = (
                result.title,
                # In the unit the objective is written in (its title says 50 %, not 0.5).
                value_text(result.metric, result.value),
                condition_text(result.metric, result.comparison, result.threshold),
                f"{state.symbol} {'pass' if result.passed else 'fail'}",
                f"{result.weight:g}",
            )
            # Only what changed: each change makes the table lay out its columns again, ten
            # times a second during play.
            for column, text in enumerate(texts):
                item = table.item(row, column)
                if item.text() != text:
                    item.setText(text)
            tip = f"{result.explanation}\n\n{result.teaching_point}"
            if table.item(row, 0).toolTip() != tip:
                table.item(row, 0).setToolTip(tip)
            if table.item(row, 3).foreground().color() != state.colour:
                table.item(row, 3).setForeground(QBrush(state.colour))
        self.score = score
        score_text = f"Score so far: {score:.1f} / 100"
        if self.score_label.text() != score_text:
            self.score_label.setText(score_text)

    def row_texts(self, row: int) -> list[str]:
        return [self.table.item(row, column).text() for column in range(len(COLUMNS))]
