"""Real ordinary text as `post` examples: VADER's movie-review, product-review and editorial
snippets (../shared/realdata/vader), read from there at training time and never copied into
the repository.

The model otherwise meets only drafts written for Pause; without real text by ordinary people
it reads any short emotional sentence as being about someone in care. The 4,200 VADER tweets
are NOT used here: they stay an evaluation set. Snippets are split by a hash of their id, so
the training and calibration pools never share one.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

from pausepost.evaluate import iter_tsv

ROOT = Path(__file__).resolve().parent.parent
VADER = ROOT.parent / "shared" / "realdata" / "vader"
FILES = (
    "movieReviewSnippets_GroundTruth.txt",
    "amazonReviewSnippets_GroundTruth.txt",
    "nytEditorialSnippets_GroundTruth.txt",
)


def _pool(split: str) -> list[tuple[str, str]]:
    out = []
    for name in FILES:
        path = VADER / name
        if not path.exists():
            continue
        for ident, text in iter_tsv(path):
            if len(text.split()) < 4:
                continue
            key = f"{name.split('_')[0]}-{ident}"
            bucket = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5
            if (bucket == 0) == (split == "val"):
                out.append((key, text))
    return out


def snippet_negatives(split: str, n: int, seed: int = 11) -> list[dict[str, Any]]:
    """n ordinary snippets as gold `post` items (train pool or val pool); [] if absent."""
    pool = _pool(split)
    picked = random.Random(seed).sample(pool, min(n, len(pool)))
    return [
        {
            "id": f"snippet-{key}",
            "writer": "vader-snippets",
            "text": text,
            "verdict": "post",
            "concerns": [],
            "spans": [],
            "kind": "ordinary_person",
        }
        for key, text in picked
    ]
