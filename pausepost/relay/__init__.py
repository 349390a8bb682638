"""The circle relay: stores and forwards only ciphertext and the metadata it needs."""

from __future__ import annotations

from pausepost.relay.app import create_relay_app

__all__ = ["create_relay_app"]
