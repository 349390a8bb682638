"""Built-in detectors. Each module holds one detector; see pausepost.core.registry."""
