"""The patient's own regulation and what the anaesthetist gives, for one session.

Four influences on the circulation, all deterministic and stepped with the session clock:

- the arterial baroreflex (:mod:`simulator.physics.reflex`), whose set point is the resting
  circulation at the start of the session and whose gain the patient's anaesthesia sets;
- each systemic bed's metabolic regulation (:mod:`simulator.physics.metabolic`) around its
  resting flow at the start of the session: a starved bed dilates, and stays dilated for a while
  after its flow returns (reactive hyperaemia);
- vasopressor and vasodilator infusions, each an effect compartment that follows its rate with
  the drug's onset time constant and scales resistance, venous unstressed volume and elastance
  (a vasodilator lowers resistance and raises the unstressed volume);
- volume sources: fluid given (or blood lost, with a negative rate) at a rate for a volume, of
  which a share redistributes out of the blood with a time constant. A haemorrhage is a source
  with a negative rate and a retained fraction of 1 (:meth:`Regulation.add_volume`).

The tone they set is applied to the network the devices give (:func:`apply_tone`) whenever it
has moved by more than ``TONE_TOLERANCE`` from the tone last applied; between updates the reflex
keeps integrating, so the circulation follows it within that tolerance without refactorizing its
matrices every step. Its state lives here, not in the network, so it carries across every rebuild.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulator.physics.mean import edge_flows
from simulator.physics.metabolic import MetabolicRegulation, bed_flow_edges
from simulator.physics.network import Network
from simulator.physics.reflex import (
    REGULATED_GROUPS,
    Baroreflex,
    VascularTone,
    apply_tone,
    bed_groups,
    group_venous_unstressed_ml,
    site_pressures,
)
from simulator.scenario.physiology_file import (
    AnaesthetistFile,
    BaroreflexFile,
    MetabolicFile,
    load_anaesthetist,
    load_baroreflex,
    load_metabolic,
)

TONE_TOLERANCE = 5.0e-4
"""Relative change of any tone factor that makes the session apply the new tone (0.05 %: under
0.1 mmHg of mean pressure)."""
RATE_UNITS = ("ug_kg_min", "ug_min")
QUIET_CHANGE = 1.0e-13
"""A reflex whose filters, effectors and recent efferents all move by less than this in a step
(relative to 1 + |value|) is at its fixed point."""


@dataclass
class VolumeSource:
    """Fluid given (positive rate) or blood lost (negative rate) until ``volume_ml`` has passed.

    The intravascular excess x of this source follows dx/dt = q - (x - f I) / tau, where q is
    the rate, I the volume passed so far and f the retained fraction at equilibrium: infused
    crystalloid fills the interstitium until only f of it stays in the blood."""

    label: str
    rate_ml_s: float
    volume_ml: float
    retained_fraction: float = 1.0
    distribution_time_constant_s: float = math.inf
    passed_ml: float = 0.0
    excess_ml: float = 0.0

    def step(self, dt_s: float) -> tuple[float, float]:
        """(mL/s entering at the entry node, mL/s leaving the blood to the tissues) this step."""
        remaining = self.volume_ml - abs(self.passed_ml)
        rate = 0.0
        if remaining > 0.0:
            rate = math.copysign(min(abs(self.rate_ml_s), remaining / dt_s), self.rate_ml_s)
        passed = self.passed_ml + rate * dt_s
        if math.isinf(self.distribution_time_constant_s):
            excess = self.excess_ml + rate * dt_s
        else:
            r = dt_s / self.distribution_time_constant_s
            excess = (self.excess_ml + rate * dt_s + r * self.retained_fraction * passed) / (
                1.0 + r
            )
        leaving = (self.excess_ml + rate * dt_s - excess) / dt_s
        self.passed_ml, self.excess_ml = passed, excess
        return rate, leaving

    @property
    def active(self) -> bool:
        finished = abs(self.passed_ml) >= self.volume_ml - 1e-9
        settled = math.isinf(self.distribution_time_constant_s) or (
            abs(self.excess_ml - self.retained_fraction * self.passed_ml) < 1e-6
        )
        return not (finished and settled)


@dataclass
class VasopressorInfusion:
    drug: str
    rate_ug_kg_min: float
    effect: float = 0.0  # 0..1, the normalised effect the compartment has reached

    def step(self, half_effect_rate_ug_kg_min: float, onset_s: float, dt_s: float) -> float:
        """Moves the effect towards rate / (half effect + rate); returns how far it moved."""
        target = self.rate_ug_kg_min / (half_effect_rate_ug_kg_min + self.rate_ug_kg_min)
        r = dt_s / onset_s
        previous = self.effect
        self.effect = (self.effect + r * target) / (1.0 + r)
        return abs(self.effect - previous)


class Regulation:
    def __init__(
        self,
        network: Network,
        pressure_mmHg: np.ndarray,
        gain_factor: float,
        weight_kg: float,
        baroreflex: BaroreflexFile | None = None,
        anaesthetist: AnaesthetistFile | None = None,
        metabolic: MetabolicFile | None = None,
    ):
        self.parameters = baroreflex or load_baroreflex()
        self.anaesthetist = anaesthetist or load_anaesthetist()
        self.weight_kg = float(weight_kg)
        rest = site_pressures(network, self.parameters, pressure_mmHg)
        self._groups: dict[str, str] | None = bed_groups(self.parameters, network.bed_nodes)
        self.reflex = Baroreflex(
            self.parameters,
            rest,
            gain_factor,
            group_venous_unstressed_ml(network, self._groups),
        )
        self.state = self.reflex.rest_state()
        resting_flow = edge_flows(network, pressure_mmHg)
        self.metabolic = MetabolicRegulation(
            metabolic or load_metabolic(),
            {bed: float(resting_flow[edges[0]]) for bed, edges in network.bed_edges.items()},
        )
        self.metabolic_state = self.metabolic.rest_state()
        self._metabolic_edges: tuple[dict, np.ndarray] | None = None
        self.vasopressors: dict[str, VasopressorInfusion] = {}
        self.vasodilators: dict[str, VasopressorInfusion] = {}
        self.sources: list[VolumeSource] = []
        self.applied = VascularTone()
        self.receptor_offset_mmHg: dict[str, float] = {}
        """Per receptor site (``carotid_sinus``, ``aortic_arch``), a pressure added to what the
        site senses: neck suction at -30 mmHg stretches the carotid sinus as a transmural rise
        would, while the aortic arch still feels the arterial pressure."""
        self.receptor_held_mmHg: dict[str, float] = {}
        """Per receptor site, a pressure it senses whatever the circulation does: a site whose
        afferents no longer follow the arterial pressure (the aortic arch after vagotomy, in the
        dog experiments that measure the carotid sinus reflex alone)."""
        self._clock_s = 0.0
        self._quiet = False
        self._stepped = True

    # -- what is given ------------------------------------------------------------------------
    def add_volume(self, source: VolumeSource) -> None:
        if not (math.isfinite(source.rate_ml_s) and source.rate_ml_s != 0.0):
            raise ValueError("a volume source needs a finite, non-zero rate")
        if not (math.isfinite(source.volume_ml) and source.volume_ml > 0.0):
            raise ValueError("a volume source needs a finite, positive volume")
        self.sources.append(source)

    def give_fluid(self, fluid_id: str, volume_ml: float, rate_ml_min: float) -> VolumeSource:
        fluid = self.anaesthetist.fluid(fluid_id)
        source = VolumeSource(
            fluid_id,
            rate_ml_min / 60.0,
            volume_ml,
            fluid.retained_fraction_at_equilibrium,
            fluid.distribution_time_constant_min * 60.0,
        )
        self.add_volume(source)
        return source

    def set_vasopressor(self, drug: str, rate: float, unit: str) -> float:
        """Start, change or (rate 0) stop an infusion; returns the rate in ug/kg/min."""
        return self._set_rate(self.vasopressors, drug, rate, unit)

    def set_vasodilator(self, drug: str, rate: float, unit: str) -> float:
        """Start, change or (rate 0) stop a vasodilator; returns the rate in ug/kg/min."""
        return self._set_rate(self.vasodilators, drug, rate, unit)

    def _set_rate(self, infusions, drug: str, rate: float, unit: str) -> float:
        if unit not in RATE_UNITS:
            raise ValueError(f"infusion rate unit must be one of {', '.join(RATE_UNITS)}")
        per_kg = rate if unit == "ug_kg_min" else rate / self.weight_kg
        infusion = infusions.get(drug)
        if infusion is None:
            infusions[drug] = VasopressorInfusion(drug, per_kg)
        else:
            infusion.rate_ug_kg_min = per_kg
        return per_kg

    def set_receptor_offset(self, site_id: str, offset_mmHg: float) -> None:
        """Add ``offset_mmHg`` to the pressure one receptor site senses (0 removes it)."""
        sites = [site.id for site in self.parameters.sites]
        if site_id not in sites:
            raise ValueError(f"receptor site must be one of {', '.join(sites)}")
        if not math.isfinite(offset_mmHg):
            raise ValueError("a receptor offset must be finite")
        self.receptor_offset_mmHg[site_id] = float(offset_mmHg)
        self._quiet = False

    def hold_receptor(self, site_id: str, pressure_mmHg: float | None) -> None:
        """Make one receptor site sense ``pressure_mmHg`` from now on (None lets it follow the
        circulation again)."""
        sites = [site.id for site in self.parameters.sites]
        if site_id not in sites:
            raise ValueError(f"receptor site must be one of {', '.join(sites)}")
        if pressure_mmHg is None:
            self.receptor_held_mmHg.pop(site_id, None)
        elif not math.isfinite(pressure_mmHg):
            raise ValueError("a held receptor pressure must be finite")
        else:
            self.receptor_held_mmHg[site_id] = float(pressure_mmHg)
        self._quiet = False

    def sensed_pressures(self, network: Network, pressure_mmHg: np.ndarray) -> tuple[float, ...]:
        """What each receptor site senses: its mean pressure plus any imposed offset, or the
        pressure it is held at."""
        pressures = site_pressures(network, self.parameters, pressure_mmHg)
        if not (self.receptor_offset_mmHg or self.receptor_held_mmHg):
            return pressures
        return tuple(
            self.receptor_held_mmHg.get(
                site.id, p + self.receptor_offset_mmHg.get(site.id, 0.0)
            )
            for p, site in zip(pressures, self.parameters.sites, strict=True)
        )

    # -- stepping -----------------------------------------------------------------------------
    def step(
        self,
        network: Network,
        pressure_mmHg: np.ndarray,
        dt_s: float,
        flow_ml_s: np.ndarray | None = None,
    ) -> None:
        """Advance over ``dt_s`` from the circulation's pressures (and edge flows, which the
        beds' metabolic regulation reads; computed from the pressures when not given)."""
        local_moved = self._step_metabolic(network, pressure_mmHg, dt_s, flow_ml_s)
        pressures = self.sensed_pressures(network, pressure_mmHg)
        self._clock_s += dt_s
        if self._quiet and pressures == self.state.last_pressure_mmHg:
            # A settled circulation and a reflex at its fixed point: stepping would change
            # nothing (to round-off), so the reflex waits and catches up when pressures move.
            self._stepped = local_moved
            return
        idle_s = (self._clock_s - dt_s) - self.state.time_s
        if idle_s > 1.0e-9:
            self.state = self.reflex.step(self.state, idle_s, self.state.last_pressure_mmHg)
        new = self.reflex.step(self.state, dt_s, pressures)
        quiet = _at_rest(self.state, new)
        self.state = new
        drugs = [
            *((i, self.anaesthetist.vasopressor(i.drug)) for i in self.vasopressors.values()),
            *((i, self.anaesthetist.vasodilator(i.drug)) for i in self.vasodilators.values()),
        ]
        for infusion, drug in drugs:
            moved = infusion.step(
                drug.half_effect_rate_ug_kg_min, drug.onset_time_constant_min * 60.0, dt_s
            )
            quiet = quiet and moved <= QUIET_CHANGE
        self._quiet = quiet
        self._stepped = True

    def _step_metabolic(self, network, pressure_mmHg, dt_s, flow_ml_s) -> bool:
        """Step the beds' flow debts; True when any moved."""
        # Bed edges are renumbered only by a rebuild, which makes a new ``bed_edges`` dict; a
        # retone keeps it.
        if self._metabolic_edges is None or self._metabolic_edges[0] is not network.bed_edges:
            self._metabolic_edges = (
                network.bed_edges,
                bed_flow_edges(network, self.metabolic.beds),
            )
        if flow_ml_s is None:
            flow_ml_s = edge_flows(network, pressure_mmHg)
        before = self.metabolic_state
        self.metabolic_state = self.metabolic.step(
            before, dt_s, flow_ml_s[self._metabolic_edges[1]]
        )
        return self.metabolic_state is not before

    def volume_rates(self, dt_s: float) -> tuple[float, float]:
        """(entering, leaving) mL/s of all volume sources over the next step; advances them."""
        entering = leaving = 0.0
        for source in self.sources:
            rate, out = source.step(dt_s)
            entering += rate
            leaving += out
        self.sources = [s for s in self.sources if s.active]
        return entering, leaving

    def drug_tone(self) -> VascularTone:
        resistance = 1.0
        volume = 1.0
        elastance = 1.0
        for infusion in self.vasopressors.values():
            drug = self.anaesthetist.vasopressor(infusion.drug)
            resistance *= 1.0 + drug.resistance_increase_max * infusion.effect
            volume *= 1.0 - drug.unstressed_volume_decrease_max * infusion.effect
            elastance *= 1.0 + drug.elastance_increase_max * infusion.effect
        for infusion in self.vasodilators.values():
            drug = self.anaesthetist.vasodilator(infusion.drug)
            resistance *= 1.0 - drug.resistance_decrease_max * infusion.effect
            volume *= 1.0 + drug.unstressed_volume_increase_max * infusion.effect
        return VascularTone(
            1.0,
            elastance,
            elastance,
            dict.fromkeys(REGULATED_GROUPS, resistance),
            dict.fromkeys(REGULATED_GROUPS, volume),
        )

    def tone(self) -> VascularTone:
        local = VascularTone(bed_resistance=self.metabolic.resistance_factors(self.metabolic_state))
        return self.reflex.tone(self.state).combined(self.drug_tone()).combined(local)

    def needs_update(self) -> bool:
        if not self._stepped:
            return False
        return self.tone().differs_from(self.applied, TONE_TOLERANCE)

    def apply(self, base: Network, tone: VascularTone | None = None) -> Network:
        """The network the devices give, under the tone (the current one by default)."""
        if self._groups is None:
            self._groups = bed_groups(self.parameters, base.bed_nodes)
        self.applied = tone or self.tone()
        return apply_tone(base, self.applied, self._groups)


def baroreflex_gain_factor(patient, parameters: BaroreflexFile | None = None) -> float:
    """The patient's own factor if the scenario gives one, else the one for their anaesthesia."""
    if patient.baroreflex_gain_factor is not None:
        return patient.baroreflex_gain_factor
    anaesthesia = (parameters or load_baroreflex()).anaesthesia
    if patient.anaesthesia == "awake":
        return anaesthesia.awake_gain_factor
    return anaesthesia.general_gain_factor


def _at_rest(before, after) -> bool:
    """True when a reflex step changed nothing that matters: filters, effectors and the efferent
    history over the longest delay are all constant."""
    for old, new in (
        (before.filtered_mmHg, after.filtered_mmHg),
        (before.effectors, after.effectors),
    ):
        for a, b in zip(old, new, strict=True):
            if abs(a - b) > QUIET_CHANGE * (1.0 + abs(a)):
                return False
    for history in (after.history_sympathetic, after.history_vagal):
        if max(history) - min(history) > QUIET_CHANGE * (1.0 + abs(history[-1])):
            return False
    return True
