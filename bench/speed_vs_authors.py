"""Time per paper-size training step, ours against the authors' own loop, TADIB and VDDIB, side by side in one run;
the TADIB/VDDIB ratio; and an estimate of the whole paper plan's CPU-hours from the measured per-step costs.

    python bench/speed_vs_authors.py --authors /path/pom2dib            # both sides
    python bench/speed_vs_authors.py                                     # ours only: says how to get their code

Both sides train on the same AV-MNIST arrays (the `authors` profile's data by default, `--source embedded`: the step
costs the same on the full set) at the paper's sizes: 20 mini-batches of 20 per step, 512/256 networks, 24-dim
features, lr 1e-4/5e-5, beta 1e-3. Ours runs `tadib.trainer.train` under the profile given (`authors`: the same work as
their loop); theirs runs their unchanged `main.py` (bench/authors_loop.py), logging once at the end. The first
`--warmup` steps are dropped and the median of the rest is reported, with the threads torch uses.
"""
from __future__ import annotations

import argparse, statistics, sys, time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from authors_loop import HOW_TO_GET, check_checkout, run_authors          # noqa: E402
from tadib.benchmarks import load_data                                     # noqa: E402
from tadib.config import DataSpec, Runtime, make_run                       # noqa: E402
from tadib.trainer import TADIB, train                                     # noqa: E402

#: their `--sampling` for each of our methods timed here
THEIRS = {'tadib': 'pom2dib', 'vddib': 'tadib'}
#: runs of 2000 steps in the paper plan (issue 20), by method: Tables I-II under each profile (3 seeds each), Table III
#: (7 ratios, TADIB), the selection figures (TADIB with CR, soft, free, free at beta 0; TADIB without CR), the beta sweep
#: (7 betas; DLSC once), seeds 4-5 of Tables I-II
PLAN = {'tadib': 3 + 3 + 7 + 4 + 7 + 2, 'tadib_nocr': 3 + 3 + 1 + 7 + 2, 'rsdib': 3 + 3 + 7 + 2, 'midib': 3 + 3 + 7 + 2,
        'vddib': 3 + 3 + 7 + 2, 'dlsc': 3 + 3 + 1 + 2}
#: per-step cost of each method relative to the two measured ones (TADIB-like selections, or all links)
LIKE = {'tadib': 'tadib', 'tadib_nocr': 'tadib', 'rsdib': 'tadib', 'midib': 'vddib', 'vddib': 'vddib', 'dlsc': 'vddib'}


def ours(bench, method: str, profile: str, steps: int, warmup: int) -> tuple[float, float]:
    "Median seconds per step of our trainer, and the mean links per step."
    run = make_run(method, DataSpec('avmnist', profile=profile), 'paper', profile, dict(steps=steps)).configured()
    torch.manual_seed(0)
    system = TADIB(bench.train.topology, run.limits, run.model)
    h = train(system, bench.train, run.train, 0, Runtime(progress=False))
    return statistics.median(h.seconds[warmup:]), statistics.mean(h.n_links)


def matmul_flops(bench, method: str, profile: str, steps: int = 3) -> float:
    "Floating-point operations of the matrix products in one of our steps (torch profiler, mean over `steps` after one)."
    from torch.profiler import profile as profiler, ProfilerActivity
    from tadib.trainer import _optimisers, train_step
    run = make_run(method, DataSpec('avmnist', profile=profile), 'paper', profile).configured()
    torch.manual_seed(0)
    system = TADIB(bench.train.topology, run.limits, run.model)
    opts, gens = _optimisers(system, run.train), (torch.Generator().manual_seed(0), torch.Generator().manual_seed(1))
    train_step(system, bench.train, run.train, opts, gens)
    with profiler(activities=[ProfilerActivity.CPU], with_flops=True) as prof:
        for _ in range(steps): train_step(system, bench.train, run.train, opts, gens)
    return sum(e.flops for e in prof.key_averages() if e.key in ('aten::mm', 'aten::addmm', 'aten::bmm', 'aten::baddbmm')) / steps


def peak_flops(n: int = 2048, reps: int = 10) -> float:
    "This CPU's fp32 matrix-product rate (FLOP/s) on an `n x n` product, the best of `reps`."
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(reps))
    return 2 * n ** 3 / best


def _timed(f) -> float:
    t = time.perf_counter(); f(); return time.perf_counter() - t


def theirs(checkout, bench, method: str, steps: int, warmup: int) -> tuple[float, float]:
    "Median seconds per epoch (= step) of their loop, and the mean links per step."
    out = run_authors(checkout, bench.train, bench.test, steps, seed=0, method=THEIRS[method], log_freq=steps)
    return statistics.median(out['epoch_seconds'][warmup:]), statistics.mean(out['n_links'])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--authors', help='a checkout of SamuChamp/pom2dib; without it only our side is timed')
    p.add_argument('--source', default='embedded', help="AV-MNIST source: 'embedded' (default) or 'full'")
    p.add_argument('--profile', default='authors', choices=['authors', 'ours'], help="our side's profile (default: authors)")
    p.add_argument('--steps', type=int, default=8, help='steps per side and method (default: 8)')
    p.add_argument('--warmup', type=int, default=2, help='first steps left out of the median (default: 2)')
    p.add_argument('--threads', type=int, help="torch's CPU threads (default: torch's choice)")
    args = p.parse_args(argv)
    if args.steps <= args.warmup + 1: p.error(f'--steps ({args.steps}) must exceed --warmup + 1 ({args.warmup + 1})')
    if args.threads: torch.set_num_threads(args.threads)
    try: checkout = check_checkout(args.authors) if args.authors else None
    except FileNotFoundError as e: p.error(str(e))
    if checkout is None: print(f"their side skipped: {HOW_TO_GET}")
    bench = load_data(DataSpec('avmnist', args.source, profile='authors'))
    print(f"AV-MNIST ({args.source}), paper sizes, 20x20 samples a step, {torch.get_num_threads()} threads, "
          f"torch {torch.__version__}, our profile {args.profile}", flush=True)
    rows = {}
    for method in THEIRS:
        mine = ours(bench, method, args.profile, args.steps, args.warmup)
        other = theirs(checkout, bench, method, args.steps, args.warmup) if checkout else (None, None)
        rows[method] = (*mine, *other)
        print(f"{method:6s} ours {mine[0]:6.3f} s/step ({mine[1]:4.1f} links)" + (
              f"   theirs {other[0]:6.3f} s/step ({other[1]:4.1f} links)   theirs/ours {other[0] / mine[0]:5.1f}x" if checkout else ''),
              flush=True)
    (t, _, tt, _), (v, _, tv, _) = rows['tadib'], rows['vddib']
    print(f"TADIB / VDDIB time per step: ours {t / v:.2f}" + (f", theirs {tt / tv:.2f}" if checkout else ''))
    peak = peak_flops()
    print(f"fp32 matrix products on this CPU: {peak / 1e9:.0f} GFLOP/s (2048 x 2048, best of 10)")
    for method, (sec, *_rest) in rows.items():
        flops = matmul_flops(bench, method, args.profile)
        print(f"{method:6s} ours: {flops / 1e9:.1f} GFLOP of matrix products per step, {flops / sec / 1e9:.0f} GFLOP/s; "
              f"at the peak a step would take {flops / peak:.3f} s" + (f" (10x their loop needs {rows[method][2] / 10:.3f} s)" if checkout else ''))
    cost = {'tadib': t, 'vddib': v}
    hours = sum(n * 2000 * cost[LIKE[m]] for m, n in PLAN.items()) / 3600
    print(f"paper plan (issue 20: {sum(PLAN.values())} runs of 2000 steps): about {hours:.1f} h on this machine at our speed"
          + (f", {sum(n * 2000 * {'tadib': tt, 'vddib': tv}[LIKE[m]] for m, n in PLAN.items()) / 3600:.1f} h at theirs" if checkout else ''))
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
