"""The command list (Ctrl+K or Ctrl+Shift+P): every menu command, found by typing.

It lists every action of the menu bar, submenus included (read when it opens, so commands added
later, such as the Watch Plan menu's mistakes, are there too), each with its menu path, its
shortcut and its tooltip. Typing filters: every word typed must appear in the command's name,
menu or description. Up and Down choose, Enter runs the chosen command, Esc closes. A command
that cannot run now is listed greyed, and Enter on it says why nothing happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QVBoxLayout,
)

from simulator.gui.screen_fit import within_screen


@dataclass(frozen=True)
class Command:
    action: QAction
    path: str
    """``File › Save Plan``"""
    shortcut: str
    tip: str

    @property
    def haystack(self) -> str:
        return f"{self.path} {self.tip} {self.shortcut}".lower()


def menu_commands(window: QMainWindow) -> list[Command]:
    found: list[Command] = []

    def walk(menu: QMenu, trail: list[str]) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            name = action.text().replace("&", "")
            if action.menu() is not None:
                walk(action.menu(), [*trail, name])
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = action.statusTip() or action.toolTip()
            found.append(Command(action, " › ".join([*trail, name]), shortcut, tip))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), [top.text().replace("&", "")])
    return found


def matches(command: Command, text: str) -> bool:
    return all(word in command.haystack for word in text.lower().split())


class CommandPalette(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("command_palette")
        self.setWindowTitle("Commands")
        self.window_ = window
        self.search = QLineEdit()
        self.search.setObjectName("command_search")
        self.search.setPlaceholderText("Type to find a command (Enter runs it, Esc closes)")
        self.search.setToolTip("Every word typed must appear in the command's name or menu")
        self.list = QListWidget()
        self.list.setObjectName("command_list")
        self.list.setToolTip("Every command of the menus; Enter or a double click runs it")
        self.note = QLabel()
        self.note.setObjectName("command_note")
        box = QVBoxLayout(self)
        box.addWidget(self.search)
        box.addWidget(self.list, stretch=1)
        box.addWidget(self.note)
        self.resize(within_screen(window, 640, 420))
        self.commands: list[Command] = []
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.run_chosen)
        self.list.itemActivated.connect(lambda _item: self.run_chosen())
        self.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down move through the list while the search box keeps the typing.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                visible = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
                if visible:
                    row = min(max(row, visible[0]), visible[-1])
                    while row not in visible and 0 <= row < self.list.count():
                        row += 1 if key == Qt.Key.Key_Down else -1
                    if row in visible:
                        self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def show_commands(self) -> None:
        self.commands = menu_commands(self.window_)
        self.list.clear()
        for command in self.commands:
            label = command.path + (f"    {command.shortcut}" if command.shortcut else "")
            item = QListWidgetItem(label)
            item.setToolTip(command.tip)
            if not command.action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.search.clear()
        self._filter("")
        self.note.setText("")
        self.open()
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        first = -1
        for row, command in enumerate(self.commands):
            hidden = not matches(command, text)
            self.list.item(row).setHidden(hidden)
            if not hidden and first < 0 and command.action.isEnabled():
                first = row
        if first >= 0:
            self.list.setCurrentRow(first)

    def chosen(self) -> Command | None:
        row = self.list.currentRow()
        if 0 <= row < len(self.commands) and not self.list.item(row).isHidden():
            return self.commands[row]
        return None

    def run_chosen(self) -> None:
        command = self.chosen()
        if command is None:
            self.note.setText("No command matches")
            return
        if not command.action.isEnabled():
            self.note.setText(f"{command.path} cannot be used now")
            return
        self.accept()
        command.action.trigger()


def install_command_palette(window: QMainWindow) -> QAction:
    palette = CommandPalette(window)
    window.command_palette = palette
    action = QAction("Find a &Command…", window)
    action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+Shift+P")])
    action.setStatusTip("A searchable list of every command in the menus")
    action.setToolTip("A searchable list of every command in the menus (Ctrl+K)")
    action.triggered.connect(palette.show_commands)
    for top in window.menuBar().actions():
        if top.menu() is not None and top.text().replace("&", "") == "Help":
            top.menu().insertAction(top.menu().actions()[0], action)
    window.addAction(action)
    window.command_palette_action = action
    return action
