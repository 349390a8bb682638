"""Pause: a careful second read of a clinician's draft before it is posted.

Library first: front ends (CLI, web, audits) build a `Post`, call a `Screener`
and render `Assessment.to_dict()`.
"""

from pausepost.core.screener import Screener, screen_text
from pausepost.core.types import (
    Assessment,
    Audience,
    Concern,
    Finding,
    ImageRef,
    Post,
    Question,
    Reason,
    SpanLabel,
    Verdict,
)
from pausepost.errors import ConfigError, DetectorError, InputError, PauseError

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Audience",
    "Concern",
    "ConfigError",
    "DetectorError",
    "Finding",
    "ImageRef",
    "InputError",
    "PauseError",
    "Post",
    "Question",
    "Reason",
    "Screener",
    "SpanLabel",
    "Verdict",
    "__version__",
    "screen_text",
]
