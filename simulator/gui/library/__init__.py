"""The scenario library page: browse, search and filter the scenarios, read a briefing, start."""

from simulator.gui.library.entries import LibraryEntry, ScenarioChoice
from simulator.gui.library.page import LibraryPage, choose_scenario_file

__all__ = ["LibraryEntry", "LibraryPage", "ScenarioChoice", "choose_scenario_file"]
