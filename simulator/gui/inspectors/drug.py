"""The catheter inspector: give drug through a catheter's port, stop it, and puff contrast.

A bolus is a dose in a volume over a duration; an infusion a concentration at a rate until it
is stopped. Every change of a field is checked at once by ``session.proposals`` (the drug
table's and catalog's limits, the planned dose), and the reason is shown under the fields
before anything is recorded; Give proposes the action only when the check lets it through, so
a refused value never becomes an action. The contrast puff makes the isolation check one click:
it marks the isolation-check phase (if the attempt is not already past it), gives a small
contrast bolus through the chosen port and turns the map to the contrast overlay, which shows
where the contrast goes.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.workspace.alarm_style import look
from simulator.scenario.plan_file import MarkPhase
from simulator.session.proposals import DrugDraft, Proposal, check_drug, check_stop, dose_account

CONTRAST_PUFF = {"dose_mg": 3000.0, "volume_ml": 10.0, "duration_s": 10.0}
"""[E] A test injection of iodinated contrast: 10 mL of 300 mg iodine/mL pushed by hand in
about 10 s, enough to outline the isolated segment on fluoroscopy (the HAP expert's puff)."""
DEFAULT_BOLUS_VOLUME_ML = 50.0
DEFAULT_BOLUS_S = 180.0
PHASES_BEFORE_CHECK = ("preparation",)


def narrow_combo(box: QComboBox, characters: int = 16) -> None:
    """A combo box whose long entries do not widen the dock (they show whole in the list)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)


def _spin(name: str, suffix: str, top: float, decimals: int, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setSuffix(suffix)
    box.setDecimals(decimals)
    box.setRange(0.0, top)
    box.setToolTip(tip)
    return box


class DrugInspector(QWidget):
    """Drugs through one catheter; ``set_catheter`` chooses it."""

    def __init__(self, context: InspectorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drug_inspector")
        self.context = context
        self.catheter_id: str | None = None
        self.last_proposal: Proposal | None = None

        self.title = QLabel()
        self.title.setObjectName("drug_title")
        self.title.setWordWrap(True)
        self.port_box = QComboBox()
        self.port_box.setObjectName("drug_port_box")
        self.port_box.setToolTip("Which infusion opening of the catheter the drug leaves through")
        narrow_combo(self.port_box)
        self.drug_box = QComboBox()
        self.drug_box.setObjectName("drug_box")
        self.drug_box.setToolTip(
            "The protocol's drugs, and contrast and the tracer, which may always be given"
        )
        narrow_combo(self.drug_box)
        self.bolus_button = QRadioButton("&Bolus")
        self.bolus_button.setObjectName("drug_mode_bolus")
        self.bolus_button.setToolTip("A dose in a volume over a duration; it ends by itself")
        self.infusion_button = QRadioButton("Inf&usion")
        self.infusion_button.setObjectName("drug_mode_infusion")
        self.infusion_button.setToolTip("A concentration at a rate, until it is stopped")
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.bolus_button)
        self.modes.addButton(self.infusion_button)
        self.bolus_button.setChecked(True)
        self.dose_box = _spin("drug_dose_box", " mg", 100_000.0, 2, "Dose of this bolus")
        self.volume_box = _spin("drug_volume_box", " mL", 5000.0, 2, "Volume it is given in")
        self.duration_box = _spin(
            "drug_duration_box", " s", 86_400.0, 1, "How long the bolus is pushed over"
        )
        self.concentration_box = _spin(
            "drug_concentration_box",
            " mg/mL",
            400.0,
            3,
            "Concentration of the infusion (0 is a saline flush)",
        )
        self.rate_box = _spin("drug_rate_box", " mL/min", 5000.0, 2, "Infusion rate")
        self.derived_label = QLabel()
        self.derived_label.setObjectName("drug_derived")
        self.derived_label.setWordWrap(True)
        self.account_label = QLabel()
        self.account_label.setObjectName("drug_account")
        self.account_label.setWordWrap(True)
        self.account_label.setToolTip(
            "The protocol's dose of this drug, what the plan has given so far, and the drug "
            "table's limit for one regional procedure"
        )
        self.reason_label = QLabel()
        self.reason_label.setObjectName("drug_reason")
        self.reason_label.setWordWrap(True)
        self.give_button = QPushButton("&Give")
        self.give_button.setObjectName("drug_give_button")
        self.give_button.setToolTip("Give the bolus or start the infusion shown (Alt+G)")
        self.stop_button = QPushButton("&Stop")
        self.stop_button.setObjectName("drug_stop_button")
        self.stop_button.setToolTip("Stop what runs through this catheter (Alt+S)")
        self.puff_button = QPushButton("&Contrast puff")
        self.puff_button.setObjectName("contrast_puff_button")
        self.puff_button.setToolTip(
            "Isolation check in one click: mark the isolation-check phase, push "
            f"{CONTRAST_PUFF['volume_ml']:g} mL of contrast through the chosen port and show on "
            "the map where it goes (Alt+C)"
        )

        modes = QHBoxLayout()
        modes.addWidget(self.bolus_button)
        modes.addWidget(self.infusion_button)
        form = QFormLayout()
        form.addRow("Port", self.port_box)
        form.addRow("Drug", self.drug_box)
        form.addRow("Mode", modes)
        form.addRow("Dose", self.dose_box)
        form.addRow("Volume", self.volume_box)
        form.addRow("Duration", self.duration_box)
        form.addRow("Concentration", self.concentration_box)
        form.addRow("Rate", self.rate_box)
        form.addRow("", self.derived_label)
        self._form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.give_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.puff_button)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(form)
        box.addWidget(self.account_label)
        box.addWidget(self.reason_label)
        box.addLayout(buttons)
        box.addStretch(1)

        for spin in (
            self.dose_box,
            self.volume_box,
            self.duration_box,
            self.concentration_box,
            self.rate_box,
        ):
            spin.valueChanged.connect(self.recheck)
        self.port_box.currentIndexChanged.connect(self.recheck)
        self.drug_box.currentIndexChanged.connect(self._drug_changed)
        self.modes.buttonToggled.connect(self._mode_changed)
        self.give_button.clicked.connect(self.give)
        self.stop_button.clicked.connect(self.stop)
        self.puff_button.clicked.connect(self.puff)
        self._mode_changed()
        self.setEnabled(False)

    # -- choosing ------------------------------------------------------------------------------
    def _catheter(self):
        snapshot = self.context.snapshot()
        if snapshot is None or self.catheter_id not in snapshot.devices.catheters:
            return None
        return snapshot.devices.catheters[self.catheter_id]

    def set_catheter(self, catheter_id: str | None) -> None:
        self.catheter_id = catheter_id
        catheter = self._catheter()
        self.setEnabled(catheter is not None)
        if catheter is None:
            self.title.setText("No catheter chosen")
            return
        device = self.context.catalog.device(catheter.model)
        self.title.setText(f"<b>Catheter {catheter_id}</b><br>{device.name}")
        openings = sorted(
            (p for p in getattr(device, "ports", []) if p.function == "infusion"),
            key=lambda p: p.distance_from_tip_mm,
        )
        self.port_box.blockSignals(True)
        self.port_box.clear()
        if not openings:
            self.port_box.addItem("end hole", 0)
        for index, port in enumerate(openings):
            where = (
                "end hole"
                if port.distance_from_tip_mm == 0
                else f"side holes {port.distance_from_tip_mm:g} mm from the tip"
            )
            carries = f", up to {port.max_flow_ml_min:g} mL/min" if port.max_flow_ml_min else ""
            self.port_box.addItem(f"{index}: {where}{carries}", index)
        # A stop-flow catheter infuses the isolated segment through its side holes.
        self.port_box.setCurrentIndex(self.port_box.count() - 1)
        self.port_box.blockSignals(False)
        self._fill_drugs()

    def _fill_drugs(self) -> None:
        scenario = self.context.scenario
        protocol = [dose.drug for dose in scenario.drug_protocol] if scenario else []
        others = [d.id for d in self.context.drugs.drugs if d.kind != "cytotoxic"]
        chosen = self.drug_box.currentData()
        self.drug_box.blockSignals(True)
        self.drug_box.clear()
        for drug_id in [*protocol, *others]:
            entry = self.context.drugs.drug(drug_id)
            self.drug_box.addItem(entry.name, drug_id)
        index = self.drug_box.findData(chosen)
        self.drug_box.setCurrentIndex(max(index, 0))
        self.drug_box.blockSignals(False)
        self._drug_changed()

    def _drug_changed(self, *_args) -> None:
        """Start from what is left of the protocol's dose of the chosen drug."""
        drug = self.drug_box.currentData()
        scenario = self.context.scenario
        if drug is None or scenario is None:
            return
        unit = self._unit(drug)
        self.dose_box.setSuffix(f" {unit}")
        self.concentration_box.setSuffix(f" {unit}/mL")
        account = dose_account(
            drug, scenario, self.context.drugs, self.context.plan_actions(), self.context.now_s()
        )
        for spin in (self.dose_box, self.volume_box, self.duration_box):
            spin.blockSignals(True)
        if drug == "contrast":
            self.dose_box.setValue(CONTRAST_PUFF["dose_mg"])
            self.volume_box.setValue(CONTRAST_PUFF["volume_ml"])
            self.duration_box.setValue(CONTRAST_PUFF["duration_s"])
        elif account is not None and account.left_mg is not None:
            self.dose_box.setValue(account.left_mg)
            self.volume_box.setValue(DEFAULT_BOLUS_VOLUME_ML)
            self.duration_box.setValue(DEFAULT_BOLUS_S)
        for spin in (self.dose_box, self.volume_box, self.duration_box):
            spin.blockSignals(False)
        self.recheck()

    def _unit(self, drug: str) -> str:
        unit = self.context.drugs.drug(drug).amount_unit
        return {"mg_iodine": "mg I"}.get(unit, unit)

    def _mode_changed(self, *_args) -> None:
        bolus = self.bolus_button.isChecked()
        for spin, shown in (
            (self.dose_box, bolus),
            (self.volume_box, bolus),
            (self.duration_box, bolus),
            (self.concentration_box, not bolus),
            (self.rate_box, not bolus),
        ):
            self._form.setRowVisible(spin, shown)
        self.give_button.setText("&Give bolus" if bolus else "Start &infusion")
        self.recheck()

    # -- checking ------------------------------------------------------------------------------
    def draft(self) -> DrugDraft | None:
        if self.catheter_id is None or self.drug_box.currentData() is None:
            return None
        port = self.port_box.currentData() or 0
        if self.bolus_button.isChecked():
            return DrugDraft(
                "bolus",
                self.catheter_id,
                self.drug_box.currentData(),
                port=port,
                dose_mg=self.dose_box.value(),
                volume_ml=self.volume_box.value(),
                duration_s=self.duration_box.value(),
            )
        return DrugDraft(
            "infusion",
            self.catheter_id,
            self.drug_box.currentData(),
            port=port,
            rate_ml_min=self.rate_box.value(),
            concentration_mg_ml=self.concentration_box.value(),
        )

    def _check(self, draft: DrugDraft) -> Proposal:
        snapshot = self.context.snapshot()
        scenario = self.context.scenario
        if snapshot is None or scenario is None:
            return Proposal(None, "no attempt is running")
        return check_drug(
            draft,
            self.context.now_s(),
            scenario,
            self.context.catalog,
            self.context.drugs,
            snapshot.devices,
            self.context.plan_actions(),
        )

    def recheck(self, *_args) -> Proposal | None:
        """Check the fields as they are now and say at once what is wrong with them."""
        draft = self.draft()
        if draft is None:
            return None
        proposal = self._check(draft)
        self.last_proposal = proposal
        unit = self._unit(draft.drug)
        if draft.mode == "bolus":
            concentration = draft.dose_mg / draft.volume_ml if draft.volume_ml > 0 else 0.0
            rate = draft.volume_ml / draft.duration_s * 60.0 if draft.duration_s > 0 else 0.0
            self.derived_label.setText(f"{concentration:.3g} {unit}/mL at {rate:.3g} mL/min")
        else:
            amount = draft.rate_ml_min * draft.concentration_mg_ml
            self.derived_label.setText(f"{amount:.3g} {unit}/min until stopped")
        account = proposal.account
        if account is not None:
            planned = (
                f"protocol {account.planned_mg:g} {unit}, "
                if account.planned_mg is not None
                else ""
            )
            limit = (
                f"; the table allows {account.table_limit_mg:g} {unit} per procedure"
                if account.table_limit_mg is not None
                else ""
            )
            left = f", {account.left_mg:.4g} left" if account.left_mg is not None else ""
            self.account_label.setText(f"{planned}given {account.given_mg:.4g} {unit}{left}{limit}")
        self._show_reason(proposal.reason)
        return proposal

    def _show_reason(self, reason: str | None, prefix: str = "Not allowed: ") -> None:
        if reason is None:
            self.reason_label.clear()
            return
        self.reason_label.setText(f"{prefix}{reason}")
        self.reason_label.setStyleSheet(f"color: {look('alarm').colour.name()}")

    # -- recording -----------------------------------------------------------------------------
    def _propose(self, proposal: Proposal, text: str) -> bool:
        if proposal.action is None:
            self._show_reason(proposal.reason)
            return False
        action = proposal.action
        reason = self.context.propose(lambda t_s: action.model_copy(update={"t_s": t_s}), text)
        if reason is not None:
            self._show_reason(reason, "Not done: ")
            return False
        self.reason_label.clear()
        return True

    def give(self) -> bool:
        draft = self.draft()
        if draft is None:
            return False
        proposal = self._check(draft)
        unit = self._unit(draft.drug)
        name = self.context.drugs.drug(draft.drug).name
        if draft.mode == "bolus":
            text = f"Bolus {draft.dose_mg:g} {unit} {name} through {draft.catheter_id}"
        else:
            text = (
                f"Infuse {name} {draft.concentration_mg_ml:g} {unit}/mL at "
                f"{draft.rate_ml_min:g} mL/min through {draft.catheter_id}"
            )
        done = self._propose(proposal, text)
        if done:
            self.recheck()
            self._show_reason(None)
        return done

    def stop(self) -> bool:
        snapshot = self.context.snapshot()
        if snapshot is None or self.catheter_id is None:
            return False
        proposal = check_stop(self.catheter_id, self.context.now_s(), snapshot.devices)
        return self._propose(proposal, f"Stop the infusion through {self.catheter_id}")

    def puff(self) -> bool:
        """Isolation check in one click."""
        if self.catheter_id is None:
            return False
        snapshot = self.context.snapshot()
        draft = DrugDraft(
            "bolus",
            self.catheter_id,
            "contrast",
            port=self.port_box.currentData() or 0,
            **CONTRAST_PUFF,
        )
        proposal = self._check(draft)
        if proposal.action is None:
            self._show_reason(proposal.reason)
            return False
        if snapshot is not None and snapshot.phase in PHASES_BEFORE_CHECK:
            reason = self.context.propose(
                lambda t_s: MarkPhase(t_s=t_s, phase="isolation_check"),
                "Mark the isolation check",
            )
            if reason is not None:
                self._show_reason(reason, "Not done: ")
                return False
        done = self._propose(proposal, f"Contrast puff through {self.catheter_id}")
        if done and self.context.show_contrast is not None:
            self.context.show_contrast()
        return done
