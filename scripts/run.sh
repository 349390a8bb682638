#!/usr/bin/env bash
# Set up everything, then start Pause's main job. Usage: scripts/run.sh [args for pausepost]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export ORT_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=1 OMP_THREAD_LIMIT=1
if (($#)); then
  exec .venv/bin/pausepost "$@"
fi
# The main job: the local web app on 127.0.0.1; it prints its URL. PAUSE_PORT picks the port.
exec .venv/bin/pausepost serve --port "${PAUSE_PORT:-8765}"
