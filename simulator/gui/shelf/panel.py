"""The device shelf: what the scenario puts within the trainee's reach, and what is left of the
protocol's drugs.

A tree with one section per kind (catheters, cuffs, circuits and filters, embolisation, drugs);
each row is the device's icon, its name and its key figures (``figures.device_figures``), with
the catalog's description in the tooltip. Catheters and cuffs are *carried* to the map: press on
the row and drag, and the shelf reports the carry (``carryStarted``, ``carryMoved`` with global
positions, ``carryFinished``, ``carryCancelled`` on Escape) so the map's interaction can light
up where it may go. The shelf keeps the mouse while carrying (Qt's implicit grab), which needs
no platform drag and drop and so works the same on every platform and under test. From the
keyboard, Enter or the context menu's "Place…" on a row asks for a placement menu instead
(``placeRequested``). Nothing here changes the plan.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from simulator.gui.shelf.figures import SECTIONS, device_figures, dose_line, section_of
from simulator.gui.shelf.icons import ICON_PX, device_icon, drug_icon
from simulator.scenario.catalog_file import CatalogFile, PneumaticCuff
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.scenario_file import ScenarioFile

ITEM_ROLE = Qt.ItemDataRole.UserRole
"""Each row's ``(kind, id)``: ``("device", catalog id)`` or ``("drug", drug id)``."""
CARRIED_SECTIONS = ("catheters", "cuffs")
"""Rows the trainee carries to the map; circuits, filters and embolics are used from the
inspectors, which pick them from here by id."""


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the shelf's width (a tree sizes rows by their line
    count only, which would cut a wrapped figure off)."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        assert isinstance(view, QTreeWidget)
        width = view.viewport().width() - view.iconSize().width() - 3 * view.indentation() - 12
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = option.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 80), 10_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class DeviceShelf(QTreeWidget):
    carryStarted = Signal(str)
    """A catheter or cuff (catalog id) is being carried from the shelf."""
    carryMoved = Signal(QPoint)
    """Where the pointer is while carrying (global coordinates)."""
    carryFinished = Signal(QPoint)
    """The button was released there (global coordinates)."""
    carryCancelled = Signal()
    placeRequested = Signal(str)
    """Place this device from the keyboard (Enter, or "Place…" in the row's menu)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("device_shelf")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setIconSize(QSize(ICON_PX, ICON_PX))
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        self.setToolTip(
            "The devices and drugs this scenario provides. Drag a catheter to an access site or"
            " a cuff to a limb root; Enter places the selected one from the keyboard."
        )
        self.scenario: ScenarioFile | None = None
        self.devices: dict[str, object] = {}
        self.rows: dict[tuple[str, str], QTreeWidgetItem] = {}
        self.planned_mg: dict[str, float] = {}
        self._units: dict[str, str] = {}
        self._press: tuple[QPoint, str] | None = None
        self.carrying: str | None = None

    # -- contents ---------------------------------------------------------------------------

    def set_scenario(
        self, scenario: ScenarioFile | None, catalog: CatalogFile, drugs: DrugsFile
    ) -> None:
        self.clear()
        self.rows = {}
        self.devices = {}
        self.planned_mg = {}
        self.scenario = scenario
        if scenario is None:
            return
        sections: dict[str, QTreeWidgetItem] = {}
        for key, title in SECTIONS:
            header = QTreeWidgetItem([title])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            sections[key] = header
        protocol = tuple(dose.drug for dose in scenario.drug_protocol)
        for device_id in scenario.device_shelf:
            try:
                device = catalog.device(device_id)
            except KeyError:
                continue  # the door reports an unknown id; the shelf shows what exists
            self.devices[device_id] = device
            figures = device_figures(device, protocol)
            item = QTreeWidgetItem(["\n".join([device.name, *figures])])
            item.setIcon(0, device_icon(device))
            item.setData(0, ITEM_ROLE, ("device", device_id))
            how = ""
            if section_of(device) in CARRIED_SECTIONS:
                target = "a limb root" if isinstance(device, PneumaticCuff) else "an access site"
                how = f"<br><i>Drag it to {target} on the map, or press Enter.</i>"
            item.setToolTip(
                0,
                f"<b>{device.name}</b><br>{'<br>'.join(figures)}<br><br>{device.description}"
                f"<br><small>modelled on {device.manufacturer_model_reference}</small>{how}",
            )
            sections[section_of(device)].addChild(item)
            self.rows[("device", device_id)] = item
        for dose in scenario.drug_protocol:
            try:
                drug = drugs.drug(dose.drug)
            except KeyError:
                continue
            self.planned_mg[drug.id] = dose.dose_mg
            self._units[drug.id] = drug.amount_unit
            item = QTreeWidgetItem([self._drug_text(drug.id, drug.name, 0.0)])
            item.setIcon(0, drug_icon(drug.kind))
            item.setData(0, ITEM_ROLE, ("drug", drug.id))
            item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, drug.name)
            item.setToolTip(
                0,
                f"<b>{drug.name}</b><br>planned dose {dose.dose_mg:g}"
                f" {drug.amount_unit.replace('_', ' ')}<br>{dose.dose_calculation}",
            )
            sections["drugs"].addChild(item)
            self.rows[("drug", drug.id)] = item
        for key, _ in SECTIONS:
            if sections[key].childCount():
                self.addTopLevelItem(sections[key])
                sections[key].setExpanded(True)

    def _drug_text(self, drug_id: str, name: str, delivered_mg: float) -> str:
        line = dose_line(self.planned_mg[drug_id], delivered_mg, self._units.get(drug_id, "mg"))
        return f"{name}\n{line}"

    def show_doses(self, delivered_mg: dict[str, float]) -> None:
        """Update each protocol drug's dose left from what the session has delivered."""
        for drug_id in self.planned_mg:
            item = self.rows[("drug", drug_id)]
            name = item.data(0, Qt.ItemDataRole.AccessibleDescriptionRole)
            text = self._drug_text(drug_id, name, float(delivered_mg.get(drug_id, 0.0)))
            if item.text(0) != text:
                item.setText(0, text)

    def row_text(self, kind: str, item_id: str) -> str:
        return self.rows[(kind, item_id)].text(0)

    def current_device(self) -> str | None:
        item = self.currentItem()
        data = item.data(0, ITEM_ROLE) if item is not None else None
        return data[1] if data and data[0] == "device" else None

    def _carried_at(self, pos: QPoint) -> str | None:
        item = self.itemAt(pos)
        data = item.data(0, ITEM_ROLE) if item is not None else None
        if not data or data[0] != "device":
            return None
        device = self.devices.get(data[1])
        return data[1] if device is not None and section_of(device) in CARRIED_SECTIONS else None

    # -- carrying ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            device_id = self._carried_at(event.position().toPoint())
            self._press = (event.position().toPoint(), device_id) if device_id else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self.carrying is not None:
            self.carryMoved.emit(self.viewport().mapToGlobal(pos))
            return
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, device_id = self._press
            if (pos - start).manhattanLength() >= QApplication.startDragDistance():
                self.carrying = device_id
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.carryStarted.emit(device_id)
                self.carryMoved.emit(self.viewport().mapToGlobal(pos))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.carrying is not None and event.button() == Qt.MouseButton.LeftButton:
            self._end_carry()
            self.carryFinished.emit(self.viewport().mapToGlobal(event.position().toPoint()))
            return
        self._press = None
        super().mouseReleaseEvent(event)

    def _end_carry(self) -> None:
        self.carrying = None
        self._press = None
        self.viewport().unsetCursor()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # rows rewrap to the new width

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.carrying is not None and event.key() == Qt.Key.Key_Escape:
            self._end_carry()
            self.carryCancelled.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            device_id = self.current_device()
            if device_id is not None and section_of(self.devices[device_id]) in CARRIED_SECTIONS:
                self.placeRequested.emit(device_id)
                return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        device_id = self._carried_at(event.pos())
        if device_id is None:
            return
        self.setCurrentItem(self.rows[("device", device_id)])
        menu = QMenu(self)
        action = menu.addAction("&Place…")
        action.setToolTip("Choose where this device goes from a list (Enter)")
        action.triggered.connect(lambda: self.placeRequested.emit(device_id))
        self.context_menu = menu
        menu.popup(event.globalPos())
