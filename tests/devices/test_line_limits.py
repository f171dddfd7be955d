"""Pump and infusion lines: which limit binds, and the flow each limit lets through."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.devices.catalog import load_catalog
from simulator.devices.line_limits import (
    BARE_VESSEL_FLOW_ML_MIN,
    PERFUSION_LINE_LIMIT_MMHG,
    RATING_TIP_MMHG,
    VEIN_COLLAPSE_MMHG,
    Line,
    catheter_rated_flow_ml_s,
)

TIP, CANNULA = 0, 1


def _circuit(set_ml_min: float) -> Line:
    return Line(
        "circuit:c",
        "circuit",
        "circuit c",
        TIP,
        CANNULA,
        set_ml_min / 60.0,
        600.0 / 60.0,
        PERFUSION_LINE_LIMIT_MMHG,
        800.0 / 60.0,
    )


def _pressures(tip: float, cannula: float) -> np.ndarray:
    return np.array([tip, cannula])


def test_a_line_within_its_limits_delivers_the_set_flow():
    line = _circuit(250.0)
    assert line.choose_mode(_pressures(100.0, 5.0)) == "set"
    assert line.controlled("set").flow_ml_s(_pressures(100.0, 5.0)) == pytest.approx(250 / 60)


def test_the_catalog_maximum_is_reached_into_an_artery_at_the_rating_pressure():
    line = _circuit(10_000.0)
    flows = line.flows_by_mode(_pressures(RATING_TIP_MMHG, 50.0))
    assert flows["overpressure"] == pytest.approx(600.0 / 60.0)
    assert line.flows_by_mode(_pressures(PERFUSION_LINE_LIMIT_MMHG, 50.0))["overpressure"] == 0.0


def test_a_pump_asking_too_much_overpressures_and_gets_what_the_line_passes():
    line = _circuit(10_000.0)
    pressures = _pressures(200.0, 50.0)
    assert line.choose_mode(pressures) == "overpressure"
    law = line.controlled("overpressure")
    assert law.flow_ml_s(pressures) == pytest.approx(line.flows_by_mode(pressures)["overpressure"])
    assert law.flow_ml_s(pressures) < line.set_flow_ml_s


def test_a_draw_above_what_reaches_the_cannula_collapses_the_vein():
    line = _circuit(250.0)
    near_collapse = _pressures(100.0, VEIN_COLLAPSE_MMHG + 0.1)
    assert line.choose_mode(near_collapse) == "collapse"
    assert line.controlled("collapse").flow_ml_s(near_collapse) < line.set_flow_ml_s


def test_a_limit_stops_the_pump_only_once_its_own_law_says_so():
    """A small segment jumps past the limit in one step at the set flow; stopping there would
    leave it above the limit, so the limit's law is tried first."""
    line = _circuit(250.0)
    past = _pressures(PERFUSION_LINE_LIMIT_MMHG + 20.0, 5.0)
    assert line.choose_mode(past, current="set") == "overpressure"
    assert line.choose_mode(past, current="overpressure") == "overpressure_stopped"
    assert line.controlled("overpressure_stopped").flow_ml_s(past) == 0.0
    collapsed = _pressures(100.0, VEIN_COLLAPSE_MMHG - 3.0)
    assert line.choose_mode(collapsed, current="set") == "collapse"
    assert line.choose_mode(collapsed, current="collapse") == "collapse_stopped"


def test_rated_flows_come_from_the_catalog():
    catalog = load_catalog()
    micro = catalog.device("microcatheter_2_4f")
    assert catheter_rated_flow_ml_s(micro, "infusion", 0) == pytest.approx(76.0 / 60.0)
    aigner = catalog.device("aigner_stopflow_arterial_12f")
    assert catheter_rated_flow_ml_s(aigner, "infusion", 1) == pytest.approx(300.0 / 60.0)
    pump = catalog.device("hai_pump_constant_flow_30ml")
    # A 0.6 mm implanted catheter: a few tens of mL/min at the limit, far above its 1.5 mL/day.
    assert 5.0 / 60.0 < catheter_rated_flow_ml_s(pump, "infusion", 0) < 100.0 / 60.0
    cuff = catalog.device("tourniquet_cuff_thigh")
    assert catheter_rated_flow_ml_s(cuff, "infusion", 0) == BARE_VESSEL_FLOW_ML_MIN / 60.0
