#!/usr/bin/env bash
# The test command: set up, check notebooks and library agree, run the notebooks' tests, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# Our .venv keeps the bytecode of what it imports: setup.sh compiles only the modules it imports first, and under
# PYTHONDONTWRITEBYTECODE every process would compile the others again (the notebooks took 701 s in CI, 617 before).
unset PYTHONDONTWRITEBYTECODE
bash scripts/setup.sh
. .venv/bin/activate
. scripts/data_env.sh
# nbs/ is the source: committed clean, and tadib/ must be what nbdev-export makes of it.
nbdev-clean
nbdev-export
if ! git diff --quiet -- nbs tadib || [ -n "$(git ls-files --others --exclude-standard nbs tadib)" ]; then
  echo "nbs/ is not clean or tadib/ is out of sync with it: run nbdev-clean and nbdev-export, then commit both" >&2
  git status --short -- nbs tadib >&2; exit 1
fi
# Cells flagged `data` need the raw MNIST/FSDD files; run them whenever the files are here.
if tadib-data; then flags=data; else flags=; echo "raw data not found: cells flagged 'data' are skipped" >&2; fi
# Two workers, one torch thread each, in both stages: two threads per worker on two cores oversubscribe them
# (measured: bench/ci_workers.py --stage nbdev / --stage pytest).
OMP_NUM_THREADS=1 nbdev-test --n-workers 2 --timing --flags "$flags"
OMP_NUM_THREADS=1 python -m pytest -q -n 2 --dist worksteal
