"""Pydantic models of every PerfusionSim file format, their loading and their JSON Schemas."""
