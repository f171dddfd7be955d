"""The start page: every scenario of the library in a searchable table, the briefing of the chosen
one beside it, and Start.

The page never holds the truth about a scenario: rows are :class:`LibraryEntry` objects read
once from their files, the table only presents them, and Start hands the loaded file on as a
:class:`ScenarioChoice` through ``start_requested``. A file that does not load is a row too,
marked invalid, whose briefing is its list of problems; it cannot be started.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.gui.library.badges import difficulty_icon, icon_size
from simulator.gui.library.briefing import entry_html
from simulator.gui.library.entries import (
    DIFFICULTY_MEANINGS,
    PROCEDURE_NAMES,
    LibraryEntry,
    ScenarioChoice,
    library_entries,
    load_entries,
    load_entry,
)
from simulator.gui.library.model import (
    ENTRY_ROLE,
    Column,
    ScenarioFilterProxy,
    ScenarioTableModel,
)
from simulator.scenario.library import LIBRARY_PATH, library_files
from simulator.scenario.scenario_file import DIFFICULTY_LEVELS

SCENARIO_FILE_FILTER = "Scenario files (*.json);;All files (*)"
LAST_FOLDER_KEY = "library/last_scenario_folder"
BRIEFING_STYLE = """
h2 { margin-bottom: 2px; }
h3 { margin-top: 14px; margin-bottom: 4px; color: #1f4e79; }
th { background-color: #e8eef5; }
td { border-bottom: 1px solid #d8dde3; }
code { color: #7a1f1f; }
"""
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ROW_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _is_typing(event: QKeyEvent) -> bool:
    """A printable character without Ctrl, Alt or Meta (Shift is typing too)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
    text = event.text()
    return (
        modifiers == Qt.KeyboardModifier.NoModifier
        and len(text) == 1
        and text.isprintable()
        and not text.isspace()
    )


def choose_scenario_file(parent: QWidget | None = None) -> Path | None:
    """Ask for a scenario file (File > Open Scenario); None when the user cancels. The dialog
    opens where the last file was chosen (remembered in the settings), at first the library."""
    settings = QSettings()
    folder = settings.value(LAST_FOLDER_KEY, str(LIBRARY_PATH))
    name, _ = QFileDialog.getOpenFileName(
        parent, "Open scenario", str(folder), SCENARIO_FILE_FILTER
    )
    if not name:
        return None
    settings.setValue(LAST_FOLDER_KEY, str(Path(name).parent))
    return Path(name)


class LibraryPage(QWidget):
    """The scenario browser. ``start_requested`` carries a :class:`ScenarioChoice`."""

    start_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, folders: Iterable[Path] = ()) -> None:
        """The built-in library, then the ``*.json`` files of each of ``folders``."""
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self.model = ScenarioTableModel(library_entries(folders), self)
        self.proxy = ScenarioFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search_box = QLineEdit(self)
        self.procedure_filter = QComboBox(self)
        self.difficulty_filter = QComboBox(self)
        self.open_button = QPushButton("Open file…", self)
        self.table = QTableView(self)
        self.count_label = QLabel(self)
        self.briefing = QTextBrowser(self)
        self.start_button = QPushButton("Start scenario", self)

        self._build_controls()
        self._build_table()
        self._lay_out()
        self._connect()
        self._update_count()
        self._select_proxy_row(0)

    # --- construction ---------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.search_box.setPlaceholderText("Search title, procedure, patient, tumour…  (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(
            "Type to narrow the list: every word typed must begin a word of the title, summary,"
            " procedure, patient or tumour. Up and Down move through the list, Enter starts, Esc"
            " clears."
        )
        self.procedure_filter.addItem("All procedures", None)
        self._refresh_procedures()
        self.procedure_filter.setToolTip("Show one procedure only")
        self.difficulty_filter.addItem("All levels", None)
        for level in DIFFICULTY_LEVELS:
            self.difficulty_filter.addItem(difficulty_icon(level), level.capitalize(), level)
            self.difficulty_filter.setItemData(
                self.difficulty_filter.count() - 1,
                DIFFICULTY_MEANINGS[level],
                Qt.ItemDataRole.ToolTipRole,
            )
        self.difficulty_filter.setToolTip(
            "Show one level only. "
            + " ".join(
                f"{level.capitalize()}: {DIFFICULTY_MEANINGS[level]}" for level in DIFFICULTY_LEVELS
            )
        )
        self.open_button.setToolTip(
            "Add a scenario file from elsewhere to the list (File > Open Scenario, Ctrl+O)"
        )
        self.start_button.setToolTip("Start the chosen scenario (Enter, or double-click a row)")
        self.start_button.setDefault(True)
        bold = QFont(self.start_button.font())
        bold.setBold(True)
        self.start_button.setFont(bold)
        self.start_button.setMinimumHeight(34)
        self.briefing.setOpenLinks(False)
        self.briefing.document().setDefaultStyleSheet(BRIEFING_STYLE)
        self.count_label.setObjectName("libraryCount")
        for widget, name in (
            (self.search_box, "Search scenarios"),
            (self.procedure_filter, "Procedure filter"),
            (self.difficulty_filter, "Difficulty filter"),
            (self.table, "Scenarios"),
            (self.briefing, "Briefing"),
        ):
            widget.setAccessibleName(name)

    def _build_table(self) -> None:
        table = self.table
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        table.setIconSize(icon_size())
        self.difficulty_filter.setIconSize(icon_size())
        table.setSortingEnabled(True)
        table.sortByColumn(Column.DIFFICULTY, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (Column.TITLE, 260),
            (Column.PROCEDURE, 165),
            (Column.DIFFICULTY, 130),
            (Column.PATIENT, 135),
            (Column.DURATION, 125),
        ):
            table.setColumnWidth(column, width)

    def _lay_out(self) -> None:
        title = QLabel("Scenario library", self)
        title.setObjectName("libraryTitle")
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        title.setFont(title_font)
        intro = QLabel(
            "Choose a training case, read its briefing, then start. Begin with the introductory"
            " cases; the advanced ones assume you can read the anatomy before placing anything.",
            self,
        )
        intro.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search_box, stretch=1)
        filters.addWidget(self.procedure_filter)
        filters.addWidget(self.difficulty_filter)
        filters.addWidget(self.open_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, stretch=1)
        left_layout.addWidget(self.count_label)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.briefing, stretch=1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        right_layout.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(splitter, stretch=1)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._search_changed)
        self.procedure_filter.currentIndexChanged.connect(self._procedure_changed)
        self.difficulty_filter.currentIndexChanged.connect(self._difficulty_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.start())
        self.start_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self._open_from_dialog)
        self.search_box.installEventFilter(self)
        self.table.installEventFilter(self)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

    # --- public API -----------------------------------------------------------------------

    def current_entry(self) -> LibraryEntry | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        entry = self.proxy.data(index, ENTRY_ROLE)
        return entry if isinstance(entry, LibraryEntry) else None

    def select(self, scenario_id: str) -> bool:
        """Choose the scenario with this id; clears the filters if they hide it. False when no
        listed scenario has it."""
        for row, entry in enumerate(self.model.entries()):
            if entry.scenario is not None and entry.scenario.id == scenario_id:
                self._select_source_row(row)
                return True
        return False

    def open_file(self, path: str | Path) -> LibraryEntry:
        """Add a scenario file from anywhere (valid or not), or re-read it if listed, and choose
        it; its briefing or its problems show at once."""
        entry = load_entry(path)
        row = self.model.add_or_replace(entry)
        self._refresh_procedures()
        self._update_count()
        self._select_source_row(row)
        self._show(entry)
        return entry

    def add_folder(self, folder: str | Path) -> None:
        """List every ``*.json`` of a folder too (an instructor's own cases)."""
        for entry in load_entries(library_files(Path(folder))):
            self.model.add_or_replace(entry)
        self._refresh_procedures()
        self._update_count()

    def start(self) -> None:
        """Emit ``start_requested`` for the chosen scenario, if it is valid."""
        entry = self.current_entry()
        if entry is None or not entry.is_valid or entry.scenario is None:
            return
        self.start_requested.emit(ScenarioChoice(entry.path, entry.scenario))

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # --- reactions ------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)
        self._after_filter()

    def _procedure_changed(self, _index: int) -> None:
        self.proxy.set_procedure(self.procedure_filter.currentData())
        self._after_filter()

    def _difficulty_changed(self, _index: int) -> None:
        self.proxy.set_difficulty(self.difficulty_filter.currentData())
        self._after_filter()

    def _after_filter(self) -> None:
        """Keep a scenario chosen: the first one shown when the chosen one was filtered out."""
        self._update_count()
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)
        else:
            self._select_proxy_row(0)
        if self.proxy.rowCount() == 0:
            self._show(None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.proxy.data(current, ENTRY_ROLE) if current.isValid() else None
        self._show(entry if isinstance(entry, LibraryEntry) else None)

    def _open_from_dialog(self) -> None:
        path = choose_scenario_file(self)
        if path is not None:
            self.open_file(path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _ENTER_KEYS and watched in (self.search_box, self.table):
                self.start()
                return True
            searching = watched is self.search_box and bool(self.search_box.text())
            if event.key() == Qt.Key.Key_Escape and searching:
                self.search_box.clear()
                return True
            if event.key() in _ROW_KEYS and watched is self.search_box:
                # The list answers the arrows while the search box keeps the typing focus.
                self._move_row(event.key())
                return True
            if watched is self.table and _is_typing(event):
                # Type to search: a letter typed in the list goes on in the search box.
                self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
                self.search_box.end(False)
                self.search_box.insert(event.text())
                return True
        return super().eventFilter(watched, event)

    # --- helpers --------------------------------------------------------------------------

    def _move_row(self, key: Any) -> None:
        rows = self.proxy.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex().row()
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10}.get(key, 10)
        self._select_proxy_row(min(max(current + step, 0), rows - 1) if current >= 0 else 0)

    def _select_proxy_row(self, row: int) -> None:
        if not 0 <= row < self.proxy.rowCount():
            self._show(None)
            return
        index = self.proxy.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _select_source_row(self, row: int) -> None:
        source = self.model.index(row, 0)
        if not self.proxy.mapFromSource(source).isValid():
            self._clear_filters()
        self._select_proxy_row(self.proxy.mapFromSource(source).row())

    def _clear_filters(self) -> None:
        for widget in (self.search_box, self.procedure_filter, self.difficulty_filter):
            widget.blockSignals(True)
        self.search_box.clear()
        self.procedure_filter.setCurrentIndex(0)
        self.difficulty_filter.setCurrentIndex(0)
        for widget in (self.search_box, self.procedure_filter, self.difficulty_filter):
            widget.blockSignals(False)
        self.proxy.set_search_text("")
        self.proxy.set_procedure(None)
        self.proxy.set_difficulty(None)
        self._update_count()

    def _refresh_procedures(self) -> None:
        """One item per procedure that some listed scenario has, in alphabetical order after
        "All procedures"; an opened file can bring a new one."""
        combo = self.procedure_filter
        present = {e.scenario.procedure for e in self.model.entries() if e.scenario is not None}
        listed = {combo.itemData(i) for i in range(1, combo.count())}
        for code in present - listed:
            name = PROCEDURE_NAMES[code]
            position = 1
            while position < combo.count() and combo.itemText(position) < name:
                position += 1
            combo.insertItem(position, name, code)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        invalid = sum(not entry.is_valid for entry in self.model.entries())
        text = f"{shown} of {total} scenarios shown"
        if invalid:
            text += f" · {invalid} invalid file{'s' * (invalid != 1)}"
        self.count_label.setText(text)

    def _show(self, entry: LibraryEntry | None) -> None:
        if entry is None:
            self.briefing.setHtml(
                "<h2>No scenario matches</h2><p>Clear the search or choose all procedures and"
                " levels to see the whole library.</p>"
            )
            self.start_button.setEnabled(False)
            return
        self.briefing.setHtml(entry_html(entry))
        self.start_button.setEnabled(entry.is_valid)
        self.start_button.setToolTip(
            "Start the chosen scenario (Enter, or double-click a row)"
            if entry.is_valid
            else "This file is not a valid scenario: fix the problems listed first"
        )
