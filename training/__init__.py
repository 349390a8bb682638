"""Training Pause's encoder: corpus build, fine-tuning, export, calibration (the `train` extra)."""
