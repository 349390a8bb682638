"""Peer circles: device identities, signed relay requests, circle keys and invitation codes.

The relay only ever sees ciphertext and the metadata it needs; everything here runs on the
clinician's own machine (PyNaCl, libsodium inside the wheel, no network).
"""
