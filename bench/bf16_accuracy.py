"""Is training with bfloat16 products (`ModelConfig(matmul='bf16'` or `'bf16_body'`)) distinguishable from fp32?

    python bench/bf16_accuracy.py --steps 300 --seeds 0 1 2 3 4 --source full --emulate --out figures/bf16_accuracy

Trains TADIB at the paper's sizes on AV-MNIST for `--steps` steps, once per seed in fp32 and in each low precision,
each run in its own process with one thread (`--jobs` at a time). Each finished run is written to `<out>/runs/`, and a
second call with the same arguments makes only the runs missing there. With `--emulate` the low precisions are trained
with their rounding emulated by fp32 kernels (`tadib.nets.Emulated`): on a CPU without bfloat16 kernels the real ones
are many times slower than fp32. Both are timed in the same call (`--speed-steps` steps of seed 0 in each precision,
real and emulated), and the first losses of the real and the emulated runs are set side by side.

The test, fixed before the runs: for each window of steps (the first, middle and last tenth) and each quantity (the
training loss, N-CE and links), a run gives its mean over the window; the seeds of a precision are compared with
the fp32 seeds by Welch's t-test, and the p-values of one precision's 9 comparisons are adjusted by Holm's method.
A precision is *indistinguishable* from fp32 when no adjusted p-value is below 0.05. Beside it, an equivalence test
(two one-sided Welch tests, TOST) with the margin one standard deviation of the fp32 seeds' window means: it says
whether the data show the difference to be smaller than the seed-to-seed spread, which 5 seeds can show only when the
two precisions agree closely. The median seconds per step of each precision are measured in the same call.
"""
from __future__ import annotations

import argparse, json, statistics
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from scipy import stats

QUANTITIES = ('loss', 'nce', 'n_links')
ALPHA = 0.05


def one_run(job: tuple) -> dict:
    "One precision and seed in a worker of its own (one thread): `(matmul, seed, steps, source, profile, path)`; no `path`: not kept."
    import torch
    from tadib.benchmarks import load_data
    from tadib.config import DataSpec, Runtime, make_run
    from tadib.runs import write_json
    from tadib.trainer import TADIB, train
    matmul, seed, steps, source, profile, path = job
    torch.set_num_threads(1)
    run = make_run('tadib', DataSpec('avmnist', source, profile=profile), 'paper', profile,
                   dict(steps=steps, matmul=matmul), seed).configured()
    bench = load_data(run.data)
    torch.manual_seed(seed)
    system = TADIB(bench.train.topology, run.limits, run.model)
    h = train(system, bench.train, run.train, seed, Runtime(progress=False))
    out = dict(matmul=matmul, seed=seed, seconds=statistics.median(h.seconds[2:]), **{q: getattr(h, q) for q in QUANTITIES})
    if path: write_json(path, out)
    print(f'{matmul} seed {seed}, {steps} steps: {out["seconds"]:.3f} s a step', flush=True)
    return out


def windows(steps: int) -> list[tuple[int, int]]:
    "The first, middle and last tenth of `steps`, as (start, stop)."
    w = max(1, steps // 10)
    return [(0, w), (steps // 2 - w // 2, steps // 2 - w // 2 + w), (steps - w, steps)]


def holm(p: list[float]) -> list[float]:
    "Holm's step-down adjustment of the p-values `p` (family-wise error), in their order."
    order, out, running = np.argsort(p), [0.] * len(p), 0.
    for rank, i in enumerate(order):
        running = max(running, min(1., (len(p) - rank) * p[i]))
        out[i] = running
    return out


def tost(a, b, margin: float) -> float:
    "p-value of the two one-sided Welch tests that |mean(a) - mean(b)| < `margin`."
    above = stats.ttest_ind(np.add(a, margin), b, equal_var=False, alternative='greater').pvalue
    below = stats.ttest_ind(np.subtract(a, margin), b, equal_var=False, alternative='less').pvalue
    return float(max(above, below))


def compare(runs: list[dict], steps: int, precision: str) -> list[dict]:
    "Per window and quantity: both precisions' means and stds over seeds, Welch's t and p (Holm-adjusted), TOST's p."
    rows = []
    for a, b in windows(steps):
        for q in QUANTITIES:
            per = {m: [float(np.mean(r[q][a:b])) for r in runs if r['matmul'] == m] for m in ('fp32', precision)}
            t = stats.ttest_ind(per[precision], per['fp32'], equal_var=False)
            margin = float(np.std(per['fp32'], ddof=1))
            rows.append(dict(steps=f'{a}-{b - 1}', quantity=q, precision=precision, fp32_mean=np.mean(per['fp32']),
                             fp32_std=margin, mean=np.mean(per[precision]), std=float(np.std(per[precision], ddof=1)),
                             t=float(t.statistic), p=float(t.pvalue), tost_p=tost(per[precision], per['fp32'], margin)))
    for r, adjusted in zip(rows, holm([r['p'] for r in rows])): r['p_holm'] = adjusted
    return rows


def verdict(rows: list[dict]) -> str:
    "The rule of the module's docstring on one precision's rows."
    apart = [r for r in rows if r['p_holm'] < ALPHA]
    close = sum(r['tost_p'] < ALPHA for r in rows)
    head = (f"distinguishable from fp32 in {len(apart)} of {len(rows)} comparisons" if apart
            else f"indistinguishable from fp32 (no Holm-adjusted p below {ALPHA} in {len(rows)} comparisons)")
    return f"{rows[0]['precision']}: {head}; shown equivalent within one fp32 std (TOST p < {ALPHA}) in {close} of {len(rows)}."


def table(rows: list[dict]) -> str:
    m = rows[0]['precision']
    out = [f'| steps | quantity | fp32 mean ± std | {m} mean ± std | Welch t | p | p (Holm) | TOST p (margin 1 fp32 std) |',
           '|---|---|---|---|---|---|---|---|']
    out += [f"| {r['steps']} | {r['quantity']} | {r['fp32_mean']:.3f} ± {r['fp32_std']:.3f} | {r['mean']:.3f} ± {r['std']:.3f} | "
            f"{r['t']:.2f} | {r['p']:.3f} | {r['p_holm']:.3f} | {r['tost_p']:.3f} |" for r in rows]
    return '\n'.join(out) + '\n'


def speed_table(timing: list[dict]) -> str:
    "Median seconds per step of the timed runs, each against fp32, and their first losses: the real kernels beside the emulated."
    fp32 = next(r['seconds'] for r in timing if r['matmul'] == 'fp32')
    out = ['| precision | seconds a step | fp32 / it | loss of steps 0-4 |', '|---|---|---|---|']
    out += [f"| {r['matmul']} | {r['seconds']:.3f} | {fp32 / r['seconds']:.2f}x | {' '.join(f'{v:.4f}' for v in r['loss'][:5])} |"
            for r in timing]
    return '\n'.join(out) + '\n'


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=300, help='training steps per run (default: 300)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4], help='seeds, run in every precision (default: 0-4)')
    p.add_argument('--source', default='embedded', help="AV-MNIST source: 'embedded' (default) or 'full'")
    p.add_argument('--profile', default='authors', choices=['ours', 'authors'], help='settings profile (default: authors)')
    p.add_argument('--precisions', nargs='+', default=['bf16', 'bf16_body'], choices=['bf16', 'bf16_body'],
                   help='the low precisions set beside fp32 (default: both)')
    p.add_argument('--emulate', action='store_true', help='train the low precisions with their rounding emulated by fp32 kernels')
    p.add_argument('--speed-steps', type=int, default=12, help='steps of the timed runs of every precision, real and emulated (default: 12)')
    p.add_argument('--jobs', type=int, default=2, help='runs at a time, one thread each (default: 2)')
    p.add_argument('--out', type=Path, required=True, help='folder: runs/ (one file per run, kept for a resumed call), '
                   'runs.json and summary.md')
    args = p.parse_args(argv)
    if args.steps < 20 or len(args.seeds) < 3: p.error('need --steps >= 20 and at least three seeds (a spread)')
    trained = [f'{m}_emulated' if args.emulate else m for m in args.precisions]
    path = lambda m, s: args.out / 'runs' / f'{args.source}-{args.profile}-{args.steps}-{m}-seed{s}.json'
    jobs = [(m, s, args.steps, args.source, args.profile, path(m, s)) for s in args.seeds for m in ['fp32', *trained]]
    todo = [j for j in jobs if not j[-1].exists()]
    print(f'{len(jobs) - len(todo)} of {len(jobs)} runs already in {args.out / "runs"}', flush=True)
    timed = sorted({'fp32', *args.precisions, *(f'{m}_emulated' for m in args.precisions)})
    speed_jobs = [(m, args.seeds[0], args.speed_steps, args.source, args.profile, None) for m in timed]
    with get_context('spawn').Pool(args.jobs) as pool: timing = pool.map(one_run, speed_jobs + todo, chunksize=1)[:len(timed)]
    runs = [json.loads(j[-1].read_text()) for j in jobs]
    text = (f"TADIB, AV-MNIST ({args.source}), profile {args.profile}, paper sizes, {args.steps} steps, seeds {args.seeds}, "
            f"one thread per run{', the low precisions emulated' if args.emulate else ''}.\n\n{speed_table(timing)}")
    rows = []
    for m in trained:
        part = compare(runs, args.steps, m)
        rows += part
        text += f"\n{table(part)}\n{verdict(part)}\n"
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / 'runs.json').write_text(json.dumps(dict(steps=args.steps, seeds=args.seeds, source=args.source,
                                                        profile=args.profile, runs=runs, summary=rows), indent=1))
    (args.out / 'summary.md').write_text(text)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
