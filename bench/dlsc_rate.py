"""Where DLSC's sum-rate comes from: the kNN entropy of each link's deterministic features on the test split, summed by
modality type (image `A`, audio `B`, noise `N`), for the plan's DLSC run under each profile, untrained or from a
checkpoint of its training, or after training it here for a few steps with other settings.

    python bench/dlsc_rate.py                                    # both profiles, untrained, the embedded test split
    python bench/dlsc_rate.py --source full --checkpoint ours=~/.cache/tadib/paper/<run>.ckpt
    python bench/dlsc_rate.py --source full --profiles ours --steps 800 --set dlsc_loss=unimodal
    python bench/dlsc_rate.py --source full --profiles ours --steps 800 --data noise=batch

The kNN (Kozachenko-Leonenko) entropy of a d-dimensional feature moves by d log a when the features are scaled by a:
a deterministic encoder's rate is the spread of its outputs, which DLSC's loss does not control. The script prints,
per modality type, the links, their summed rate and the rate per link, so two profiles' sum-rates can be taken apart.
"""
import argparse, dataclasses
from collections import defaultdict
from pathlib import Path
import torch
from tadib.avmnist import modality_type
from tadib.api import fit_data
from tadib.avmnist import AVMNIST_PROFILES
from tadib.benchmarks import load_benchmark
from tadib.reproduce import plan_jobs
from tadib.runs import load_checkpoint, parse_overrides
from tadib.trainer import TADIB


def dlsc_run(profile: str, seed: int, overrides: dict):
    "The plan's DLSC run of `profile` and `seed` (Table I(a)) with `overrides`, configured."
    runs = [j.run for _, j in plan_jobs() if j.run.method == 'dlsc' and j.run.data.profile == profile and j.run.seed == seed]
    if not runs: raise SystemExit(f"no DLSC run of profile {profile!r}, seed {seed} in the paper plan")
    return runs[0].but(**overrides).configured()


def system_of(run, topology, checkpoint: Path | None) -> TADIB:
    "The run's network as initialised by `fit_data` (its seed), with the weights of `checkpoint` if given."
    torch.manual_seed(run.seed)
    system = TADIB(topology, run.limits, run.model)
    if checkpoint is not None:
        try: step, _ = load_checkpoint(checkpoint, dict(system=system), {}, run.checkpoint_key())   # the network only
        except ValueError as e: raise SystemExit(f"--checkpoint: {e}")
        print(f"{checkpoint.name}: step {step}")
    return system.eval()


@torch.no_grad()
def link_rates(system: TADIB, data, batch: int = 20, seed: int = 0) -> torch.Tensor:
    "Every link's kNN rate `(L,)`, nats, over the test split's full mini-batches of `batch`, every link selected (DLSC)."
    topo, gen = system.topo, torch.Generator().manual_seed(seed)
    n = len(data) // batch
    idx = torch.arange(n * batch).view(n, batch)
    rates = torch.zeros(topo.L, dtype=torch.float64)
    for block in idx.split(50):
        xb, yb = data.batch(block, gen=gen)
        links = torch.ones(len(block), topo.L, dtype=torch.bool)
        t = system.terms(xb, yb, links, 'knn', unimodal=False, generator=gen)
        rates.index_add_(0, t.pairs[:, 1], t.rate.double())
    return rates / n


def by_type(system: TADIB, rates) -> dict:
    "Per modality type: its links and their summed rate."
    names = [m.name for _, _, m in system.topo.sources]
    source = system.encoders.link_source.tolist()
    out = defaultdict(lambda: dict(links=0, rate=0.))
    for link, s in enumerate(source):
        row = out[modality_type(names[s])]
        row['links'] += 1; row['rate'] += rates[link].item()
    return dict(sorted(out.items()))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--profiles', nargs='+', default=['ours', 'authors'])
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--source', default='embedded', choices=['embedded', 'full'], help='the AV-MNIST test split to measure on')
    p.add_argument('--checkpoint', nargs='*', default=[], metavar='PROFILE=PATH', help="a training checkpoint of the profile's run")
    p.add_argument('--steps', type=int, default=0, help='train this many steps here first (the test metrics are printed)')
    p.add_argument('--set', nargs='*', default=[], metavar='NAME=VALUE', help='settings changed from the plan\'s run')
    p.add_argument('--data', nargs='*', default=[], metavar='NAME=VALUE', help="AVMNISTConfig fields changed from the profile's")
    args = p.parse_args(argv)
    checkpoints = dict(c.split('=', 1) for c in args.checkpoint)
    if bad := set(checkpoints) - set(args.profiles): raise SystemExit(f"--checkpoint: profiles {sorted(bad)} not in --profiles")
    if checkpoints and args.steps: raise SystemExit("--checkpoint and --steps: give one of them")
    overrides, data_changes = parse_overrides(args.set), parse_overrides(args.data)
    print(f"{'profile':8} {'state':10} {'type':4} {'links':>5} {'rate (nats)':>11} {'per link':>8}")
    for profile in args.profiles:
        run = dlsc_run(profile, args.seed, overrides)
        cfg = dataclasses.replace(AVMNIST_PROFILES[profile], **data_changes)
        bench = load_benchmark('avmnist', source=args.source, seed=run.data.seed, profile=cfg)
        ck = Path(checkpoints[profile]).expanduser() if profile in checkpoints else None
        if args.steps:
            res = fit_data(bench.train, bench.test, run.but(steps=args.steps))
            system, state = res.system, f'{args.steps} steps'
            print(f"{profile}, {args.steps} steps, {overrides or 'the plan settings'}, data {data_changes}: test N-CE {res.metrics['nce']:.3f}, "
                  f"sum-rate {res.metrics['sum_rate']:.1f}; training sum-rate every tenth: "
                  f"{[round(r) for r in res.history.sum_rate[::max(1, args.steps // 10)]]}")
        else: system, state = system_of(run, bench.test.topology, ck), 'trained' if ck else 'untrained'
        rows = by_type(system, link_rates(system, bench.test, run.train.batch, args.seed))
        for kind, r in rows.items():
            print(f"{profile:8} {state:10} {kind:4} {r['links']:5d} {r['rate']:11.1f} {r['rate'] / r['links']:8.1f}")
        print(f"{profile:8} {state:10} {'all':4} {sum(r['links'] for r in rows.values()):5d} {sum(r['rate'] for r in rows.values()):11.1f}")


if __name__ == '__main__':
    main()
