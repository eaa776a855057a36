"""Running the package's commands as a user would: the console scripts of this environment, in a subprocess."""
import subprocess, sys
from pathlib import Path


def reproduce(*args, cwd, env=None):
    "`tadib-reproduce ARGS` run in `cwd` (with `env`, default this process's): the completed process, output captured."
    return subprocess.run([str(Path(sys.executable).parent / 'tadib-reproduce'), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def reproduce_quick(*args, out, env=None):
    "`tadib-reproduce --quick --out OUT ARGS`, run in `out`."
    return reproduce('--quick', '--out', str(out), *args, cwd=out, env=env)
