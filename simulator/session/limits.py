"""Thresholds and tolerances that the session and its time step share.

Alarm limits are clinical figures; tolerances decide when the solvers may reuse their work.
"""

TRANSPORT_PIECE_MM = 60.0
"""Long vessels are cut into pieces no longer than this for transport, so that drug takes about
the right time to travel along them."""
SYSTOLIC_OVER_MEAN = 1.35
"""Systolic pressure from the mean for cuff decisions (120/80 mmHg has a mean of about 93)."""
LEAK_ALARM_FRACTION = 0.10
REGION_OVERPRESSURE_MMHG = 50.0
HYPOTENSION_MMHG = 60.0
SEAL_FACTOR = 0.05
"""A balloon whose annulus passes less than this share of the open flow counts as occluding."""
DRUG_PRESENT_MG_ML = 1.0e-4
LIVER_BEDS = ("liver_right", "liver_left")
SETTLED_MMHG = 1.0e-7
FLOW_FIELD_RELATIVE_TOLERANCE = 1.0e-3
FLOW_FIELD_ABSOLUTE_TOLERANCE_ML_S = 1.0e-4
VOLUME_RELATIVE_TOLERANCE = 1.0e-4
