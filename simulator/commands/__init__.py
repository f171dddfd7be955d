"""One module per headless command; see ``simulator.cli``."""

from simulator.scenario.errors import UserInputError

__all__ = ["UserInputError"]
