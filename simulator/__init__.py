"""PerfusionSim: a training simulator for regional chemotherapy.

Everything outside ``simulator.gui`` is plain Python, numpy and scipy, usable headless.
"""

__version__ = "0.1.0"
