"""Network assembly, hemodynamic solvers and transport: numpy and scipy only."""
