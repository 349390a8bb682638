#!/usr/bin/env bash
# Set up everything, then start Pause's main job. Usage: scripts/run.sh [args for pausepost]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export ORT_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=1 OMP_THREAD_LIMIT=1
if (($#)); then
  exec .venv/bin/pausepost "$@"
fi
exec .venv/bin/pausepost check "Had to laugh, my 4pm no-showed AGAIN and then emailed asking why I didn't call her 🙄"
