"""Page layer of the map chapter: one module per notebook."""
