"""GUI speed, offscreen: map redraw, display cost at 60x, launch time.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui.py

(a) A full-map redraw with a new overlay colouring: the window on hap-pancreas ten minutes into
    the expert plan, the overlay switched and the map's viewport painted synchronously, frames
    per second (median over the frames); and the drug overlay redrawn from a new snapshot each
    frame, as during play.
(b) One second of display at 60x: the session's 60 simulated seconds plus what the display does
    in that second (the newest snapshot drawn: map and trends, and the numbers), from three
    moments of the plan (rest, perfusion, filtration), in CPU time of the thread doing it; and,
    playing in the window's own event loop for a few wall seconds at 60x, the process CPU time
    per wall second.
(c) Launch: process start (python main.py) to the first event-loop turn with the library page
    shown, median of 3.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure the checkout this script is in
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from simulator.anatomy.atlas import load_atlas  # noqa: E402
from simulator.gui.main_window import MainWindow  # noqa: E402
from simulator.scenario.library import resolve_scenario  # noqa: E402

FRAMES = 40
PLAY_WALL_S = 5.0


def window_on_plan(app: QApplication) -> MainWindow:
    window = MainWindow(load_atlas(), remember_settings=False)
    window.show()
    app.processEvents()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path, "expert")
    return window


def map_redraw_fps(app: QApplication, window: MainWindow) -> tuple[float, float]:
    """Frames per second of wall time and of this thread's CPU time (the machine is shared:
    CPU time is what the program costs, wall time what a user on this machine saw)."""
    workspace = window.workspace
    workspace.seek(600.0)
    workspace.wait_until_idle()
    workspace.render()
    app.processEvents()
    map_widget = window.map_widget
    names = map_widget.overlay_names()
    viewport = map_widget.view.viewport()
    wall, cpu = [], []
    for frame in range(FRAMES):
        start, start_cpu = time.perf_counter(), time.thread_time()
        map_widget.set_overlay(names[frame % len(names)])
        viewport.repaint()
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return 1.0 / statistics.median(wall), 1.0 / statistics.median(cpu)


def snapshot_redraw_fps(app: QApplication, window: MainWindow) -> float:
    """Frames per CPU second redrawing the drug overlay from a new snapshot each frame (the
    display-rate case: the colours change because the session moved on)."""
    workspace = window.workspace
    workspace.worker.stop()
    driver = workspace.driver
    map_widget = window.map_widget
    map_widget.set_overlay("drug")
    viewport = map_widget.view.viewport()
    cpu = []
    for _ in range(FRAMES):
        snapshot, _readout = driver.advance_to(driver.time_s + 1.0)
        start = time.thread_time()
        map_widget.show_snapshot(snapshot)
        viewport.repaint()
        cpu.append(time.thread_time() - start)
    return 1.0 / statistics.median(cpu)


def display_second_ms(app: QApplication, window: MainWindow, start_s: float) -> dict[str, float]:
    workspace = window.workspace
    driver = workspace.driver
    workspace.worker.stop()  # the driver is stepped here, in the measuring thread
    driver.rewind_to(start_s)
    begin = time.thread_time()
    snapshot, readout = driver.advance_to(start_s + 60.0)
    computed = time.thread_time()
    workspace._render_numbers(readout)
    workspace._render_drawings(snapshot, readout)
    window.map_widget.view.viewport().repaint()
    workspace.trends.repaint()
    workspace.gauges.repaint()
    workspace.objectives.repaint()
    drawn = time.thread_time()
    return {"compute_ms": 1e3 * (computed - begin), "draw_ms": 1e3 * (drawn - computed)}


def playing_cpu_per_second(app: QApplication) -> tuple[float, float]:
    window = window_on_plan(app)
    workspace = window.workspace
    workspace.seek(240.0)
    workspace.wait_until_idle()
    workspace.clock.set_speed(60.0)
    workspace.clock.set_playing(True)
    start_sim = workspace.driver.latest[1].t_s
    cpu, wall = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall < PLAY_WALL_S:
        QCoreApplication.processEvents()
        time.sleep(0.001)
    cpu_s = time.process_time() - cpu
    wall_s = time.perf_counter() - wall
    sim_s = workspace.driver.latest[1].t_s - start_sim
    workspace.stop()
    window.close()
    return cpu_s / wall_s, sim_s / wall_s


def launch_seconds() -> tuple[float, float]:
    """Median wall seconds to the first event-loop turn, and the child's CPU seconds to quit."""
    times, cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "main.py", "--quit-when-ready"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        )
        for line in child.stdout:
            if line.strip() == "ready":
                times.append(time.perf_counter() - start)
                break
        child.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    window = window_on_plan(app)
    fps_wall, fps_cpu = map_redraw_fps(app, window)
    print(
        f"(a) full-map redraw with a new overlay colouring: {fps_cpu:.0f} frames per CPU "
        f"second ({fps_wall:.0f} per wall second on this machine now)"
    )
    print(
        "(a) the drug overlay redrawn from a new snapshot each frame: "
        f"{snapshot_redraw_fps(app, window):.0f} frames per CPU second"
    )
    for moment, start in (("rest", 0.0), ("perfusion", 540.0), ("filtration", 1500.0)):
        # Median of 3: on a shared machine one measurement can be off by half.
        runs = [display_second_ms(app, window, start) for _ in range(3)]
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        total = figures["compute_ms"] + figures["draw_ms"]
        print(
            f"(b) one display second at 60x from {moment} ({start:.0f} s): "
            f"{total:.0f} ms CPU = {figures['compute_ms']:.0f} ms session + "
            f"{figures['draw_ms']:.0f} ms drawing (medians of 3)"
        )
    window.workspace.stop()
    window.close()
    cpu, rate = playing_cpu_per_second(app)
    print(
        f"(b) playing at 60x in the event loop: {1000 * cpu:.0f} ms of CPU per wall second, "
        f"{rate:.0f} simulated s per wall second"
    )
    wall, cpu = launch_seconds()
    print(
        f"(c) launch to interactive library page: {wall:.2f} s wall, {cpu:.2f} s CPU (median of 3)"
    )


if __name__ == "__main__":
    main()
