"""The scenario library page, driven by real keyboard and mouse events: it lists the built-in
library, narrows it as the user types or filters, shows the briefing of the chosen scenario,
starts it on Enter, double-click or the button, and lists a broken file with its problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from simulator.devices.catalog import load_catalog, load_drugs
from simulator.gui.library import LibraryPage, ScenarioChoice, choose_scenario_file
from simulator.gui.library.badges import icon_size
from simulator.gui.library.briefing import threshold_text
from simulator.gui.library.entries import PROCEDURE_NAMES
from simulator.gui.library.model import ENTRY_ROLE, Column
from simulator.gui.library.page import LAST_FOLDER_KEY
from simulator.scenario.library import LIBRARY_PATH, library_files
from simulator.scenario.loading import load_scenario

FIXTURES = Path(__file__).parents[1] / "scenario" / "fixtures"
LIBRARY = {scenario.id: scenario for scenario in map(load_scenario, library_files())}


@pytest.fixture(autouse=True)
def _forget_last_folder() -> None:
    QSettings().remove(LAST_FOLDER_KEY)


@pytest.fixture
def page(qtbot: Any) -> LibraryPage:
    page = LibraryPage()
    qtbot.addWidget(page)
    page.resize(1400, 850)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown_ids(page: LibraryPage) -> list[str]:
    ids = []
    for row in range(page.proxy.rowCount()):
        entry = page.proxy.index(row, 0).data(ENTRY_ROLE)
        ids.append(entry.scenario.id if entry.scenario is not None else entry.path.name)
    return ids


def cell(page: LibraryPage, scenario_id: str, column: Column) -> str:
    row = shown_ids(page).index(scenario_id)
    return page.proxy.index(row, column).data()


def click_row(qtbot: Any, page: LibraryPage, scenario_id: str, *, double: bool = False) -> None:
    row = shown_ids(page).index(scenario_id)
    index = page.proxy.index(row, Column.TITLE)
    page.table.scrollTo(index)
    centre: QPoint = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:  # a real double-click is a click, then the double-click event
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_every_library_scenario_is_listed_with_its_columns(page: LibraryPage) -> None:
    assert sorted(shown_ids(page)) == sorted(LIBRARY)
    assert len(LIBRARY) == 18
    assert page.count_label.text() == "18 of 18 scenarios shown"
    headers = [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Scenario", "Procedure", "Difficulty", "Patient", "Duration", "Summary"]
    for scenario_id, scenario in LIBRARY.items():
        assert cell(page, scenario_id, Column.TITLE) == scenario.title
        assert cell(page, scenario_id, Column.PROCEDURE) == PROCEDURE_NAMES[scenario.procedure]
        assert cell(page, scenario_id, Column.DIFFICULTY) == scenario.difficulty.capitalize()
        assert cell(page, scenario_id, Column.SUMMARY) == scenario.summary
    assert cell(page, "hap-pancreas", Column.PATIENT) == "Male, 64 y, 74 kg"
    # expert plan's last action at 3990 s; procedure limit 90 min
    assert cell(page, "hap-pancreas", Column.DURATION) == "66 min (limit 90)"
    assert cell(page, "hai-pump-colorectal-liver", Column.DURATION) == "130 min"


def test_introductory_cases_come_first(page: LibraryPage) -> None:
    levels = [LIBRARY[i].difficulty for i in shown_ids(page)]
    assert levels == sorted(levels, key=["introductory", "intermediate", "advanced"].index)
    assert levels[:2] == ["introductory", "introductory"]


def test_typing_in_the_search_box_narrows_the_list(qtbot: Any, page: LibraryPage) -> None:
    qtbot.keyClicks(page.search_box, "uveal")
    assert sorted(shown_ids(page)) == ["php-uveal-liver", "php-uveal-liver-accessory-hepatic-vein"]
    assert page.count_label.text() == "2 of 18 scenarios shown"
    page.search_box.clear()
    qtbot.keyClicks(page.search_box, "melph female")  # drug and patient, any order, prefixes
    assert sorted(shown_ids(page)) == [
        "ili-melanoma-leg",
        "php-uveal-liver",
        "php-uveal-liver-accessory-hepatic-vein",
    ]
    page.search_box.clear()
    qtbot.keyClicks(page.search_box, "male melphalan")  # "male" is a word, not part of "female"
    assert sorted(shown_ids(page)) == ["ilp-sarcoma-leg", "ilup-lung-metastases"]
    page.search_box.clear()
    qtbot.keyClicks(page.search_box, "osteosarcoma")  # a tumour
    assert shown_ids(page) == ["eisli-osteosarcoma"]
    assert page.current_entry().scenario.id == "eisli-osteosarcoma"
    [selected] = page.table.selectionModel().selectedRows()
    assert selected.data(ENTRY_ROLE).scenario.id == "eisli-osteosarcoma"  # highlighted too
    qtbot.keyClicks(page.search_box, " nothing-like-this")
    assert shown_ids(page) == []
    assert not page.start_button.isEnabled()
    assert "No scenario matches" in page.briefing.toPlainText()


def test_procedure_and_difficulty_filters_narrow_the_list(qtbot: Any, page: LibraryPage) -> None:
    combo = page.procedure_filter
    combo.setFocus()
    qtbot.keyClicks(combo, "Hypoxic")  # keyboard search of a closed combo (a space opens it)
    assert combo.currentData() == "HAP"
    hap = {i for i, s in LIBRARY.items() if s.procedure == "HAP"}
    assert set(shown_ids(page)) == hap and len(hap) == 3
    page.difficulty_filter.setCurrentIndex(page.difficulty_filter.findData("intermediate"))
    assert shown_ids(page) == []
    page.procedure_filter.setCurrentIndex(0)
    intermediate = {i for i, s in LIBRARY.items() if s.difficulty == "intermediate"}
    assert set(shown_ids(page)) == intermediate


def test_choosing_a_scenario_shows_its_briefing(qtbot: Any, page: LibraryPage) -> None:
    click_row(qtbot, page, "php-uveal-liver")
    scenario = LIBRARY["php-uveal-liver"]
    assert page.current_entry().scenario.id == "php-uveal-liver"
    text = page.briefing.toPlainText()
    assert scenario.title in text
    assert scenario.briefing.indication in text
    for step in scenario.briefing.steps:
        assert step in text
    assert "<ol" in page.briefing.toHtml()  # numbered steps
    total = sum(o.weight for o in scenario.objectives)
    for objective in scenario.objectives:
        assert objective.title in text
        assert threshold_text(objective) in text
        assert f"{objective.weight:g} ({objective.weight / total:.0%})" in text
    assert "≤ 30 %" in text  # the leak objective (0.3), shown in percent
    drugs = load_drugs()
    for dose in scenario.drug_protocol:
        assert drugs.drug(dose.drug).name in text
        assert f"{dose.dose_mg:g} mg" in text
        assert dose.dose_calculation in text
    catalog = load_catalog()
    for device_id in scenario.device_shelf:
        assert catalog.device(device_id).name in text
    assert page.start_button.isEnabled()


def test_thresholds_carry_their_units() -> None:
    by_metric = {o.metric: o for s in LIBRARY.values() for o in s.objectives}
    assert threshold_text(by_metric["max_region_pressure_mmHg"]).endswith(" mmHg")
    assert threshold_text(by_metric["leak_fraction"]).endswith(" %")
    assert threshold_text(by_metric["exposure_ratio_auc"]).startswith("≥ ")
    assert threshold_text(by_metric["isolation_checked_before_infusion"]) == "yes"
    assert threshold_text(by_metric["balloon_overdistension"]) == "no"


def test_enter_double_click_and_button_start_the_chosen_scenario(
    qtbot: Any, page: LibraryPage
) -> None:
    click_row(qtbot, page, "ili-melanoma-leg")
    with qtbot.waitSignal(page.start_requested, timeout=1000) as started:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    choice = started.args[0]
    assert isinstance(choice, ScenarioChoice)
    assert choice.scenario == LIBRARY["ili-melanoma-leg"]
    assert choice.path.name == "ili-melanoma-leg.json"

    with qtbot.waitSignal(page.start_requested, timeout=1000) as started:
        click_row(qtbot, page, "tace-hcc", double=True)
    assert started.args[0].scenario.id == "tace-hcc"

    with qtbot.waitSignal(page.start_requested, timeout=1000) as started:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert started.args[0].scenario.id == "tace-hcc"


def test_search_box_keeps_focus_while_arrows_choose_and_enter_starts(
    qtbot: Any, page: LibraryPage
) -> None:
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()
    qtbot.keyClicks(page.search_box, "limb")
    first, second = shown_ids(page)[:2]
    assert page.current_entry().scenario.id == first
    qtbot.keyClick(page.search_box, Qt.Key.Key_Down)
    assert page.current_entry().scenario.id == second
    assert page.search_box.hasFocus()
    with qtbot.waitSignal(page.start_requested, timeout=1000) as started:
        qtbot.keyClick(page.search_box, Qt.Key.Key_Enter)
    assert started.args[0].scenario.id == second
    qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert page.search_box.text() == ""
    assert len(shown_ids(page)) == 18
    assert page.current_entry().scenario.id == second  # the choice survives the clearing


def write_broken_scenario(folder: Path) -> Path:
    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text(encoding="utf-8"))
    data["difficulty"] = "easy"
    data["patient"]["weight_kg"] = -3
    data["device_shelf"].append("no_such_catheter")
    path = folder / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_invalid_file_is_listed_with_its_problems_and_cannot_start(
    qtbot: Any, page: LibraryPage, tmp_path: Path
) -> None:
    path = write_broken_scenario(tmp_path)
    entry = page.open_file(path)
    assert not entry.is_valid
    assert "broken.json" in shown_ids(page)
    assert page.count_label.text() == "19 of 19 scenarios shown · 1 invalid file"
    assert page.current_entry() == entry
    row = shown_ids(page).index("broken.json")
    assert page.proxy.index(row, Column.TITLE).data() == "broken.json (invalid)"
    assert page.proxy.index(row, Column.TITLE).data(Qt.ItemDataRole.DecorationRole) is not None
    text = page.briefing.toPlainText()
    assert "broken.json cannot be started" in text
    paths = {problem.json_path for problem in entry.problems}
    assert {"$.difficulty", "$.patient.weight_kg"} <= paths
    for problem in entry.problems:  # every problem, as one line: field, then reason
        assert f"{problem.json_path}: {problem.reason}" in text
    assert "'introductory'" in next(
        p.reason for p in entry.problems if p.json_path == "$.difficulty"
    )
    assert "Traceback" not in text
    assert not page.start_button.isEnabled()
    with qtbot.assertNotEmitted(page.start_requested):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    click_row(qtbot, page, "tace-hcc")
    assert page.start_button.isEnabled()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"schema_version": 1, "scenario_id": "x", "actions": []}', "this is a plan file"),
    ],
)
def test_files_that_are_not_scenarios_say_why(
    page: LibraryPage, tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    page.open_file(path)
    assert reason in page.briefing.toPlainText()
    assert not page.start_button.isEnabled()


def test_a_file_whose_ids_are_not_in_the_catalog_is_invalid(
    page: LibraryPage, tmp_path: Path
) -> None:
    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text(encoding="utf-8"))
    data["device_shelf"].append("no_such_catheter")
    path = tmp_path / "unknown-device.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page.open_file(path)
    assert "'no_such_catheter' is not a device of the catalog" in page.briefing.toPlainText()
    assert not page.start_button.isEnabled()


def test_opening_a_valid_external_file_lists_selects_and_starts_it(
    qtbot: Any, page: LibraryPage, tmp_path: Path
) -> None:
    qtbot.keyClicks(page.search_box, "uveal")  # the new file is shown even though this hides it
    path = tmp_path / "my-ilp.json"
    shutil.copy(FIXTURES / "ilp_leg_melanoma.json", path)
    entry = page.open_file(path)
    assert entry.is_valid
    assert page.search_box.text() == ""
    assert page.current_entry().path == path.resolve()
    assert "ilp_leg_in_transit_melanoma" in shown_ids(page)
    assert "Isolated limb perfusion of the left leg for in-transit melanoma" in (
        page.briefing.toPlainText()
    )
    with qtbot.waitSignal(page.start_requested, timeout=1000) as started:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert started.args[0].path == path.resolve()
    assert started.args[0].scenario.id == "ilp_leg_in_transit_melanoma"
    page.open_file(path)  # opening it again re-reads it, it is not listed twice
    assert shown_ids(page).count("ilp_leg_in_transit_melanoma") == 1


def test_extra_folders_are_listed_and_select_finds_a_scenario(qtbot: Any, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "ilp_leg_melanoma.json", tmp_path / "mine.json")
    page = LibraryPage(folders=[tmp_path])
    qtbot.addWidget(page)
    assert page.model.rowCount() == 19
    qtbot.keyClicks(page.search_box, "pancreas")
    assert page.select("ilp_leg_in_transit_melanoma")
    assert page.current_entry().scenario.id == "ilp_leg_in_transit_melanoma"
    assert page.search_box.text() == ""
    assert not page.select("no-such-scenario")


def test_text_from_a_file_is_shown_literally_not_as_html(page: LibraryPage, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text(encoding="utf-8"))
    data["summary"] = "Flow < 5 & <b>not bold</b>"
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page.open_file(path)
    assert "Flow < 5 & <b>not bold</b>" in page.briefing.toPlainText()


def test_the_open_dialog_asks_for_json_and_remembers_the_folder(
    qtbot: Any, page: LibraryPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []
    chosen = tmp_path / "case.json"
    shutil.copy(FIXTURES / "ilp_leg_melanoma.json", chosen)

    def dialog(_parent: Any, _title: str, folder: str, name_filter: str) -> tuple[str, str]:
        asked.append((folder, name_filter))
        return (str(chosen), name_filter) if len(asked) == 1 else ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.current_entry().path == chosen.resolve()
    assert choose_scenario_file(page) is None  # cancelled
    assert "*.json" in asked[0][1]
    assert Path(asked[0][0]) == LIBRARY_PATH
    assert Path(asked[1][0]) == tmp_path


def test_problem_lines_name_the_file_once(page: LibraryPage) -> None:
    page.open_file(FIXTURES / "invalid_scenario.json")
    text = page.briefing.toPlainText()
    assert text.count(str((FIXTURES / "invalid_scenario.json").resolve())) == 1
    for path in ("$.procedure", "$.critcal_beds", "$.expert_plan.actions[2].rate_ml_min"):
        assert path in text


def test_the_page_takes_its_parent_first_like_any_widget(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    page = LibraryPage(parent)
    assert page.parent() is parent
    assert page.model.rowCount() == 18


def test_the_resting_circulation_says_it_is_not_graded(qtbot: Any, page: LibraryPage) -> None:
    assert page.select("baseline-adult")
    text = page.briefing.toPlainText()
    assert "No objectives" in text
    assert "No drug." in text
    assert "No devices" in text
    assert page.start_button.isEnabled()


def test_typing_in_the_list_goes_to_the_search_box(qtbot: Any, page: LibraryPage) -> None:
    page.activateWindow()
    page.table.setFocus()
    for character in "Uveal":  # each key goes where the focus is, as the keyboard would send it
        focused = QApplication.focusWidget()
        assert focused in (page.table, page.search_box)
        qtbot.keyClicks(focused, character)
    assert page.search_box.hasFocus()
    assert page.search_box.text() == "Uveal"
    assert sorted(shown_ids(page)) == ["php-uveal-liver", "php-uveal-liver-accessory-hepatic-vein"]


def test_rows_explain_themselves_in_tooltips(page: LibraryPage) -> None:
    row = shown_ids(page).index("ilup-lung-metastases")
    tip = page.proxy.index(row, Column.DIFFICULTY).data(Qt.ItemDataRole.ToolTipRole)
    assert "standard anatomy" in tip
    tip = page.proxy.index(row, Column.PROCEDURE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Isolated lung perfusion (ILUP)" in tip
    assert page.search_box.toolTip() and page.start_button.toolTip()


def test_procedure_filter_offers_the_listed_procedures_in_order(page: LibraryPage) -> None:
    combo = page.procedure_filter
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[0] == "All procedures"
    assert names[1:] == sorted(PROCEDURE_NAMES[p] for p in {s.procedure for s in LIBRARY.values()})


def test_clicking_a_column_header_sorts_by_its_numbers(qtbot: Any, page: LibraryPage) -> None:
    header = page.table.horizontalHeader()
    centre = QPoint(header.sectionViewportPosition(Column.DURATION) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    minutes = [max(a.t_s for a in LIBRARY[i].expert_plan.actions) / 60.0 for i in shown_ids(page)]
    assert header.sortIndicatorSection() == Column.DURATION
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert minutes == sorted(minutes, reverse=not ascending)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # the other way
    minutes = [max(a.t_s for a in LIBRARY[i].expert_plan.actions) / 60.0 for i in shown_ids(page)]
    assert minutes == sorted(minutes, reverse=ascending)


def test_difficulty_badges_differ_by_level_and_the_page_renders(
    page: LibraryPage, tmp_path: Path
) -> None:
    images = {}
    for scenario_id in ("baseline-adult", "tace-hcc", "hap-pancreas"):
        row = shown_ids(page).index(scenario_id)
        icon = page.proxy.index(row, Column.DIFFICULTY).data(Qt.ItemDataRole.DecorationRole)
        images[LIBRARY[scenario_id].difficulty] = icon.pixmap(icon_size()).toImage()
    assert images["introductory"] != images["intermediate"]  # compared pixel by pixel
    assert images["intermediate"] != images["advanced"]
    assert images["introductory"] != images["advanced"]
    shot = tmp_path / "library.png"
    assert page.grab().save(str(shot))
    rendered = QImage(str(shot))
    assert rendered.width() >= 1400 and rendered.height() >= 850
