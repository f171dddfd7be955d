"""The workspace: the docks around the map while a session runs (clock, gauges, trends, monitor,
objectives, events) and the worker thread that drives the session."""
