"""The Dask executor against the serial one on a real grid, with a worker killed mid-run.

    python bench/dask_grid.py --out /tmp/dask_grid                    # the six methods on AV-MNIST (quick), seed 0
    python bench/dask_grid.py --out /tmp/dask_grid --no-kill --workers 2

1. Makes the grid serially in this process with one torch thread (a one-thread worker's float path), timed.
2. Makes it again on a LocalCluster of `--workers` one-thread workers (`tadib.grid`, executor 'dask:N'), timed; unless
   `--no-kill`, a worker process is killed with SIGKILL `--kill-after` seconds in, while it trains.
3. Checks that every record of the two is the same (params, metrics, selection, every training curve), and counts, from
   the scheduler's log, how many times each run was started: the killed worker's run twice, every other run once.
"""
from __future__ import annotations

import argparse, os, signal, sys, threading, time
from collections import Counter
from pathlib import Path

import torch

from tadib.config import DataSpec, METHODS, Runtime, make_run
from tadib import grid
from tadib.records import untimed

SAME = ('params', 'metrics', 'selection')


def runs_of(methods, preset: str) -> dict:
    base = make_run('tadib', DataSpec('avmnist'), preset)
    return {m: base.but(method=m) for m in methods}


def killer(after: float, log: list):
    "After `after` seconds, SIGKILL the worker process of the local cluster that is running a task."
    time.sleep(after)
    client = grid._client(None, log[0])
    busy = client.run_on_scheduler(lambda dask_scheduler: {w: [t.key for t in ws.processing]
                                                           for w, ws in dask_scheduler.workers.items()})   # the run it trains
    victim = next((w for w, keys in busy.items() if keys), None)
    if victim is None: log.append('no worker was busy: nothing killed'); return
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    log.append(f'killed worker {victim} (pid {pid}) while it ran {busy[victim]}')


def starts(client) -> Counter:
    "How many times a worker started each run (the events `tadib.grid` logs), by method and seed."
    return Counter(f"{e['method']} seed {e['seed']}" for _, e in client.get_events('tadib-grid') if e['what'] == 'start')


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', type=Path, required=True, help='folder for the two sets of records (serial/, dask/)')
    p.add_argument('--methods', nargs='+', default=list(METHODS), help='methods of the grid (default: all six)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0], help='seeds (default: 0)')
    p.add_argument('--preset', default='quick', help="settings preset (default: quick)")
    p.add_argument('--workers', type=int, default=2, help='Dask workers, one thread each (default: 2)')
    p.add_argument('--kill-after', type=float, default=20., help='seconds into the Dask grid to kill a busy worker (default: 20)')
    p.add_argument('--no-kill', action='store_true', help='kill no worker')
    args = p.parse_args(argv)
    runs = runs_of(args.methods, args.preset)
    quiet = Runtime(progress=False)
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    serial = grid.run_grid(runs, args.seeds, args.out / 'serial', quiet, executor='local')
    t_serial = time.perf_counter() - t0
    log = [args.workers]
    if not args.no_kill: threading.Thread(target=killer, args=(args.kill_after, log), daemon=True).start()
    t0 = time.perf_counter()
    spread = grid.run_grid(runs, args.seeds, args.out / 'dask', quiet, executor=f'dask:{args.workers}')
    t_dask = time.perf_counter() - t0
    differ = [f'{tag} seed {a["params"]["seed"]}' for tag in runs for a, b in zip(serial[tag], spread[tag])
              if any(a[k] != b[k] for k in SAME) or untimed(a['history']) != untimed(b['history'])]
    n = sum(len(v) for v in spread.values())
    print(f"grid: {len(runs)} methods x seeds {args.seeds} = {n} runs, preset {args.preset}, AV-MNIST embedded")
    print(f"serial, one thread: {t_serial:.0f} s; dask, {args.workers} workers x 1 thread: {t_dask:.0f} s "
          f"(serial / dask {t_serial / t_dask:.2f}x)")
    for line in log[1:]: print(line)
    client = grid._client(None, args.workers)
    for t, e in client.get_events('tadib-grid'):
        print(f"  {time.strftime('%H:%M:%S', time.localtime(t))} {e['what']:5s} {e['method']} seed {e['seed']} on {e['worker']}")
    counts = starts(client)
    print(f"runs started: {sum(counts.values())} for {n} runs; more than once: "
          + (', '.join(f'{k} ({c}x)' for k, c in counts.items() if c > 1) or 'none'))
    print(f"records identical (params, metrics, selection, curves): {n - len(differ)} of {n}" + (f"; differ: {differ}" if differ else ''))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
