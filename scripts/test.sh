#!/usr/bin/env bash
# The test command: set up, check notebooks and library agree, run the notebooks' tests, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
nbdev-export
if ! git diff --quiet -- tadib || [ -n "$(git ls-files --others --exclude-standard tadib)" ]; then
  echo "tadib/ is out of sync with nbs/: run nbdev-export and commit the result" >&2
  git status --short -- tadib >&2; exit 1
fi
nbdev-test --n-workers 2 --timing
python -m pytest -q
