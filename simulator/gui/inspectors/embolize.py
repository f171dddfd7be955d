"""The embolisation inspector: a coil or particles at a point of an artery (issue 8 item 6).

The vessel is chosen from the list of arteries (typing filters it) or from the map
(``set_point``, which a click on a vessel calls); the position is the fraction along the vessel
in its from → to direction. The agents are those of the embolics on the scenario's shelf. Every
change is checked at once (``session.proposals.check_embolize``) and Embolise proposes one
``embolize`` action only when the check lets it through.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.gui import describe
from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.inspectors.drug import narrow_combo
from simulator.gui.workspace.alarm_style import look
from simulator.session.proposals import Proposal, check_embolize

AGENT_NAMES = {"coil": "Coil (closes the vessel)", "particles": "Particles (close the bed)"}


class EmbolizeInspector(QWidget):
    def __init__(self, context: InspectorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("embolize_inspector")
        self.context = context
        self._kinds = {s.id: s.kind for s in context.atlas.segments}
        self.title = QLabel("<b>Embolise a vessel</b>")
        self.vessel_box = QComboBox()
        self.vessel_box.setObjectName("embolize_vessel_box")
        self.vessel_box.setEditable(True)
        self.vessel_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.vessel_box.setToolTip(
            "The artery to embolise (type to search, or click it on the map)"
        )
        narrow_combo(self.vessel_box)
        arteries = sorted(
            (s for s in context.atlas.segments if s.kind == "artery"),
            key=lambda s: describe.display_name(s.id),
        )
        for segment in arteries:
            self.vessel_box.addItem(describe.display_name(segment.id), segment.id)
        completer = self.vessel_box.completer()
        if completer is not None:
            completer.setFilterMode(completer.filterMode().MatchContains)
        self.position_box = QDoubleSpinBox()
        self.position_box.setObjectName("embolize_position_box")
        self.position_box.setRange(0.0, 1.0)
        self.position_box.setSingleStep(0.05)
        self.position_box.setValue(0.5)
        self.position_box.setToolTip("Where along the vessel, 0 at its start and 1 at its end")
        self.agent_box = QComboBox()
        self.agent_box.setObjectName("embolize_agent_box")
        self.agent_box.setToolTip("The embolic agents on this scenario's shelf")
        self.amount_box = QDoubleSpinBox()
        self.amount_box.setObjectName("embolize_amount_box")
        self.amount_box.setRange(0.0, 1.0)
        self.amount_box.setSingleStep(0.05)
        self.amount_box.setValue(1.0)
        self.amount_box.setToolTip(
            "Coil: how fully it closes the vessel; particles: the share of the bed's vessels closed"
        )
        self.reason_label = QLabel()
        self.reason_label.setObjectName("embolize_reason")
        self.reason_label.setWordWrap(True)
        self.embolize_button = QPushButton("&Embolise")
        self.embolize_button.setObjectName("embolize_button")
        self.embolize_button.setToolTip("Place the agent at this point: one embolize action")
        form = QFormLayout()
        form.addRow("Vessel", self.vessel_box)
        form.addRow("Position", self.position_box)
        form.addRow("Agent", self.agent_box)
        form.addRow("Amount", self.amount_box)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(form)
        box.addWidget(self.reason_label)
        box.addWidget(self.embolize_button)
        box.addStretch(1)
        self.vessel_box.currentIndexChanged.connect(self.recheck)
        self.position_box.valueChanged.connect(self.recheck)
        self.agent_box.currentIndexChanged.connect(self.recheck)
        self.amount_box.valueChanged.connect(self.recheck)
        self.embolize_button.clicked.connect(self.embolize)

    def refresh_agents(self) -> None:
        scenario = self.context.scenario
        agents = []
        for device_id in scenario.device_shelf if scenario is not None else ():
            agent = getattr(self.context.catalog.device(device_id), "agent", None)
            if agent is not None and agent not in agents:
                agents.append(agent)
        chosen = self.agent_box.currentData()
        self.agent_box.blockSignals(True)
        self.agent_box.clear()
        for agent in agents or ["coil", "particles"]:
            self.agent_box.addItem(AGENT_NAMES[agent], agent)
        self.agent_box.setCurrentIndex(max(self.agent_box.findData(chosen), 0))
        self.agent_box.blockSignals(False)
        self.recheck()

    def set_point(self, vessel: str, position: float) -> bool:
        """Choose a point picked on the map; False when the vessel is not in the list."""
        index = self.vessel_box.findData(vessel)
        if index < 0:
            self._show_reason(
                f"{describe.display_name(vessel)} is not an artery "
                f"({self._kinds.get(vessel, 'not in the atlas')}): emboli go in arteries"
            )
            return False
        self.vessel_box.setCurrentIndex(index)
        self.position_box.setValue(position)
        return True

    def _check(self) -> Proposal:
        scenario = self.context.scenario
        if scenario is None:
            return Proposal(None, "no attempt is running")
        return check_embolize(
            self.vessel_box.currentData() or self.vessel_box.currentText(),
            self.position_box.value(),
            self.agent_box.currentData() or "coil",
            self.amount_box.value(),
            self.context.now_s(),
            scenario,
            self.context.catalog,
            self._kinds,
        )

    def recheck(self, *_args) -> Proposal:
        proposal = self._check()
        self._show_reason(proposal.reason)
        return proposal

    def _show_reason(self, reason: str | None, prefix: str = "Not allowed: ") -> None:
        if reason is None:
            self.reason_label.clear()
            return
        self.reason_label.setText(prefix + reason)
        self.reason_label.setStyleSheet(f"color: {look('alarm').colour.name()}")

    def embolize(self) -> bool:
        proposal = self._check()
        if proposal.action is None:
            self._show_reason(proposal.reason)
            return False
        action = proposal.action
        where = describe.display_name(action.vessel)
        reason = self.context.propose(
            lambda t_s: action.model_copy(update={"t_s": t_s}),
            f"Embolise {where} at {action.position:.2f} with "
            + ("a coil" if action.agent == "coil" else "particles"),
        )
        if reason is not None:
            self._show_reason(reason, "Not done: ")
            return False
        self._show_reason(None)
        return True
