"""What every HTML page shares: the template response, the decisions offered after a
check, and the reading of optional form fields."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from pausepost.core.types import PLATFORMS

OptStr = Annotated[str | None, Form()]
DECISIONS = (
    ("post", "Post as is"),
    ("post_rewrite", "Post the rewrite"),
    ("keep_private", "Keep it private"),
    ("discard", "Discard"),
)


def page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    base = {"platforms": sorted(PLATFORMS), "decisions": DECISIONS, "nav": name}
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request, name, {**base, **ctx}, status_code=status
    )


def blank(v: str | None) -> str | None:
    return v if v else None


def opt_int(v: str | None) -> int | None:
    try:
        return int(v) if v else None
    except ValueError:
        return None
