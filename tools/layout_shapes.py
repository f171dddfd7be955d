"""Where the vascular map draws the tissue beds, organ silhouettes and heart chambers: shapes
for ``build_layout.py`` (vessel routes and junctions are in ``layout_tables.py``).

Same conventions as the routes (docs/map.md): mm of body, x = 0 the midline, x < 0 the patient's
right; entries named ``*_right`` are mirrored to ``*_left`` unless the left one is given. A
vessel that ends at a bed ends at a port on or inside its polygon, so several beds are drawn
reaching the vessels they lie in front of (the pancreatic head over the cava, the lung hila).
"""

from __future__ import annotations

from layout_geometry import Bed, Organ, bean, blob, box
from layout_silhouettes import (
    BRAIN,
    COLON,
    COLON_LEFT,
    COLON_RIGHT,
    FACE_RIGHT,
    FOREARM_HAND_RIGHT,
    GALLBLADDER,
    HEART,
    LEFT_VENTRICLE,
    LIVER,
    LIVER_LEFT_LOBE,
    LIVER_RIGHT_LOBE,
    LOWER_LEG_FOOT_RIGHT,
    LUNG_LEFT,
    LUNG_RIGHT,
    PANCREAS,
    PANCREAS_BODY_TAIL,
    PANCREAS_HEAD,
    RIGHT_VENTRICLE,
    SMALL_INTESTINE,
    SPLEEN,
    STOMACH,
    THIGH_RIGHT,
    UPPER_ARM_RIGHT,
)

# ---------------------------------------------------------------------------------------------
# Tissue beds (right side mirrored). Vessels end at ports on their edges.
BEDS: dict[str, Bed] = {
    "brain": Bed(BRAIN, "brain", (0, 70)),
    "head_neck_tissue_right": Bed(FACE_RIGHT, "face_right", (-36, 172), label="face, right"),
    # the hilum reaches in front of the superior vena cava
    "lung_right": Bed(LUNG_RIGHT, "lung_right", (-122, 430), label="right lung"),
    # the hilum reaches over the descending aorta
    "lung_left": Bed(LUNG_LEFT, "lung_left", (122, 430), label="left lung"),
    "lung_tissue": Bed(box(-30, 320, 26, 374), "bronchi", (11, 333), label="bronchi"),
    # the myocardium: the whole heart, its chambers drawn on it
    "heart_muscle": Bed(HEART, "heart", (2, 478), label="myocardium"),
    "chest_wall": Bed(box(-150, 488, 150, 496, 2), "thoracic_wall", (-125, 493)),
    "diaphragm": Bed(box(-150, 502, 150, 510, 2), "diaphragm", (125, 507)),
    "liver_right": Bed(LIVER_RIGHT_LOBE, "liver", (-104, 580), label="right lobe"),
    "liver_left": Bed(LIVER_LEFT_LOBE, "liver", (-40, 556), label="left lobe"),
    "gallbladder": Bed(GALLBLADDER, "gallbladder", (-123, 596)),
    "stomach": Bed(STOMACH, "stomach", (78, 566)),
    "spleen": Bed(SPLEEN, "spleen", (141, 560)),
    "pancreas_body_tail": Bed(
        PANCREAS_BODY_TAIL, "pancreas", (78, 626), label="pancreatic body and tail"
    ),
    "pancreas_head": Bed(PANCREAS_HEAD, "pancreas", (-34, 672), label="pancreatic head"),
    "duodenum": Bed(
        [
            (-62, 622),
            (-12, 622),
            (-12, 628),
            (-54, 628),
            (-54, 704),
            (-30, 704),
            (-30, 712),
            (-60, 712),
            (-66, 706),
            (-66, 626),
        ],
        "duodenum",
        (-62, 660),
    ),
    "adrenals": Bed(
        # the right gland reaches down beside the cava, where its short vein enters
        [
            (-111, 664),
            (111, 664),
            (112, 665),
            (112, 667),
            (111, 668),
            (-24, 668),
            (-24, 692),
            (-30, 692),
            (-30, 668),
            (-111, 668),
            (-112, 667),
            (-112, 665),
        ],
        "adrenal_glands",
        (-100, 666),
        label="adrenal glands",
    ),
    "kidney_right": Bed(
        bean(-116, 676, -84, 730, 1, 6), "kidney_right", (-102, 712), label="right kidney"
    ),
    "small_intestine": Bed(SMALL_INTESTINE, "small_intestine", (-40, 771)),
    # caecum, ascending colon and the right half of the transverse colon
    "colon_right": Bed(COLON_RIGHT, "colon", (-126, 790), label="ascending colon"),
    "colon_left": Bed(COLON_LEFT, "colon", (126, 790), label="descending colon"),
    "rectum": Bed(
        [
            (8, 912),
            (28, 892),
            # the sigmoid mesocolon up to the pelvic brim, where the inferior mesenteric vein
            # begins in front of the lumbar arteries
            (28, 762),
            (32, 758),
            (48, 758),
            (52, 762),
            (52, 900),
            (40, 912),
            (56, 912),
            (58, 914),
            (58, 916),
            (56, 918),
            (34, 918),
            (20, 932),
            (20, 946),
            (16, 950),
            (-16, 950),
            (-20, 946),
            (-20, 918),
            (-56, 918),
            (-58, 916),
            (-58, 914),
            (-56, 912),
        ],
        "rectum",
        (0, 940),
        label="rectum and sigmoid",
    ),
    "pelvic_organs": Bed(
        # the wings are the vesical and uterine venous plexuses reaching the internal iliac vein
        [
            (-20, 880),
            (20, 880),
            (26, 886),
            (26, 898),
            (56, 898),
            (58, 900),
            (58, 904),
            (56, 906),
            (26, 906),
            (22, 910),
            (-22, 910),
            (-26, 906),
            (-56, 906),
            (-58, 904),
            (-58, 900),
            (-56, 898),
            (-26, 898),
            (-26, 886),
        ],
        "pelvic_organs",
        (0, 892),
        label="bladder and pelvic organs",
    ),
    "paraspinal_tissue": Bed(
        [
            (-174, 800),
            (174, 800),
            (176, 802),
            (176, 804),
            (174, 806),
            (14, 806),
            (14, 872),
            (2, 872),
            (2, 806),
            (-174, 806),
            (-176, 804),
            (-176, 802),
        ],
        "back_muscles",
        (-50, 803),
        label="back muscles",
    ),
    "spinal_cord": Bed(
        [
            (10, 520),
            (22, 520),
            (24, 522),
            (24, 790),
            (148, 790),
            (150, 792),
            (150, 795),
            (148, 797),
            (-148, 797),
            (-150, 795),
            (-150, 792),
            (-148, 790),
            (8, 790),
            (8, 522),
        ],
        "spinal_cord",
        (16, 560),
    ),
    "abdominal_wall_right": Bed(
        # the flank down to the inguinal ligament, which it follows to the femoral vein: the
        # superficial epigastric vein reaches the saphenous opening medial to the artery
        [
            (-170, 560),
            (-164, 560),
            (-162, 562),
            (-162, 946),
            (-88, 946),
            (-86, 948),
            (-86, 952),
            (-88, 954),
            (-170, 954),
            (-172, 952),
            (-172, 562),
        ],
        "abdominal_wall",
        (-167, 700),
        label="abdominal wall, right",
    ),
    "upper_arm_right": Bed(
        UPPER_ARM_RIGHT, "upper_arm_right", (-198, 460), label="right upper arm"
    ),
    "forearm_hand_right": Bed(
        FOREARM_HAND_RIGHT, "forearm_hand_right", (-212, 680), label="right forearm and hand"
    ),
    "gluteal_tissue_right": Bed(
        box(-82, 956, -52, 980, 4), "gluteal_right", (-67, 970), label="right buttock"
    ),
    "thigh_right": Bed(THIGH_RIGHT, "thigh_right", (-100, 1110), label="right thigh"),
    "lower_leg_foot_right": Bed(
        LOWER_LEG_FOOT_RIGHT, "lower_leg_right", (-100, 1480), label="right lower leg"
    ),
}

# ---------------------------------------------------------------------------------------------
# Organ silhouettes, drawn under the beds (right side mirrored)
ORGANS: dict[str, Organ] = {
    "brain": Organ(BRAIN, "brain", ["brain"]),
    "face_right": Organ(FACE_RIGHT, "face and scalp, right", ["head_neck_tissue_right"]),
    "lung_right": Organ(LUNG_RIGHT, "right lung", ["lung_right"]),
    "bronchi": Organ(box(-32, 318, 28, 376, 4), "bronchi", ["lung_tissue"]),
    "heart": Organ(HEART, "heart", ["heart_muscle"]),
    "thoracic_wall": Organ(box(-152, 486, 152, 498, 2), "chest wall", ["chest_wall"]),
    "diaphragm": Organ(box(-152, 500, 152, 512, 2), "diaphragm", ["diaphragm"]),
    "liver": Organ(LIVER, "liver", ["liver_right", "liver_left"], label_anchor=(-84, 522)),
    "gallbladder": Organ(GALLBLADDER, "gallbladder", ["gallbladder"]),
    "stomach": Organ(STOMACH, "stomach", ["stomach"]),
    "spleen": Organ(SPLEEN, "spleen", ["spleen"]),
    "pancreas": Organ(PANCREAS, "pancreas", ["pancreas_head", "pancreas_body_tail"]),
    "duodenum": Organ(
        [
            (-64, 620),
            (-10, 620),
            (-10, 630),
            (-52, 630),
            (-52, 702),
            (-28, 702),
            (-28, 714),
            (-62, 714),
            (-68, 708),
            (-68, 624),
        ],
        "duodenum",
        ["duodenum"],
    ),
    "adrenal_glands": Organ(box(-62, 638, 62, 648, 2), "adrenal glands", ["adrenals"]),
    "kidney_right": Organ(bean(-120, 672, -80, 734, 1, 9), "right kidney", ["kidney_right"]),
    "small_intestine": Organ(SMALL_INTESTINE, "small intestine", ["small_intestine"]),
    "colon": Organ(COLON, "colon", ["colon_right", "colon_left"], label_anchor=(0, 738)),
    "rectum": Organ(
        [
            (-18, 918),
            (7, 918),
            (26, 899),
            (26, 787),
            (31, 782),
            (49, 782),
            (54, 787),
            (54, 901),
            (22, 933),
            (22, 947),
            (17, 952),
            (-17, 952),
            (-22, 947),
            (-22, 923),
        ],
        "rectum and sigmoid",
        ["rectum"],
    ),
    "pelvic_organs": Organ(blob(-28, 876, 28, 914), "bladder and pelvic organs", ["pelvic_organs"]),
    "back_muscles": Organ(
        [
            (-176, 798),
            (176, 798),
            (178, 800),
            (178, 806),
            (176, 808),
            (16, 808),
            (16, 874),
            (0, 874),
            (0, 808),
            (-176, 808),
            (-178, 806),
            (-178, 800),
        ],
        "back muscles and sacrum",
        ["paraspinal_tissue"],
    ),
    "spinal_cord": Organ(
        [
            (10, 520),
            (22, 520),
            (24, 522),
            (24, 790),
            (148, 790),
            (150, 792),
            (150, 795),
            (148, 797),
            (-148, 797),
            (-150, 795),
            (-150, 792),
            (-148, 790),
            (8, 790),
            (8, 522),
        ],
        "spinal cord",
        ["spinal_cord"],
    ),
    "abdominal_wall": Organ(
        [
            (-174, 558),
            (-160, 558),
            (-160, 842),
            (160, 842),
            (160, 558),
            (174, 558),
            (174, 850),
            (-174, 850),
        ],
        "abdominal wall",
        ["abdominal_wall_right", "abdominal_wall_left"],
        label_anchor=(0, 846),
    ),
    "upper_arm_right": Organ(UPPER_ARM_RIGHT, "right upper arm", ["upper_arm_right"]),
    "forearm_hand_right": Organ(
        FOREARM_HAND_RIGHT, "right forearm and hand", ["forearm_hand_right"]
    ),
    "gluteal_right": Organ(blob(-86, 952, -48, 984), "right buttock", ["gluteal_tissue_right"]),
    "thigh_right": Organ(THIGH_RIGHT, "right thigh", ["thigh_right"]),
    "lower_leg_right": Organ(
        LOWER_LEG_FOOT_RIGHT, "right lower leg and foot", ["lower_leg_foot_right"]
    ),
}

CHAMBERS: dict[str, list[tuple[float, float]]] = {
    "left_atrium": box(-8, 376, 34, 396, 4),
    "right_atrium": box(-46, 400, -14, 440, 5),
    "right_ventricle": RIGHT_VENTRICLE,
    "left_ventricle": LEFT_VENTRICLE,
}
