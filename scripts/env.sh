# Sourced by the scripts, from the repository's root: the environment they run in.
# Our .venv keeps the bytecode of what it imports: setup.sh compiles only the modules it imports first, and under
# PYTHONDONTWRITEBYTECODE every process would compile the others again (the notebooks took 701 s in CI, 617 before).
unset PYTHONDONTWRITEBYTECODE
bash scripts/setup.sh
. .venv/bin/activate
# TADIB_DATA: ../shared/data beside the repository when it is unset and that folder exists (how our machines and CI are
# laid out). The library itself looks only at $TADIB_DATA and its download cache.
if [ -z "${TADIB_DATA:-}" ] && [ -d ../shared/data ]; then
  TADIB_DATA="$(cd ../shared/data && pwd)"; export TADIB_DATA
fi
