"""Architecture checks with `ast`: the core stays pure and offline; front ends stay thin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pausepost

PKG = Path(pausepost.__file__).parent
TOP = ["errors.py", "config.py", "evaluate.py"]
CORE_FILES = (
    [PKG / name for name in TOP]
    + sorted((PKG / "core").glob("*.py"))
    + sorted((PKG / "detectors").glob("*.py"))
    + sorted((PKG / "model").glob("*.py"))
)
FRONT_ENDS = sorted((PKG / "cli").glob("*.py")) + sorted((PKG / "web").glob("**/*.py"))
# Nothing in the core may reach the network, a web framework, a database or a UI toolkit.
FORBIDDEN_IN_CORE = {
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "click",
    "typer",
    "requests",
    "httpx",
    "urllib",
    "socket",
    "http",
    "uvicorn",
    "logging",
    "cv2",
    "PIL",
    "pytesseract",
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_layering_core_imports_nothing_outward(path: Path) -> None:
    bad = {m for m in imports_of(path) if m.split(".")[0] in FORBIDDEN_IN_CORE}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: str(p.relative_to(PKG)))
def test_layering_front_ends_never_import_a_detector(path: Path) -> None:
    bad = {m for m in imports_of(path) if m.startswith("pausepost.detectors")}
    assert not bad, f"{path} imports {bad}"


def test_public_api_is_curated() -> None:
    assert sorted(pausepost.__all__) == sorted(
        [
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
    )
    for name in pausepost.__all__:
        assert hasattr(pausepost, name)


def test_layering_builtin_detectors_load_only_by_explicit_call() -> None:
    # Importing the package must not import any detector (no plug-in loading at import time).
    import subprocess
    import sys

    code = (
        "import sys, pausepost; "
        "print(any(m.startswith('pausepost.detectors.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_reason_code_is_documented() -> None:
    from pausepost.core.reasons import REASONS

    doc = (PKG.parent / "docs" / "reasons.md").read_text(encoding="utf-8")
    missing = [code for code in REASONS if f"`{code}`" not in doc]
    assert not missing, f"docs/reasons.md lacks {missing}"
