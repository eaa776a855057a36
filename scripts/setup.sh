#!/usr/bin/env bash
# Create .venv (once) with the CPU build of torch and tadib with its dev tools; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# A CPU wheel of torch 2.13.0 lies on local disk on our machines; elsewhere pip fetches it.
python -c "import torch" 2>/dev/null || python -m pip install -q "torch==2.13.0" || python -m pip install -q torch
python -m pip install -q -e ".[dev,lam]"
python -m ipykernel install --sys-prefix --name python3 >/dev/null
