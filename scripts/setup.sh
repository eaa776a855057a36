#!/usr/bin/env bash
# Create .venv (once) with the CPU build of torch and tadib with its dev tools; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
# pip byte-compiles every file it installs: about 90 s of one core for torch, transformers and the rest, most of which
# no process of ours imports (measured on our 2-core machine: 168 s for this script, 72 s without). So it compiles
# nothing, and the modules we do import are compiled once below.
python -m pip install -q --no-compile --upgrade pip
# A CPU wheel of torch 2.13.0 lies on local disk on our machines; elsewhere pip fetches it.
python -c "import torch" 2>/dev/null || python -m pip install -q --no-compile "torch==2.13.0" || python -m pip install -q --no-compile torch
python -m pip install -q --no-compile -e ".[dev,lam]"
python -m ipykernel install --sys-prefix --name python3 >/dev/null
# Import every module of the package, and what runs the notebooks and the tests, with the bytecode written (even under
# PYTHONDONTWRITEBYTECODE, which would have each process compile them again): once per environment.
[ -f .venv/.compiled ] || env -u PYTHONDONTWRITEBYTECODE python - <<'PY'
import importlib, pathlib, pkgutil, sys, tadib
names = [m.name for m in pkgutil.walk_packages(tadib.__path__, 'tadib.')]
names += ['papermill', 'nbclient', 'ipykernel.kernelapp', 'nbdev.test', 'execnb.shell', 'nbval.plugin', 'pytest', 'xdist.plugin']
for name in names: importlib.import_module(name)
pathlib.Path(sys.prefix, '.compiled').touch()
PY
