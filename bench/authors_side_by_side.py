"""Our trainer under the `authors` profile beside the authors' own loop, on the same AV-MNIST arrays, at paper sizes.

    python bench/authors_side_by_side.py --authors /path/pom2dib --jobs 2        # 200 steps, seeds 0-4, full AV-MNIST
    python bench/authors_side_by_side.py --authors /path/pom2dib --source embedded --steps 20   # a quick look

Both sides train TADIB (their `pom2dib` mode) with the paper's settings (512/256 networks, d = 24, 20 mini-batches of
20 per step, lr 1e-4 / 5e-5, beta 1e-3, B = 2, C = 4) on the authors' version of AV-MNIST (`profile='authors'`: their
layout, features, augmentation and pairing, noise redrawn and the image min-max taken per mini-batch). Their loop
runs from a checkout of their code (`bench/authors_loop.py` says how); ours is `tadib.trainer.train` with
`make_run(..., preset='paper', profile='authors')`. Per step, both log the training `hyz` (the tasks' cross-entropies summed),
the sum-rate of the used links (nats) and the links per mini-batch (after the trim). The script prints, for windows of
steps, the mean of each side over seeds with the standard deviation between seeds, and whether the two means lie
within the larger of the two spreads; it writes the per-step logs (JSON) and a figure to `--out`. With `--jobs n`, n
runs go at once, one thread each. `bench/authors_gradients.py` checks the same pair one step at a time.
Without `--authors` it says how to get their code and runs our side only."""
from __future__ import annotations

import argparse, json, math, statistics, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from authors_loop import HOW_TO_GET, check_checkout, run_authors     # noqa: E402
from tadib.benchmarks import load_data                               # noqa: E402
from tadib.config import DataSpec, Runtime, make_run                 # noqa: E402
from tadib.runs import atomic_write_text                             # noqa: E402
from tadib.trainer import TADIB, train                               # noqa: E402

DATA = lambda source: DataSpec('avmnist', source, profile='authors')
QUANTITIES = ('hyz', 'rate', 'n_links')


def run_ours(bench, steps: int, seed: int) -> dict:
    "Our TADIB under the authors' profile: per-step hyz, sum-rate, links (mean and max over the step's mini-batches)."
    run = make_run('tadib', DATA('embedded'), 'paper', 'authors', dict(steps=steps), seed).configured()
    torch.manual_seed(seed)
    system = TADIB(bench.train.topology, run.limits, run.model)
    t0 = time.perf_counter()
    h = train(system, bench.train, run.train, seed, Runtime(progress=False))
    return dict(side='ours', seed=seed, seconds=time.perf_counter() - t0, hyz=h.hyz, rate=h.sum_rate, n_links=h.n_links,
                n_links_max=h.n_links_max)


def theirs(checkout, bench, steps: int, seed: int) -> dict:
    "Their loop on the same arrays: the same per-step quantities."
    out = run_authors(checkout, bench.train, bench.test, steps, seed)
    return dict(side='authors', seed=seed, seconds=out['seconds'], hyz=[r['hyz'] for r in out['rows']],
                rate=[r['rate'] for r in out['rows']], n_links=out['n_links'], n_links_max=out['n_links_max'])


def one_run(job: tuple) -> dict:
    "One side and seed, in a worker of its own (one thread): `(side, seed, steps, source, checkout)`."
    side, seed, steps, source, checkout = job
    torch.set_num_threads(1)
    bench = load_data(DATA(source))
    return run_ours(bench, steps, seed) if side == 'ours' else theirs(checkout, bench, steps, seed)


def windows(steps: int) -> list[tuple[int, int]]:
    "Step windows to compare: the first tenth, the middle and the last quarter."
    a, b = max(1, steps // 10), max(1, steps // 4)
    return [(0, a), (steps // 2 - b // 2, steps // 2 + b // 2), (steps - b, steps)]


def summary(runs: list[dict], steps: int) -> list[dict]:
    "Per window and quantity: each side's mean over seeds of the window mean, the sd between seeds, and agreement."
    rows = []
    for lo, hi in windows(steps):
        for q in QUANTITIES:
            row = dict(steps=f'{lo}-{hi - 1}', quantity=q)
            for side in ('ours', 'authors'):
                per_seed = [statistics.fmean(r[q][lo:hi]) for r in runs if r['side'] == side]
                if not per_seed: continue
                row[f'{side}_mean'] = statistics.fmean(per_seed)
                row[f'{side}_sd'] = statistics.stdev(per_seed) if len(per_seed) > 1 else float('nan')
            if 'authors_mean' in row:
                spread = max(row['ours_sd'], row['authors_sd'])
                row['difference'] = row['ours_mean'] - row['authors_mean']
                row['within_spread'] = abs(row['difference']) <= spread
                n = {s: sum(r['side'] == s for r in runs) for s in ('ours', 'authors')}
                se = math.sqrt(row['ours_sd'] ** 2 / n['ours'] + row['authors_sd'] ** 2 / n['authors'])
                row['t'] = row['difference'] / se if se > 0 else float('nan')   # Welch's statistic
            rows.append(row)
    return rows


def plot(runs: list[dict], path: Path):
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for ax, q in zip(axes, QUANTITIES):
        for r in runs:
            ax.plot(r[q], color='C0' if r['side'] == 'ours' else 'C3', alpha=0.7, lw=1,
                    label=f"{r['side']} seed {r['seed']}")
        ax.set_title({'hyz': 'training hyz (nats, summed over tasks)', 'rate': 'sum-rate (nats)',
                      'n_links': 'links per mini-batch'}[q]); ax.set_xlabel('step')
    axes[0].legend(fontsize=7); fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)


def table(rows: list[dict]) -> str:
    head = ('| steps | quantity | ours (mean ± sd over seeds) | authors (mean ± sd) | difference | within the spread | '
            'difference / its standard error |\n|---|---|---|---|---|---|---|\n')
    cell = lambda r, s: f"{r[f'{s}_mean']:.3f} ± {r[f'{s}_sd']:.3f}" if f'{s}_mean' in r else '—'
    return head + ''.join(f"| {r['steps']} | {r['quantity']} | {cell(r, 'ours')} | {cell(r, 'authors')} | "
                          f"{r.get('difference', float('nan')):+.3f} | {r.get('within_spread', '—')} | {r.get('t', float('nan')):+.2f} |\n" for r in rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--authors', default=None, help="a checkout of SamuChamp/pom2dib (their main.py and model/)")
    p.add_argument('--source', default='full', choices=['full', 'embedded'])
    p.add_argument('--steps', type=int, default=200)
    p.add_argument('--seeds', type=int, nargs='*', default=[0, 1, 2, 3, 4], help='none: only pool the --previous runs')
    p.add_argument('--jobs', type=int, default=1, help='runs at once, one thread each (1: in this process, all threads)')
    p.add_argument('--previous', type=Path, nargs='+', default=[], metavar='RUNS_JSON',
                   help="runs.json files of earlier invocations (same source and steps) to pool with this one's; "
                        "a side and seed run here replaces an earlier run of them; --sides limits what runs here")
    p.add_argument('--sides', nargs='+', default=['ours', 'authors'], choices=['ours', 'authors'])
    p.add_argument('--out', type=Path, default=Path('runs/bench/authors_side_by_side'))
    args = p.parse_args(argv)
    if args.steps < 10: p.error('--steps must be at least 10')
    try: checkout = check_checkout(args.authors)
    except FileNotFoundError: checkout = None; print(f"skipping their side: {HOW_TO_GET}", file=sys.stderr)
    bench = load_data(DATA(args.source))
    print(f"AV-MNIST ({args.source}, authors' profile): {bench.info['train']} / {bench.info['test']} samples; "
          f"{args.steps} steps, seeds {args.seeds}; torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)
    jobs = [(side, seed, args.steps, args.source, checkout) for seed in args.seeds
            for side in ('authors', 'ours') if side in args.sides and (checkout or side == 'ours')]   # their slower runs first
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool: results = pool.map(one_run, jobs)
    else: results = (run_ours(bench, args.steps, seed) if side == 'ours' else theirs(checkout, bench, args.steps, seed)
                     for side, seed, *_ in jobs)
    runs = []
    for r in results:
        runs.append(r)
        print(f"{r['side']:8s} seed {r['seed']}: {r['seconds'] / args.steps:.2f} s/step; last step hyz {r['hyz'][-1]:.3f}, "
              f"rate {r['rate'][-1]:.1f}, links {r['n_links'][-1]:.2f}", flush=True)
    done = {(r['side'], r['seed']) for r in runs}
    for path in args.previous:
        old = json.loads(path.read_text())
        if (old['source'], old['steps']) != (args.source, args.steps):
            raise SystemExit(f"--previous {path}: made with source {old['source']!r}, {old['steps']} steps; this run: {args.source!r}, {args.steps}")
        for r in old['runs']:
            if (r['side'], r['seed']) not in done: runs.append(r); done.add((r['side'], r['seed']))
    runs.sort(key=lambda r: (r['seed'], r['side']))
    args.seeds = sorted({r['seed'] for r in runs})
    rows = summary(runs, args.steps)
    args.out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(args.out / 'runs.json', json.dumps(dict(source=args.source, steps=args.steps, seeds=args.seeds,
                                                              settings=make_run('tadib', DATA(args.source), 'paper', 'authors', dict(steps=args.steps)).key(), runs=runs, summary=rows), indent=1))
    atomic_write_text(args.out / 'summary.md', table(rows))
    plot(runs, args.out / 'curves.png')
    print(table(rows))
    for side in ('ours', 'authors'):
        sec = [r['seconds'] / args.steps for r in runs if r['side'] == side]
        if sec: print(f"{side}: {statistics.fmean(sec):.2f} s/step")


if __name__ == '__main__':
    main()
