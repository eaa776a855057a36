# Sourced by the scripts: point TADIB_DATA at ../shared/data beside the repository when it is unset and that folder
# exists (how our machines and CI are laid out). The library itself looks only at $TADIB_DATA and its download cache.
if [ -z "${TADIB_DATA:-}" ] && [ -d ../shared/data ]; then
  TADIB_DATA="$(cd ../shared/data && pwd)"; export TADIB_DATA
fi
