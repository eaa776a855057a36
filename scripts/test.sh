#!/usr/bin/env bash
# The test command: set up, check notebooks and library agree, then run the notebooks' tests and pytest side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh          # set up .venv, activate it, find the data
# nbs/ is the source: committed clean, and tadib/ must be what nbdev-export makes of it.
nbdev-clean
nbdev-export
if ! git diff --quiet -- nbs tadib || [ -n "$(git ls-files --others --exclude-standard nbs tadib)" ]; then
  echo "nbs/ is not clean or tadib/ is out of sync with it: run nbdev-clean and nbdev-export, then commit both" >&2
  git status --short -- nbs tadib >&2; exit 1
fi
python scripts/readme.py --check        # README.md is written from nbs/index.ipynb
# Cells flagged `data` need the raw MNIST/FSDD files; run them whenever the files are here.
if tadib-data; then flags=data; else flags=; echo "raw data not found: cells flagged 'data' are skipped" >&2; fi
# Two workers, one torch thread each, in both stages: two threads per worker on two cores oversubscribe them
# (measured: bench/ci_workers.py --stage nbdev / --stage pytest). The two stages run side by side: each alone leaves a
# core idle for minutes (pytest's longest test runs alone at its end; subprocesses wait on kernels), which the other
# fills. The notebooks' report is shown when both are done.
log=$(mktemp); start=$(date +%s)
OMP_NUM_THREADS=1 nbdev-test --n-workers 2 --timing --flags "$flags" >"$log" 2>&1 & notebooks=$!
trap 'kill "$notebooks" 2>/dev/null || true; rm -f "$log"' EXIT     # stopped early (Ctrl-C): the notebooks stop too
status=0
OMP_NUM_THREADS=1 python -m pytest -q -n 2 --dist worksteal || status=$?
pytest_seconds=$(( $(date +%s) - start ))
wait "$notebooks" || { echo "nbdev-test failed:" >&2; status=1; }
cat "$log"
# Which stage ends last is where a cut shortens CI: the notebooks' end is their log's last write.
echo "side by side: pytest took ${pytest_seconds} s, the notebooks $(( $(python -c "import os, sys; print(int(os.path.getmtime(sys.argv[1])))" "$log") - start )) s"
exit "$status"
