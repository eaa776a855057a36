"""The authors' own loop for a whole paper-size run, beside our records of the same method under the authors' profile.

    python bench/authors_full_run.py --authors /path/pom2dib --seed 0          # TADIB, 2000 steps: 1-2 h on one thread
    python bench/authors_full_run.py --authors /path/pom2dib --seed 0 --out figures/authors_side_by_side   # as committed
    python bench/authors_full_run.py --authors /path/pom2dib --method vddib --steps 200

Their `main.py` runs unchanged (`bench/authors_loop.py`) on the full AV-MNIST arrays of the authors' profile with the
paper's settings, on one thread. The last tenth of its epochs is set beside the same window of our records
(`figures/methods_avmnist/authors/<method>/seed*.json`, made by `tadib-reproduce --full`): the training `hyz` (the tasks'
cross-entropies summed), the sum-rate of the used links (nats), the links per mini-batch, and the test top-1 per task.

The two top-1 are not measured alike. Theirs is the loop's own test: one shuffled test mini-batch of 20 per epoch, sent
over the selection drawn for the epoch's last training mini-batch; its mean over the window's epochs estimates the
top-1 on the test split under training draws (the binomial standard error is printed). Ours is the record's: the whole
test split of 10,000 under the inference selection. Writes the per-epoch log (JSON) and the table (markdown) to `--out`."""
from __future__ import annotations

import argparse, json, math, statistics, sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from authors_loop import HOW_TO_GET, check_checkout, run_authors     # noqa: E402
from tadib.benchmarks import load_data                               # noqa: E402
from tadib.config import DataSpec                                    # noqa: E402
from tadib.records import history_tail                               # noqa: E402
from tadib.runs import atomic_write_text                             # noqa: E402

#: our method name -> their `run_authors` method (their `--sampling` and `--no_det`)
THEIR_NAME = {'tadib': 'pom2dib', 'rsdib': 'rsdib', 'vddib': 'tadib', 'dlsc': 'dlsc'}
WINDOW = 0.1                    # the last tenth of the steps, on both sides


def their_window(out: dict, tasks: list[str], start: int) -> dict:
    "Means over their epochs from `start` on: hyz, rate, links per mini-batch, test top-1 per task (and its n)."
    rows = [r for r in out['rows'] if r['step'] >= start]
    res = dict(hyz=statistics.fmean(r['hyz'] for r in rows), sum_rate=statistics.fmean(r['rate'] for r in rows),
               n_links=statistics.fmean(out['n_links'][start:]))
    for i, t in enumerate(tasks): res[f'top1_{t}'] = statistics.fmean(r[f'cal_acc_{i}'] for r in rows)
    res['test_samples'] = 20 * len(rows)
    return res


def our_window(record: dict, tasks: list[str]) -> dict:
    "The same window of one of our records, the last tenth of its history (`history_tail`), and its test top-1."
    res = {k: history_tail(record, k, WINDOW) for k in ('hyz', 'sum_rate', 'n_links')}
    return {**res, **{f'top1_{t}': record['metrics'][f'top1_{t}'] for t in tasks}}


def table(theirs: dict, ours: list[dict], tasks: list[str], start: int, steps: int) -> str:
    "Markdown: their run, our records (each, and mean ± std), per quantity."
    cols = ['hyz', 'sum_rate', 'n_links'] + [f'top1_{t}' for t in tasks]
    fmt = lambda c, v: f'{100 * v:.1f}' if c.startswith('top1') else f'{v:.3f}' if c == 'hyz' else f'{v:.2f}'
    lines = [f'Steps {start}-{steps - 1} of {steps}; top-1 in per cent.', '',
             '| run | ' + ' | '.join(cols) + ' |', '|---' * (len(cols) + 1) + '|']
    n = theirs['test_samples']
    se = {c: 100 * math.sqrt(theirs[c] * (1 - theirs[c]) / n) for c in cols if c.startswith('top1')}
    lines.append(f"| their loop, seed {theirs['seed']} | " + ' | '.join(
        fmt(c, theirs[c]) + (f' ± {se[c]:.1f} (SE, {n} test samples)' if c in se else '') for c in cols) + ' |')
    for r in ours: lines.append(f"| ours, seed {r['seed']} | " + ' | '.join(fmt(c, r[c]) for c in cols) + ' |')
    if len(ours) > 1:
        ms = lambda c: (np.mean([r[c] for r in ours]), np.std([r[c] for r in ours], ddof=1))
        lines.append(f'| ours, mean ± std of {len(ours)} | ' + ' | '.join(
            f'{fmt(c, ms(c)[0])} ± {fmt(c, ms(c)[1])}' for c in cols) + ' |')
    return '\n'.join(lines) + '\n'


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--authors', default=None, help="a checkout of SamuChamp/pom2dib (their main.py and model/)")
    p.add_argument('--method', default='tadib', choices=sorted(THEIR_NAME))
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--steps', type=int, default=2000)
    p.add_argument('--records', type=Path, default=Path('figures/methods_avmnist/authors'),
                   help='folder of our records under the authors profile: <method>/seed*.json')
    p.add_argument('--out', type=Path, default=Path('runs/bench/authors_full_run'))
    args = p.parse_args(argv)
    if args.steps < 20: p.error('--steps must be at least 20')
    try: checkout = check_checkout(args.authors)
    except FileNotFoundError as e: raise SystemExit(str(e))
    ours = sorted((args.records / args.method).glob('seed*.json'))
    if not ours: raise SystemExit(f"--records {args.records}: no records of {args.method} (run `tadib-reproduce --full` first)")
    torch.set_num_threads(1)
    bench = load_data(DataSpec('avmnist', 'full', profile='authors'))
    tasks = [t.name for t in bench.train.topology.tasks]
    print(f"their loop, {args.method} ({THEIR_NAME[args.method]}), seed {args.seed}, {args.steps} steps on AV-MNIST "
          f"(full, authors' profile: {bench.info['train']} / {bench.info['test']} samples), one thread", flush=True)
    out = run_authors(checkout, bench.train, bench.test, args.steps, args.seed, THEIR_NAME[args.method], progress=100)
    start = args.steps - round(WINDOW * args.steps)
    theirs = dict(seed=args.seed, **their_window(out, tasks, start))
    mine = []
    for path in ours:
        rec = json.loads(path.read_text())
        if rec['params']['train']['steps'] != args.steps:
            print(f"skipping {path}: {rec['params']['train']['steps']} steps, not {args.steps}", file=sys.stderr); continue
        mine.append(dict(seed=rec['params']['seed'], **our_window(rec, tasks)))
    text = (f"# The authors' loop, {args.method}, seed {args.seed}, beside our records (authors' profile, full AV-MNIST)\n\n"
            f"`python bench/authors_full_run.py --method {args.method} --seed {args.seed} --steps {args.steps}`: "
            f"their loop took {out['seconds'] / 60:.0f} min ({out['seconds'] / args.steps:.2f} s per step, one thread, "
            f"machine shared).\n\n" + table(theirs, mine, tasks, start, args.steps))
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f'full_run_{args.method}_seed{args.seed}_{args.steps}'
    atomic_write_text(args.out / f'{stem}.json', json.dumps(dict(theirs=theirs, ours=mine, run=out), separators=(',', ':')))
    atomic_write_text(args.out / f'{stem}.md', text)
    print(text)


if __name__ == '__main__':
    main()
