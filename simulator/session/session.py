"""One attempt at a scenario: the clock, the devices, the circulation and the drugs.

Actions (plain data from ``scenario.plan_file``) are applied at the session's current time;
``advance`` steps the cycle-mean circulation and the drug transport with a fixed step. When a
device changes the network's shape (a catheter, cuff, coil or circuit end appears) the network
is rebuilt with the new split points and the state carried over by node name; when a device
only changes how far a vessel is closed, the conductances change and the matrices are
refactorized. Nothing here is random: the same plan gives the same numbers, bit for bit.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace

import numpy as np

from simulator.devices.catalog import load_catalog, load_drugs
from simulator.devices.effects import NetworkEffects, compute_effects
from simulator.devices.state import DeviceSet
from simulator.physics.assembly import PatientVariant, SplitPoint, build_network
from simulator.physics.mean import MeanState, MeanStepper, edge_flows, solve_steady
from simulator.physics.network import Network, carry_over, node_map
from simulator.physics.transport import MIN_CELL_VOLUME_ML, Circuit, DrugKinetics, Transport
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.catalog_file import FilterDevice
from simulator.scenario.scenario_file import ScenarioFile
from simulator.scoring.metrics import MetricsRecorder
from simulator.session.actions import apply_action
from simulator.session.alarms import PatientWatch
from simulator.session.events import Event
from simulator.session.limits import (
    FLOW_FIELD_ABSOLUTE_TOLERANCE_ML_S,
    FLOW_FIELD_RELATIVE_TOLERANCE,
    LIVER_BEDS,
    SEAL_FACTOR,
    SYSTOLIC_OVER_MEAN,
    TRANSPORT_PIECE_MM,
    VOLUME_RELATIVE_TOLERANCE,
)
from simulator.session.lines import circuit_key, drain_key, reset_lines
from simulator.session.lines import stepper as lines_stepper
from simulator.session.region import inside_nodes
from simulator.session.regulation import Regulation, baroreflex_gain_factor
from simulator.session.stepping import step_session


@dataclass(frozen=True)
class Snapshot:
    """What a display needs, published after every step."""

    t_s: float
    phase: str
    network: Network
    state: MeanState
    concentration_mg_ml: dict[str, np.ndarray]
    inside: np.ndarray
    devices: DeviceSet
    """A copy of the devices in the patient at ``t_s``: a display draws them from here, never from
    the session, whose devices change while the display is still rendering."""


def transport_splits(atlas: AtlasFile) -> tuple[SplitPoint, ...]:
    splits = []
    for segment in atlas.segments:
        pieces = math.ceil(segment.length_mm / TRANSPORT_PIECE_MM)
        for k in range(1, pieces):
            splits.append(SplitPoint(f"res:{segment.id}:{k}", segment.id, k / pieces))
    return tuple(splits)


class Session:
    def __init__(
        self,
        scenario: ScenarioFile,
        atlas: AtlasFile,
        dt_s: float = 1.0,
        catalog=None,
        drugs=None,
    ):
        self.scenario = scenario
        self.atlas = atlas
        self.catalog = catalog or load_catalog()
        self.drugs = drugs or load_drugs()
        self.dt_s = float(dt_s)
        self.time_s = 0.0
        self.phase = "preparation"
        self.phases: list[tuple[float, str]] = [(0.0, "preparation")]
        self.events: list[Event] = []
        self.devices = DeviceSet()
        variant = scenario.anatomy_variant
        self._segment_kind = {s.id: s.kind for s in atlas.segments}
        self._systemic_beds = frozenset(b.id for b in atlas.beds if b.kind == "systemic")
        self.strengths = {s.id: s.default_strength for s in atlas.segments}
        self.strengths.update(variant.collateral_strengths)
        self._base_variant = PatientVariant(
            dict(variant.collateral_strengths),
            dict(variant.bed_resistance_factors),
            dict(variant.bed_venous_resistance_factors),
        )
        self._resolution = transport_splits(atlas)
        self.transports: dict[str, Transport] = {}
        self.leak_shadows: dict[str, Transport] = {}
        """Per cytotoxic drug, a copy absorbed wherever it leaves the region: its absorbed mass is
        the drug that escaped at least once (first-passage leak), recirculation counted once."""
        self._kinetics: dict[str, DrugKinetics] = {}
        self._hepatic_rates: tuple = (None, None, {})
        self.cytotoxic = {d.id for d in self.drugs.drugs if d.kind == "cytotoxic"}
        self.metrics = MetricsRecorder(
            targets=tuple(scenario.targets),
            critical=tuple(scenario.critical_beds),
            planned_dose_mg=sum(d.dose_mg for d in scenario.drug_protocol),
        )
        self.isolation_checked = False
        self.washout_started = False
        self.released = False  # the isolation was let go after drug went in
        self._alarmed: set[str] = set()
        self._scenario_nodes: ScenarioNodes | None = None
        self._scenario_nodes_network: Network | None = None
        self.timeseries: list[dict] = []
        self.network: Network | None = None
        self.state: MeanState | None = None
        self.settled = False
        self.flow_epoch = 0
        self.effects = NetworkEffects()
        self.regulation: Regulation | None = None
        self._base_network: Network | None = None
        self._combined_sources: np.ndarray | None = None
        self.rebuild(initial=True)
        self.regulation = Regulation(
            self.network,
            self.state.pressure_mmHg,
            baroreflex_gain_factor(scenario.patient),
            scenario.patient.weight_kg,
        )
        self.regulation.apply(self._base_network)
        self.reference_map_mmHg = self.mean_arterial_pressure()
        self.watch = PatientWatch.at_rest(self)
        self._resting_liver_flow_ml_s = sum(
            float(self.state.flow_ml_s[self.network.bed_edges[bed][1]]) for bed in LIVER_BEDS
        )

    # -- network ------------------------------------------------------------------------------
    def atlas_kind(self, segment_id: str) -> str:
        return self._segment_kind[segment_id]

    def mean_arterial_pressure(self) -> float:
        return float(self.state.pressure_mmHg[self.network.node_index("aortic_root")])

    def central_venous_pressure(self) -> float:
        return float(self.state.pressure_mmHg[self.network.node_index("right_atrium")])

    def rebuild(self, initial: bool = False) -> None:
        """Recompute device effects; rebuild the network if its shape changed."""
        systolic = SYSTOLIC_OVER_MEAN * (
            self.mean_arterial_pressure() if self.state is not None else 93.0
        )
        venous = self.central_venous_pressure() + 5.0 if self.state is not None else 10.0
        # A patient in extremis (a pump driving the veins up, the heart stopped) can have venous
        # above systolic pressure; a cuff then closes veins and arteries alike.
        venous = min(venous, systolic - 1.0)
        effects = compute_effects(
            self.devices, self.atlas, self.catalog, self.strengths, systolic, venous, self.time_s
        )
        variant = replace(
            self._base_variant,
            bed_resistance_factors={
                bed: self._base_variant.bed_resistance_factors.get(bed, 1.0)
                * effects.bed_resistance_factors.get(bed, 1.0)
                for bed in set(self._base_variant.bed_resistance_factors)
                | set(effects.bed_resistance_factors)
            },
        )
        splits = self._resolution + tuple(sorted(effects.splits.values(), key=lambda s: s.key))
        network = build_network(self.atlas, variant, splits)
        scale = {network.gap_edges[key]: factor for key, factor in effects.gap_scale.items()}
        network = network.scaled_edges(scale)
        self._base_network = network
        if self.regulation is not None:
            network = self.regulation.apply(network)
        if initial:
            state = solve_steady(network, self.atlas.blood.total_volume_ml)
        else:
            state = self._carry_state(network)
        old = self.network
        self.network, self.state, self.effects = network, state, effects
        self._sources = np.zeros(network.node_count)
        for key, rate in effects.volume_sources_ml_s.items():
            self._sources[network.split_nodes[key]] += rate
        reset_lines(self)
        region = self.scenario.region
        self.inside = inside_nodes(network, set(region.beds), set(region.segments))
        self.outside = ~self.inside
        self.settled = False
        self._flow_field = None
        self._flow_field_lines = np.zeros(0)
        self._transport_line_flows: dict[str, float] = {}
        self._transport_reservoirs_ml: dict[str, float] = {}
        # The isolated segment's pressure is read on the region's own vessels; beds inside the
        # region that collaterals feed from the systemic side would otherwise dominate it.
        listed = np.zeros(network.node_count, dtype=bool)
        for segment in region.segments:
            for edge in network.segment_edges.get(segment, ()):
                listed[[network.edge_from[edge], network.edge_to[edge]]] = True
        self.pressure_nodes = listed & self.inside if (listed & self.inside).any() else self.inside
        if old is not None and old.node_names != network.node_names:
            mapping = node_map(old, network)
            for transport in [*self.transports.values(), *self.leak_shadows.values()]:
                transport.rebind(network, mapping, state.volume_ml)
        else:
            for transport in [*self.transports.values(), *self.leak_shadows.values()]:
                transport.network = network
        self._update_isolation_flags()

    def _carry_state(self, network: Network) -> MeanState:
        old_net, old = self.network, self.state
        pressure = carry_over(network, node_map(old_net, network), old.pressure_mmHg)
        # Keep the blood volume: a new node's volume comes out of the uniform pressure shift.
        volume = network.node_unstressed_volume + network.node_compliance * pressure
        shift = (old.total_volume_ml - volume.sum()) / network.node_compliance.sum()
        pressure = pressure + shift
        volume = network.node_unstressed_volume + network.node_compliance * pressure
        return MeanState(pressure, edge_flows(network, pressure), volume)

    def regulate(self, dt_s: float) -> None:
        """Step the reflex, the vasopressors and the volume sources over the coming step and
        apply a changed tone to the network. The step's volume sources (``_sources``, mL/s per
        node) become the devices' plus the fluid given or blood lost."""
        if self._sources is not self._combined_sources:
            self._device_sources = self._sources  # a rebuild made new device sources
        regulation = self.regulation
        regulation.step(self.network, self.state.pressure_mmHg, dt_s, self.state.flow_ml_s)
        if regulation.needs_update():
            self._retone()
        if not regulation.sources:
            self._sources = self._device_sources
            return
        entering, leaving = regulation.volume_rates(dt_s)
        self.settled = False
        sources = self._device_sources.copy()
        net = self.network
        sources[net.node_index(regulation.anaesthetist.volume_entry_node)] += entering
        # Fluid that leaves the blood does so across the capillaries, in proportion to how much
        # each systemic bed's venous side can hold.
        venous = np.array(
            [nodes[1] for bed, nodes in sorted(net.bed_nodes.items()) if bed in self._systemic_beds]
        )
        share = net.node_compliance[venous] / net.node_compliance[venous].sum()
        sources[venous] -= leaving * share
        self._sources = self._combined_sources = sources

    def _retone(self) -> None:
        """Apply the regulation's current tone: the same blood in every node, new pressures."""
        old = self.network
        network = self.regulation.apply(self._base_network)
        volume = self.state.volume_ml
        # Only nodes whose unstressed volume moved change pressure (every one of them is a bed's
        # venous node, with a compliance); V = V0 + C P is kept node by node.
        moved = old.node_unstressed_volume - network.node_unstressed_volume
        pressure = self.state.pressure_mmHg.copy()
        changed = moved != 0.0
        pressure[changed] += moved[changed] / network.node_compliance[changed]
        self.network = network
        self.state = MeanState(pressure, edge_flows(network, pressure), volume.copy())
        # The next step makes the stepper for its line modes (one LU): one made here, keyed
        # otherwise than the steps look it up, was never used.
        self._steppers = {}
        self.settled = False
        for transport in [*self.transports.values(), *self.leak_shadows.values()]:
            transport.network = network

    def _update_isolation_flags(self) -> None:
        self.sealing_balloons = [
            b for b in self.effects.balloons if b.seal_conductance_factor < SEAL_FACTOR
        ]
        self.full_cuffs = [
            site for site, state in self.effects.cuff_states.items() if state == "full"
        ]
        self.congesting_cuffs = [
            site for site, state in self.effects.cuff_states.items() if state == "venous_only"
        ]

    # -- drugs --------------------------------------------------------------------------------
    def kinetics(self, drug_id: str) -> DrugKinetics:
        if drug_id not in self._kinetics:
            drug = self.drugs.drug(drug_id)
            clearance_ml_s = drug.systemic_clearance_ml_min / 60.0
            blood = self.atlas.blood.total_volume_ml
            decay = getattr(drug, "decay_half_life_min", None)
            hepatic = drug.hepatic_extraction_fraction or 0.0
            if hepatic > 0.0:
                # The liver's share of the clearance happens in its sinusoids (first pass); the
                # rest is spread over the blood.
                clearance_ml_s = max(clearance_ml_s - hepatic * self._resting_liver_flow_ml_s, 0.0)
            self._kinetics[drug_id] = DrugKinetics(
                elimination_per_s=clearance_ml_s / blood,
                decay_per_s=math.log(2) / (decay * 60.0) if decay else 0.0,
                uptake_per_s=drug.tissue_uptake_rate_per_min / 60.0,
                partition=drug.tissue_partition if drug.tissue_partition > 0 else 1.0,
            )
        return self._kinetics[drug_id]

    def hepatic_elimination(self, drug_id: str, field: MeanState) -> np.ndarray | None:
        """Per-node elimination that takes the drug's hepatic extraction fraction E out of the
        blood crossing each liver sinusoid cell: k = E Q / ((1 - E) V)."""
        fraction = self.drugs.drug(drug_id).hepatic_extraction_fraction or 0.0
        if fraction <= 0.0:
            return None
        net = self.network
        # The transport holds one flow field for many steps and every drug: the rates are
        # worked out once per field and extraction fraction.
        held_field, held_network, by_fraction = self._hepatic_rates
        if held_field is not field or held_network is not net:
            by_fraction = {}
            self._hepatic_rates = (field, net, by_fraction)
        if fraction in by_fraction:
            return by_fraction[fraction]
        rates = np.zeros(net.node_count)
        flow = field.flow_ml_s
        for node, entering, leaving in _sinusoid_edges(net):
            # What flows in, summed in the order np.add.at over all edges would take.
            inflow = 0.0
            for edge in entering:
                inflow += max(flow[edge], 0.0)
            for edge in leaving:
                inflow += max(-flow[edge], 0.0)
            rates[node] = fraction * inflow / ((1.0 - fraction) * field.volume_ml[node])
        rates.flags.writeable = False  # shared by every drug of this fraction
        by_fraction[fraction] = rates
        return rates

    def transport(self, drug_id: str) -> Transport:
        if drug_id not in self.transports:
            net = self.network
            capillary = {bed: nodes[1] for bed, nodes in net.bed_nodes.items()}
            tissue = {bed.id: bed.tissue_mass_g for bed in self.atlas.beds}
            kinetics = self.kinetics(drug_id)
            volume = self.state.volume_ml
            self.transports[drug_id] = Transport(net, kinetics, capillary, tissue, volume)
            if drug_id in self.cytotoxic:
                self.leak_shadows[drug_id] = Transport(net, kinetics, capillary, tissue, volume)
        return self.transports[drug_id]

    # -- actions and time ---------------------------------------------------------------------
    def event(self, kind: str, severity: str, message: str) -> Event:
        event = Event(self.time_s, kind, severity, message)
        self.events.append(event)
        if severity == "alarm":
            self.metrics.alarms += 1
        return event

    def alarm_once(self, key: str, kind: str, message: str, severity: str = "alarm") -> None:
        if key not in self._alarmed:
            self._alarmed.add(key)
            self.event(kind, severity, message)

    def apply(self, action) -> None:
        """Apply one plan action now (its ``t_s`` is the caller's business)."""
        apply_action(self, action)

    def set_phase(self, phase: str) -> None:
        self.phase = phase
        self.phases.append((self.time_s, phase))

    def advance(self, until_s: float) -> None:
        while self.time_s < until_s - 1e-9:
            self.advance_step(until_s)

    def advance_step(self, until_s: float) -> None:
        """One step of ``advance(until_s)``: the live driver steps one at a time, so that it can
        stop between steps and still take exactly the steps the grader takes."""
        dt = min(self.dt_s, until_s - self.time_s)
        breakpoints = [
            c.infusion.until_s
            for c in self.devices.catheters.values()
            if c.infusion is not None
            and c.infusion.until_s is not None
            and c.infusion.until_s > self.time_s
        ]
        if breakpoints:
            dt = min(dt, min(breakpoints) - self.time_s)
        self.step(dt)
        ended = [
            c
            for c in self.devices.catheters.values()
            if c.infusion is not None
            and c.infusion.until_s is not None
            and c.infusion.until_s <= self.time_s + 1e-9
        ]
        for catheter in ended:
            catheter.infusion = None
            self.event("bolus_end", "info", f"bolus through {catheter.catheter_id} finished")
        if ended:
            self.rebuild()

    def step(self, dt_s: float) -> None:
        step_session(self, dt_s)

    def stepper(self, dt_s: float) -> MeanStepper:
        """The circulation's stepper with every line in its present mode, set to now."""
        return lines_stepper(self, dt_s, self.line_modes, self.saturated_pumps)

    def transport_flow_field(self) -> MeanState:
        """The volumes and flows the drug transport uses this step.

        The transport keeps the field it last factorized its matrix with until the circulation
        has drifted from it by more than 0.1 % of a flow (or 0.01 % of a volume); then it takes
        the current one. Drug mass stays exactly conserved either way (the transport is always
        consistent with its own field); concentrations lag the circulation by at most that
        tolerance, and the transport need not refactorize every step of a slow drift."""
        current = self.state
        held = self._flow_field
        lines_now = np.array(list(self.line_flows_ml_s.values()))
        if held is not None and self._flow_field_lines.shape == lines_now.shape:
            flow_ok = np.all(
                np.abs(current.flow_ml_s - held.flow_ml_s)
                <= FLOW_FIELD_RELATIVE_TOLERANCE * np.abs(held.flow_ml_s)
                + FLOW_FIELD_ABSOLUTE_TOLERANCE_ML_S
            )
            volume_ok = np.all(
                np.abs(current.volume_ml - held.volume_ml)
                <= VOLUME_RELATIVE_TOLERANCE * np.abs(held.volume_ml)
            )
            lines_ok = np.all(
                np.abs(lines_now - self._flow_field_lines)
                <= FLOW_FIELD_RELATIVE_TOLERANCE * self._flow_field_lines
                + FLOW_FIELD_ABSOLUTE_TOLERANCE_ML_S
            )
            # A gravity-drained reservoir's level moves with the drain's imbalance; its volume
            # is held like the flows (the drug's mass refers to the held volume, so it stays
            # conserved), and taken anew once it has moved by as much.
            reservoirs_ok = all(
                abs(c.reservoir_ml - self._transport_reservoirs_ml.get(c.circuit_id, math.nan))
                <= FLOW_FIELD_RELATIVE_TOLERANCE * c.reservoir_ml
                for c in self.devices.circuits.values()
            )
            if flow_ok and volume_ok and lines_ok and reservoirs_ok:
                return held
        self._flow_field = current
        self._flow_field_lines = lines_now
        self._transport_line_flows = dict(self.line_flows_ml_s)
        self._transport_reservoirs_ml = {
            c.circuit_id: c.reservoir_ml for c in self.devices.circuits.values()
        }
        self.flow_epoch += 1
        return current

    def transport_line_flow_ml_s(self, key: str) -> float:
        """What a line delivers, as the transport's held flow field has it."""
        return self._transport_line_flows.get(key, 0.0)

    def scenario_nodes(self) -> ScenarioNodes:
        if self._scenario_nodes is None or self._scenario_nodes_network is not self.network:
            net = self.network
            # A bed's exposure is what its arterial blood brings it: the drug concentration on
            # the bed's arterial side, as the systemic one is sampled from an artery.
            self._scenario_nodes = ScenarioNodes(
                {bed: net.bed_nodes[bed][0] for bed in self.scenario.targets},
                {bed: net.bed_nodes[bed][0] for bed in self.scenario.critical_beds},
                _sampling_node(net, self.scenario.systemic_sampling_site),
            )
            self._scenario_nodes_network = self.network
        return self._scenario_nodes

    def cumulative_leak_fraction(self) -> float:
        delivered = leaked = 0.0
        for drug, ledger in self.metrics.ledgers.items():
            if drug in self.cytotoxic:
                delivered += ledger.delivered_mg
                leaked += ledger.leaked_mg
        return min(max(leaked / delivered, 0.0), 1.0) if delivered > 0 else 0.0

    def record(self, map_mmHg: float, region_pressure_mmHg: float, leak_fraction: float) -> None:
        nodes = self.scenario_nodes()
        row = {
            "t_s": self.time_s,
            "phase": self.phase,
            "cardiac_output_l_min": float(
                self.state.flow_ml_s[self.network.edge_index("aortic_valve")]
            )
            * 0.06,
            "mean_arterial_pressure_mmHg": map_mmHg,
            "central_venous_pressure_mmHg": self.central_venous_pressure(),
            "max_region_pressure_mmHg": region_pressure_mmHg,
            "leak_fraction": leak_fraction,
        }
        for drug, transport in self.transports.items():
            c = transport.state.concentration_mg_ml
            row[f"{drug}_systemic_mg_l"] = 1000.0 * float(c[nodes.sampling])
            for bed, node in nodes.targets.items():
                row[f"{drug}_{bed}_mg_l"] = 1000.0 * float(c[node])
        self.timeseries.append(row)

    def snapshot(self) -> Snapshot:
        return Snapshot(
            self.time_s,
            self.phase,
            self.network,
            self.state,
            {drug: t.state.concentration_mg_ml.copy() for drug, t in self.transports.items()},
            self.inside.copy(),
            copy.deepcopy(self.devices),
        )

    def circuit_extraction(self, circuit, drug_id: str) -> float:
        """The plan's extraction, declining over time as the named filter saturates.

        With a filter whose catalog figures include a time course for this drug (the PHP carbon
        filters: 95 % at 10 min, 78 % at 60 min), the plan's value is the starting efficiency
        and falls in proportion to that course, re-read once a minute."""
        if circuit.model is None or circuit.extraction <= 0.0:
            return circuit.extraction
        device = self.catalog.device(circuit.model)
        if (
            not isinstance(device, FilterDevice)
            or drug_id not in device.extraction_time_course_by_drug
        ):
            return circuit.extraction
        minutes = math.floor((self.time_s - circuit.started_at_s) / 60.0)
        start = device.extraction_fraction(drug_id, 0.0)
        if start <= 0.0:
            return circuit.extraction
        return circuit.extraction * device.extraction_fraction(drug_id, float(minutes)) / start

    def circuits_for_transport(self, drug_id: str) -> tuple[Circuit, ...]:
        result = []
        for circuit in self.devices.circuits.values():
            key_draw = "node:" + _key(circuit.draw)
            key_return = "node:" + _key(circuit.return_point)
            returned = self.transport_line_flow_ml_s(circuit_key(circuit.circuit_id))
            if circuit.drain_head_cm is None:
                drawn, returned, reservoir = returned, None, circuit.reservoir_ml
            else:
                drawn = self.transport_line_flow_ml_s(drain_key(circuit.circuit_id))
                reservoir = max(
                    self._transport_reservoirs_ml.get(circuit.circuit_id, circuit.reservoir_ml),
                    MIN_CELL_VOLUME_ML,
                )
            result.append(
                Circuit(
                    circuit.circuit_id,
                    self.network.split_nodes[key_draw],
                    self.network.split_nodes[key_return],
                    drawn,
                    self.circuit_extraction(circuit, drug_id),
                    reservoir,
                    returned,
                )
            )
        return tuple(result)


_SINUSOID_EDGES: dict[int, tuple] = {}


def _sinusoid_edges(network: Network) -> tuple[tuple[int, tuple[int, ...], tuple[int, ...]], ...]:
    """Per liver bed, its sinusoid cell and the edges that end and start there (held for the
    network's edge arrays, which a retone shares)."""
    held = _SINUSOID_EDGES.get(id(network.edge_to))
    if held is not None and held[0] is network.edge_to and held[1] is network.edge_from:
        return held[2]
    cells = []
    for bed in LIVER_BEDS:
        node = network.bed_nodes[bed][1]
        entering = tuple(int(e) for e in np.flatnonzero(network.edge_to == node))
        leaving = tuple(int(e) for e in np.flatnonzero(network.edge_from == node))
        cells.append((node, entering, leaving))
    _SINUSOID_EDGES.clear()  # one network shape at a time: a rebuild replaces it
    _SINUSOID_EDGES[id(network.edge_to)] = (network.edge_to, network.edge_from, tuple(cells))
    return tuple(cells)


def _key(point) -> str:
    from simulator.devices.effects import point_key

    return point_key(point)


@dataclass(frozen=True)
class ScenarioNodes:
    targets: dict[str, int]
    critical: dict[str, int]
    sampling: int


def _sampling_node(network: Network, segment: str) -> int:
    """The middle node along the sampling vessel (an arterial line sits mid-artery)."""
    edges = network.segment_edges[segment]
    middle = edges[len(edges) // 2]
    return int(network.edge_from[middle]) if len(edges) > 1 else int(network.edge_to[middle])
