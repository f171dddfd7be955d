"""docs/formats.md lists every bound of every format; it must match the models."""

from __future__ import annotations

import runpy
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_limits_table_in_the_docs_is_current():
    tool = runpy.run_path(str(REPO / "tools" / "limits_table.py"))
    doc = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    begin, end = tool["BEGIN"], tool["END"]
    table = doc.split(begin, 1)[1].split(end, 1)[0].strip()
    assert table == tool["limits_table"](), "run: python tools/limits_table.py (docs/formats.md)"
    assert "| `t_s` |" in table and "| `rate_ml_min` |" in table
