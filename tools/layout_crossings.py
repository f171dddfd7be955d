"""Where the map lets two vessels cross, because they cross in the body: (in front, behind,
why). ``build_layout.py`` raises the front vessel's draw layer above the one behind, and the
layout tests fail on any crossing the file does not list.

Most crossings in a frontal view are explained by depth: the anterior body wall in front of the
gut and its mesentery (portal and mesenteric vessels), those in front of the great vessels and
the retroperitoneum, those in front of the posterior body wall (lumbar, intercostal, azygos,
spinal vessels). The rest are the classic named crossings (left renal vein over the aorta, iliac
arteries over the iliac veins, pulmonary trunk around the aorta, ...).
"""

from __future__ import annotations

CROSSINGS: list[tuple[str, str, str]] = [
    (
        "abdominal_aorta_infrarenal_lower",
        "common_iliac_vein_left",
        "the left common iliac vein passes behind the aortic bifurcation",
    ),
    (
        "abdominal_aorta_infrarenal_lower",
        "lumbar_veins_left",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "abdominal_aorta_supraceliac",
        "esophageal_varices",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "abdominal_aorta_supraceliac",
        "hemiazygos_vein",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "abdominal_aorta_supraceliac",
        "intercostal_lumbar_anastomosis_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "abdominal_wall_veins_left",
        "common_femoral_artery_left",
        "superficial epigastric veins cross in front of the femoral artery",
    ),
    (
        "abdominal_wall_veins_right",
        "common_femoral_artery_right",
        "superficial epigastric veins cross in front of the femoral artery",
    ),
    ("ascending_aorta", "bronchial_veins", "the bronchial veins drain behind the ascending aorta"),
    (
        "ascending_aorta",
        "pulmonary_artery_right",
        "the right pulmonary artery passes behind the ascending aorta",
    ),
    (
        "brachiocephalic_vein_left",
        "brachiocephalic_trunk",
        "the left brachiocephalic vein crosses in front of the arch branches",
    ),
    (
        "brachiocephalic_vein_left",
        "common_carotid_artery_left",
        "the left brachiocephalic vein crosses in front of the left common carotid artery",
    ),
    (
        "brachiocephalic_vein_right",
        "subclavian_artery_right",
        "the venous angle lies in front of the first part of the subclavian artery",
    ),
    (
        "common_hepatic_artery",
        "abdominal_aorta_celiac_sma",
        "the celiac axis leaves the front of the aorta",
    ),
    (
        "common_hepatic_artery",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "common_hepatic_artery",
        "portal_vein",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "duodenal_veins",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "external_iliac_artery_left",
        "common_iliac_vein_left",
        "the iliac arteries cross over the iliac veins",
    ),
    (
        "external_iliac_artery_left",
        "iliolumbar_vein_left",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "external_iliac_artery_right",
        "common_iliac_vein_right",
        "the iliac arteries cross over the iliac veins",
    ),
    (
        "external_iliac_artery_right",
        "iliolumbar_vein_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "gonadal_veins",
        "common_iliac_artery_right",
        "the gonadal vein crosses in front of the iliac vessels",
    ),
    (
        "gonadal_veins",
        "common_iliac_vein_right",
        "the gonadal vein runs on the psoas in front of the iliac vessels",
    ),
    (
        "gonadal_veins",
        "lumbar_arteries_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "gonadal_veins",
        "lumbar_radicular_arteries_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "gonadal_veins",
        "lumbar_veins_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "gonadal_veins",
        "renal_artery_right",
        "the gonadal vein runs in front of the renal artery to the vena cava",
    ),
    (
        "ileocolic_colic_veins",
        "ascending_lumbar_vein_right",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "ileocolic_colic_veins",
        "gonadal_veins",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "ileocolic_colic_veins",
        "inferior_vena_cava_infrarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "inferior_mesenteric_artery",
        "lumbar_arteries_left",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "inferior_mesenteric_artery",
        "lumbar_radicular_arteries_left",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "inferior_mesenteric_vein",
        "abdominal_aorta_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "inferior_mesenteric_vein",
        "renal_artery_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "inferior_mesenteric_vein",
        "renal_vein_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "inferior_mesenteric_vein",
        "superior_mesenteric_artery",
        "the inferior mesenteric vein runs in front of the superior mesenteric artery",
    ),
    (
        "inferior_pancreaticoduodenal_artery",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "inferior_vena_cava_infrarenal",
        "lumbar_arteries_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "inferior_vena_cava_infrarenal",
        "lumbar_radicular_arteries_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "inferior_vena_cava_infrarenal",
        "renal_artery_right",
        "the right renal artery passes behind the inferior vena cava",
    ),
    (
        "inferior_vena_cava_retrohepatic",
        "ascending_lumbar_vein_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "inferior_vena_cava_retrohepatic",
        "intercostal_lumbar_anastomosis_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "inferior_vena_cava_suprahepatic",
        "azygos_vein",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "intercostal_lumbar_anastomosis_left",
        "ascending_lumbar_vein_left",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "intercostal_lumbar_anastomosis_right",
        "ascending_lumbar_vein_right",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "intercostal_lumbar_anastomosis_right",
        "azygos_vein",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "intercostal_lumbar_anastomosis_right",
        "posterior_intercostal_veins",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "internal_iliac_artery_left",
        "middle_rectal_veins_left",
        "the internal iliac artery lies in front of its veins",
    ),
    (
        "internal_iliac_artery_left",
        "pelvic_visceral_veins_left",
        "the internal iliac artery lies in front of its veins",
    ),
    (
        "internal_iliac_artery_right",
        "middle_rectal_veins_right",
        "the internal iliac artery lies in front of its veins",
    ),
    (
        "internal_iliac_artery_right",
        "pelvic_visceral_veins_right",
        "the internal iliac artery lies in front of its veins",
    ),
    (
        "internal_thoracic_artery_left",
        "vertebral_venous_plexus",
        "anterior body wall, in front of the posterior wall",
    ),
    (
        "jejunal_ileal_arteries",
        "renal_artery_right",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "jejunal_ileal_arteries",
        "renal_vein_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "left_colic_sigmoid_arteries",
        "lumbar_paraspinal_branches_left",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "left_colic_sigmoid_arteries",
        "superior_rectal_vein",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "pancreatic_veins",
        "abdominal_aorta_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "pancreatic_veins",
        "superior_mesenteric_artery",
        "the pancreas and its veins lie in front of the superior mesenteric artery",
    ),
    (
        "pancreaticoduodenal_veins",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "portal_vein",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "proper_hepatic_artery",
        "portal_vein_right_branch",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "pulmonary_artery_left",
        "descending_thoracic_aorta_lower",
        "the left pulmonary artery arches in front of the descending aorta",
    ),
    (
        "pulmonary_trunk",
        "ascending_aorta",
        "the pulmonary trunk spirals in front of and around the ascending aorta",
    ),
    (
        "pulmonary_veins_left",
        "descending_thoracic_aorta_lower",
        "the left pulmonary veins lie in front of the descending aorta",
    ),
    (
        "renal_vein_left",
        "abdominal_aorta_suprarenal",
        "the left renal vein crosses in front of the aorta",
    ),
    (
        "renal_vein_left",
        "adrenal_arteries",
        "the left renal vein lies in front of the adrenal artery",
    ),
    (
        "replaced_right_hepatic_artery",
        "adrenal_veins",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "replaced_right_hepatic_artery",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "right_middle_colic_arteries",
        "adrenal_veins",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "right_middle_colic_arteries",
        "ascending_lumbar_vein_right",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "right_middle_colic_arteries",
        "inferior_vena_cava_suprarenal",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "right_middle_colic_arteries",
        "replaced_right_hepatic_artery",
        "the colic arteries run in the mesocolon, in front of a replaced hepatic artery",
    ),
    (
        "right_middle_colic_arteries",
        "superior_mesenteric_vein",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "splenic_vein",
        "abdominal_aorta_celiac_sma",
        "the splenic vein passes in front of the aorta behind the pancreas",
    ),
    (
        "subclavian_artery_left",
        "vertebral_venous_plexus",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "subclavian_vein_left",
        "vertebral_artery_left",
        "the vertebral artery rises behind the subclavian vein",
    ),
    (
        "subclavian_vein_right",
        "vertebral_artery_right",
        "the vertebral artery rises behind the subclavian vein",
    ),
    (
        "superior_epigastric_artery_left",
        "intercostal_lumbar_anastomosis_left",
        "anterior body wall, in front of the posterior wall",
    ),
    (
        "superior_epigastric_artery_right",
        "intercostal_lumbar_anastomosis_right",
        "anterior body wall, in front of the posterior wall",
    ),
    (
        "superior_mesenteric_vein",
        "inferior_pancreaticoduodenal_artery",
        "the inferior pancreaticoduodenal artery passes behind the superior mesenteric vein",
    ),
    (
        "superior_mesenteric_vein",
        "renal_artery_right",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "superior_mesenteric_vein",
        "renal_vein_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "superior_mesenteric_vein",
        "replaced_right_hepatic_artery",
        "a replaced right hepatic artery passes behind the superior mesenteric vein",
    ),
    (
        "superior_pancreaticoduodenal_artery",
        "duodenal_veins",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "superior_rectal_artery",
        "common_iliac_artery_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "superior_rectal_artery",
        "common_iliac_vein_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "superior_rectal_artery",
        "lumbar_veins_left",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "superior_rectal_artery",
        "middle_rectal_veins_left",
        "at the same depth the artery lies in front of the vein",
    ),
    (
        "superior_rectal_vein",
        "common_iliac_artery_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "superior_rectal_vein",
        "common_iliac_vein_left",
        "gut vessel, in front of the great vessels and retroperitoneum",
    ),
    (
        "superior_rectal_vein",
        "intercostal_lumbar_anastomosis_left",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "superior_rectal_vein",
        "lumbar_veins_left",
        "gut vessel, in front of the posterior body wall",
    ),
    (
        "superior_rectal_vein",
        "middle_rectal_veins_left",
        "the superior rectal vein runs in the mesorectum, in front of the middle rectal veins",
    ),
    (
        "superior_vena_cava",
        "pulmonary_artery_right",
        "the right pulmonary artery passes behind the superior vena cava",
    ),
    (
        "superior_vena_cava",
        "pulmonary_veins_right",
        "the right pulmonary veins pass behind the superior vena cava",
    ),
]
