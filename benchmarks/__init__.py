"""Benchmarks of Pause against the off-the-shelf Presidio (+VADER) baseline. See README.md."""
