"""CI's two test stages with two workers on two cores: one torch thread per worker against torch's default threads.

`--stage pytest` (default): one pytest process with torch's default threads (as CI once did) against two xdist workers
with one thread each (as `scripts/test.sh` does). `--stage nbdev`: `nbdev-test --n-workers 2` with torch's default
threads in each worker (as CI did until 2026-12-01) against one thread each (as now). Each way runs from a fresh
process, one after the other in this run; prints both wall times and their ratio.
Usage: `python bench/ci_workers.py [--stage nbdev] [--select PATTERN]` (default: every test file or notebook).
"""
import os, subprocess, sys, time
from pathlib import Path

from fastcore.script import call_parse

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def wall(cmd: list[str], env: dict) -> tuple[float, str]:
    "Seconds `cmd` takes in the repository, and its last line of output."
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    tail = (run.stdout.strip().splitlines() or ['(no output)'])[-1]
    if run.returncode: sys.exit(f'failed ({" ".join(cmd)}):\n{run.stdout[-3000:]}\n{run.stderr[-2000:]}')
    return time.perf_counter() - start, tail


def ways(stage: str, select: str | None) -> dict[str, tuple[list[str], dict]]:
    "The two ways of `stage`: name -> (command, environment)."
    base = {k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'}
    one = {**base, 'OMP_NUM_THREADS': '1'}
    if stage == 'pytest':
        pytest = [sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', *([select] if select else [])]
        return {'one process, default threads': (pytest, base), 'two workers, one thread each': ([*pytest, '-n', '2'], one)}
    if stage == 'nbdev':
        has_data = subprocess.run([str(BIN / 'tadib-data')], capture_output=True).returncode == 0   # as scripts/test.sh decides
        flags = 'data' if has_data else ''
        nbdev = [str(BIN / 'nbdev-test'), '--n-workers', '2', '--flags', flags, *(['--file-re', select] if select else [])]
        return {'two workers, default threads': (nbdev, base), 'two workers, one thread each': (nbdev, one)}
    raise SystemExit(f"--stage: 'pytest' or 'nbdev', got {stage!r}")


@call_parse
def main(stage: str = 'pytest',  # 'pytest' or 'nbdev'
         select: str = None):    # pytest: a test file or node; nbdev: a regex of notebook file names (nbdev-test --file-re)
    "Time CI's `stage` both ways, side by side."
    times = {}
    for name, (cmd, env) in ways(stage, select).items():
        times[name], tail = wall(cmd, env)
        print(f'{name:32s} {times[name]:7.1f} s   {tail}', flush=True)
    first, second = times.values()
    print(f'ratio: {first / second:.2f}x  ({os.cpu_count()} CPUs)')
