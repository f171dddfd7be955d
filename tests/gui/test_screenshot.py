"""The screenshot command: ``main.py --scenario ... --screenshot FILE.png`` renders the window
offscreen and exits 0; a bad value is one line on stderr and exit 2. Run as a user would, in a
subprocess (it creates its own QApplication)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 300
ARTERY_RED = QColor("#e0392b")
VEIN_BLUE = QColor("#2f78d6")


def run(*arguments: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "main.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def near(pixel: QColor, colour: QColor, tolerance: int = 40) -> bool:
    return (
        abs(pixel.red() - colour.red())
        + abs(pixel.green() - colour.green())
        + abs(pixel.blue() - colour.blue())
        <= tolerance
    )


def count_near(image: QImage, colour: QColor, step: int = 2) -> int:
    return sum(
        near(image.pixelColor(x, y), colour)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


def errors(result: subprocess.CompletedProcess) -> list[str]:
    return [
        line for line in result.stderr.splitlines() if line and "propagateSizeHints" not in line
    ]


def test_the_whole_body_at_rest_shows_red_arteries_and_blue_veins(qapp, tmp_path: Path) -> None:
    path = tmp_path / "rest.png"
    result = run("--scenario", "baseline-adult", "--at", "5", "--screenshot", str(path))
    assert result.returncode == 0, result.stderr
    assert errors(result) == []
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1400, 900)
    colours = {image.pixel(x, y) for x in range(0, 1400, 5) for y in range(0, 900, 5)}
    assert len(colours) > 200  # not blank
    # Thin vessels on a whole-body view: a few hundred pixels of each (one in four sampled).
    assert count_near(image, ARTERY_RED) > 60
    assert count_near(image, VEIN_BLUE) > 60


def test_a_plan_at_a_time_with_an_overlay_and_a_view(qapp, tmp_path: Path) -> None:
    path = tmp_path / "hap.png"
    result = run(
        "--scenario",
        "hap-pancreas",
        "--plan",
        "expert",
        "--at",
        "400",
        "--overlay",
        "pressure",
        "--view",
        "abdomen",
        "--screenshot",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(path))
    assert not image.isNull()
    # The pressure overlay recolours the map: the anatomy reds and blues are (nearly) gone.
    assert count_near(image, VEIN_BLUE) < 15
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, 600, 5)}
    assert len(colours) > 200


@pytest.mark.parametrize(
    ("arguments", "names"),
    [
        (["--scenario", "no-such-scenario"], "no-such-scenario"),
        (["--scenario", "hap-pancreas", "--plan", "mistake:nope"], "nope"),
        (["--scenario", "hap-pancreas", "--at", "-5"], "--at"),
        (["--scenario", "hap-pancreas", "--overlay", "rainbow"], "rainbow"),
        (["--scenario", "hap-pancreas", "--view", "left_ear"], "left_ear"),
        (["--plan", "expert"], "--scenario"),
    ],
)
def test_a_bad_value_is_one_line_and_exit_2(
    qapp, tmp_path: Path, arguments: list[str], names: str
) -> None:
    result = run(*arguments, "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 2
    [line] = errors(result)
    assert names in line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_plan_file_plays_on_its_scenario_only(qapp, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    written = subprocess.run(
        [sys.executable, "-m", "simulator", "plan", "tace-hcc", "expert", "-o", str(plan)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert written.returncode == 0, written.stderr
    picture = tmp_path / "tace.png"
    result = run(
        "--scenario", "tace-hcc", "--plan", str(plan), "--at", "60", "--screenshot", str(picture)
    )
    assert result.returncode == 0, result.stderr
    assert not QImage(str(picture)).isNull()
    wrong = run("--scenario", "hap-pancreas", "--plan", str(plan), "--screenshot", str(picture))
    assert wrong.returncode == 2
    [line] = errors(wrong)
    assert "tace-hcc" in line
