"""Where the map lets two vessels cross, because they cross in the body: (in front, behind,
why). ``build_layout.py`` raises the front vessel's draw layer above the one behind, and the
layout tests fail on any crossing not listed here."""

from __future__ import annotations

CROSSINGS: list[tuple[str, str, str]] = []
