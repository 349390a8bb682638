"""Where detectors are found: one entry-point group, loaded by an explicit call.

Built-ins are listed here *and* load through the same function a third-party
plug-in would use, so there is one path, never an import-time side effect.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from importlib.metadata import entry_points

from pausepost.core.types import Detector, Judge

ENTRY_POINT_GROUP = "pausepost.detectors"

# name -> "module:Class". Order is the run order; it is also the findings' tie-break.
BUILTIN_DETECTORS: dict[str, str] = {
    "consent": "pausepost.detectors.consent:ConsentDetector",
    "identifiers": "pausepost.detectors.identifiers:IdentifierDetector",
    "subject": "pausepost.detectors.subject:SubjectDetector",
    "clinical": "pausepost.detectors.clinical:ClinicalDetector",
    "tone": "pausepost.detectors.tone:ToneDetector",
    "media": "pausepost.detectors.media:MediaDetector",
    "venting": "pausepost.detectors.venting:VentingDetector",
}


def _load(target: str) -> type:
    module_name, _, attr = target.partition(":")
    cls = getattr(import_module(module_name), attr)
    if not isinstance(cls, type):
        raise TypeError(f"{target} is not a class")
    return cls


def load_detectors(*, include_plugins: bool = True, exclude: Iterable[str] = ()) -> list[Detector]:
    """Instantiate the built-in detectors, then any registered plug-ins (less `exclude`)."""
    targets = {k: v for k, v in BUILTIN_DETECTORS.items() if k not in set(exclude)}
    if include_plugins:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            targets.setdefault(ep.name, ep.value)
    return [_load(t)() for t in targets.values()]


# The learned judgment (fine-tuned encoder), run after the detectors.
BUILTIN_JUDGE = "pausepost.model.judge:ModelJudge"


def load_judge() -> Judge:
    """The model judge. Raises `ModelError` if its file is missing or corrupt (fail closed)."""
    judge = _load(BUILTIN_JUDGE)()
    if not isinstance(judge, Judge):
        raise TypeError(f"{BUILTIN_JUDGE} is not a Judge")
    return judge
