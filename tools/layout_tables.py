"""Where the vascular map draws each vessel: the junction and route tables ``build_layout.py``
turns into ``resources/anatomy/layout.json`` (bed, organ and chamber shapes are in
``layout_shapes.py`` and re-exported here).

Conventions (docs/map.md): map units are mm of body; x = 0 is the midline, x < 0 the patient's
right (the viewer's left); y grows downward from the vertex. The aorta runs at x = +16 and the
inferior vena cava at x = -20, side by side like the spine of a metro map; every branch leaves at
its level. Entries named ``*_right`` are mirrored to ``*_left`` about the midline unless the left
one is given (anatomical asymmetries, or vessels that start on a midline trunk).
"""

from __future__ import annotations

from layout_geometry import Route
from layout_shapes import BEDS, CHAMBERS, ORGANS

__all__ = ["ACCESS_SITES", "BEDS", "CHAMBERS", "LIMB_ROOTS", "NODES", "ORGANS", "ROUTES", "VIEWS"]

R = Route

# ---------------------------------------------------------------------------------------------
# Junction nodes of the atlas (midline and right side; left side mirrored)
NODES: dict[str, tuple[float, float]] = {
    # head and neck
    "carotid_bifurcation_right": (-24, 214),
    "eca_branching_right": (-32, 206),
    "venous_angle_right": (-66, 250),
    "brachiocephalic_bifurcation": (-18, 264),
    "subclavian_end_right": (-100, 264),
    "axillary_vein_end_right": (-110, 250),
    # arm
    "axillary_end_right": (-180, 330),
    "brachial_bifurcation_right": (-180, 580),
    "basilic_confluence_right": (-214, 340),
    # thorax
    "brachiocephalic_origin": (-10, 310),
    "left_common_carotid_origin": (10, 310),
    "left_subclavian_origin": (30, 310),
    "svc_origin": (-38, 304),
    "aortic_root": (14, 400),
    "pulmonary_root": (-4, 404),
    "pulmonary_bifurcation": (20, 360),
    "aorta_t6": (54, 332),
    "internal_thoracic_end_right": (-100, 476),
    # abdomen: aorta at x = 16, vena cava at x = -20
    "aortic_hiatus": (16, 508),
    "celiac_origin": (16, 590),
    "sma_origin": (16, 628),
    "renal_origin": (16, 686),
    "ima_origin": (16, 766),
    "aortic_bifurcation": (0, 830),
    "ivc_confluence": (-20, 818),
    "ivc_hepatic": (-20, 514),
    "ivc_infrahepatic": (-20, 566),
    "ivc_renal": (-20, 696),
    "hepatic_vein_confluence": (-36, 514),
    "intercostal_lower_junction": (70, 520),
    "azygos_lower": (-6, 540),
    "hemiazygos_lower": (80, 506),
    "celiac_bifurcation": (28, 602),
    "gda_origin": (-44, 602),
    "hepatic_bifurcation": (-44, 590),
    "gda_terminal": (-44, 630),
    "pd_arcade_superior": (-44, 640),
    "pd_arcade_inferior": (-26, 648),
    "sma_branching": (-34, 660),
    "portal_confluence": (-8, 624),
    "portal_bifurcation": (-32, 596),
    "smv_junction": (-8, 740),
    "imv_start": (80, 752),
    "ima_branching": (38, 790),
    "lumbar_junction_right": (-148, 782),
    "lumbar_venous_junction_right": (-84, 812),
    # pelvis and leg
    "iliac_bifurcation_right": (-50, 880),
    "iliac_venous_junction_right": (-72, 912),
    "internal_iliac_division_right": (-50, 920),
    "internal_iliac_venous_junction_right": (-62, 902),
    "inguinal_right": (-100, 950),
    "inguinal_vein_right": (-84, 950),
    "inferior_epigastric_end_right": (-167, 860),
    "femoral_bifurcation_right": (-100, 990),
    "femoral_venous_confluence_right": (-84, 1000),
    "adductor_hiatus_right": (-100, 1250),
    "popliteal_trifurcation_right": (-100, 1380),
    "popliteal_vein_end_right": (-84, 1250),
    "popliteal_vein_start_right": (-84, 1390),
}

# ---------------------------------------------------------------------------------------------
# Vessel routes. A route's spec lists via points (and styles) between the segment's two nodes.
ROUTES: dict[str, Route] = {
    # --- heart and lungs
    "ascending_aorta": R(((14, 394), (-14, 366), (-14, 314))),
    "aortic_arch_1": R(),
    "aortic_arch_2": R(),
    "descending_thoracic_aorta_upper": R(((54, 310),)),
    "descending_thoracic_aorta_lower": R(((54, 470),)),
    "coronary_arteries": R(("hv",), end=(24, 474)),
    "coronary_sinus": R(("vd",), start=(-6, 474), end=(-14, 430)),
    "pulmonary_trunk": R(((-4, 396), "dv")),
    "pulmonary_artery_right": R(end=(-32, 360)),
    "pulmonary_artery_left": R(end=(48, 360)),
    "pulmonary_veins_right": R(start=(-32, 386), end=(-8, 386)),
    "pulmonary_veins_left": R(start=(48, 386), end=(34, 386)),
    "bronchial_arteries": R(end=(26, 332)),
    "bronchial_veins": R(((-28, 314),), start=(-28, 326)),
    "bronchopulmonary_venous_drainage": R(start=(8, 372), end=(8, 376)),
    "superior_vena_cava": R(end=(-38, 400)),
    "inferior_vena_cava_suprahepatic": R(end=(-20, 440)),
    "azygos_vein": R(((-6, 500), (-76, 430), (-76, 312), (-68, 304))),
    "internal_thoracic_veins": R(((-88, 296), (-46, 296)), start=(-88, 488)),
    "posterior_intercostal_veins": R(("vd",), start=(-14, 496)),
    "intercostal_arteries_upper": R(((88, 332),), end=(88, 488)),
    # --- arch branches, neck and head
    "brachiocephalic_trunk": R(((-10, 272),)),
    "common_carotid_artery_right": R(((-24, 258),)),
    "common_carotid_artery_left": R(((10, 280), (24, 266))),
    "subclavian_artery_right": R(),
    "subclavian_artery_left": R(((30, 264),)),
    "internal_carotid_artery_right": R(end=(-24, 124)),
    "external_carotid_artery_right": R(),
    "lingual_artery_right": R(("hv",), end=(-48, 186)),
    "superficial_temporal_artery_right": R(("dv",), end=(-40, 186)),
    "maxillary_artery_right": R(end=(-32, 186)),
    "facial_artery_right": R(("dv",), end=(-28, 186)),
    "vertebral_artery_right": R(("vd",), end=(-76, 124)),
    "internal_jugular_vein_right": R(start=(-66, 124)),
    "external_jugular_veins_right": R(("vd",), start=(-56, 186)),
    "brachiocephalic_vein_right": R(("dv",)),
    "brachiocephalic_vein_left": R(((16, 250),)),
    "subclavian_vein_right": R(),
    "internal_thoracic_artery_right": R(),
    "anterior_intercostal_branches_right": R(("dv",), end=(-108, 488)),
    "superior_epigastric_artery_right": R(("hv",), end=(-167, 560)),
    # --- arm
    "axillary_artery_right": R(("hd",)),
    "brachial_artery_right": R(),
    "deep_brachial_artery_right": R(("dv",), end=(-194, 380)),
    "radial_artery_right": R(("dv",), end=(-196, 600)),
    "ulnar_artery_right": R(("vd",), end=(-184, 600)),
    "axillary_vein_right": R(("dh",)),
    "cephalic_vein_right": R(((-240, 236), (-110, 236)), start=(-240, 600)),
    "basilic_vein_right": R(("vd",), start=(-226, 600)),
    "brachial_vein_right": R(start=(-214, 600)),
    "deep_brachial_veins_right": R(("vd",), start=(-202, 380)),
    # --- upper abdomen: aorta, cava, liver
    "abdominal_aorta_supraceliac": R(),
    "abdominal_aorta_celiac_sma": R(),
    "abdominal_aorta_suprarenal": R(),
    "abdominal_aorta_infrarenal_upper": R(),
    "abdominal_aorta_infrarenal_lower": R(((16, 790), (0, 806))),
    "inferior_vena_cava_infrarenal": R(),
    "inferior_vena_cava_suprarenal": R(),
    "inferior_vena_cava_retrohepatic": R(),
    "inferior_phrenic_arteries": R(end=(28, 508)),
    "inferior_phrenic_veins": R(start=(-26, 508)),
    "intercostal_arteries_lower": R(((28, 520),)),
    "intercostal_lower_parietal_branches": R(end=(70, 496)),
    "radiculomedullary_artery_thoracolumbar": R(((62, 528),), end=(24, 528)),
    "intercostal_lumbar_anastomosis_right": R(((70, 556), (-152, 556), (-152, 778))),
    "intercostal_lumbar_anastomosis_left": R(((152, 520), (152, 778))),
    "hepatic_vein_right_lobe": R(("vh",), start=(-84, 516)),
    "hepatic_vein_left_lobe": R(start=(-36, 516)),
    "hepatic_veins": R(),
    "accessory_inferior_right_hepatic_vein": R(start=(-66, 566)),
    # --- celiac axis
    "celiac_trunk": R(),
    "left_gastric_artery": R(end=(40, 590)),
    "splenic_artery": R(("hv",), end=(130, 590)),
    "short_gastric_arteries": R(start=(116, 540), end=(108, 540)),
    "pancreatic_body_branches": R(("vh",), start=(138, 590), end=(112, 634)),
    "common_hepatic_artery": R(),
    "proper_hepatic_artery": R(),
    "right_hepatic_artery": R(("hv",), end=(-80, 576)),
    "left_hepatic_artery": R(end=(-44, 570)),
    "cystic_artery": R(start=(-120, 576), end=(-120, 584)),
    "right_gastric_artery": R(("dv",), end=(-36, 612)),
    "gastroduodenal_artery": R(),
    "gastroduodenal_duodenal_branches": R(end=(-54, 630)),
    "superior_pancreaticoduodenal_artery": R(),
    "pancreaticoduodenal_arcade": R(("dh",)),
    "pancreatic_head_branches_superior": R(("hv",), end=(-46, 644)),
    "pancreatic_head_branches_inferior": R(end=(-26, 644)),
    # --- superior mesenteric
    "superior_mesenteric_artery": R(((16, 628), (8, 636), (8, 652), (0, 660))),
    "inferior_pancreaticoduodenal_artery": R(((-34, 656), (-26, 648))),
    "jejunal_ileal_arteries": R(end=(-34, 678)),
    "right_middle_colic_arteries": R(((-40, 666), (-126, 666)), end=(-126, 740)),
    "replaced_right_hepatic_artery": R(
        ((-40, 654), (-62, 654), (-62, 606), (-96, 606)), end=(-96, 576)
    ),
    # --- renal level
    "renal_artery_right": R(end=(-89, 686)),
    "renal_artery_left": R(end=(89, 686)),
    "renal_vein_right": R(start=(-89, 696)),
    "renal_vein_left": R(start=(89, 696)),
    "adrenal_arteries": R(((26, 676), (40, 676)), end=(40, 668)),
    "adrenal_veins": R(start=(-24, 692)),
    # the right gonadal vein runs up beside the cava, lateral to it, as on the psoas
    "gonadal_veins": R(((-28, 878), (-28, 704)), start=(-22, 884)),
    # --- inferior mesenteric
    "inferior_mesenteric_artery": R(("dv",)),
    "left_colic_sigmoid_arteries": R(end=(116, 790)),
    "superior_rectal_artery": R(end=(38, 796)),
    # --- lumbar and posterior wall
    "lumbar_arteries_right": R(((-148, 766),)),
    "lumbar_arteries_left": R(((148, 766),)),
    "lumbar_paraspinal_branches_right": R(end=(-148, 800)),
    "lumbar_radicular_arteries_right": R(end=(-140, 790), label_anchor=(-120, 792)),
    "lumbar_veins_right": R(("hd",)),
    "lumbar_veins_left": R(((-14, 812),)),
    "paraspinal_veins_right": R(start=(-84, 806)),
    "ascending_lumbar_vein_right": R(((-156, 812), (-156, 548), "hd")),
    "ascending_lumbar_vein_left": R(((156, 812), (156, 506))),
    "hemiazygos_vein": R(((80, 492), (6, 492), (6, 540))),
    "renal_hemiazygos_vein": R(((142, 692), (142, 576), (88, 576), (88, 514)), start=(114, 692)),
    "spinal_cord_veins": R(start=(20, 796), end=(20, 800)),
    "vertebral_venous_plexus": R(((160, 500), (94, 500), (94, 258), (74, 258)), start=(160, 803)),
    "presacral_venous_plexus": R(start=(8, 880), end=(8, 872)),
    "esophageal_varices": R(start=(-2, 536)),
    # --- portal system
    "portal_vein": R(((-32, 600),)),
    "portal_vein_right_branch": R(((-90, 596),), end=(-90, 576)),
    "portal_vein_left_branch": R(end=(-32, 568)),
    "cystic_veins": R(start=(-126, 584), end=(-126, 576)),
    "left_gastric_vein": R(start=(-8, 620)),
    "splenic_vein": R(((134, 610), (6, 610)), start=(134, 590)),
    "pancreatic_veins": R(start=(0, 632)),
    "pancreaticoduodenal_veins": R(("vd",), start=(-14, 636)),
    "duodenal_veins": R(start=(-14, 624)),
    "superior_mesenteric_vein": R(),
    "jejunal_ileal_veins": R(start=(-8, 748)),
    "ileocolic_colic_veins": R(start=(-12, 744)),
    "inferior_mesenteric_vein": R(((80, 624),), label_anchor=(80, 658)),
    "sigmoid_veins": R(start=(116, 752)),
    "superior_rectal_vein": R(((46, 752),), start=(46, 760), label_anchor=(46, 758)),
    # --- pelvis
    "common_iliac_artery_right": R(),
    "common_iliac_artery_left": R(),
    "internal_iliac_artery_right": R(),
    "external_iliac_artery_right": R(("dv",)),
    "common_iliac_vein_right": R(((-72, 818),), label_anchor=(-72, 836)),
    "common_iliac_vein_left": R(((72, 818),), label_anchor=(72, 836)),
    "internal_iliac_vein_right": R(),
    "external_iliac_vein_right": R(("vd",)),
    "iliolumbar_vein_right": R(((-84, 900),)),
    "middle_rectal_artery_right": R(("dh",), end=(-20, 940)),
    "middle_rectal_veins_right": R(((-58, 906),), start=(-58, 914)),
    "pelvic_visceral_arteries_right": R(("hv",), end=(-20, 910)),
    "pelvic_visceral_veins_right": R(start=(-58, 902)),
    "gluteal_arteries_right": R(("dv",), end=(-56, 956)),
    "gluteal_veins_right": R(start=(-62, 956)),
    "obturator_artery_right": R(end=(-50, 1020)),
    "cruciate_anastomosis_right": R(start=(-66, 980), end=(-66, 1020)),
    "inferior_epigastric_artery_right": R(("hv",)),
    "epigastric_anastomosis_right": R(start=(-167, 840)),
    "abdominal_wall_veins_right": R(start=(-88, 950)),
    # --- leg
    "common_femoral_artery_right": R(),
    "deep_femoral_artery_right": R(("dv",), end=(-112, 1030)),
    "superficial_femoral_artery_right": R(),
    "superficial_femoral_muscular_branches_right": R(("dv",), end=(-108, 1220)),
    "popliteal_artery_right": R(),
    "lower_leg_arteries_right": R(end=(-100, 1420)),
    "common_femoral_vein_right": R(),
    "femoral_vein_right": R(),
    "deep_femoral_vein_right": R(("vd",), start=(-92, 1030)),
    "femoral_muscular_tributaries_right": R(("vd",), start=(-90, 1220)),
    "great_saphenous_vein_right": R(("vd",), start=(-72, 1420)),
    "popliteal_vein_right": R(),
    "lower_leg_veins_right": R(start=(-84, 1420)),
    "lumbar_radicular_arteries_left": R(end=(140, 790)),
}

LIMB_ROOTS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "upper_arm_root_right": ((-246, 362), (-172, 362)),
    "thigh_root_right": ((-118, 1006), (-46, 1006)),
}

ACCESS_SITES: dict[str, tuple[float, float]] = {
    "common_femoral_artery_right": (-100, 970),
    "common_femoral_vein_right": (-84, 978),
    "brachial_artery_right": (-180, 460),
    "axillary_artery_right": (-147, 297),
    "internal_jugular_vein_right": (-66, 200),
    "subclavian_vein_right": (-88, 250),
}

VIEWS: dict[str, tuple[str, tuple[float, float, float, float], str]] = {
    "whole_body": ("Whole body", (-270, 0, 270, 1600), "0"),
    "head_neck": ("Head and neck", (-130, 0, 130, 320), "1"),
    "thorax": ("Thorax", (-170, 230, 170, 520), "2"),
    # to the flanks, short of the forearms that lie beside them
    "abdomen": ("Abdomen", (-176, 500, 176, 850), "3"),
    # down to the buttocks: the groin vessels reach on into the leg views, which name them too
    "pelvis": ("Pelvis", (-180, 780, 180, 985), "4"),
    # Limb views frame the limb from its root to the hand or foot, centred on it; they stop
    # short of the trunk beside them, whose organs are named in their own views.
    "arm_right": ("Right arm", (-262, 226, -140, 804), "5"),
    "arm_left": ("Left arm", (140, 226, 262, 804), "6"),
    "leg_right": ("Right leg", (-160, 930, -20, 1600), "7"),
    "leg_left": ("Left leg", (20, 930, 160, 1600), "8"),
}
