"""CI's pytest stage, one process against two xdist workers, side by side in one run.

Each way runs the same test files from a fresh pytest process; the one-process way keeps torch's default threads
(as CI did), the two-worker way gives each worker one thread (as `scripts/test.sh` does now). Prints both wall times
and their ratio. Usage: `python bench/ci_workers.py [test files ...]` (default: the whole suite, ~10 min).
"""
import os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(args: list[str], env: dict) -> tuple[float, str]:
    "Seconds a pytest run takes, and its last line (the pass count)."
    start = time.perf_counter()
    run = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', *args],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    tail = (run.stdout.strip().splitlines() or ['(no output)'])[-1]
    if run.returncode: sys.exit(f'pytest failed ({" ".join(args)}):\n{run.stdout[-3000:]}\n{run.stderr[-2000:]}')
    return time.perf_counter() - start, tail


def main(files: list[str]):
    base = {k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'}
    ways = {'one process, default threads': (files, base),
            'two workers, one thread each': (['-n', '2', *files], {**base, 'OMP_NUM_THREADS': '1'})}
    times = {}
    for name, (args, env) in ways.items():
        times[name], tail = wall(args, env)
        print(f'{name:32s} {times[name]:7.1f} s   {tail}', flush=True)
    one, two = times.values()
    print(f'ratio one process / two workers: {one / two:.2f}x  ({os.cpu_count()} CPUs)')


if __name__ == '__main__': main(sys.argv[1:])
