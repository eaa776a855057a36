"""Time per training step: our batched TADIB against the per-link loop of the same math (bench/reference.py), and
TADIB (8 links at most) against VDDIB (every link), side by side in one process.

    python bench/step_speed.py                        # quick sizes on AV-MNIST (embedded), CPU
    python bench/step_speed.py --size paper --device cuda

Each side trains from the same initial state with the same seeds for `--steps` steps through `tadib.trainer.train`;
the first `--warmup` steps are dropped and the median of the rest is reported. Prints a table and the ratios."""
from __future__ import annotations

import argparse, statistics, sys, time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference import LoopTADIB                                           # noqa: E402
from tadib.benchmarks import load_benchmark                               # noqa: E402
from tadib.config import ModelConfig, TrainConfig, Runtime, get_method     # noqa: E402
from tadib.topology import Limits                                         # noqa: E402
from tadib.trainer import TADIB, train                                     # noqa: E402

SIZES = {'quick': dict(model=ModelConfig(feature_dim=8, cr_dim=8, hidden=(64, 32)), groups=16),
         'paper': dict(model=ModelConfig(feature_dim=24, cr_dim=24, hidden=(512, 256)), groups=20)}


def seconds_per_step(cls, bench, method: str, model: ModelConfig, cfg: TrainConfig, runtime: Runtime, warmup: int) -> tuple[float, float]:
    "Median seconds per step of `cls` (TADIB or LoopTADIB) training `method`, and the mean number of links per step."
    model, cfg, limits = get_method(method).configure(model, cfg, Limits())
    torch.manual_seed(0)
    system = cls(bench.train.topology, limits, model)
    history = train(system, bench.train, cfg, runtime=runtime)
    if runtime.device.startswith('cuda'): torch.cuda.synchronize()
    return statistics.median(history.seconds[warmup:]), statistics.mean(history.n_links)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', default='avmnist', help="benchmark (load_benchmark name; 'mmfi' needs TADIB_MMFI)")
    p.add_argument('--source', default='embedded')
    p.add_argument('--size', choices=sorted(SIZES), default='quick')
    p.add_argument('--device', default='auto')
    p.add_argument('--steps', type=int, default=12)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--methods', nargs='+', default=['tadib', 'vddib'])
    p.add_argument('--no-loop', action='store_true', help='skip the per-link loop (it is slow at paper sizes)')
    args = p.parse_args(argv)
    if args.steps <= args.warmup: p.error(f'--steps ({args.steps}) must exceed --warmup ({args.warmup})')
    size, runtime = SIZES[args.size], Runtime(args.device, progress=False).resolved()
    device = runtime.device
    bench = load_benchmark(args.data, source=args.source)
    cfg = TrainConfig(steps=args.steps, groups=size['groups'], batch=20)
    print(f"{args.data} ({args.source}), {args.size} sizes {size['model'].hidden}, d={size['model'].feature_dim}, "
          f"{cfg.groups}x{cfg.batch} samples a step, {device} ({torch.get_num_threads()} threads), torch {torch.__version__}")
    rows = {}
    for method in args.methods:
        ours, links = seconds_per_step(TADIB, bench, method, size['model'], cfg, runtime, args.warmup)
        loop = None if args.no_loop else seconds_per_step(LoopTADIB, bench, method, size['model'], cfg, runtime, args.warmup)[0]
        rows[method] = (links, ours, loop)
        print(f"{method:8s} links/step {links:5.2f}  ours {1e3 * ours:8.1f} ms  "
              + ('' if loop is None else f"per-link loop {1e3 * loop:8.1f} ms  speed-up x{loop / ours:.1f}"), flush=True)
    if {'tadib', 'vddib'} <= rows.keys():
        (lt, t, _), (lv, v, _) = rows['tadib'], rows['vddib']
        print(f"TADIB / VDDIB time per step: {t / v:.3f} (links {lt:.2f} / {lv:.0f} = {lt / lv:.3f}; 8/27 = {8 / 27:.3f})")


if __name__ == '__main__':
    t0 = time.time(); main(); print(f"({time.time() - t0:.0f} s)")
