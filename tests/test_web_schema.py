"""Schemathesis against the OpenAPI spec, in process (ASGI): never a 5xx, every status code
and response documented, bad input rejected."""

from __future__ import annotations

import schemathesis
from circles_support import circles_device
from hypothesis import HealthCheck, settings

from pausepost.config import Config
from pausepost.store import Store
from pausepost.web import WebSettings, create_app

# The ASGI transport sends Host: testserver / localhost.
STORE = Store.memory()
APP = create_app(
    store=STORE,
    config=Config(),  # not the config of whoever runs the tests
    settings=WebSettings(extra_hosts=("testserver",)),
)
# Whatever relay address the fuzzer makes up, nothing leaves this machine: every relay call
# goes to a closed local port (502, as for a relay that is down).
APP.state.circles = circles_device(STORE, APP.state.service.screener, down=True)
# Schema-valid data must be accepted, except: unknown ids are 404, and a consent whose expiry
# precedes the date given is 422 (a rule between two fields that JSON Schema cannot state),
# and an uploaded file that is not a data export is 422, and the pairing probe is 403 to
# anyone but a paired extension.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404"]}},
        "operations": [
            {
                # Circles and reviews depend on state this app does not have (no circle, no
                # supervisor, no relay: 404, 409, 422, 502). A relay that cannot be reached
                # is a 502 (a gateway's error), never a 500.
                "include-path-regex": "^/api/v1/(circles|review|join)",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "403", "404", "409", "422", "502"]
                    },
                    "not_a_server_error": {"expected-statuses": ["2xx", "4xx", "502"]},
                },
            },
            {
                # First: the next filters (include-path OR include-method) match every POST.
                # Pictures: random bytes are not one (415), a cut one is 422, a caption may
                # be empty only when a picture comes (422), 503 without the image tools;
                # more than 4 pictures is 413, like a picture over its size.
                "include-name": "POST /api/v1/check",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "415", "422", "503"]
                    },
                    "negative_data_rejection": {
                        "expected-statuses": ["400", "413", "415", "422"]
                    },
                },
            },
            {
                "include-path": "/api/v1/consent",
                "include-method": "POST",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "404", "422"]}
                },
            },
            {
                # Answers only a paired extension (Origin + Authorization: Pause <secret>).
                # (one filter: separate include-path and include-method filters are OR'ed)
                "include-name": "GET /api/v1/pairing",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "403"]}},
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
