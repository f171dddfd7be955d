"""The core runs without Qt: importing every module outside ``simulator.gui`` loads no Qt.

Run in a fresh interpreter, because the test process itself has Qt loaded by pytest-qt.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

QT_PACKAGES = ("PySide6", "shiboken6", "pyqtgraph")
REPO_ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, json, pkgutil, sys
import simulator

def walk(package):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name == "simulator.gui" or info.name.endswith(".__main__"):
            continue  # the GUI may use Qt; __main__ runs the CLI when imported
        try:
            module = importlib.import_module(info.name)
        except Exception as error:
            failed[info.name] = f"{type(error).__name__}: {error}"
            continue
        yield info.name
        if info.ispkg:
            yield from walk(module)

failed = {}
imported = list(walk(simulator))
qt = sorted(name for name in sys.modules if name.split(".")[0] in sys.argv[1:])
print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
"""


def test_core_imports_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *QT_PACKAGES],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert "simulator.physics.circulation" in outcome["imported"]
    assert not any(name.startswith("simulator.gui") for name in outcome["imported"])
    assert outcome["qt"] == [], f"Qt loaded by the core: {outcome['qt'][:10]}"
    # A module that cannot be imported was not checked at all.
    assert outcome["failed"] == {}


SCENARIO_PROBE = """
import importlib, json, pkgutil, sys
import simulator.scenario

for info in pkgutil.iter_modules(simulator.scenario.__path__, "simulator.scenario."):
    importlib.import_module(info.name)
above = sorted(
    name for name in sys.modules if name.split(".")[:2] in [p.split(".") for p in sys.argv[1:]]
)
print(json.dumps(above))
"""


def test_the_file_formats_import_nothing_of_the_session_scoring_commands_or_gui() -> None:
    """``scenario/`` (the formats and the door every file comes in by) sits below the session
    and scoring in DESIGN.md §2: what a plan means (OBSERVATION_AFTER_LAST_ACTION_S) lives with
    the plan, and the session imports it from there."""
    above = ["simulator.session", "simulator.scoring", "simulator.commands", "simulator.gui"]
    result = subprocess.run(
        [sys.executable, "-c", SCENARIO_PROBE, *above, "simulator.cli"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
