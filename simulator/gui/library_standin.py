"""Stand-in for ``gui.library.LibraryPage`` until the library package lands: the built-in
scenarios in a list, a Start button, and the same signal and methods the window uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.scenario.library import LIBRARY_PATH, library_files
from simulator.scenario.loading import load_scenario
from simulator.scenario.scenario_file import ScenarioFile


@dataclass(frozen=True)
class ScenarioChoice:
    path: Path
    scenario: ScenarioFile


def choose_scenario_file(parent: QWidget | None = None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Open scenario", str(LIBRARY_PATH), "Scenario files (*.json)"
    )
    return Path(name) if name else None


class LibraryPage(QWidget):
    start_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self.list = QListWidget(self)
        self.start_button = QPushButton("Start scenario", self)
        self.start_button.clicked.connect(self.start)
        self.list.itemActivated.connect(lambda _item: self.start())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Scenario library</h2>"))
        layout.addWidget(self.list)
        layout.addWidget(self.start_button)
        for path in library_files():
            self._add(path, load_scenario(path))
        self.list.setCurrentRow(0)

    def _add(self, path: Path, scenario: ScenarioFile) -> QListWidgetItem:
        item = QListWidgetItem(f"{scenario.title}  ({scenario.procedure})")
        item.setData(Qt.ItemDataRole.UserRole, ScenarioChoice(path, scenario))
        self.list.addItem(item)
        return item

    def open_file(self, path: str | Path) -> None:
        item = self._add(Path(path), load_scenario(Path(path)))
        self.list.setCurrentItem(item)

    def select(self, scenario_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).scenario.id == scenario_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def start(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.start_requested.emit(item.data(Qt.ItemDataRole.UserRole))
