"""The quick run on two cores two ways: two experiments at once in plain processes (`--workers 2`, the default), against
one experiment at a time whose runs go to a local Dask cluster of two one-thread workers (`--workers 1 --executor dask:2`).

    python bench/quick_workers.py --only lr_ratio selection methods_synthetic rate_relevance

Each way runs `tadib-reproduce --quick --only ...` into a fresh folder, timed; the ways alternate `--rounds` times, so
that a change in the machine's speed falls on both. Prints each round's wall seconds and the ratio.
"""
from __future__ import annotations

import argparse, statistics, subprocess, sys, tempfile, time
from pathlib import Path

WAYS = {'two processes': ['--workers', '2'], 'Dask, 2 x 1 thread': ['--workers', '1', '--executor', 'dask:2']}


def timed(way: list[str], only: list[str]) -> float:
    "Wall seconds of one quick run of `only` the given `way`, into a folder of its own."
    with tempfile.TemporaryDirectory() as out:
        t0 = time.time()
        run = subprocess.run([str(Path(sys.executable).parent / 'tadib-reproduce'), '--quick', '--out', out, '--only', *only, *way],
                             capture_output=True, text=True, env={'OMP_NUM_THREADS': '1', **__import__('os').environ})
        if run.returncode: raise SystemExit(f"{way} failed:\n{run.stderr[-3000:]}")
        return time.time() - t0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--only', nargs='+', required=True, help='the quick experiments to run (their names: tadib-reproduce --list)')
    p.add_argument('--rounds', type=int, default=1, help='rounds of both ways, alternating (default: 1)')
    args = p.parse_args(argv)
    seconds = {name: [] for name in WAYS}
    for r in range(args.rounds):
        for name, way in (WAYS.items() if r % 2 == 0 else reversed(WAYS.items())):
            seconds[name].append(timed(way, args.only))
            print(f'round {r}: {name}: {seconds[name][-1]:.0f} s', flush=True)
    plain, dask = (statistics.median(v) for v in seconds.values())
    print(f"\n{', '.join(args.only)}: two processes {plain:.0f} s, Dask {dask:.0f} s (median of {args.rounds}); "
          f"Dask / two processes = {dask / plain:.2f}")
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
