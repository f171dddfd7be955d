"""The drug checks made before a drug control's values become an action: each refusal names its
reason, and an accepted draft is exactly the action a plan file would carry."""

from __future__ import annotations

from functools import cache

import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import Bolus, StartInfusion, StopInfusion
from simulator.session.proposals import (
    DOSE_TOLERANCE,
    DrugDraft,
    check_drug,
    check_stop,
    dose_account,
    given_mg,
)
from simulator.session.replay import replay


@cache
def hap_at(t_s: float):
    scenario = resolve_scenario("hap-pancreas")[0]
    plan = resolve_plan(scenario, "expert")
    session = replay(scenario, plan.actions, load_atlas(), until_s=t_s)
    before = [a for a in plan.actions if a.t_s <= t_s]
    return scenario, session, before


def check(draft: DrugDraft, t_s: float = 400.0, actions=None):
    scenario, session, before = hap_at(t_s)
    return check_drug(
        draft,
        t_s,
        scenario,
        session.catalog,
        session.drugs,
        session.devices,
        before if actions is None else actions,
    )


def bolus(drug: str, dose_mg: float, volume_ml: float, duration_s: float = 180.0, **kw):
    return DrugDraft(
        "bolus",
        kw.pop("catheter_id", "aortic"),
        drug,
        port=kw.pop("port", 1),
        dose_mg=dose_mg,
        volume_ml=volume_ml,
        duration_s=duration_s,
        **kw,
    )


def test_the_protocol_dose_goes_as_the_plan_file_carries_it() -> None:
    proposal = check(bolus("fluorouracil", 1890.0, 37.8))
    assert proposal.reason is None
    assert proposal.action == Bolus(
        t_s=400.0,
        catheter_id="aortic",
        drug="fluorouracil",
        dose_mg=1890.0,
        volume_ml=37.8,
        duration_s=180.0,
        port=1,
    )
    assert proposal.account.planned_mg == 1890.0 and proposal.account.given_mg == 0.0


def test_a_dose_beyond_the_planned_dose_is_refused_with_what_is_left() -> None:
    # Cisplatin's 95 mg bolus started at 6:00: all of it is committed at 6:40.
    refused = check(bolus("cisplatin", 10.0, 10.0))
    assert refused.action is None
    assert refused.reason.startswith("beyond the planned dose: the protocol gives 95 mg")
    assert "95 mg are given already, so at most 0 mg more" in refused.reason
    over = check(bolus("fluorouracil", 1890.0 * (1 + 2 * DOSE_TOLERANCE), 40.0))
    assert over.action is None and "at most 1890 mg more" in over.reason
    # The rounding of a protocol dose is not over the plan.
    assert check(bolus("fluorouracil", 1891.0, 37.8)).reason is None


def test_a_cytotoxic_drug_outside_the_protocol_is_refused_but_contrast_may_go() -> None:
    refused = check(bolus("melphalan", 10.0, 10.0))
    assert refused.action is None
    assert "not in this scenario's protocol (cisplatin, fluorouracil, mitomycin_c)" in (
        refused.reason
    )
    assert check(bolus("contrast", 3000.0, 10.0, 10.0)).reason is None


def test_a_rate_above_what_the_opening_carries_is_refused_by_the_catalog_limit() -> None:
    # 95 mL in 15 s is 380 mL/min: the side holes (port 1) carry 300 mL/min.
    refused = check(bolus("fluorouracil", 100.0, 95.0, 15.0))
    assert refused.action is None
    assert "380 mL/min is more than catheter 'aortic'" in refused.reason
    assert "at most 300 mL/min (device catalog)" in refused.reason
    # Through the end hole (500 mL/min) the same bolus goes.
    assert check(bolus("fluorouracil", 100.0, 95.0, 15.0, port=0)).reason is None
    infusion = DrugDraft(
        "infusion", "aortic", "fluorouracil", port=1, rate_ml_min=320.0, concentration_mg_ml=1.0
    )
    assert "at most 300 mL/min" in check(infusion).reason


def test_more_than_the_drug_table_allows_for_one_procedure_is_refused() -> None:
    # 3 g of iodine went in at the isolation check; the table allows 100 g in all.
    refused = check(bolus("contrast", 98_000.0, 300.0, 120.0))
    assert refused.action is None
    assert "the drug table allows at most 100000 mg_iodine" in refused.reason


def test_values_outside_the_plan_format_are_refused_by_field() -> None:
    assert check(bolus("fluorouracil", 0.0, 10.0)).reason.startswith("dose: ")
    assert check(bolus("fluorouracil", 100.0, 0.001)).reason.startswith("volume: ")
    too_strong = check(bolus("fluorouracil", 5000.0, 10.0))
    assert "more than any solution given into a vessel" in too_strong.reason
    assert check(bolus("fluorouracil", 10.0, 10.0, port=5)).reason == (
        "catheter 'aortic' (aigner_stopflow_arterial_12f) has 2 infusion opening(s), so there "
        "is no opening 5"
    )
    assert check(bolus("fluorouracil", 10.0, 10.0, catheter_id="gone")).reason == (
        "catheter 'gone' is not in the patient"
    )


def test_given_counts_boluses_whole_and_infusions_until_now() -> None:
    start = StartInfusion(
        t_s=100.0, catheter_id="a", drug="cisplatin", rate_ml_min=6.0, concentration_mg_ml=0.5
    )  # 3 mg/min
    stop = StopInfusion(t_s=400.0, catheter_id="a")
    push = Bolus(
        t_s=200.0, catheter_id="b", drug="cisplatin", dose_mg=20.0, volume_ml=20.0, duration_s=600.0
    )
    assert given_mg([start], "cisplatin", 160.0) == pytest.approx(3.0)
    assert given_mg([start, push], "cisplatin", 220.0) == pytest.approx(6.0 + 20.0)
    assert given_mg([start, push, stop], "cisplatin", 1000.0) == pytest.approx(15.0 + 20.0)
    assert given_mg([start, push, stop], "fluorouracil", 1000.0) == 0.0
    scenario, session, _ = hap_at(400.0)
    account = dose_account("cisplatin", scenario, session.drugs, [start, push, stop], 1000.0)
    assert account.left_mg == pytest.approx(95.0 - 35.0)
    assert account.table_limit_mg == 400.0


def test_an_infusion_once_the_planned_dose_is_given_is_refused() -> None:
    draft = DrugDraft(
        "infusion", "aortic", "cisplatin", port=1, rate_ml_min=5.0, concentration_mg_ml=1.0
    )
    assert "all 95 mg of" in check(draft).reason
    # A saline flush (no drug) is never over a dose.
    flush = DrugDraft("infusion", "aortic", "cisplatin", port=1, rate_ml_min=5.0)
    assert check(flush).reason is None


def test_stopping_needs_something_running() -> None:
    _, session, _ = hap_at(400.0)
    assert check_stop("caval", 400.0, session.devices).reason == (
        "nothing is running through caval"
    )
    stop = check_stop("aortic", 400.0, session.devices)  # the cisplatin bolus runs until 9:00
    assert stop.action == StopInfusion(t_s=400.0, catheter_id="aortic")


def circuit(**changes):
    from simulator.session.proposals import CircuitDraft

    values = {
        "circuit_id": "stopflow",
        "draw": "caval",
        "return_": "aortic",
        "flow_ml_min": 120.0,
        "return_port": 1,
        "model": "stopflow_hypoxic_circuit",
    }
    values.update(changes)
    return CircuitDraft(**values)


def check_circuit_at(draft, t_s: float = 400.0):
    from simulator.session.proposals import check_circuit

    scenario, session, _ = hap_at(t_s)
    segments = {s.id for s in session.atlas.segments}
    return check_circuit(draft, t_s, scenario, session.catalog, session.devices, segments)


def test_a_circuit_goes_as_the_expert_plan_carries_it() -> None:
    scenario, _, _ = hap_at(400.0)
    expert = next(a for a in scenario.expert_plan.actions if a.action == "start_circuit")
    proposal = check_circuit_at(circuit())
    assert proposal.reason is None
    assert proposal.action == expert.model_copy(update={"t_s": 400.0, "note": None})


def test_circuit_refusals_name_the_limit() -> None:
    assert (
        "at most 300 mL/min (device catalog)" in check_circuit_at(circuit(flow_ml_min=400)).reason
    )
    assert "pumps: at most 600 mL/min" in check_circuit_at(circuit(flow_ml_min=650)).reason
    assert check_circuit_at(circuit(draw_port=2)).reason.startswith(
        "catheter 'caval' (aigner_stopflow_venous_14f) has 1 aspiration opening(s)"
    )
    assert check_circuit_at(circuit(model="ilp_circuit_x")).reason == (
        "ilp_circuit_x is not on this scenario's shelf"
    )
    assert check_circuit_at(circuit(draw=("nowhere", 0.5))).reason == (
        "'nowhere' is not a vessel of the atlas"
    )
    same = check_circuit_at(circuit(draw=("portal_vein", 0.5), return_=("portal_vein", 0.5)))
    assert "draw and return are the same place" in same.reason
    assert check_circuit_at(circuit(filter_extraction=1.5)).reason.startswith("filter extraction")


def test_embolisation_needs_an_artery_and_an_agent_on_the_shelf() -> None:
    from simulator.session.proposals import check_embolize

    kinds = {s.id: s.kind for s in load_atlas().segments}
    tace = resolve_scenario("tace-hcc")[0]
    _, session, _ = hap_at(400.0)
    catalog = session.catalog
    ok = check_embolize("proper_hepatic_artery", 0.5, "particles", 0.8, 10.0, tace, catalog, kinds)
    assert ok.reason is None and ok.action.amount == 0.8
    vein = check_embolize("portal_vein", 0.5, "coil", 1.0, 10.0, tace, catalog, kinds)
    assert vein.reason == "portal vein is not an artery (portal): emboli go in arteries"
    hap = resolve_scenario("hap-pancreas")[0]
    assert check_embolize("celiac_trunk", 0.5, "coil", 1.0, 10.0, hap, catalog, kinds).reason == (
        "no coil on this scenario's shelf"
    )
    assert check_embolize(
        "proper_hepatic_artery", 0.5, "coil", 0.0, 10.0, tace, catalog, kinds
    ).reason.startswith("amount: ")
