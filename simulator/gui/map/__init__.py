"""The anatomical map: ``widget.MapWidget`` and the parts behind it.

- ``scene``: one item per layout entry (``items_by_id``), coloured from a ``Picture``
  (``session.picture``: a snapshot folded onto segments and beds, plain numpy);
- ``items``, ``geometry``: vessels as rounded or smooth paths, silhouettes, the cached layers;
- ``overlays``, ``legend``: what colours mean, on fixed colour-blind-safe scales;
- ``labels``: screen-space label placement, greedy by priority, never overlapping;
- ``devices``, ``scenario``: catheters, balloons, cuffs, circuits; region, tumours, critical beds;
- ``view``: named views, zoom, pan, hover, and the label and background layers.
"""
