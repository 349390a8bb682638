"""Schemathesis against the OpenAPI spec, in process (ASGI): never a 5xx, every status code
and response documented, bad input rejected."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from pausepost.config import Config
from pausepost.store import Store
from pausepost.web import WebSettings, create_app

# The ASGI transport sends Host: testserver / localhost.
APP = create_app(
    store=Store.memory(),
    config=Config(),  # not the config of whoever runs the tests
    settings=WebSettings(extra_hosts=("testserver",)),
)
# Schema-valid data must be accepted, except: unknown ids are 404, and a consent whose expiry
# precedes the date given is 422 (a rule between two fields that JSON Schema cannot state),
# and an uploaded file that is not a data export is 422.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404"]}},
        "operations": [
            {
                "include-path": "/api/v1/consent",
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "404", "422"]}
                },
            },
            {
                # Random bytes are not a platform's data export: 422 is the right answer.
                "include-path": "/api/v1/audit",
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "422"]}
                },
            },
        ],
    }
)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP, config=CONFIG)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_web_schema_conformance(case: schemathesis.Case) -> None:
    case.call_and_validate()
