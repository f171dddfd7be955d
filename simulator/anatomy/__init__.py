"""Atlas loading, variants, anatomical ids and schematic layout."""
