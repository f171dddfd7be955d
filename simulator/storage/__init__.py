"""Attempt history, settings, autosave and atomic writes."""
