"""How the atlas segments connect, and where they sit on the schematic map.

Nodes are junction names, bed ids or chamber ids. Map units are about 1 mm of a 1.75 m body,
seen from the front: the patient's right is on the viewer's left (negative x), y grows downward.
"""

from __future__ import annotations

SIDES = ("right", "left")


def mirrored(name: str, side: str) -> str:
    return name.replace("{s}", side)


# Segment topology: id -> (from_node, to_node). "{s}" entries are made for both sides.
SEGMENT_TOPOLOGY_MIDLINE: dict[str, tuple[str, str]] = {
    "pulmonary_trunk": ("pulmonary_root", "pulmonary_bifurcation"),
    "pulmonary_artery_right": ("pulmonary_bifurcation", "lung_right"),
    "pulmonary_artery_left": ("pulmonary_bifurcation", "lung_left"),
    "pulmonary_veins_right": ("lung_right", "left_atrium"),
    "pulmonary_veins_left": ("lung_left", "left_atrium"),
    "coronary_arteries": ("aortic_root", "heart_muscle"),
    "coronary_sinus": ("heart_muscle", "right_atrium"),
    "bronchial_arteries": ("aorta_t6", "lung_tissue"),
    "bronchial_veins": ("lung_tissue", "svc_origin"),
    "bronchopulmonary_venous_drainage": ("lung_tissue", "left_atrium"),
    "ascending_aorta": ("aortic_root", "brachiocephalic_origin"),
    "aortic_arch_1": ("brachiocephalic_origin", "left_common_carotid_origin"),
    "aortic_arch_2": ("left_common_carotid_origin", "left_subclavian_origin"),
    "descending_thoracic_aorta_upper": ("left_subclavian_origin", "aorta_t6"),
    "descending_thoracic_aorta_lower": ("aorta_t6", "aortic_hiatus"),
    "abdominal_aorta_supraceliac": ("aortic_hiatus", "celiac_origin"),
    "abdominal_aorta_celiac_sma": ("celiac_origin", "sma_origin"),
    "abdominal_aorta_suprarenal": ("sma_origin", "renal_origin"),
    "abdominal_aorta_infrarenal_upper": ("renal_origin", "ima_origin"),
    "abdominal_aorta_infrarenal_lower": ("ima_origin", "aortic_bifurcation"),
    "brachiocephalic_trunk": ("brachiocephalic_origin", "brachiocephalic_bifurcation"),
    "subclavian_artery_right": ("brachiocephalic_bifurcation", "subclavian_end_right"),
    "subclavian_artery_left": ("left_subclavian_origin", "subclavian_end_left"),
    "common_carotid_artery_right": ("brachiocephalic_bifurcation", "carotid_bifurcation_right"),
    "common_carotid_artery_left": ("left_common_carotid_origin", "carotid_bifurcation_left"),
    "intercostal_arteries_upper": ("aorta_t6", "chest_wall"),
    "intercostal_arteries_lower": ("aortic_hiatus", "intercostal_lower_junction"),
    "intercostal_lower_parietal_branches": ("intercostal_lower_junction", "chest_wall"),
    "radiculomedullary_artery_thoracolumbar": ("intercostal_lower_junction", "spinal_cord"),
    "inferior_phrenic_arteries": ("aortic_hiatus", "diaphragm"),
    "adrenal_arteries": ("renal_origin", "adrenals"),
    "celiac_trunk": ("celiac_origin", "celiac_bifurcation"),
    "left_gastric_artery": ("celiac_bifurcation", "stomach"),
    "splenic_artery": ("celiac_bifurcation", "spleen"),
    "pancreatic_body_branches": ("spleen", "pancreas_body_tail"),
    "short_gastric_arteries": ("spleen", "stomach"),
    "common_hepatic_artery": ("celiac_bifurcation", "gda_origin"),
    "gastroduodenal_artery": ("gda_origin", "gda_terminal"),
    "gastroduodenal_duodenal_branches": ("gda_terminal", "duodenum"),
    "superior_pancreaticoduodenal_artery": ("gda_terminal", "pd_arcade_superior"),
    "pancreaticoduodenal_arcade": ("pd_arcade_superior", "pd_arcade_inferior"),
    "pancreatic_head_branches_superior": ("pd_arcade_superior", "pancreas_head"),
    "pancreatic_head_branches_inferior": ("pd_arcade_inferior", "pancreas_head"),
    "inferior_pancreaticoduodenal_artery": ("sma_branching", "pd_arcade_inferior"),
    "right_gastric_artery": ("gda_origin", "stomach"),
    "proper_hepatic_artery": ("gda_origin", "hepatic_bifurcation"),
    "right_hepatic_artery": ("hepatic_bifurcation", "liver_right"),
    "left_hepatic_artery": ("hepatic_bifurcation", "liver_left"),
    "cystic_artery": ("liver_right", "gallbladder"),
    "superior_mesenteric_artery": ("sma_origin", "sma_branching"),
    "jejunal_ileal_arteries": ("sma_branching", "small_intestine"),
    "right_middle_colic_arteries": ("sma_branching", "colon_right"),
    "replaced_right_hepatic_artery": ("sma_branching", "liver_right"),
    "inferior_mesenteric_artery": ("ima_origin", "ima_branching"),
    "left_colic_sigmoid_arteries": ("ima_branching", "colon_left"),
    "superior_rectal_artery": ("ima_branching", "rectum"),
    # veins
    "superior_vena_cava": ("svc_origin", "right_atrium"),
    "inferior_vena_cava_infrarenal": ("ivc_confluence", "ivc_renal"),
    "inferior_vena_cava_suprarenal": ("ivc_renal", "ivc_infrahepatic"),
    "inferior_vena_cava_retrohepatic": ("ivc_infrahepatic", "ivc_hepatic"),
    "inferior_vena_cava_suprahepatic": ("ivc_hepatic", "right_atrium"),
    "internal_thoracic_veins": ("chest_wall", "svc_origin"),
    "posterior_intercostal_veins": ("chest_wall", "azygos_lower"),
    "azygos_vein": ("azygos_lower", "svc_origin"),
    "hemiazygos_vein": ("hemiazygos_lower", "azygos_lower"),
    "vertebral_venous_plexus": ("paraspinal_tissue", "venous_angle_left"),
    "spinal_cord_veins": ("spinal_cord", "paraspinal_tissue"),
    "renal_hemiazygos_vein": ("kidney_left", "hemiazygos_lower"),
    "gonadal_veins": ("pelvic_organs", "ivc_renal"),
    "adrenal_veins": ("adrenals", "ivc_renal"),
    "inferior_phrenic_veins": ("diaphragm", "ivc_hepatic"),
    "hepatic_vein_right_lobe": ("liver_right", "hepatic_vein_confluence"),
    "hepatic_vein_left_lobe": ("liver_left", "hepatic_vein_confluence"),
    "hepatic_veins": ("hepatic_vein_confluence", "ivc_hepatic"),
    "accessory_inferior_right_hepatic_vein": ("liver_right", "ivc_infrahepatic"),
    "presacral_venous_plexus": ("pelvic_organs", "paraspinal_tissue"),
    # portal system
    "left_gastric_vein": ("stomach", "portal_confluence"),
    "esophageal_varices": ("stomach", "azygos_lower"),
    "splenic_vein": ("spleen", "portal_confluence"),
    "pancreatic_veins": ("pancreas_body_tail", "portal_confluence"),
    "pancreaticoduodenal_veins": ("pancreas_head", "portal_confluence"),
    "duodenal_veins": ("duodenum", "portal_confluence"),
    "jejunal_ileal_veins": ("small_intestine", "smv_junction"),
    "ileocolic_colic_veins": ("colon_right", "smv_junction"),
    "superior_mesenteric_vein": ("smv_junction", "portal_confluence"),
    "sigmoid_veins": ("colon_left", "imv_start"),
    "superior_rectal_vein": ("rectum", "imv_start"),
    "inferior_mesenteric_vein": ("imv_start", "portal_confluence"),
    "portal_vein": ("portal_confluence", "portal_bifurcation"),
    "portal_vein_right_branch": ("portal_bifurcation", "liver_right"),
    "portal_vein_left_branch": ("portal_bifurcation", "liver_left"),
    "cystic_veins": ("gallbladder", "liver_right"),
}

SEGMENT_TOPOLOGY_SIDED: dict[str, tuple[str, str]] = {
    "internal_carotid_artery_{s}": ("carotid_bifurcation_{s}", "brain"),
    "external_carotid_artery_{s}": ("carotid_bifurcation_{s}", "eca_branching_{s}"),
    "lingual_artery_{s}": ("eca_branching_{s}", "head_neck_tissue_{s}"),
    "facial_artery_{s}": ("eca_branching_{s}", "head_neck_tissue_{s}"),
    "maxillary_artery_{s}": ("eca_branching_{s}", "head_neck_tissue_{s}"),
    "superficial_temporal_artery_{s}": ("eca_branching_{s}", "head_neck_tissue_{s}"),
    "vertebral_artery_{s}": ("subclavian_end_{s}", "brain"),
    "internal_thoracic_artery_{s}": ("subclavian_end_{s}", "internal_thoracic_end_{s}"),
    "anterior_intercostal_branches_{s}": ("internal_thoracic_end_{s}", "chest_wall"),
    "superior_epigastric_artery_{s}": ("internal_thoracic_end_{s}", "abdominal_wall_{s}"),
    "epigastric_anastomosis_{s}": ("abdominal_wall_{s}", "inferior_epigastric_end_{s}"),
    "inferior_epigastric_artery_{s}": ("inguinal_{s}", "inferior_epigastric_end_{s}"),
    "axillary_artery_{s}": ("subclavian_end_{s}", "axillary_end_{s}"),
    "deep_brachial_artery_{s}": ("axillary_end_{s}", "upper_arm_{s}"),
    "brachial_artery_{s}": ("axillary_end_{s}", "brachial_bifurcation_{s}"),
    "radial_artery_{s}": ("brachial_bifurcation_{s}", "forearm_hand_{s}"),
    "ulnar_artery_{s}": ("brachial_bifurcation_{s}", "forearm_hand_{s}"),
    "intercostal_lumbar_anastomosis_{s}": ("intercostal_lower_junction", "lumbar_junction_{s}"),
    "lumbar_arteries_{s}": ("ima_origin", "lumbar_junction_{s}"),
    "lumbar_paraspinal_branches_{s}": ("lumbar_junction_{s}", "paraspinal_tissue"),
    "lumbar_radicular_arteries_{s}": ("lumbar_junction_{s}", "spinal_cord"),
    "renal_artery_{s}": ("renal_origin", "kidney_{s}"),
    "common_iliac_artery_{s}": ("aortic_bifurcation", "iliac_bifurcation_{s}"),
    "internal_iliac_artery_{s}": ("iliac_bifurcation_{s}", "internal_iliac_division_{s}"),
    "external_iliac_artery_{s}": ("iliac_bifurcation_{s}", "inguinal_{s}"),
    "middle_rectal_artery_{s}": ("internal_iliac_division_{s}", "rectum"),
    "gluteal_arteries_{s}": ("internal_iliac_division_{s}", "gluteal_tissue_{s}"),
    "obturator_artery_{s}": ("internal_iliac_division_{s}", "thigh_{s}"),
    "pelvic_visceral_arteries_{s}": ("internal_iliac_division_{s}", "pelvic_organs"),
    "cruciate_anastomosis_{s}": ("gluteal_tissue_{s}", "thigh_{s}"),
    "common_femoral_artery_{s}": ("inguinal_{s}", "femoral_bifurcation_{s}"),
    "deep_femoral_artery_{s}": ("femoral_bifurcation_{s}", "thigh_{s}"),
    "superficial_femoral_artery_{s}": ("femoral_bifurcation_{s}", "adductor_hiatus_{s}"),
    "superficial_femoral_muscular_branches_{s}": ("adductor_hiatus_{s}", "thigh_{s}"),
    "popliteal_artery_{s}": ("adductor_hiatus_{s}", "popliteal_trifurcation_{s}"),
    "lower_leg_arteries_{s}": ("popliteal_trifurcation_{s}", "lower_leg_foot_{s}"),
    # veins
    "brachiocephalic_vein_{s}": ("venous_angle_{s}", "svc_origin"),
    "internal_jugular_vein_{s}": ("brain", "venous_angle_{s}"),
    "external_jugular_veins_{s}": ("head_neck_tissue_{s}", "venous_angle_{s}"),
    "subclavian_vein_{s}": ("axillary_vein_end_{s}", "venous_angle_{s}"),
    "axillary_vein_{s}": ("basilic_confluence_{s}", "axillary_vein_end_{s}"),
    "cephalic_vein_{s}": ("forearm_hand_{s}", "axillary_vein_end_{s}"),
    "basilic_vein_{s}": ("forearm_hand_{s}", "basilic_confluence_{s}"),
    "brachial_vein_{s}": ("forearm_hand_{s}", "basilic_confluence_{s}"),
    "deep_brachial_veins_{s}": ("upper_arm_{s}", "basilic_confluence_{s}"),
    "paraspinal_veins_{s}": ("paraspinal_tissue", "lumbar_venous_junction_{s}"),
    "lumbar_veins_{s}": ("lumbar_venous_junction_{s}", "ivc_confluence"),
    "iliolumbar_vein_{s}": ("iliac_venous_junction_{s}", "lumbar_venous_junction_{s}"),
    "renal_vein_{s}": ("kidney_{s}", "ivc_renal"),
    "common_iliac_vein_{s}": ("iliac_venous_junction_{s}", "ivc_confluence"),
    "internal_iliac_vein_{s}": ("internal_iliac_venous_junction_{s}", "iliac_venous_junction_{s}"),
    "external_iliac_vein_{s}": ("inguinal_vein_{s}", "iliac_venous_junction_{s}"),
    "common_femoral_vein_{s}": ("femoral_venous_confluence_{s}", "inguinal_vein_{s}"),
    "femoral_vein_{s}": ("popliteal_vein_end_{s}", "femoral_venous_confluence_{s}"),
    "deep_femoral_vein_{s}": ("thigh_{s}", "femoral_venous_confluence_{s}"),
    "femoral_muscular_tributaries_{s}": ("thigh_{s}", "popliteal_vein_end_{s}"),
    "great_saphenous_vein_{s}": ("lower_leg_foot_{s}", "femoral_venous_confluence_{s}"),
    "popliteal_vein_{s}": ("popliteal_vein_start_{s}", "popliteal_vein_end_{s}"),
    "lower_leg_veins_{s}": ("lower_leg_foot_{s}", "popliteal_vein_start_{s}"),
    "gluteal_veins_{s}": ("gluteal_tissue_{s}", "internal_iliac_venous_junction_{s}"),
    "pelvic_visceral_veins_{s}": ("pelvic_organs", "internal_iliac_venous_junction_{s}"),
    "middle_rectal_veins_{s}": ("rectum", "internal_iliac_venous_junction_{s}"),
    "abdominal_wall_veins_{s}": ("abdominal_wall_{s}", "inguinal_vein_{s}"),
}
SIDED_ASCENDING_LUMBAR = {
    "ascending_lumbar_vein_right": ("lumbar_venous_junction_right", "azygos_lower"),
    "ascending_lumbar_vein_left": ("lumbar_venous_junction_left", "hemiazygos_lower"),
}

# Schematic positions of nodes on the patient's right; the left side mirrors x (a "{s}" node).
NODE_POSITIONS_MIDLINE: dict[str, tuple[float, float]] = {
    "right_atrium": (-35, 405),
    "right_ventricle": (-5, 440),
    "left_atrium": (35, 390),
    "left_ventricle": (30, 445),
    "pulmonary_root": (0, 395),
    "pulmonary_bifurcation": (5, 340),
    "aortic_root": (15, 400),
    "brachiocephalic_origin": (0, 300),
    "left_common_carotid_origin": (22, 292),
    "left_subclavian_origin": (42, 302),
    "aorta_t6": (35, 420),
    "aortic_hiatus": (22, 540),
    "celiac_origin": (20, 565),
    "sma_origin": (20, 600),
    "renal_origin": (20, 640),
    "ima_origin": (20, 720),
    "aortic_bifurcation": (20, 770),
    "brachiocephalic_bifurcation": (-25, 265),
    "intercostal_lower_junction": (60, 560),
    "celiac_bifurcation": (30, 575),
    "gda_origin": (-20, 585),
    "gda_terminal": (-35, 610),
    "hepatic_bifurcation": (-45, 560),
    "pd_arcade_superior": (-40, 625),
    "pd_arcade_inferior": (-30, 655),
    "sma_branching": (10, 660),
    "ima_branching": (45, 760),
    "svc_origin": (-30, 300),
    "ivc_confluence": (-15, 790),
    "ivc_renal": (-15, 645),
    "ivc_infrahepatic": (-15, 600),
    "ivc_hepatic": (-18, 525),
    "azygos_lower": (-5, 560),
    "hemiazygos_lower": (40, 600),
    "hepatic_vein_confluence": (-45, 520),
    "portal_confluence": (-15, 620),
    "portal_bifurcation": (-55, 580),
    "smv_junction": (-10, 690),
    "imv_start": (45, 780),
}
NODE_POSITIONS_SIDED_RIGHT: dict[str, tuple[float, float]] = {
    "subclavian_end_{s}": (-110, 280),
    "carotid_bifurcation_{s}": (-40, 175),
    "eca_branching_{s}": (-60, 150),
    "internal_thoracic_end_{s}": (-50, 520),
    "inferior_epigastric_end_{s}": (-95, 770),
    "axillary_end_{s}": (-190, 330),
    "brachial_bifurcation_{s}": (-245, 585),
    "lumbar_junction_{s}": (-60, 705),
    "iliac_bifurcation_{s}": (-60, 830),
    "internal_iliac_division_{s}": (-50, 880),
    "inguinal_{s}": (-105, 905),
    "femoral_bifurcation_{s}": (-110, 945),
    "adductor_hiatus_{s}": (-120, 1230),
    "popliteal_trifurcation_{s}": (-120, 1360),
    "venous_angle_{s}": (-45, 255),
    "axillary_vein_end_{s}": (-110, 300),
    "basilic_confluence_{s}": (-200, 360),
    "lumbar_venous_junction_{s}": (-75, 730),
    "iliac_venous_junction_{s}": (-70, 840),
    "internal_iliac_venous_junction_{s}": (-60, 895),
    "inguinal_vein_{s}": (-95, 915),
    "femoral_venous_confluence_{s}": (-100, 960),
    "popliteal_vein_end_{s}": (-110, 1240),
    "popliteal_vein_start_{s}": (-110, 1370),
}
# Bed centres and half sizes (width, height) on the map; sided ones are given for the right.
BED_BOXES_MIDLINE: dict[str, tuple[float, float, float, float]] = {
    "brain": (0, 70, 55, 40),
    "heart_muscle": (0, 470, 30, 12),
    "lung_tissue": (0, 360, 25, 10),
    "lung_right": (-95, 400, 45, 75),
    "lung_left": (95, 400, 45, 75),
    "chest_wall": (140, 480, 30, 25),
    "diaphragm": (0, 510, 80, 8),
    "adrenals": (45, 620, 12, 8),
    "stomach": (60, 590, 28, 20),
    "spleen": (115, 580, 20, 22),
    "duodenum": (-55, 645, 15, 15),
    "pancreas_head": (-25, 670, 15, 10),
    "pancreas_body_tail": (55, 650, 35, 8),
    "liver_right": (-95, 555, 40, 32),
    "liver_left": (-35, 545, 20, 20),
    "gallbladder": (-80, 600, 10, 8),
    "small_intestine": (0, 745, 45, 30),
    "colon_right": (-95, 730, 15, 40),
    "colon_left": (100, 730, 15, 40),
    "rectum": (15, 880, 15, 20),
    "pelvic_organs": (-15, 860, 25, 15),
    "paraspinal_tissue": (0, 820, 30, 10),
    "spinal_cord": (85, 560, 8, 30),
}
BED_BOXES_SIDED_RIGHT: dict[str, tuple[float, float, float, float]] = {
    "kidney_{s}": (-75, 650, 14, 24),
    "head_neck_tissue_{s}": (-70, 115, 22, 20),
    "upper_arm_{s}": (-230, 460, 20, 60),
    "forearm_hand_{s}": (-265, 760, 25, 90),
    "abdominal_wall_{s}": (-130, 700, 20, 40),
    "gluteal_tissue_{s}": (-120, 850, 25, 22),
    "thigh_{s}": (-135, 1080, 35, 110),
    "lower_leg_foot_{s}": (-125, 1530, 30, 150),
}
# Where veins of a bed that has both run are drawn, to keep them beside their arteries.
VEIN_OFFSET = (-7.0, 0.0)

LIMB_ROOTS = {
    "thigh_root_{s}": [
        ("superficial_femoral_artery_{s}", 0.08),
        ("deep_femoral_artery_{s}", 0.1),
        ("femoral_vein_{s}", 0.92),
        ("deep_femoral_vein_{s}", 0.9),
        ("great_saphenous_vein_{s}", 0.95),
    ],
    "upper_arm_root_{s}": [
        ("brachial_artery_{s}", 0.08),
        ("deep_brachial_artery_{s}", 0.2),
        ("brachial_vein_{s}", 0.92),
        ("basilic_vein_{s}", 0.9),
        ("cephalic_vein_{s}", 0.9),
        ("deep_brachial_veins_{s}", 0.85),
    ],
}
MAIN_CROSSING_RESIDUALS = {
    "deep_femoral_vein_{s}": (
        0.001,
        "[E] the deep femoral vein runs against the femur, where a thigh tourniquet compresses "
        "least: it keeps 0.1 % of its open conductance under a cuff well above systolic "
        "(clinical-reference §5a, deep veins near the bone as a route of ILP leak). With the ILP "
        "circuit draining by gravity, perfusate leaves through it once the limb's deep venous "
        "pressure exceeds the pelvic veins' (high circuit flow) and systemic blood enters when "
        "it is lower; a cuffed limb without a circuit keeps its volume (docs/engine.md)",
    ),
}
"""Main vessels under a cuff that keep a residual opening: (share of open conductance, source)."""
DEEP_CROSSING_RESIDUAL = 0.0
DEEP_CROSSING_SOURCE = (
    "[E] collateral that reaches the thigh from the pelvis and passes under a thigh tourniquet "
    "(clinical-reference §5a: gluteal and obturator to profunda femoris); a cuff well above "
    "systolic closes it like the main vessels. Kept closed: an arterial residual fills a cuffed "
    "limb whose veins are shut (0.3 % filled both cuffed thighs by 45 mL in 15 min at rest); the "
    "ILP leak goes out through the deep femoral vein's residual instead (docs/engine.md)"
)
DEEP_LIMB_CROSSINGS = {
    "thigh_root_{s}": [
        ("obturator_artery_{s}", 0.9),
        ("cruciate_anastomosis_{s}", 0.9),
    ],
}
"""Collaterals that reach the thigh bed from the pelvis pass under a thigh tourniquet too: a
pneumatic tourniquet compresses the whole cross-section and gives a bloodless field [V-2nd:
clinical-reference §5a]. Without them the cuffed
thigh kept filling through its arterial collaterals while its veins were shut (700 mL in 15 min
with both thighs cuffed). Listed apart so that the cuff's drawn line stays where the main
vessels cross."""

ACCESS_SITES = [
    "common_femoral_artery_right",
    "common_femoral_artery_left",
    "common_femoral_vein_right",
    "common_femoral_vein_left",
    "brachial_artery_right",
    "brachial_artery_left",
    "axillary_artery_right",
    "axillary_artery_left",
    "internal_jugular_vein_right",
    "internal_jugular_vein_left",
    "subclavian_vein_right",
    "subclavian_vein_left",
]
