"""The library as a Qt table model, and the proxy that searches and filters it.

The table model only presents :class:`LibraryEntry` objects; the proxy decides what is shown
(words typed in the search box, the procedure and difficulty chosen) and sorts by the numbers
behind the text (difficulty rank, minutes), not by the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from simulator.gui.library.badges import difficulty_icon
from simulator.gui.library.entries import DIFFICULTY_MEANINGS, LibraryEntry

ModelIndex = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's LibraryEntry, for the page to read what was chosen."""

INVALID_COLOUR = QColor("#b3261e")
"""Dark red, readable on white and distinct for red-green colour blindness by its darkness; the
warning icon carries the meaning too."""


class Column(IntEnum):
    TITLE = 0
    PROCEDURE = 1
    DIFFICULTY = 2
    PATIENT = 3
    DURATION = 4
    SUMMARY = 5


HEADERS = {
    Column.TITLE: "Scenario",
    Column.PROCEDURE: "Procedure",
    Column.DIFFICULTY: "Difficulty",
    Column.PATIENT: "Patient",
    Column.DURATION: "Duration",
    Column.SUMMARY: "Summary",
}
HEADER_TIPS = {
    Column.TITLE: "The training case",
    Column.PROCEDURE: "The regional chemotherapy procedure",
    Column.DIFFICULTY: "introductory, intermediate or advanced",
    Column.PATIENT: "Sex, age and weight",
    Column.DURATION: "Simulated time of the expert plan, and the procedure's time limit",
    Column.SUMMARY: "What the case teaches",
}


def _display(entry: LibraryEntry, column: Column) -> str:
    return {
        Column.TITLE: entry.title,
        Column.PROCEDURE: entry.procedure_name,
        Column.DIFFICULTY: entry.difficulty.capitalize(),
        Column.PATIENT: entry.patient_text,
        Column.DURATION: entry.duration_text,
        Column.SUMMARY: entry.summary,
    }[column]


def _sort_key(entry: LibraryEntry, column: Column) -> tuple[float, str]:
    """(number, text) for every column, so any two rows compare; files that did not load sort
    after the scenarios in numeric columns."""
    missing = float("inf")
    if column is Column.DIFFICULTY:
        return float(entry.difficulty_rank), ""
    if column is Column.DURATION:
        duration = entry.plan_duration_min
        return (missing if duration is None else duration), ""
    if column is Column.PATIENT:
        return (missing if entry.scenario is None else entry.scenario.patient.age_years), ""
    return 0.0, _display(entry, column).casefold()


class ScenarioTableModel(QAbstractTableModel):
    """One row per library entry, in the order given; rows are added, never edited."""

    def __init__(self, entries: Sequence[LibraryEntry] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[LibraryEntry] = list(entries)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def entry(self, row: int) -> LibraryEntry:
        return self._entries[row]

    def entries(self) -> list[LibraryEntry]:
        return list(self._entries)

    def row_of_path(self, path: Any) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.path == path:
                return row
        return None

    def add_or_replace(self, entry: LibraryEntry) -> int:
        """Add an entry, or replace the one read from the same file; returns its row."""
        row = self.row_of_path(entry.path)
        if row is not None:
            self._entries[row] = entry
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
            return row
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()
        return row

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DecorationRole and column is Column.DIFFICULTY:
            return difficulty_icon(entry.difficulty) if entry.difficulty else None
        if not entry.is_valid:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(INVALID_COLOUR)
            if role == Qt.ItemDataRole.DecorationRole and column is Column.TITLE:
                style = QApplication.style()
                return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    @staticmethod
    def _tooltip(entry: LibraryEntry, column: Column) -> str:
        """Rich text, so that Qt wraps long lines; everything from the file is escaped."""
        if not entry.is_valid:
            count = len(entry.problems)
            return (
                f"<p><b>{escape(entry.path.name)}</b>: {count} problem{'s' * (count != 1)},"
                f" the first: {escape(entry.summary)}</p>"
            )
        scenario = entry.scenario
        assert scenario is not None  # a valid entry has its scenario
        text = {
            Column.TITLE: f"<b>{escape(entry.title)}</b><br>{escape(entry.path.name)}",
            Column.PROCEDURE: f"{escape(entry.procedure_name)} ({escape(scenario.procedure)})",
            Column.DIFFICULTY: escape(DIFFICULTY_MEANINGS.get(entry.difficulty, "")),
            Column.PATIENT: escape(entry.patient_text),
            Column.DURATION: "When the expert plan's last action happens (simulated time), and"
            " the procedure's time limit",
            Column.SUMMARY: escape(entry.summary),
        }[column]
        return f"<p>{text}</p>"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[Column(section)]
        return None


def word_patterns(text: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per typed word, matching it at the start of a word: "male" finds "Male",
    not "female"; "melph" finds "melphalan"."""
    return tuple(re.compile(r"(?<!\w)" + re.escape(word)) for word in text.casefold().split())


class ScenarioFilterProxy(QSortFilterProxyModel):
    """Shows the rows where every typed word (in any order) starts a word of the entry's search
    text, and that match the chosen procedure and difficulty. A file that did not load has
    neither, so a procedure or difficulty filter hides it; the search still finds it by name."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[re.Pattern[str], ...] = ()
        self._procedure: str | None = None
        self._difficulty: str | None = None

    def set_search_text(self, text: str) -> None:
        self._begin_change()
        self._words = word_patterns(text)
        self._end_change()

    def set_procedure(self, procedure: str | None) -> None:
        self._begin_change()
        self._procedure = procedure
        self._end_change()

    def set_difficulty(self, difficulty: str | None) -> None:
        self._begin_change()
        self._difficulty = difficulty
        self._end_change()

    def _begin_change(self) -> None:
        # Qt 6.9 added begin/endFilterChange and deprecates invalidateFilter; older Qt has only
        # invalidateRowsFilter, called once the change is made.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt before 6.9
            self.invalidateRowsFilter()

    def accepts(self, entry: LibraryEntry) -> bool:
        scenario = entry.scenario
        if self._procedure is not None and (
            scenario is None or scenario.procedure != self._procedure
        ):
            return False
        if self._difficulty is not None and entry.difficulty != self._difficulty:
            return False
        haystack = entry.search_text
        return all(word.search(haystack) for word in self._words)

    def lessThan(self, source_left: ModelIndex, source_right: ModelIndex) -> bool:
        """By the column's number or text, then by title, so equal levels read alphabetically."""
        model = self.sourceModel()
        if not isinstance(model, ScenarioTableModel):
            return super().lessThan(source_left, source_right)
        column = Column(source_left.column())
        left, right = model.entry(source_left.row()), model.entry(source_right.row())
        return (_sort_key(left, column), left.title.casefold()) < (
            _sort_key(right, column),
            right.title.casefold(),
        )

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ScenarioTableModel):
            return True
        return self.accepts(model.entry(source_row))
