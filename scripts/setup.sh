#!/usr/bin/env bash
# Set up everything Pause needs on a fresh Debian machine: system packages and a venv.
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

# OCR for text in images; Chromium for browser tests; PostgreSQL for the server-store tests.
SYSTEM_PACKAGES=(tesseract-ocr tesseract-ocr-eng)
if [[ "${1:-}" == "--dev" ]]; then
  SYSTEM_PACKAGES+=(chromium chromium-driver postgresql firefox-esr)
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
extras="web,media,circles"
[[ "${1:-}" == "--dev" ]] && extras="web,media,circles,dev"
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extras}]" 2> >(grep -v "is ignored: it is neither" >&2)
# axe-core for the browser tests' accessibility check, web-ext for Mozilla's lint of the
# Firefox package (gitignored node_modules; optional). One npm call: a --no-save install
# removes packages it was not named.
if [[ "${1:-}" == "--dev" ]] && command -v npm >/dev/null \
  && [[ ! -f node_modules/axe-core/axe.min.js || ! -x node_modules/.bin/web-ext ]]; then
  npm install -q --no-save --no-audit --no-fund axe-core@4 web-ext@8 >/dev/null 2>&1 \
    || echo "setup: npm install axe-core web-ext failed; the a11y checks and web-ext lint skip" >&2
fi
echo "setup: ready (.venv)"
