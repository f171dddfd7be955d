"""The anaesthetist inspector: the orders a trainee gives the anaesthetist during a procedure.

Holding the pressure above an aortic occlusion with a vasodilator (the HAP expert's
nitroglycerin), raising it with a vasopressor, or giving fluid are plan actions like any other
(``vasodilator``, ``vasopressor``, ``give_fluid``), so the trainee must be able to order them:
without this form the expert's plan could not be carried out by hand. An infusion is started or
its rate changed with Order and stopped with Stop (rate 0); fluid is a volume at a rate.

Every change of a field builds the action (the plan format's bounds and each class's clinical
ceiling, from the pydantic models) and shows the reason it is refused before anything is
recorded; the plan editor then checks the plan with it (the anaesthetist file's per-drug
limits) and its refusal is shown the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.gui.inspectors.context import InspectorContext, _first_reason
from simulator.gui.inspectors.drug import narrow_combo
from simulator.gui.workspace.alarm_style import look
from simulator.scenario.plan_file import AnyAction, GiveFluid, Vasodilator, Vasopressor

ORDERS: tuple[tuple[str, str, str], ...] = (
    ("vasodilator", "nitroglycerin", "Nitroglycerin (vasodilator)"),
    ("vasodilator", "nitroprusside", "Nitroprusside (vasodilator)"),
    ("vasopressor", "phenylephrine", "Phenylephrine (vasopressor)"),
    ("vasopressor", "noradrenaline", "Noradrenaline (vasopressor)"),
    ("fluid", "crystalloid", "Crystalloid (fluid)"),
    ("fluid", "colloid", "Colloid (fluid)"),
)
UNITS = (("ug_kg_min", "µg/kg/min"), ("ug_min", "µg/min"))
UNIT_WORDS = dict(UNITS)
DEFAULT_RATE = 1.0
"""µg/kg/min: the low end of nitroglycerin's usual range, a safe first order."""
DEFAULT_FLUID_ML = 500.0
DEFAULT_FLUID_RATE_ML_MIN = 100.0


def running_infusions(actions: Sequence[AnyAction], now_s: float) -> dict[str, tuple[float, str]]:
    """Drug → (rate, unit) of each vasoactive infusion the plan runs at ``now_s`` (the last
    order of each drug at or before then; a rate of 0 stopped it)."""
    running: dict[str, tuple[float, str]] = {}
    for action in sorted(actions, key=lambda a: a.t_s):
        if action.t_s > now_s:
            break
        if isinstance(action, Vasodilator | Vasopressor):
            if action.rate > 0.0:
                running[action.drug] = (action.rate, action.unit)
            else:
                running.pop(action.drug, None)
    return running


class AnaesthetistInspector(QWidget):
    def __init__(self, context: InspectorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("anaesthetist_inspector")
        self.context = context
        self.title = QLabel("<b>Orders for the anaesthetist</b>")
        self.order_box = QComboBox()
        self.order_box.setObjectName("anaesthetist_order_box")
        self.order_box.setToolTip(
            "A vasodilator to hold the pressure down (above an aortic balloon), a vasopressor "
            "to raise it, or fluid"
        )
        narrow_combo(self.order_box)
        for kind, drug, text in ORDERS:
            self.order_box.addItem(text, (kind, drug))
        self.rate_box = QDoubleSpinBox()
        self.rate_box.setObjectName("anaesthetist_rate_box")
        self.rate_box.setDecimals(2)
        self.rate_box.setRange(0.0, 10000.0)
        self.rate_box.setSingleStep(0.5)
        self.rate_box.setValue(DEFAULT_RATE)
        self.rate_box.setToolTip("The infusion's rate; Stop sets it to 0")
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("anaesthetist_unit_box")
        self.unit_box.setToolTip("Per kg of the patient's weight per minute, or per minute")
        for unit, words in UNITS:
            self.unit_box.addItem(words, unit)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate_box, stretch=1)
        rate_row.addWidget(self.unit_box)
        self.volume_box = QDoubleSpinBox()
        self.volume_box.setObjectName("anaesthetist_volume_box")
        self.volume_box.setSuffix(" mL")
        self.volume_box.setDecimals(0)
        self.volume_box.setRange(0.0, 10000.0)
        self.volume_box.setSingleStep(50.0)
        self.volume_box.setValue(DEFAULT_FLUID_ML)
        self.volume_box.setToolTip("How much fluid, in mL")
        self.fluid_rate_box = QDoubleSpinBox()
        self.fluid_rate_box.setObjectName("anaesthetist_fluid_rate_box")
        self.fluid_rate_box.setSuffix(" mL/min")
        self.fluid_rate_box.setDecimals(0)
        self.fluid_rate_box.setRange(0.0, 10000.0)
        self.fluid_rate_box.setSingleStep(10.0)
        self.fluid_rate_box.setValue(DEFAULT_FLUID_RATE_ML_MIN)
        self.fluid_rate_box.setToolTip("A drip gives 10-120 mL/min, a pressure bag up to 600")
        self.running_label = QLabel()
        self.running_label.setObjectName("anaesthetist_running")
        self.running_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("anaesthetist_reason")
        self.reason_label.setWordWrap(True)
        self.order_button = QPushButton("&Order")
        self.order_button.setObjectName("anaesthetist_order_button")
        self.stop_button = QPushButton("Stop &infusion")
        self.stop_button.setObjectName("anaesthetist_stop_button")
        self.stop_button.setToolTip("Stop this drug's infusion (its rate to 0): one action")
        buttons = QHBoxLayout()
        buttons.addWidget(self.order_button)
        buttons.addWidget(self.stop_button)
        self.form = QFormLayout()
        self.form.addRow("&Drug or fluid", self.order_box)
        self.form.addRow("Rate", rate_row)
        self.form.addRow("Volume", self.volume_box)
        self.form.addRow("Fluid rate", self.fluid_rate_box)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(self.form)
        box.addWidget(self.running_label)
        box.addWidget(self.reason_label)
        box.addLayout(buttons)
        box.addStretch(1)
        self.order_box.currentIndexChanged.connect(self.recheck)
        for spin in (self.rate_box, self.volume_box, self.fluid_rate_box):
            spin.valueChanged.connect(self.recheck)
        self.unit_box.currentIndexChanged.connect(self.recheck)
        self.order_button.clicked.connect(self.order)
        self.stop_button.clicked.connect(self.stop)
        self.recheck()

    # -- the draft ----------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.order_box.currentData()[0]

    @property
    def drug(self) -> str:
        return self.order_box.currentData()[1]

    def _action(self, t_s: float, rate: float | None = None) -> AnyAction:
        """The action the form says (``rate`` overrides the rate box: Stop gives 0)."""
        if self.kind == "fluid":
            return GiveFluid(
                t_s=t_s,
                fluid=self.drug,
                volume_ml=self.volume_box.value(),
                rate_ml_min=self.fluid_rate_box.value(),
            )
        model = Vasodilator if self.kind == "vasodilator" else Vasopressor
        return model(
            t_s=t_s,
            drug=self.drug,
            rate=self.rate_box.value() if rate is None else rate,
            unit=self.unit_box.currentData(),
        )

    def _text(self, action: AnyAction) -> str:
        name = self.order_box.currentText().split(" (")[0]
        if isinstance(action, GiveFluid):
            return f"{name} {action.volume_ml:g} mL at {action.rate_ml_min:g} mL/min"
        if action.rate == 0.0:
            return f"Stop {name.lower()}"
        return f"{name} {action.rate:g} {UNIT_WORDS[action.unit]}"

    def _check(self, rate: float | None = None) -> tuple[AnyAction | None, str | None]:
        if self.context.scenario is None:
            return None, "no attempt is running"
        try:
            return self._action(self.context.now_s(), rate), None
        except ValidationError as error:
            return None, _first_reason(error)

    # -- what is shown ------------------------------------------------------------------------
    def recheck(self, *_args) -> AnyAction | None:
        """Check the form as it stands and say why it is refused, if it is."""
        self.follow()
        action, reason = self._check()
        self._show_reason(reason)
        self.order_button.setToolTip(
            "Give this order: one action" if reason is None else f"Not allowed: {reason}"
        )
        return action

    def follow(self) -> None:
        """Catch up with the plan and the time: what runs now, which buttons apply (a refusal
        the plan editor gave stays shown)."""
        fluid = self.kind == "fluid"
        for field in (self.volume_box, self.fluid_rate_box):
            field.setEnabled(fluid)
        self.rate_box.setEnabled(not fluid)
        self.unit_box.setEnabled(not fluid)
        running = running_infusions(self.context.plan_actions(), self.context.now_s())
        if running:
            parts = [f"{d} {r:g} {UNIT_WORDS[u]}" for d, (r, u) in sorted(running.items())]
            self.running_label.setText("Running now: " + ", ".join(parts))
        else:
            self.running_label.setText("No vasoactive infusion is running.")
        self.stop_button.setEnabled(not fluid and self.drug in running)
        if fluid:
            self.order_button.setText("&Order fluid")
        else:
            self.order_button.setText("Change &rate" if self.drug in running else "&Order")

    def _show_reason(self, reason: str | None, prefix: str = "Not allowed: ") -> None:
        if reason is None:
            self.reason_label.clear()
            return
        self.reason_label.setText(prefix + reason)
        self.reason_label.setStyleSheet(f"color: {look('alarm').colour.name()}")

    # -- orders -------------------------------------------------------------------------------
    def order(self) -> bool:
        return self._propose(None)

    def stop(self) -> bool:
        return self._propose(0.0)

    def _propose(self, rate: float | None) -> bool:
        action, reason = self._check(rate)
        if action is None:
            self._show_reason(reason)
            return False
        refused = self.context.propose(
            lambda t_s: action.model_copy(update={"t_s": t_s}), self._text(action)
        )
        if refused is not None:
            self._show_reason(refused, "Not done: ")
            return False
        self.recheck()
        return True
