#!/usr/bin/env bash
# The main job: set up, then regenerate results (default: --quick on CPU). Extra arguments go to tadib-reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
# Our .venv keeps the bytecode of what it imports: setup.sh compiles only the modules it imports first, and under
# PYTHONDONTWRITEBYTECODE every process would compile the others again (the notebooks took 701 s in CI, 617 before).
unset PYTHONDONTWRITEBYTECODE
bash scripts/setup.sh
. .venv/bin/activate
. scripts/data_env.sh
tadib-reproduce "${@:---quick}"
