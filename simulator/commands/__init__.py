"""One module per headless command; see ``simulator.cli``."""


class UserInputError(ValueError):
    """Something the user asked for cannot be done; the message says what and why."""
