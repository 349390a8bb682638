#!/usr/bin/env bash
# Set up everything Pause needs on a fresh Debian machine: system packages and a venv.
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

# OCR for text in images; Chromium for browser tests; PostgreSQL for the server-store tests.
SYSTEM_PACKAGES=(tesseract-ocr tesseract-ocr-eng)
if [[ "${1:-}" == "--dev" ]]; then
  SYSTEM_PACKAGES+=(chromium chromium-driver postgresql)
fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
extras="web,media"
[[ "${1:-}" == "--dev" ]] && extras="web,media,dev"
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extras}]" 2> >(grep -v "is ignored: it is neither" >&2)
# axe-core for the browser tests' accessibility check (gitignored node_modules; optional).
if [[ "${1:-}" == "--dev" && ! -f node_modules/axe-core/axe.min.js ]] && command -v npm >/dev/null; then
  npm install -q --no-save --no-audit --no-fund axe-core@4 >/dev/null 2>&1 \
    || echo "setup: npm install axe-core failed; browser tests fall back to simpler checks" >&2
fi
echo "setup: ready (.venv)"
