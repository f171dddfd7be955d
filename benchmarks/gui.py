"""GUI speed, offscreen: map redraw, display cost at 60x, launch time.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui.py

(a) A full-map redraw with a new overlay colouring: the window on hap-pancreas ten minutes into
    the expert plan, the overlay switched and the map's viewport painted synchronously, frames
    per second (median over the frames); and the drug overlay redrawn from a new snapshot each
    frame, as during play.
(b) One second of display at 60x, from three moments of the plan (rest, perfusion,
    filtration): the session's 60 simulated seconds plus one whole frame (numbers, map, trends
    and monitor, each painted synchronously), in CPU time of the thread doing it; and what the
    window really costs, playing at 60x in its own event loop for a few wall seconds (the worker
    computing, the display drawing the map and trends 4 times a second and the numbers 10
    times): process CPU per wall second, with the session worker's and the GUI thread's
    shares.
(c) Launch: process start (python main.py) to the first event-loop turn with the library page
    shown, median of 3.
``python benchmarks/gui.py display`` runs the three moments of (b) alone; with
``PERFUSIONSIM_CHECKOUT=/path/to/other/checkout`` it measures that checkout's simulator with
this script, to compare two branches in one run.
(d) Balloon-volume feedback: in the inspector dock, hap-pancreas 250 s into the expert plan (both
    balloons up, the circuit running), from one key press on the volume spin box to the
    inspector's pressures, seal and flow redrawn (the key event delivered and the paint done):
    median and worst of 60 steps, wall and CPU time; and the first change after choosing the
    balloon, which also factorizes the what-if system. ``python benchmarks/gui.py balloon``
    runs this section alone.
(e) Tip-drag feedback: hap-pancreas 600 s into the expert plan, thorax view; the aortic
    catheter's tip pressed and dragged along the descending and abdominal aorta, from one mouse
    move to the preview redrawn (the move delivered: the vessel under the pointer, the route and
    the balloon and side-hole positions from navigation; then the map's viewport painted with the
    preview on it): median and worst of 80 moves, wall and CPU time, and the share that is the
    preview's own computation. ``python benchmarks/gui.py tip`` runs this section alone.
(undo) Undoing an action 20 minutes into a plan: hap-pancreas, the expert plan watched to 20:00
    and taken over, one action added there (nitroglycerin up), then Undo (and Redo) triggered
    from the Edit menu's action until the worker has replayed and the window drawn the result,
    wall time, median and worst of 5; the same undo 5 simulated minutes later (the session has
    run on to 25:00 and goes back to 20:00); and the driver's own replace_actions, headless, in
    CPU time. ``python benchmarks/gui.py undo`` runs this section alone.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Measure the checkout this script is in, or the one named (two branches, one script).
ROOT = Path(os.environ.get("PERFUSIONSIM_CHECKOUT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
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
    """60 simulated seconds stepped in this thread, then one whole frame drawn: numbers, map,
    trends and monitor, each painted synchronously (a pyqtgraph plot paints in its viewport)."""
    workspace = window.workspace
    driver = workspace.driver
    workspace.worker.stop()  # the driver is stepped here, in the measuring thread
    driver.rewind_to(start_s)
    begin = time.thread_time()
    snapshot, readout = driver.advance_to(start_s + 60.0)
    computed = time.thread_time()
    workspace._render_numbers(readout)
    workspace._render_drawings(snapshot, readout)
    workspace._monitor_means_at = None  # as after a new readout
    workspace._render_monitor(readout)
    window.map_widget.view.viewport().repaint()
    workspace.trends.viewport().repaint()
    workspace.monitor.viewport().repaint()
    workspace.gauges.repaint()
    workspace.objectives.repaint()
    drawn = time.thread_time()
    return {"compute_ms": 1e3 * (computed - begin), "draw_ms": 1e3 * (drawn - computed)}


def _thread_cpu_s() -> dict[str, float]:
    """CPU seconds so far of each of this process's threads, by thread name (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    threads: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            name = "gui" if task.name == str(os.getpid()) else (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        threads[name] = threads.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return threads


def playing_cpu_per_second(app: QApplication, start_s: float) -> dict[str, float]:
    """Play at 60x from ``start_s`` in the window's own event loop for a few wall seconds: the
    process's CPU per wall second, the session worker's and the GUI thread's share, and the
    simulated seconds per wall second."""
    window = window_on_plan(app)
    workspace = window.workspace
    workspace.seek(start_s)
    workspace.wait_until_idle()
    workspace.clock.set_speed(60.0)
    workspace.clock.set_playing(True)
    start_sim = workspace.driver.latest[1].t_s
    threads_before = _thread_cpu_s()
    cpu, wall = time.process_time(), time.perf_counter()
    loop = QEventLoop()
    QTimer.singleShot(int(1000 * PLAY_WALL_S), loop.quit)
    loop.exec()
    cpu_s = time.process_time() - cpu
    wall_s = time.perf_counter() - wall
    threads_after = _thread_cpu_s()
    sim_s = workspace.driver.latest[1].t_s - start_sim
    workspace.stop()
    window.close()

    def share(name: str) -> float:
        return (threads_after.get(name, 0.0) - threads_before.get(name, 0.0)) / wall_s

    return {
        "cpu_ms": 1e3 * cpu_s / wall_s,
        "worker_ms": 1e3 * share("session-worker"),
        "gui_ms": 1e3 * share("gui"),
        "rate": sim_s / wall_s,
    }


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


def balloon_feedback_ms(app: QApplication) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = window_on_plan(app)
    workspace = window.workspace
    workspace.seek(250.0)
    workspace.wait_until_idle()
    workspace.render()
    app.processEvents()
    panel = window.inspectors
    panel.timer.stop()
    figures: dict[str, float] = {}
    walls, cpus, owns = [], [], []
    for catheter in ("caval", "aortic"):
        assert panel.select("balloon", catheter, 0)
        inspector = panel.balloon
        box = inspector.volume_box
        box.setFocus()
        app.processEvents()
        inspector._previewer = None  # measure the first change with its factorization
        for step in range(31):
            key = Qt.Key.Key_Down if step % 10 < 5 else Qt.Key.Key_Up
            wall, cpu = time.perf_counter(), time.thread_time()
            QTest.keyClick(box, key)
            inspector.repaint()  # the paint the next event-loop turn would do, done now
            own = time.thread_time() - cpu
            app.processEvents()  # and whatever else the display had to do meanwhile
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            if step == 0:
                figures[f"first_{catheter}_wall_ms"] = 1000 * wall
                figures[f"first_{catheter}_cpu_ms"] = 1000 * cpu
            else:
                walls.append(1000 * wall)
                owns.append(1000 * own)
                if os.environ.get("BENCH_TRACE"):
                    print(f"{catheter} step {step}: {1000 * wall:.1f} ms wall {1000 * cpu:.1f} CPU")
                cpus.append(1000 * cpu)
        inspector._idle.stop()
    figures["median_wall_ms"] = statistics.median(walls)
    figures["worst_wall_ms"] = max(walls)
    figures["median_cpu_ms"] = statistics.median(cpus)
    figures["worst_cpu_ms"] = max(cpus)
    figures["own_cpu_ms"] = statistics.median(owns)
    workspace.stop()
    window.close()
    return figures


def print_balloon_feedback(app: QApplication) -> None:
    f = balloon_feedback_ms(app)
    print(
        f"(d) balloon-volume feedback, key press to redrawn pressures: median "
        f"{f['median_wall_ms']:.1f} ms wall ({f['median_cpu_ms']:.1f} ms CPU), worst "
        f"{f['worst_wall_ms']:.1f} ms wall ({f['worst_cpu_ms']:.1f} ms CPU) over 60 "
        "steps, of which the inspector's own (event, what-if, labels painted) "
        f"{f['own_cpu_ms']:.1f} ms CPU; the "
        f"first change after choosing a balloon {f['first_caval_wall_ms']:.1f} / "
        f"{f['first_aortic_wall_ms']:.1f} ms wall (caval / aortic, with the factorization)"
    )


def tip_drag_feedback_ms(app: QApplication) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from simulator.devices.navigation import VesselPoint

    window = window_on_plan(app)
    workspace = window.workspace
    workspace.seek(600.0)
    workspace.wait_until_idle()
    workspace.render()
    window.map_widget.set_view("thorax")
    app.processEvents()
    workspace.timer.stop()  # the display loop would add its redraws to the figures
    hands = window.hands_on.hands_on
    view, scene = hands.view, hands.scene
    viewport = view.viewport()
    catheter = hands.catheter("aortic")
    start = view.mapFromScene(scene.point_at(catheter.tip))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    path = [
        VesselPoint(segment, k / 10)
        for segment in ("descending_thoracic_aorta_lower", "abdominal_aorta_supraceliac")
        for k in range(1, 10)
    ]
    walls, cpus, owns = [], [], []
    for step in range(80):
        point = (
            path[step % len(path)] if (step // len(path)) % 2 == 0 else path[-1 - step % len(path)]
        )
        target = view.mapFromScene(scene.point_at(point))
        wall, cpu = time.perf_counter(), time.thread_time()
        QTest.mouseMove(viewport, target)
        own = time.thread_time() - cpu
        viewport.repaint()  # the paint the next event-loop turn would do, done now
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        assert hands.tip_drag is not None and hands.tip_drag.preview is not None
        walls.append(1000 * wall)
        cpus.append(1000 * cpu)
        owns.append(1000 * own)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    workspace.stop()
    window.close()
    return {
        "median_wall_ms": statistics.median(walls),
        "worst_wall_ms": max(walls),
        "median_cpu_ms": statistics.median(cpus),
        "worst_cpu_ms": max(cpus),
        "own_cpu_ms": statistics.median(owns),
    }


def print_tip_drag_feedback(app: QApplication) -> None:
    f = tip_drag_feedback_ms(app)
    print(
        f"(e) tip-drag feedback, mouse move to redrawn preview: median {f['median_wall_ms']:.1f}"
        f" ms wall ({f['median_cpu_ms']:.1f} ms CPU), worst {f['worst_wall_ms']:.1f} ms wall"
        f" ({f['worst_cpu_ms']:.1f} ms CPU) over 80 moves, of which the move itself (snap,"
        f" route, part positions) {f['own_cpu_ms']:.1f} ms CPU"
    )


def undo_feedback_ms(app: QApplication) -> dict[str, float]:
    from simulator.scenario.plan_file import Vasodilator
    from simulator.session.editing import EditedPlan
    from simulator.session.live import LiveSession

    at_s, later_s = 1200.0, 1500.0
    window = MainWindow(load_atlas(), remember_settings=False)
    window.show()
    app.processEvents()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path, "expert")
    workspace = window.workspace
    workspace.seek(at_s)
    workspace.wait_until_idle(600.0)
    window.take_over_action.trigger()
    workspace.wait_until_idle(600.0)
    sink = workspace.sink

    cpu_gui = []

    def timed(action) -> float:
        start, start_cpu = time.perf_counter(), time.process_time()
        action.trigger()
        workspace.wait_until_idle(600.0)
        workspace.render()
        app.processEvents()
        cpu_gui.append(1e3 * (time.process_time() - start_cpu))
        return 1e3 * (time.perf_counter() - start)

    up = Vasodilator(t_s=at_s, drug="nitroglycerin", rate=3.0)
    assert sink.propose(up, "Nitroglycerin up to 3 µg/kg/min") is None
    workspace.wait_until_idle(600.0)
    undo, redo, undo_later = [], [], []
    for _ in range(5):
        undo.append(timed(window.undo_action))
        redo.append(timed(window.redo_action))
    for _ in range(5):
        workspace.seek(later_s)
        workspace.wait_until_idle(600.0)
        undo_later.append(timed(window.undo_action))
        assert workspace.driver.time_s == at_s
        window.redo_action.trigger()
        workspace.wait_until_idle(600.0)
    workspace.stop()
    window.close()

    # Headless: the driver alone, CPU time of the undo's replace_actions.
    expert = [a for a in scenario.carried_plan("expert").actions if a.t_s <= at_s]
    driver = LiveSession(scenario, load_atlas(), None, end_s=4 * 3600.0)
    plan = EditedPlan(scenario)
    for action in expert:
        driver.advance_to(action.t_s)
        change = plan.add(action, action.action)
        plan.apply(change)
        driver.replace_actions(plan.actions, change.resume_s(driver.time_s))
    driver.advance_to(at_s)
    change = plan.add(up, "up")
    plan.apply(change)
    driver.replace_actions(plan.actions, change.resume_s(driver.time_s))
    driver.advance_to(later_s)
    cpu = []
    for _ in range(5):
        start = time.thread_time()
        driver.replace_actions(change.before, change.inverse().resume_s(driver.time_s, False))
        cpu.append(1e3 * (time.thread_time() - start))
        driver.replace_actions(change.after, change.resume_s(driver.time_s, False))
    return {
        "undo_median_ms": statistics.median(undo),
        "undo_worst_ms": max(undo),
        "redo_median_ms": statistics.median(redo),
        "undo_later_median_ms": statistics.median(undo_later),
        "undo_later_worst_ms": max(undo_later),
        "driver_cpu_ms": statistics.median(cpu),
        "process_cpu_ms": statistics.median(cpu_gui),
    }


def print_undo_feedback(app: QApplication) -> None:
    f = undo_feedback_ms(app)
    print(
        f"(undo) undoing an action 20 minutes into a plan, Edit > Undo to the window redrawn: "
        f"median {f['undo_median_ms']:.0f} ms wall (worst {f['undo_worst_ms']:.0f}), redo "
        f"{f['redo_median_ms']:.0f} ms; after running on to 25:00, back to 20:00: median "
        f"{f['undo_later_median_ms']:.0f} ms (worst {f['undo_later_worst_ms']:.0f}); the "
        f"driver's replace_actions alone {f['driver_cpu_ms']:.0f} ms CPU; process CPU per "
        f"undo or redo in the window (both threads, drawing included) "
        f"{f['process_cpu_ms']:.0f} ms (medians of 5)"
    )


MOMENTS = (("rest", 0.0), ("perfusion", 540.0), ("filtration", 1500.0))


def print_display_seconds(app: QApplication, window: MainWindow) -> None:
    for moment, start in MOMENTS:
        # Median of 3: on a shared machine one measurement can be off by half.
        runs = [display_second_ms(app, window, start) for _ in range(3)]
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        total = figures["compute_ms"] + figures["draw_ms"]
        print(
            f"(b) 60 simulated s from {moment} ({start:.0f} s) and one frame: "
            f"{total:.0f} ms CPU = {figures['compute_ms']:.0f} ms session + "
            f"{figures['draw_ms']:.0f} ms drawing (medians of 3)"
        )


def print_playing(app: QApplication) -> None:
    for moment, start in MOMENTS:
        runs = [playing_cpu_per_second(app, start) for _ in range(3)]
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(
            f"(b) playing at 60x from {moment} ({start:.0f} s) in the event loop: "
            f"{figures['cpu_ms']:.0f} ms of process CPU per wall second (session worker "
            f"{figures['worker_ms']:.0f}, GUI thread {figures['gui_ms']:.0f}), "
            f"{figures['rate']:.0f} simulated s per wall second (medians of 3)"
        )


def main() -> None:
    app = QApplication.instance() or QApplication([])
    if sys.argv[1:] == ["balloon"]:
        print_balloon_feedback(app)
        return
    if sys.argv[1:] == ["tip"]:
        print_tip_drag_feedback(app)
        return
    if sys.argv[1:] == ["undo"]:
        print_undo_feedback(app)
        return
    if sys.argv[1:] == ["display"]:
        window = window_on_plan(app)
        print_display_seconds(app, window)
        window.workspace.stop()
        window.close()
        print_playing(app)
        return
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
    print_display_seconds(app, window)
    window.workspace.stop()
    window.close()
    print_playing(app)
    wall, cpu = launch_seconds()
    print(
        f"(c) launch to interactive library page: {wall:.2f} s wall, {cpu:.2f} s CPU (median of 3)"
    )
    print_balloon_feedback(app)
    print_tip_drag_feedback(app)
    print_undo_feedback(app)


if __name__ == "__main__":
    main()
