"""FastAPI dependencies: the app holds its service; handlers ask for it by `Depends`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from pausepost.web.service import PauseService


# async: a plain `def` dependency would cost a thread hop on every request.
async def get_service(request: Request) -> PauseService:
    service: PauseService = request.app.state.service
    return service


Service = Annotated[PauseService, Depends(get_service)]
