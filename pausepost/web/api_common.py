"""What every JSON route shares: the error answers each documents, and a field's plain
value."""

from __future__ import annotations

from typing import Any

from pausepost.web.errors import ErrorOut

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": why}
    for code, why in {
        400: "malformed JSON or headers",
        403: "cross-site request",
        413: "body over the documented limit",
        415: "body is not application/json",
        421: "unknown Host header",
        422: "invalid fields, unknown fields, or text that cannot be screened",
    }.items()
}
ERRORS_404 = {**ERRORS, 404: {"model": ErrorOut, "description": "no such entry"}}


def plain_value(v: Any) -> Any:
    """An enum's value (a platform's name), anything else as it is."""
    return getattr(v, "value", v)
