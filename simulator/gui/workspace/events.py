"""The alarm and event list: what happened, when, and why, newest at the bottom.

Only new events are appended (the readout's events only ever grow, except on a rewind, which
refills the list)."""

from __future__ import annotations

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from simulator.gui.workspace.alarm_style import look
from simulator.session.events import Event


def event_text(event: Event) -> str:
    minutes, seconds = divmod(round(event.t_s), 60)
    style = look(event.severity)
    return f"{minutes:3d}:{seconds:02d}  {style.symbol} {style.word:<7}  {event.message}"


class EventList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("event_list")
        self.setAlternatingRowColors(True)
        self.setToolTip("Alarms and events so far: time (min:s), severity, what happened and why")
        self._shown: tuple[Event, ...] = ()

    def show_events(self, events: tuple[Event, ...]) -> None:
        if events[: len(self._shown)] != self._shown:
            self.clear()
            self._shown = ()
        for event in events[len(self._shown) :]:
            item = QListWidgetItem(event_text(event))
            item.setToolTip(event.message)
            if event.severity != "info":
                item.setForeground(QBrush(look(event.severity).colour))
            self.addItem(item)
        if len(events) > len(self._shown):
            self.scrollToBottom()
        self._shown = events

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
