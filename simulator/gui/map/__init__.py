"""The anatomical map widget and its parts (scene, items, labels, overlays, devices)."""
