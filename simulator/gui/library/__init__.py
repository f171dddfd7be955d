"""The scenario library page: browse, search and filter the scenarios, read a briefing, start.

How the window uses it::

    page = LibraryPage(window)
    page.start_requested.connect(window.open_workspace)   # receives a ScenarioChoice
    # File > Open Scenario (Ctrl+O):
    path = choose_scenario_file(window)
    if path is not None:
        page.open_file(path)        # listed (valid or not) and chosen; show the page
    page.select("hap-pancreas")     # choose a scenario by id

Reading and checking the 18 built-in files takes about 30 ms (``benchmarks/library_page.py``),
so the page loads them in its constructor, once; files are cached by modification time.
"""

from simulator.gui.library.entries import LibraryEntry, ScenarioChoice
from simulator.gui.library.page import LibraryPage, choose_scenario_file

__all__ = ["LibraryEntry", "LibraryPage", "ScenarioChoice", "choose_scenario_file"]
