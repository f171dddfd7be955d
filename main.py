"""Start the PerfusionSim desktop application."""

import sys

from simulator.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
