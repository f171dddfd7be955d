"""What the anaesthetist gives (fluid, vasopressor), the volume-source mechanism a haemorrhage uses,
and the baroreflex in a session: rest held, state carried across rebuilds, replay bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from simulator.scenario.plan_file import PlanFile
from simulator.session.regulation import VolumeSource
from simulator.session.replay import replay
from simulator.session.session import Session
from tests.session.builders import plan_actions, scenario, stop_flow_actions

BLOOD_ML = 5300.0


def session_after(atlas, raw, until_s, source: VolumeSource | None = None, **patient):
    base = scenario()
    if patient:
        base = base.model_copy(update={"patient": base.patient.model_copy(update=patient)})
    session = Session(base, atlas)
    if source is not None:
        session.regulation.add_volume(source)
    for action in plan_actions(raw):
        session.advance(action.t_s)
        session.apply(action)
    session.advance(until_s)
    return session


def test_rest_stays_rest_with_the_reflex_on(atlas):
    session = session_after(atlas, [], 600.0, anaesthesia="awake")
    assert session.mean_arterial_pressure() == pytest.approx(93.0, abs=0.05)
    assert session.network.heart_rate_bpm == pytest.approx(75.0, abs=1e-6)
    assert session.state.total_volume_ml == pytest.approx(BLOOD_ML, rel=1e-9)


@pytest.mark.parametrize(
    ("fluid", "low", "high"), [("crystalloid", 0.2, 0.3), ("colloid", 0.8, 1.0)]
)
def test_fluid_stays_in_the_blood_as_published(atlas, fluid, low, high):
    """Of a 500 mL bolus over 5 min, the share still intravascular one hour later."""
    raw = [{"t_s": 0, "action": "give_fluid", "fluid": fluid, "volume_ml": 500, "rate_ml_min": 100}]
    session = session_after(atlas, raw, 3600.0)
    retained = (session.state.total_volume_ml - BLOOD_ML) / 500.0
    assert low <= retained <= high
    assert session.mean_arterial_pressure() > 93.0


def test_a_haemorrhage_is_a_negative_volume_source(atlas):
    """10 % of the blood volume over 10 minutes: exactly that volume leaves; the reflex speeds
    the heart and holds some of the pressure (compared with the reflex switched off)."""
    lost = 0.1 * BLOOD_ML
    results = {}
    for gain in (0.0, 1.0):
        source = VolumeSource("haemorrhage", -lost / 600.0, lost)
        session = session_after(atlas, [], 900.0, source, baroreflex_gain_factor=gain)
        assert session.state.total_volume_ml == pytest.approx(BLOOD_ML - lost, rel=1e-9)
        results[gain] = (session.mean_arterial_pressure(), session.network.heart_rate_bpm)
    assert results[1.0][0] > results[0.0][0] + 3.0
    assert results[1.0][1] > 80.0 and results[0.0][1] == pytest.approx(75.0)


@pytest.mark.parametrize(
    ("drug", "rate", "unit"), [("phenylephrine", 50, "ug_min"), ("noradrenaline", 0.1, "ug_kg_min")]
)
def test_a_vasopressor_raises_the_pressure_after_its_onset_and_wears_off(atlas, drug, rate, unit):
    raw = [
        {"t_s": 0, "action": "vasopressor", "drug": drug, "rate": rate, "unit": unit},
        {"t_s": 900, "action": "vasopressor", "drug": drug, "rate": 0},
    ]
    early = session_after(atlas, raw[:1], 10.0).mean_arterial_pressure()
    steady = session_after(atlas, raw[:1], 900.0).mean_arterial_pressure()
    after = session_after(atlas, raw, 2400.0).mean_arterial_pressure()
    assert 93.0 < early < steady
    assert steady > 98.0
    assert abs(after - 93.0) < 1.0


def test_plan_checks_name_the_field():
    def plan(action):
        return PlanFile.model_validate(
            {"schema_version": 2, "scenario_id": "x", "actions": [action]}
        )

    with pytest.raises(ValidationError, match="beyond any clinical dose"):
        plan({"t_s": 0, "action": "vasopressor", "drug": "phenylephrine", "rate": 50})
    with pytest.raises(ValidationError, match="fluid"):
        plan({"t_s": 0, "action": "give_fluid", "fluid": "blood", "volume_ml": 1, "rate_ml_min": 1})
    with pytest.raises(ValidationError, match="volume_ml"):
        plan(
            {"t_s": 0, "action": "give_fluid", "fluid": "colloid", "volume_ml": 0, "rate_ml_min": 1}
        )


def test_the_reflex_carries_across_rebuilds_and_replays_bit_for_bit(atlas):
    """A stop-flow plan rebuilds the network several times while the reflex is working; two
    replays agree to the last bit, and mass balance holds."""
    raw = [
        *stop_flow_actions()[:-1],
        {
            "t_s": 200,
            "action": "give_fluid",
            "fluid": "crystalloid",
            "volume_ml": 300,
            "rate_ml_min": 60,
        },
        {"t_s": 240, "action": "vasopressor", "drug": "phenylephrine", "rate": 0.5},
        stop_flow_actions()[-1],
    ]
    runs = [replay(scenario(), plan_actions(raw), atlas, until_s=900.0) for _ in range(2)]
    first, second = runs
    assert first.network.heart_rate_bpm != 75.0  # the reflex has acted
    assert np.array_equal(first.state.pressure_mmHg, second.state.pressure_mmHg)
    assert first.regulation.state == second.regulation.state
    assert not first.regulation.metabolic_state.at_rest  # beds below the balloon dilated
    assert first.regulation.metabolic_state == second.regulation.metabolic_state
    assert first.timeseries == second.timeseries
    assert first.metrics.mass_balance_residual < 1e-9


def test_nitroglycerin_lowers_the_pressure_above_a_supraceliac_balloon_and_wears_off(atlas):
    """Aortic occlusion raises the pressure above it (Gelman 1995); nitroglycerin started before
    the balloon lowers it, and once stopped its effect wears off with its onset time constant."""
    balloon = [
        {
            "t_s": 0,
            "action": "insert_catheter",
            "catheter_id": "aortic",
            "model": "aigner_stopflow_arterial_12f",
            "access": "common_femoral_artery_left",
            "tip": {"vessel": "descending_thoracic_aorta_lower", "position": 0.4},
        },
        {"t_s": 300, "action": "inflate_balloon", "catheter_id": "aortic", "volume_ml": 5.4},
    ]
    nitroglycerin = [
        {"t_s": 120, "action": "vasodilator", "drug": "nitroglycerin", "rate": 2.0},
        {"t_s": 900, "action": "vasodilator", "drug": "nitroglycerin", "rate": 0},
    ]

    def plan(*groups):
        return sorted((a for group in groups for a in group), key=lambda a: a["t_s"])

    clamped = session_after(atlas, balloon, 880.0).mean_arterial_pressure()
    treated = session_after(atlas, plan(balloon, nitroglycerin[:1]), 880.0).mean_arterial_pressure()
    assert clamped > 110.0
    assert treated < clamped - 10.0
    worn_off = session_after(atlas, plan(balloon, nitroglycerin), 2700.0).mean_arterial_pressure()
    assert abs(worn_off - session_after(atlas, balloon, 2700.0).mean_arterial_pressure()) < 1.0
    first, second = (
        replay(scenario(), plan_actions(plan(balloon, nitroglycerin)), atlas, until_s=1200.0)
        for _ in range(2)
    )
    assert first.timeseries == second.timeseries
    assert first.regulation.vasodilators == second.regulation.vasodilators


def test_vasodilator_rates_are_checked_per_unit():
    def plan(action):
        return PlanFile.model_validate(
            {"schema_version": 2, "scenario_id": "x", "actions": [action]}
        )

    with pytest.raises(ValidationError, match="beyond any clinical dose"):
        plan({"t_s": 0, "action": "vasodilator", "drug": "nitroprusside", "rate": 12})
    with pytest.raises(ValidationError, match="drug"):
        plan({"t_s": 0, "action": "vasodilator", "drug": "hydralazine", "rate": 1})
    ok = plan(
        {"t_s": 0, "action": "vasodilator", "drug": "nitroglycerin", "rate": 200, "unit": "ug_min"}
    )
    assert ok.actions[0].rate == 200


def test_nitroprusside_acts_faster_than_nitroglycerin_and_a_high_rate_is_flagged(atlas):
    """Nitroprusside (tau 1 min) has lowered the resting pressure further than nitroglycerin
    (tau 2 min) one minute in; a rate above the usual range raises a warning, not a refusal."""
    one_minute = {
        drug: session_after(
            atlas, [{"t_s": 0, "action": "vasodilator", "drug": drug, "rate": 2.0}], 60.0
        ).mean_arterial_pressure()
        for drug in ("nitroglycerin", "nitroprusside")
    }
    assert one_minute["nitroprusside"] < one_minute["nitroglycerin"] < 93.0
    high = session_after(
        atlas, [{"t_s": 0, "action": "vasodilator", "drug": "nitroglycerin", "rate": 8.0}], 1.0
    )
    assert [e.kind for e in high.events if e.severity == "warning"] == ["vasodilator_dose"]


def test_a_carotid_offset_acts_on_the_carotid_input_alone(atlas):
    """Neck suction: the carotid sinuses sense a transmural rise, the aortic arch the arterial
    pressure. The heart slows and the pressure falls, but less than if both sites were offset
    (the aortic arch, seeing the fall, buffers it); an unknown site is refused by name."""
    falls = {}
    for sites in (("carotid_sinus",), ("carotid_sinus", "aortic_arch")):
        session = session_after(atlas, [], 60.0, anaesthesia="awake")
        for site in sites:
            session.regulation.set_receptor_offset(site, 30.0)
        session.advance(240.0)
        assert session.network.heart_rate_bpm < 75.0 - 2.0
        falls[sites] = 93.0 - session.mean_arterial_pressure()
    assert 3.0 < falls[("carotid_sinus",)] < falls[("carotid_sinus", "aortic_arch")]
    with pytest.raises(ValueError, match="carotid_sinus"):
        session.regulation.set_receptor_offset("neck", 30.0)


def test_a_held_aortic_arch_leaves_the_carotid_reflex_alone_to_buffer_a_bleed(atlas):
    """The vagotomy of the dog experiments: the aortic arch keeps sensing its pressure of before,
    so after the same bleed the pressure falls further than with both sites following it (and
    less than with no reflex); letting go of the site restores the intact reflex."""
    falls = {}
    for case in ("intact", "carotid_only", "no_reflex"):
        gain = {"baroreflex_gain_factor": 0.0} if case == "no_reflex" else {}
        session = session_after(atlas, [], 60.0, anaesthesia="awake", **gain)
        regulation = session.regulation
        if case == "carotid_only":
            held = regulation.sensed_pressures(session.network, session.state.pressure_mmHg)[1]
            regulation.hold_receptor("aortic_arch", held)
            assert regulation.sensed_pressures(
                session.network, session.state.pressure_mmHg * 0.5
            )[1] == pytest.approx(held, abs=0.0)
        regulation.add_volume(VolumeSource("haemorrhage", -265.0 / 10.0, 265.0))
        session.advance(300.0)
        falls[case] = 93.0 - session.mean_arterial_pressure()
    assert 0.5 < falls["intact"] < falls["carotid_only"] < falls["no_reflex"]
    regulation.hold_receptor("aortic_arch", None)
    assert regulation.receptor_held_mmHg == {}
    with pytest.raises(ValueError, match="aortic_arch"):
        regulation.hold_receptor("aorta", 90.0)
