#!/usr/bin/env bash
# Set up everything, then run every check: lint, types, all tests. Usage: scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
export ORT_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=1 OMP_THREAD_LIMIT=1
echo "== ruff"; .venv/bin/ruff check pausepost tests benchmarks training
echo "== mypy"; .venv/bin/mypy
echo "== pytest"
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
set -e
# pytest's 5 means no tests ran: that is a failure here, not a pass.
exit $rc
