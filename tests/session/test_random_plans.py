"""Any plan, however odd, keeps every number finite and the drug mass balance closed to 1e-9."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scoring.report import grade_session
from simulator.session.replay import replay
from tests.session.builders import plan_actions, scenario, stop_flow_actions

# The two stop-flow catheters of the synthetic scenario, inserted at t = 0.
SETUP = stop_flow_actions()[:2]
COIL_TARGETS = [
    "celiac_trunk",
    "splenic_artery",
    "renal_artery_left",
    "gastroduodenal_artery",
    "inferior_mesenteric_artery",
    "lumbar_arteries_left",
    "azygos_vein",
]
CUFF_SITES = ["thigh_root_left", "thigh_root_right", "upper_arm_root_left"]
DRUGS = ["cisplatin", "melphalan", "tracer_tc99m_rbc", "contrast"]

times = st.integers(min_value=1, max_value=600)
actions = st.one_of(
    st.builds(
        lambda t, v, c: {"t_s": t, "action": "inflate_balloon", "catheter_id": c, "volume_ml": v},
        times,
        st.floats(0.05, 30.0),
        st.sampled_from(["aorta", "cava"]),
    ),
    st.builds(
        lambda t, c: {"t_s": t, "action": "deflate_balloon", "catheter_id": c},
        times,
        st.sampled_from(["aorta", "cava"]),
    ),
    st.builds(
        lambda t, s, p: {"t_s": t, "action": "set_cuff", "site": s, "pressure_mmHg": p},
        times,
        st.sampled_from(CUFF_SITES),
        st.floats(0.0, 400.0),
    ),
    st.builds(
        lambda t, d, r, c, p: {
            "t_s": t,
            "action": "start_infusion",
            "catheter_id": "aorta",
            "drug": d,
            "rate_ml_min": r,
            "concentration_mg_ml": c,
            "port": p,
        },
        times,
        st.sampled_from(DRUGS),
        st.floats(0.5, 200.0),
        st.floats(0.0, 5.0),
        st.integers(0, 1),
    ),
    st.builds(lambda t: {"t_s": t, "action": "stop_infusion", "catheter_id": "aorta"}, times),
    st.builds(
        lambda t, d, v: {
            "t_s": t,
            "action": "bolus",
            "catheter_id": "aorta",
            "drug": d,
            "dose_mg": 50.0,
            "volume_ml": v,
            "duration_s": 30.0,
            "port": 1,
        },
        times,
        st.sampled_from(DRUGS),
        st.floats(1.0, 100.0),
    ),
    st.builds(
        lambda t, v, a: {
            "t_s": t,
            "action": "embolize",
            "vessel": v,
            "position": 0.5,
            "agent": a,
            "amount": 1.0,
        },
        times,
        st.sampled_from(COIL_TARGETS),
        st.sampled_from(["coil", "particles"]),
    ),
    st.builds(
        lambda t, f, e: {
            "t_s": t,
            "action": "start_circuit",
            "circuit_id": "c",
            "draw": "cava",
            "return": {"vessel": "internal_jugular_vein_right", "position": 0.5},
            "flow_ml_min": f,
            "filter_extraction": e,
        },
        times,
        st.floats(10.0, 2000.0),
        st.floats(0.0, 1.0),
    ),
    # A venous line that drains by gravity into the ILP circuit's reservoir: the patient and the
    # reservoir trade blood, and the reservoir's drug must stay in the balance.
    st.builds(
        lambda t, f, h, e: {
            "t_s": t,
            "action": "start_circuit",
            "circuit_id": "c",
            "model": "ilp_oxygenated_circuit",
            "draw": {"vessel": "femoral_vein_left", "position": 0.8},
            "return": {"vessel": "superficial_femoral_artery_left", "position": 0.2},
            "flow_ml_min": f,
            "filter_extraction": e,
            "drainage_head_cm": h,
        },
        times,
        st.floats(10.0, 1500.0),
        st.floats(-20.0, 100.0),
        st.floats(0.0, 1.0),
    ),
    st.builds(
        lambda t, p: {"t_s": t, "action": "mark_phase", "phase": p},
        times,
        st.sampled_from(["isolation_check", "perfusion", "washout", "filtration"]),
    ),
)


def _consistent(raw: list[dict]) -> list[dict]:
    """Keep the random actions a valid plan: sorted, circuits stopped only when running."""
    ordered = sorted(raw, key=lambda a: a["t_s"])
    return SETUP + ordered


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(actions, min_size=1, max_size=10))
def test_random_plans_stay_finite_and_conserve_drug(atlas, raw):
    session = replay(scenario(), plan_actions(_consistent(raw)), atlas)
    report = grade_session(session)
    assert report["metrics"]["mass_balance_residual"] < 1e-9
    assert np.all(np.isfinite(session.state.pressure_mmHg))
    assert np.all(np.isfinite(session.state.flow_ml_s))
    for transport in [*session.transports.values(), *session.leak_shadows.values()]:
        assert np.all(np.isfinite(transport.state.concentration_mg_ml))
        assert transport.mass_balance_residual() < 1e-9
    for value in report["metrics"].values():
        assert value is None or isinstance(value, bool) or np.isfinite(value)
    assert 0.0 <= report["score"] <= 100.0
