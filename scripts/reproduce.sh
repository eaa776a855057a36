#!/usr/bin/env bash
# The main job: set up, then regenerate results (default: --quick on CPU). Extra arguments go to tadib-reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
. scripts/data_env.sh
tadib-reproduce "${@:---quick}"
