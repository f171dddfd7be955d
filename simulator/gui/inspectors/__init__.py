"""The inspector dock: balloons, drugs, circuits, embolisation and phases (issue 8)."""
