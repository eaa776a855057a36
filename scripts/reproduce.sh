#!/usr/bin/env bash
# The main job: set up, then regenerate results (default: --quick on CPU). Extra arguments go to tadib-reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh          # set up .venv, activate it, find the data
tadib-reproduce "${@:---quick}"
