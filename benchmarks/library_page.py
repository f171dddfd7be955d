"""How long the scenario library page takes to appear, so it never freezes the window.

    QT_QPA_PLATFORM=offscreen python benchmarks/library_page.py

(a) reading and checking the 18 built-in scenario files the first time (JSON, migration,
    validation, references against the atlas and catalogs), in a fresh process;
(b) the same again, from the per-file cache (what a second page or a re-opened library costs);
(c) building the whole page (table model, proxy, briefing of the first row), cache warm;
(d) rendering one briefing (the largest) to HTML and into the text browser;
(e) one keystroke of search (filtering 18 rows).
Medians of wall-clock times on whatever machine runs this.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def main() -> None:
    start = time.perf_counter()
    from simulator.gui.library.entries import library_entries

    imported = time.perf_counter()
    entries = library_entries()
    first_ms = (time.perf_counter() - imported) * 1000.0
    print(f"import of the library modules (no Qt): {(imported - start) * 1000:.0f} ms")
    print(f"(a) first read of {len(entries)} scenario files: {first_ms:.0f} ms")
    print(f"(b) cached re-read: {median_ms(library_entries, 20):.2f} ms")

    from PySide6.QtWidgets import QApplication

    from simulator.gui.library import LibraryPage
    from simulator.gui.library.briefing import entry_html

    app = QApplication.instance() or QApplication(sys.argv)
    pages: list[LibraryPage] = []
    print(f"(c) page construction: {median_ms(lambda: pages.append(LibraryPage()), 10):.1f} ms")
    page = pages[-1]
    largest = max(entries, key=lambda entry: len(entry_html(entry)))
    print(
        f"(d) briefing of {largest.path.stem} (the largest):"
        f" {median_ms(lambda: page.briefing.setHtml(entry_html(largest)), 20):.1f} ms"
    )
    texts = iter(["a", "ab"] * 50)
    print(
        f"(e) one search keystroke: "
        f"{median_ms(lambda: page.search_box.setText(next(texts)), 50):.2f} ms"
    )
    app.processEvents()


if __name__ == "__main__":
    main()
