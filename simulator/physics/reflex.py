"""The arterial baroreflex (Ursino 1998, Am J Physiol 275:H1733) and the vascular tone it sets.

Receptors at each site (carotid sinuses, aortic arch) follow the local mean pressure through a
first-order filter with a rate term,

    tau_p dP~/dt = P + tau_z dP/dt - P~,
    f_site = (f_min + f_max exp((P~ - P_set) / k_a)) / (1 + exp((P~ - P_set) / k_a)),

and the central input is the weighted sum of the sites' firing. It drives the sympathetic and
vagal efferents,

    f_es = f_es,inf + (f_es,0 - f_es,inf) exp(-k_es f_cs),
    f_ev = (f_ev,0 + f_ev,inf exp((f_cs - f_cs,0) / k_ev)) / (1 + exp((f_cs - f_cs,0) / k_ev)),

and each effector follows its efferent after a pure delay D through a first-order lag tau:

    sigma = G ln(f_es(t - D) - f_es,min + 1)  (0 below f_es,min),   or  G f_ev(t - D),
    tau dtheta/dt = sigma - theta.

The effectors are the heart period (sympathetic and vagal parts), the left and right end-systolic
elastances, the splanchnic and extrasplanchnic arteriolar resistances and venous unstressed
volumes. The set point ``P_set`` of each site is the patient's resting pressure there, so the
resting circulation is the reflex's fixed point and the calibrated resting figures stay; the
model acts as ratios of each effector to its resting value (:class:`VascularTone`), applied to the
network by :func:`apply_tone`. The venous unstressed volumes are the exception: Ursino's
effector is a volume in mL (G_Vu is mL per unit of efferent drive), so the millilitres it moves
are moved from the patient's own venous unstressed volume of that group, whatever its size; as a
ratio to Ursino's 1.1-1.4 L compartments it would move only the share the model's smaller bed
veins hold. A gain factor scales every efferent effect around rest (general
anaesthesia blunts the reflex). Every step is implicit Euler, stable for any step, and nothing
here is random: the same pressures give the same tone, bit for bit.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field, replace

import numpy as np

from simulator.physics.metabolic import MetabolicRegulation, MetabolicState, bed_flow_edges
from simulator.physics.network import EdgeKind, Network
from simulator.scenario.physiology_file import EFFECTOR_IDS, BaroreflexFile

HISTORY_MARGIN_S = 2.0
"""The delay line keeps this much more than the longest delay, so any step size can look back."""


@dataclass(frozen=True)
class ReflexState:
    """Everything the reflex remembers: receptor filters, efferent history, effector values."""

    time_s: float
    filtered_mmHg: tuple[float, ...]  # per site
    last_pressure_mmHg: tuple[float, ...]  # per site, for the rate term
    effectors: tuple[float, ...]  # per effector (EFFECTOR_IDS order), Ursino's theta - theta_0
    history_t_s: tuple[float, ...]
    history_sympathetic: tuple[float, ...]
    history_vagal: tuple[float, ...]


@dataclass(frozen=True)
class VascularTone:
    """Factors on the calibrated resting network; all 1.0 at rest."""

    heart_rate: float = 1.0
    elastance_left: float = 1.0
    elastance_right: float = 1.0
    resistance: dict[str, float] = field(default_factory=dict)  # per bed group
    unstressed_volume: dict[str, float] = field(default_factory=dict)  # per bed group
    bed_resistance: dict[str, float] = field(default_factory=dict)
    """Per bed, a factor on its arteriolar resistance from its own (metabolic) regulation, on
    top of its group's; beds not named keep 1."""

    def combined(self, other: VascularTone) -> VascularTone:
        """Independent influences (reflex, drugs, local regulation) multiply."""
        groups = set(self.resistance) | set(other.resistance)
        volume_groups = set(self.unstressed_volume) | set(other.unstressed_volume)
        beds = set(self.bed_resistance) | set(other.bed_resistance)
        return VascularTone(
            self.heart_rate * other.heart_rate,
            self.elastance_left * other.elastance_left,
            self.elastance_right * other.elastance_right,
            {g: self.resistance.get(g, 1.0) * other.resistance.get(g, 1.0) for g in sorted(groups)},
            {
                g: self.unstressed_volume.get(g, 1.0) * other.unstressed_volume.get(g, 1.0)
                for g in sorted(volume_groups)
            },
            {
                b: self.bed_resistance.get(b, 1.0) * other.bed_resistance.get(b, 1.0)
                for b in sorted(beds)
            },
        )

    def differs_from(
        self, other: VascularTone, tolerance: float, bed_tolerance: float | None = None
    ) -> bool:
        """Whether any factor moved by more than ``tolerance`` relative to ``other``; a bed's own
        factor (``bed_resistance``) by more than ``bed_tolerance`` (``tolerance`` if not given)."""
        bed_tolerance = tolerance if bed_tolerance is None else bed_tolerance
        pairs = [
            (self.heart_rate, other.heart_rate, tolerance),
            (self.elastance_left, other.elastance_left, tolerance),
            (self.elastance_right, other.elastance_right, tolerance),
        ]
        for mine, theirs, limit in (
            (self.resistance, other.resistance, tolerance),
            (self.unstressed_volume, other.unstressed_volume, tolerance),
            (self.bed_resistance, other.bed_resistance, bed_tolerance),
        ):
            for group in set(mine) | set(theirs):
                pairs.append((mine.get(group, 1.0), theirs.get(group, 1.0), limit))
        return any(abs(a - b) > limit * abs(b) for a, b, limit in pairs)


REGULATED_GROUPS = ("splanchnic", "extrasplanchnic")
"""Bed groups the resistance and unstressed-volume effectors act on; ``unregulated`` beds keep
their calibrated values."""


class Baroreflex:
    """The reflex for one patient: its parameters, set points and anaesthetic gain factor."""

    def __init__(
        self,
        parameters: BaroreflexFile,
        set_point_mmHg: tuple[float, ...],
        gain_factor: float,
        venous_unstressed_ml: dict[str, float] | None = None,
    ):
        """``venous_unstressed_ml``: per regulated bed group, the patient's resting venous
        unstressed volume that the unstressed-volume effectors act on (see
        :func:`group_venous_unstressed_ml`); a group left out is Ursino's own resting
        compartment (his basal volume plus the resting effector), so the mL moved are Ursino's
        either way."""
        if len(set_point_mmHg) != len(parameters.sites):
            raise ValueError("one set-point pressure per receptor site")
        if not all(math.isfinite(p) for p in set_point_mmHg):
            raise ValueError("set-point pressures must be finite")
        if not 0.0 <= gain_factor <= 2.0:
            raise ValueError("the baroreflex gain factor must lie between 0 and 2")
        self.parameters = parameters
        self.set_point_mmHg = tuple(float(p) for p in set_point_mmHg)
        self.gain_factor = float(gain_factor)
        self._weights = tuple(site.weight for site in parameters.sites)
        self._effectors = tuple(parameters.effector(e) for e in EFFECTOR_IDS)
        self._max_delay_s = max(e.delay_s for e in self._effectors)
        rest_sympathetic, rest_vagal = self.efferents(self.central_firing(self.set_point_mmHg))
        self._rest_sympathetic = rest_sympathetic
        self._rest_vagal = rest_vagal
        self._rest_sigma = tuple(
            self._raw_sigma(e, rest_sympathetic, rest_vagal) for e in self._effectors
        )
        rest = dict(zip(EFFECTOR_IDS, self._rest_sigma, strict=True))
        self.venous_unstressed_ml: dict[str, float] = {}
        for group in REGULATED_GROUPS:
            effector = f"unstressed_{group}"
            volume = (venous_unstressed_ml or {}).get(
                group, parameters.effector(effector).basal + rest[effector]
            )
            if not (math.isfinite(volume) and volume > 0.0):
                raise ValueError(f"the {group} venous unstressed volume must be positive")
            self.venous_unstressed_ml[group] = float(volume)

    # -- static curves ------------------------------------------------------------------------
    def site_firing(self, filtered_mmHg: float, set_point_mmHg: float) -> float:
        """Afferent firing (spikes/s) of one site at a filtered pressure."""
        a = self.parameters.afferent
        # Written with the exponential of a non-positive number, so it cannot overflow.
        x = (filtered_mmHg - set_point_mmHg) / a.slope_mmHg
        if x >= 0.0:
            e = math.exp(-x)
            return (a.firing_min_spikes_s * e + a.firing_max_spikes_s) / (e + 1.0)
        e = math.exp(x)
        return (a.firing_min_spikes_s + a.firing_max_spikes_s * e) / (1.0 + e)

    def central_firing(self, filtered_mmHg: tuple[float, ...]) -> float:
        return sum(
            w * self.site_firing(p, s)
            for w, p, s in zip(self._weights, filtered_mmHg, self.set_point_mmHg, strict=True)
        )

    def efferents(self, central_spikes_s: float) -> tuple[float, float]:
        """(sympathetic, vagal) efferent firing for a central afferent input."""
        s = self.parameters.sympathetic
        v = self.parameters.vagal
        sympathetic = s.firing_at_saturation_spikes_s + (
            s.firing_at_zero_input_spikes_s - s.firing_at_saturation_spikes_s
        ) * math.exp(-s.decay_s * central_spikes_s)
        x = (central_spikes_s - v.centre_spikes_s) / v.slope_spikes_s
        if x >= 0.0:
            e = math.exp(-x)
            vagal = (v.firing_low_spikes_s * e + v.firing_high_spikes_s) / (e + 1.0)
        else:
            e = math.exp(x)
            vagal = (v.firing_low_spikes_s + v.firing_high_spikes_s * e) / (1.0 + e)
        return sympathetic, vagal

    def _raw_sigma(self, effector, sympathetic: float, vagal: float) -> float:
        if effector.efferent == "vagal":
            return effector.gain * vagal
        threshold = self.parameters.sympathetic.threshold_spikes_s
        if sympathetic < threshold:
            return 0.0
        return effector.gain * math.log(sympathetic - threshold + 1.0)

    # -- dynamics -----------------------------------------------------------------------------
    def rest_state(self, time_s: float = 0.0) -> ReflexState:
        """The fixed point at the set-point pressures."""
        return ReflexState(
            time_s=float(time_s),
            filtered_mmHg=self.set_point_mmHg,
            last_pressure_mmHg=self.set_point_mmHg,
            effectors=self._rest_sigma,
            history_t_s=(float(time_s),),
            history_sympathetic=(self._rest_sympathetic,),
            history_vagal=(self._rest_vagal,),
        )

    def step(
        self, state: ReflexState, dt_s: float, pressure_mmHg: tuple[float, ...]
    ) -> ReflexState:
        """Advance by ``dt_s`` with the sites' mean pressures over the step."""
        if dt_s <= 0.0:
            raise ValueError("the reflex steps forward in time only")
        a = self.parameters.afferent
        now = state.time_s + dt_s
        ratio = dt_s / a.filter_time_constant_s
        filtered = []
        for p_filtered, p_last, p in zip(
            state.filtered_mmHg, state.last_pressure_mmHg, pressure_mmHg, strict=True
        ):
            if not math.isfinite(p):
                raise FloatingPointError("baroreceptor pressure is not finite")
            drive = p + a.rate_time_constant_s * (p - p_last) / dt_s
            filtered.append((p_filtered + ratio * drive) / (1.0 + ratio))
        filtered_t = tuple(filtered)
        sympathetic, vagal = self.efferents(self.central_firing(filtered_t))

        keep_after = now - self._max_delay_s - HISTORY_MARGIN_S - dt_s
        start = max(bisect.bisect_left(state.history_t_s, keep_after) - 1, 0)
        times = (*state.history_t_s[start:], now)
        symp = (*state.history_sympathetic[start:], sympathetic)
        vag = (*state.history_vagal[start:], vagal)

        effectors = []
        g = self.gain_factor
        delayed: dict[float, tuple[float, float]] = {}
        for effector, theta, rest in zip(
            self._effectors, state.effectors, self._rest_sigma, strict=True
        ):
            values = delayed.get(effector.delay_s)
            if values is None:
                at = now - effector.delay_s
                values = (_interpolate(times, symp, at), _interpolate(times, vag, at))
                delayed[effector.delay_s] = values
            sigma = rest + g * (self._raw_sigma(effector, *values) - rest)
            r = dt_s / effector.time_constant_s
            effectors.append((theta + r * sigma) / (1.0 + r))
        return ReflexState(
            now,
            filtered_t,
            tuple(float(p) for p in pressure_mmHg),
            tuple(effectors),
            times,
            symp,
            vag,
        )

    def tone(self, state: ReflexState) -> VascularTone:
        """The effectors as factors on the resting network."""
        value = dict(zip(EFFECTOR_IDS, state.effectors, strict=True))
        rest = dict(zip(EFFECTOR_IDS, self._rest_sigma, strict=True))
        basal = {e.id: e.basal for e in self._effectors}

        def ratio(name: str) -> float:
            return (basal[name] + value[name]) / (basal[name] + rest[name])

        def volume(group: str) -> float:
            # Ursino's mL moved, out of (or into) the patient's own venous unstressed volume;
            # at most all of it (the sympathetic saturation moves about 40 % of the splanchnic).
            name = f"unstressed_{group}"
            moved_ml = value[name] - rest[name]
            return max(1.0 + moved_ml / self.venous_unstressed_ml[group], 0.0)

        t0 = self.parameters.heart_period_basal_s
        period = t0 + value["period_sympathetic"] + value["period_vagal"]
        period_rest = t0 + rest["period_sympathetic"] + rest["period_vagal"]
        return VascularTone(
            heart_rate=period_rest / max(period, 0.05 * period_rest),
            elastance_left=ratio("elastance_left"),
            elastance_right=ratio("elastance_right"),
            resistance={
                "splanchnic": ratio("resistance_splanchnic"),
                "extrasplanchnic": ratio("resistance_extrasplanchnic"),
            },
            unstressed_volume={group: volume(group) for group in REGULATED_GROUPS},
        )


def _interpolate(times: tuple[float, ...], values: tuple[float, ...], at: float) -> float:
    """Linear interpolation in the delay line; before its first sample the first value holds."""
    if at <= times[0]:
        return values[0]
    if at >= times[-1]:
        return values[-1]
    i = bisect.bisect_right(times, at)
    t0, t1 = times[i - 1], times[i]
    w = (at - t0) / (t1 - t0)
    return values[i - 1] + w * (values[i] - values[i - 1])


def bed_groups(parameters: BaroreflexFile, bed_ids) -> dict[str, str]:
    """Bed id -> ``splanchnic``, ``extrasplanchnic`` or ``unregulated``."""
    splanchnic = set(parameters.bed_groups.splanchnic)
    unregulated = set(parameters.bed_groups.unregulated)
    return {
        bed: "splanchnic"
        if bed in splanchnic
        else "unregulated"
        if bed in unregulated
        else "extrasplanchnic"
        for bed in bed_ids
    }


def group_venous_unstressed_ml(network: Network, groups: dict[str, str]) -> dict[str, float]:
    """Per regulated bed group, the venous unstressed volume (mL) of its beds in ``network``:
    what :func:`apply_tone` scales by the group's unstressed-volume factor."""
    totals = dict.fromkeys(REGULATED_GROUPS, 0.0)
    for bed, (_arterial, venous, _outlet) in network.bed_nodes.items():
        group = groups.get(bed, "unregulated")
        if group in totals:
            totals[group] += float(network.node_unstressed_volume[venous])
    return {group: volume for group, volume in totals.items() if volume > 0.0}


def apply_tone(network: Network, tone: VascularTone, groups: dict[str, str]) -> Network:
    """``network`` (as calibrated, with its devices) under ``tone``.

    Bed (arteriolar) resistances and the venous unstressed volume of each bed scale with their
    group's factor, and each bed's resistance with its own local factor too. The heart rate scales; each ventricle's end-systolic elastance scales, and
    with it its beat-mean afterload gain: the volume left at end-systole is P_es / E_es, so the
    pump law's afterload term goes as 1 / E_es (the fitted left gain is 1 / E_max to 0.2 %)."""
    targets = _tone_targets(network, groups)
    resistance = network.edge_resistance.copy()
    unstressed = network.node_unstressed_volume.copy()
    # In bed order, as one multiplication each: the same products as a loop over the beds.
    group_factor = [tone.resistance.get(group, 1.0) for group in targets.edge_groups]
    bed_factor = [tone.bed_resistance.get(bed, 1.0) for bed in targets.edge_beds]
    np.multiply.at(
        resistance, targets.edges, np.multiply(group_factor, bed_factor, dtype=float)
    )
    np.multiply.at(
        unstressed,
        targets.venous_nodes,
        np.array([tone.unstressed_volume.get(g, 1.0) for g in targets.venous_groups], dtype=float),
    )
    chambers = tuple(
        replace(
            chamber,
            elastance_max_mmHg_per_ml=chamber.elastance_max_mmHg_per_ml
            * _chamber_factor(network, chamber.node, tone),
        )
        for chamber in network.chambers
    )
    pumps = tuple(
        replace(
            pump,
            afterload_gain_ml_per_mmHg=pump.afterload_gain_ml_per_mmHg
            / _chamber_factor(network, pump.inlet, tone),
        )
        for pump in network.pumps
    )
    toned = replace(
        network,
        edge_resistance=resistance,
        node_unstressed_volume=unstressed,
        heart_rate_bpm=network.heart_rate_bpm * tone.heart_rate,
        chambers=chambers,
        pumps=pumps,
    )
    network.share_lookups(toned)
    return toned


@dataclass(frozen=True)
class _ToneTargets:
    """Where a tone acts on one network: each bed's arteriolar edge (with its group and bed)
    and each bed's venous node (with its group), in the order of ``network.bed_nodes``."""

    bed_nodes: dict
    bed_edges: dict
    groups: dict
    edges: np.ndarray
    edge_groups: tuple[str, ...]
    edge_beds: tuple[str, ...]
    venous_nodes: np.ndarray
    venous_groups: tuple[str, ...]


_HELD_TARGETS: list[_ToneTargets] = []


def _tone_targets(network: Network, groups: dict[str, str]) -> _ToneTargets:
    """The targets of the last network's beds: a retone applies to the same base network (and
    so the same bed dicts, recognised by identity) until a device change rebuilds it."""
    if _HELD_TARGETS:
        held = _HELD_TARGETS[0]
        if (
            held.bed_nodes is network.bed_nodes
            and held.bed_edges is network.bed_edges
            and held.groups is groups
        ):
            return held
    edges, edge_groups, edge_beds, venous_nodes, venous_groups = [], [], [], [], []
    for bed, (_arterial, venous, _outlet) in network.bed_nodes.items():
        group = groups.get(bed, "unregulated")
        bed_edge = network.bed_edges[bed][0]
        if network.edge_kind[bed_edge] == EdgeKind.BED:
            edges.append(bed_edge)
            edge_groups.append(group)
            edge_beds.append(bed)
        venous_nodes.append(venous)
        venous_groups.append(group)
    targets = _ToneTargets(
        network.bed_nodes,
        network.bed_edges,
        groups,
        np.array(edges, dtype=np.int64),
        tuple(edge_groups),
        tuple(edge_beds),
        np.array(venous_nodes, dtype=np.int64),
        tuple(venous_groups),
    )
    _HELD_TARGETS[:] = [targets]
    return targets


def _chamber_factor(network: Network, node: int, tone: VascularTone) -> float:
    name = network.node_names[node]
    if name == "left_ventricle":
        return tone.elastance_left
    if name == "right_ventricle":
        return tone.elastance_right
    return 1.0


def site_pressures(
    network: Network, parameters: BaroreflexFile, pressure_mmHg: np.ndarray
) -> tuple[float, ...]:
    """Mean pressure at each receptor site, read by node name (so any rebuild reads the same)."""
    result = []
    for site in parameters.sites:
        values = [float(pressure_mmHg[network.node_index(name)]) for name in site.nodes]
        result.append(sum(values) / len(values))
    return tuple(result)


class RegulatedTransient:
    """The transient solver with the baroreflex (and, if given, the beds' metabolic regulation)
    closing the loop once per beat.

    After each beat the reflex takes that beat's mean pressures at its sites, and the metabolic
    regulation that beat's mean bed flows, and both step over the beat's duration; a changed
    tone becomes the solver's network for the next beat (same blood in every node, the beat
    continues at the new rate). ``base`` is the network the devices give; the solver must have
    been built on ``base`` under ``tone`` (rest by default)."""

    def __init__(
        self,
        solver,
        base: Network,
        reflex: Baroreflex,
        state: ReflexState | None = None,
        metabolic: MetabolicRegulation | None = None,
        metabolic_state: MetabolicState | None = None,
    ):
        self.solver = solver
        self.base = base
        self.reflex = reflex
        self.state = state or reflex.rest_state(solver.time_s)
        self.metabolic = metabolic
        self.metabolic_state = metabolic_state or (metabolic.rest_state() if metabolic else None)
        self._groups = bed_groups(reflex.parameters, base.bed_nodes)
        self.applied = self.tone()
        self._site_nodes = [
            [base.node_index(name) for name in site.nodes] for site in reflex.parameters.sites
        ]

    def tone(self) -> VascularTone:
        tone = self.reflex.tone(self.state)
        if self.metabolic is None:
            return tone
        local = self.metabolic.resistance_factors(self.metabolic_state)
        return tone.combined(VascularTone(bed_resistance=local))

    def run_beat(self) -> tuple[float, np.ndarray]:
        """One beat: (its duration in s, its mean pressures per node)."""
        solver = self.solver
        steps = max(round(solver.network.beat_period_s / solver.dt_s), 1)
        total = np.zeros(solver.network.node_count)
        flow_total = np.zeros(solver.network.edge_count)
        for _ in range(steps):
            solver.step()
            total += solver.pressure_mmHg
            flow_total += solver.flow_ml_s
        mean = total / steps
        duration = steps * solver.dt_s
        sites = tuple(float(np.mean(mean[nodes])) for nodes in self._site_nodes)
        self.state = self.reflex.step(self.state, duration, sites)
        if self.metabolic is not None:
            edges = bed_flow_edges(self.base, self.metabolic.beds)
            self.metabolic_state = self.metabolic.step(
                self.metabolic_state, duration, flow_total[edges] / steps
            )
        tone = self.tone()
        if tone.differs_from(self.applied, 1.0e-4):
            self.applied = tone
            solver.update_network(apply_tone(self.base, tone, self._groups))
        return duration, mean
