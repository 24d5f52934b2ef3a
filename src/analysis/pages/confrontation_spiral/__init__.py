"""Page layer of the confrontation_spiral chapter: one module per notebook."""
