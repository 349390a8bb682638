"""The app for each worker process of `pausepost serve --workers N`.

Workers are fresh processes, so `serve` hands them its settings through the environment;
it has already run the migrations, so workers only open the store.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from pausepost.config import Config
from pausepost.store import Store
from pausepost.web.app import create_app
from pausepost.web.settings import WebSettings

ENV_DB = "PAUSEPOST_SERVE_DB"
ENV_CONFIG = "PAUSEPOST_SERVE_CONFIG"
ENV_CORS = "PAUSEPOST_SERVE_CORS"
ENV_HOSTS = "PAUSEPOST_SERVE_HOSTS"
ENV_RELAY = "PAUSEPOST_SERVE_RELAY"


def export(*, db: str | None, config: str | None, cors: tuple[str, ...],
           hosts: tuple[str, ...], relay: str = "") -> None:  # fmt: skip
    os.environ[ENV_DB] = db or ""
    os.environ[ENV_CONFIG] = config or ""
    os.environ[ENV_CORS] = " ".join(cors)
    os.environ[ENV_HOSTS] = " ".join(hosts)
    os.environ[ENV_RELAY] = relay


def app_from_env() -> FastAPI:
    config_path = os.environ.get(ENV_CONFIG) or None
    settings = WebSettings(
        cors_origins=tuple(os.environ.get(ENV_CORS, "").split()),
        extra_hosts=tuple(os.environ.get(ENV_HOSTS, "").split()),
        relay_url=os.environ.get(ENV_RELAY, ""),
    )
    return create_app(
        store=Store.open(os.environ.get(ENV_DB) or None, upgrade=False),
        config=Config.load(Path(config_path) if config_path else None),
        settings=settings,
    )
