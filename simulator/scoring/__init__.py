"""Metrics from a run, objectives, safety rules and the report."""
