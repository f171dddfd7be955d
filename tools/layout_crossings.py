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
        "descending_thoracic_aorta_lower",
        "hemiazygos_vein",
        "the hemiazygos vein crosses behind the thoracic aorta at T8-T9 to reach the azygos",
    ),
    (
        "abdominal_aorta_supraceliac",
        "intercostal_lumbar_anastomosis_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
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
        "lumbar_arteries_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
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
        "inferior_vena_cava_infrarenal",
        "lumbar_arteries_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
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
        "renal_hemiazygos_vein",
        "intercostal_lumbar_anastomosis_left",
        "the lower intercostal and subcostal arteries pass behind the hemiazygos system,"
        " which its renal tributary joins",
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
        "pulmonary_trunk",
        "ascending_aorta",
        "the pulmonary trunk spirals in front of and around the ascending aorta",
    ),
    (
        "splenic_vein",
        "abdominal_aorta_celiac_sma",
        "the splenic vein passes in front of the aorta behind the pancreas",
    ),
    (
        "vertebral_venous_plexus",
        "subclavian_artery_left",
        "the vertebral vein, which drains the plexus, descends in front of the first part of"
        " the subclavian artery to the brachiocephalic vein",
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
        "superior_mesenteric_artery",
        "inferior_vena_cava_suprarenal",
        "the root of the mesentery carries the superior mesenteric artery in front of the cava",
    ),
    (
        "superior_mesenteric_vein",
        "superior_mesenteric_artery",
        "the right-sided branches of the superior mesenteric artery (inferior"
        " pancreaticoduodenal, right and middle colic, a replaced right hepatic) pass behind"
        " the superior mesenteric vein; the map draws their common stem crossing it once",
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
        "inferior_mesenteric_vein",
        "abdominal_aorta_celiac_sma",
        "the inferior mesenteric vein joins the portal confluence in front of the aorta",
    ),
    (
        "gonadal_veins",
        "common_iliac_vein_right",
        "the gonadal vein crosses in front of the iliac vessels at the pelvic brim",
    ),
    (
        "gonadal_veins",
        "lumbar_veins_right",
        "in front of the posterior body wall (lumbar, intercostal, azygos)",
    ),
    (
        "renal_vein_left",
        "abdominal_aorta_infrarenal_upper",
        "the left renal vein crosses in front of the aorta below the superior mesenteric artery",
    ),
    (
        "inferior_vena_cava_suprarenal",
        "renal_artery_right",
        "the right renal artery passes behind the inferior vena cava",
    ),
]
