"""Page layer of the mic_bridge chapter: one module per notebook."""
