"""Time per training step of this tree's `tadib` against another commit's, side by side in one process.

    python bench/step_vs_commit.py --base 9eaf8e9                      # TADIB and VDDIB, paper sizes, our profile
    python bench/step_vs_commit.py --base HEAD --profile authors --reps 8
    python bench/step_vs_commit.py --base HEAD --preset quick --reps 20

The base commit's `tadib/` is extracted (`git archive`) into a temporary folder and imported as `tadib_base`. For each
method, both sides build the system from the same initial weights (ours, loaded into the base's) and take steps from the
same generator seeds, alternately, so that any load on the machine falls on both. The first step of each side must give
the same loss (float tolerance): the change being timed must not change the results. Prints the median seconds per step
after `--warmup` steps, and base / ours.
"""
from __future__ import annotations

import argparse, importlib, statistics, subprocess, sys, tarfile, tempfile, time
from io import BytesIO
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
from tadib.benchmarks import load_data                                    # noqa: E402
from tadib.config import DataSpec, make_run                               # noqa: E402


def import_base(commit: str, into: Path):
    "The package `tadib/` of `commit`, imported as `tadib_base` from `into`."
    blob = subprocess.run(['git', '-C', str(ROOT), 'archive', commit, 'tadib'], capture_output=True, check=False)
    if blob.returncode: sys.exit(f"git archive {commit!r} failed: {blob.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(blob.stdout)) as tar: tar.extractall(into, filter='data')
    (into / 'tadib').rename(into / 'tadib_base')
    sys.path.insert(0, str(into))
    return importlib.import_module('tadib_base.trainer')


def side(trainer, run, data, state=None):
    "A system of `trainer`'s package (with `state` loaded), its optimisers and generators."
    torch.manual_seed(0)
    system = trainer.TADIB(data.topology, run.limits, run.model)
    if state is not None: system.load_state_dict(state)
    gens = (torch.Generator().manual_seed(0), torch.Generator().manual_seed(1))
    return system, trainer._optimisers(system, run.train), gens


def compare(base, ours, method: str, profile: str, preset: str, data, reps: int, warmup: int) -> tuple[float, float]:
    "Median seconds per step of the base and of ours, after checking their first steps agree."
    run = make_run(method, DataSpec('avmnist', profile=profile), preset, profile).configured()
    sys_o, opt_o, gen_o = side(ours, run, data)
    sys_b, opt_b, gen_b = side(base, run, data, sys_o.state_dict())
    times = {'base': [], 'ours': []}
    for i in range(warmup + reps):
        for name, (tr, s, o, g) in (('base', (base, sys_b, opt_b, gen_b)), ('ours', (ours, sys_o, opt_o, gen_o))):
            t = time.perf_counter()
            logs = tr.train_step(s, data, run.train, o, g)
            if i >= warmup: times[name].append(time.perf_counter() - t)
            if i == 0: times[name + '_loss'] = logs['loss']
        if i == 0 and abs(times['base_loss'] - times['ours_loss']) > 1e-4 * (1 + abs(times['base_loss'])):
            sys.exit(f"{method}: the first step's loss differs (base {times['base_loss']}, ours {times['ours_loss']}): "
                     "the change alters the results")
    return statistics.median(times['base']), statistics.median(times['ours'])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--base', required=True, help='the commit to time against (e.g. HEAD, 9eaf8e9)')
    p.add_argument('--methods', nargs='+', default=['tadib', 'vddib'])
    p.add_argument('--profile', default='ours', choices=['ours', 'authors'])
    p.add_argument('--preset', default='paper', help="sizes and settings: 'paper' (default) or 'quick'")
    p.add_argument('--source', default='embedded', help="AV-MNIST source (default: 'embedded')")
    p.add_argument('--reps', type=int, default=6, help='timed steps per side and method (default: 6)')
    p.add_argument('--warmup', type=int, default=2, help='untimed steps first (default: 2)')
    p.add_argument('--threads', type=int, help="torch's CPU threads (default: torch's choice)")
    args = p.parse_args(argv)
    if args.threads: torch.set_num_threads(args.threads)
    ours = importlib.import_module('tadib.trainer')
    with tempfile.TemporaryDirectory() as tmp:
        base = import_base(args.base, Path(tmp))
        data = load_data(DataSpec('avmnist', args.source, profile=args.profile)).train
        print(f"AV-MNIST ({args.source}), preset {args.preset}, profile {args.profile}, {torch.get_num_threads()} threads, "
              f"torch {torch.__version__}; base {args.base}")
        for method in args.methods:
            b, o = compare(base, ours, method, args.profile, args.preset, data, args.reps, args.warmup)
            print(f"{method:6s} base {b:.3f} s  ours {o:.3f} s  base/ours {b / o:.2f}x", flush=True)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
