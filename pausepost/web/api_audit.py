"""`POST /api/v1/audit`: a platform's data export in, the `report.json` that
`pausepost audit` writes out (the upload itself is `upload.py`). Registered in `app.py`
right after `api.router`, so it keeps its place in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pausepost.web import schemas as s
from pausepost.web.api_common import ERRORS as _E
from pausepost.web.deps import Service
from pausepost.web.errors import ErrorOut
from pausepost.web.upload import FIELD, audit_upload

router = APIRouter(prefix="/api/v1", tags=["api"])


_E_AUDIT: dict[int | str, dict[str, Any]] = {
    **_E,
    400: {"model": ErrorOut, "description": "malformed multipart body"},
    413: {"model": ErrorOut, "description": "upload over the documented limit (512 MiB)"},
    415: {"model": ErrorOut, "description": "body is not multipart/form-data"},
    422: {
        "model": ErrorOut,
        "description": "no file, an empty file, not a data export, a damaged archive, or "
        "an export of which nothing could be read",
    },
}
_AUDIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FIELD],
                    "properties": {
                        FIELD: {
                            "type": "string",
                            "format": "binary",
                            "description": "the platform's data export: .zip, .tar.gz or a "
                            "Bluesky .car (a lone export file such as tweets.js works too)",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/audit",
    responses={200: {"model": s.AuditReportOut, "description": "report.json"}, **_E_AUDIT},
    openapi_extra=_AUDIT_BODY,
)
async def audit(request: Request, svc: Service) -> Response:
    """Audit past posts: upload a platform's data export (multipart/form-data, field
    `export`, at most 512 MiB by default) and get back the `report.json` that
    `pausepost audit` writes. The upload is streamed to a private temporary folder and
    deleted, with the reports, before the answer starts; the journal is not touched.
    Screened in one process, without the CLI's result cache: for very large archives the CLI
    is faster."""
    return await audit_upload(request, svc, "json")
