"""One attempt at a scenario: clock, phases, plan of actions, replay, recorder."""
