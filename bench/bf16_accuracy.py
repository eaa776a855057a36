"""Does training with bfloat16 products (`ModelConfig(matmul='bf16'` or `'bf16_body'`)) stay within the spread of fp32 seeds?

    python bench/bf16_accuracy.py --steps 300 --seeds 0 1 2 --jobs 2 --precisions bf16 bf16_body --out figures/bf16_accuracy

Trains TADIB at the paper's sizes on AV-MNIST (the embedded subset by default) for `--steps` steps, once per seed in
fp32 and once in each low precision, each run in its own process with one thread (`--jobs` at a time). For three windows of steps
(the first tenth, the middle tenth, the last tenth) it compares the mean training loss, N-CE and links of each run:
a precision passes a window when the mean over its seeds lies within the range of the fp32 seeds' means. It also
reports the median seconds per step of each precision, measured in the same run.
"""
from __future__ import annotations

import argparse, json, statistics
from multiprocessing import get_context
from pathlib import Path

QUANTITIES = ('loss', 'nce', 'n_links')


def one_run(job: tuple) -> dict:
    "One precision and seed in a worker of its own (one thread): `(matmul, seed, steps, source, profile)`."
    import torch
    from tadib.benchmarks import load_data
    from tadib.config import DataSpec, Runtime, make_run
    from tadib.trainer import TADIB, train
    matmul, seed, steps, source, profile = job
    torch.set_num_threads(1)
    run = make_run('tadib', DataSpec('avmnist', source, profile=profile), 'paper', profile,
                   dict(steps=steps, matmul=matmul), seed).configured()
    bench = load_data(run.data)
    torch.manual_seed(seed)
    system = TADIB(bench.train.topology, run.limits, run.model)
    h = train(system, bench.train, run.train, seed, Runtime(progress=False))
    return dict(matmul=matmul, seed=seed, seconds=statistics.median(h.seconds[2:]), **{q: getattr(h, q) for q in QUANTITIES})


def windows(steps: int) -> list[tuple[int, int]]:
    w = max(1, steps // 10)
    return [(0, w), (steps // 2 - w // 2, steps // 2 - w // 2 + w), (steps - w, steps)]


def compare(runs: list[dict], steps: int, precision: str) -> list[dict]:
    "Per window and quantity: the fp32 seeds' range, `precision`'s mean over seeds, and whether it lies in the range."
    rows = []
    for a, b in windows(steps):
        for q in QUANTITIES:
            per = {m: [statistics.mean(r[q][a:b]) for r in runs if r['matmul'] == m] for m in ('fp32', precision)}
            low, high, mean = min(per['fp32']), max(per['fp32']), statistics.mean(per[precision])
            rows.append(dict(steps=f'{a}-{b - 1}', quantity=q, fp32_min=low, fp32_max=high, precision=precision,
                             fp32_mean=statistics.mean(per['fp32']), mean=mean, within=low <= mean <= high))
    return rows


def table(rows: list[dict]) -> str:
    precision = rows[0]['precision']
    out = [f'| steps | quantity | fp32 seeds: min .. max (mean) | {precision} mean | within |', '|---|---|---|---|---|']
    out += [f"| {r['steps']} | {r['quantity']} | {r['fp32_min']:.3f} .. {r['fp32_max']:.3f} ({r['fp32_mean']:.3f}) | "
            f"{r['mean']:.3f} | {'yes' if r['within'] else 'NO'} |" for r in rows]
    return '\n'.join(out) + '\n'


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=300, help='training steps per run (default: 300)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2], help='seeds, run in both precisions (default: 0 1 2)')
    p.add_argument('--source', default='embedded', help="AV-MNIST source: 'embedded' (default) or 'full'")
    p.add_argument('--profile', default='ours', choices=['ours', 'authors'], help='settings profile (default: ours)')
    p.add_argument('--precisions', nargs='+', default=['bf16'], choices=['bf16', 'bf16_body'],
                   help='the low precisions set beside fp32 (default: bf16)')
    p.add_argument('--jobs', type=int, default=2, help='runs at a time, one thread each (default: 2)')
    p.add_argument('--out', type=Path, help='write runs.json and summary.md here')
    args = p.parse_args(argv)
    if args.steps < 20 or len(args.seeds) < 2: p.error('need --steps >= 20 and at least two seeds (a spread)')
    precisions = ['fp32', *args.precisions]
    jobs = [(m, s, args.steps, args.source, args.profile) for s in args.seeds for m in precisions]
    with get_context('spawn').Pool(args.jobs) as pool: runs = pool.map(one_run, jobs)
    speed = {m: statistics.median(r['seconds'] for r in runs if r['matmul'] == m) for m in precisions}
    text = (f"TADIB, AV-MNIST ({args.source}), profile {args.profile}, paper sizes, {args.steps} steps, seeds {args.seeds}, "
            "one thread per run. Median seconds per step: " + ', '.join(f'{m} {speed[m]:.3f}' for m in precisions) + ' ('
            + ', '.join(f"fp32/{m} {speed['fp32'] / speed[m]:.2f}x" for m in args.precisions) + ').\n')
    rows = []
    for m in args.precisions:
        part = compare(runs, args.steps, m)
        rows += part
        text += (f"\n{table(part)}\n{m} within the fp32 spread in {sum(r['within'] for r in part)} of {len(part)} comparisons.\n")
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / 'runs.json').write_text(json.dumps(dict(steps=args.steps, seeds=args.seeds, source=args.source,
                                                            profile=args.profile, runs=runs, summary=rows), indent=1))
        (args.out / 'summary.md').write_text(text)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
