"""One training step, gradient by gradient: our trainer under the `authors` profile against the authors' own loop.

    python bench/authors_gradients.py --authors /path/pom2dib --source full [--epochs 150] [--out DIR]

Their `main.py` runs unchanged for `--epochs` epochs (an epoch is one optimiser step of 20 mini-batches), through
`authors_loop`'s stand-ins. Wrappers record what its last epoch drew: each mini-batch's arrays, the common randomness
`u`, every selector's draws in order (before their per-transmitter trim), the links left after the trim and their
encoders' standard-normal noise; and, just before their optimisers step, every network's weights and summed
gradients (and, after the first step, its weights again). We load those weights into a `tadib.trainer.TADIB`, replay
the same 20 mini-batches, selections and noise through `train_step`, and print per network the two gradient norms
and their relative difference (selectors after the per-selector clipping), and after a first step the relative
difference of the two updates. (Later, their AdamW carries moments that ours, built fresh, does not, so only the
gradients compare.) An empty receiver's decoder input noise (`empty_jitter`) is drawn on each side on its own."""
from __future__ import annotations

import argparse, copy, os, runpy, sys, tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from authors_loop import ArrayData, _their_imports, check_checkout               # noqa: E402
from tadib.benchmarks import load_data                                            # noqa: E402
from tadib.config import DataSpec, make_run                                       # noqa: E402
from tadib.runs import atomic_write_text                                          # noqa: E402
from tadib.nets import StackedLayerNorm                                           # noqa: E402
from tadib.trainer import TADIB, Draw, train_step, _optimisers                    # noqa: E402
import tadib.trainer as trainer                                                   # noqa: E402

DATA = lambda source: DataSpec('avmnist', source, profile='authors')


class Record:
    "What their loop drew and held during one epoch."
    def __init__(self):
        self.batches, self.u, self.requests, self.executed = [], [], [], []
        self.txs, self.rxs, self.weights, self.grads, self.draws, self.eps, self.after = [], [], {}, {}, [], [], {}
        self.stepped = False


def _snapshot(rec: Record, name: str, nets: dict):
    "Weights and gradients (before their clipping and step) of `nets` {label: torch module}."
    for label, net in nets.items():
        rec.weights[f'{name}.{label}'] = {k: v.detach().clone() for k, v in net.state_dict().items()}
        rec.grads[f'{name}.{label}'] = {k: (torch.zeros_like(p) if p.grad is None else p.grad.detach().clone())
                                        for k, p in net.named_parameters()}


def run_theirs(checkout: Path, train, test, seed: int, epochs: int = 1) -> Record:
    "Their main.py for `epochs` epochs, recording the last one's draws, weights and gradients."
    rec = Record()
    ArrayData.train, ArrayData.test = train, test
    batch = train.batch

    def recorded_batch(idx, device=None, gen=None):
        out = batch(idx, device, gen)
        rec.batches.append(out)
        return out
    object.__setattr__(train, 'batch', recorded_batch)       # the data set is frozen: shadow the method on this instance
    with tempfile.TemporaryDirectory() as tmp, _their_imports(checkout):
        os.makedirs(Path(tmp) / 'logs')
        import model.environ as environ, model.modules as modules
        sel_reg, selection = environ.sel_reg, environ.selection

        def recorded_sel_reg(a, n):
            rec.requests.append(copy.deepcopy(a))
            out = sel_reg(a, n)
            rec.executed.append(copy.deepcopy(out))
            return out

        class FixedU:
            def __init__(self, U): self.U = U
            def sample(self):
                u = self.U.sample(); rec.u.append(u.clone()); return u

        def recorded_selection(U, Rxs, Txs, args, dev):
            if not rec.rxs: rec.rxs, rec.txs = Rxs, Txs
            if rec.stepped:                        # a new epoch: keep only the last one's draws
                rec.stepped = False
                for name in ('batches', 'u', 'requests', 'executed', 'draws', 'eps'): getattr(rec, name).clear()
            rec.draws.append([])
            return selection(FixedU(U), Rxs, Txs, args, dev)
        environ.sel_reg, environ.selection = recorded_sel_reg, recorded_selection
        tx_update, rx_update = modules.Transmitter.update, modules.Receiver.update
        tx_select, rx_select = modules.Transmitter.select, modules.Receiver.select

        def rx_recorded(self, u):
            a, lp = rx_select(self, u)
            rec.draws[-1].append(('rx', rec.rxs.index(self), list(a)))
            return a, lp

        def tx_recorded(self, u, em_Rx):
            a, lp = tx_select(self, u, em_Rx)
            rec.draws[-1].append(('tx', rec.txs.index(self), list(a)))
            return a, lp
        modules.Transmitter.select, modules.Receiver.select = tx_recorded, rx_recorded
        rsample = torch.distributions.Normal.rsample

        def eps_recorded(self, sample_shape=torch.Size()):     # Normal.rsample, keeping its standard-normal draw
            eps = torch.randn(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
            rec.eps.append(eps)
            return self.loc + eps * self.scale
        torch.distributions.Normal.rsample = eps_recorded

        def tx_snap(self):
            k = rec.txs.index(self)
            nets = {'sel': self.sel.net, **{f'en{m}': en.net for m, en in enumerate(self.ens)}}
            _snapshot(rec, f'tx{k}', nets)
            tx_update(self)
            rec.after.update({f'tx{k}.{n}': {a: b.detach().clone() for a, b in net.state_dict().items()} for n, net in nets.items()})

        def rx_snap(self):
            j = rec.rxs.index(self)
            _snapshot(rec, f'rx{j}', {'sel': self.sel.net, 'de': self.de.net, 'de_loc': self.de_loc.net})
            rec.__dict__.setdefault('em', {})[f'rx{j}'] = self.em.clone()
            rx_update(self)
            rec.stepped = True
            nets = {'sel': self.sel.net, 'de': self.de.net, 'de_loc': self.de_loc.net}
            rec.after.update({f'rx{j}.{n}': {a: b.detach().clone() for a, b in net.state_dict().items()} for n, net in nets.items()})
        modules.Transmitter.update, modules.Receiver.update = tx_snap, rx_snap
        argv = ['main.py', '--dataset', 'handwritten', '--epochs', str(epochs), '--seed', str(seed), '--log_freq', '1',
                '--sampling', 'opt', '--beta', '1e-3', '--lr_code', '1e-4', '--lr_sel', '5e-5', '--bs', '20']
        cwd, old_argv = os.getcwd(), sys.argv
        try:
            os.chdir(tmp); sys.argv = argv
            runpy.run_path(str(checkout / 'main.py'), run_name='__main__')
        finally:
            os.chdir(cwd); sys.argv = old_argv; object.__delattr__(train, 'batch')
            modules.Transmitter.update, modules.Receiver.update = tx_update, rx_update
            modules.Transmitter.select, modules.Receiver.select = tx_select, rx_select
            torch.distributions.Normal.rsample = rsample
        rec.tx_em = [[e.clone() for e in tx.em] for tx in rec.txs]
    return rec


# ---- their Base network <-> one copy of our StackedFFN ----
def _pairs(stack):
    "(our linear or norm, their key prefix) for a two-block StackedFFN and their `Base`."
    b0, b1 = stack.blocks
    return [(b0.fc1, 'layers.0.left.0'), (b0.fc2, 'layers.0.left.2'), (b0.shortcut, 'layers.0.shortcut.0'),
            (b0.norm, 'layers.1'), (b1.fc1, 'layers.2.left.0'), (b1.fc2, 'layers.2.left.2'),
            (b1.shortcut, 'layers.2.shortcut.0'), (b1.norm, 'layers.3'), (stack.head, 'layers.4')]


def load_copy(stack, i: int, sd: dict, rows, n_out: int):
    """Put their `Base` weights `sd` into copy `i` of `stack`: our first-layer input row `r` takes their row `rows[r]`
    (None: a row they do not have, set to zero); our head's first `n_out` outputs take theirs."""
    with torch.no_grad():
        for mod, key in _pairs(stack):
            if mod is None: continue
            w, b = sd[f'{key}.weight'], sd[f'{key}.bias']
            if mod is stack.blocks[0].fc1 or mod is stack.blocks[0].shortcut:
                full = torch.zeros(mod.weight.shape[1], w.shape[0])
                for r, t in enumerate(rows):
                    if t is not None: full[r] = w[:, t]
                mod.weight[i] = full; mod.bias[i, 0] = b
            elif w.ndim == 1:                                   # LayerNorm
                mod.weight[i, 0], mod.bias[i, 0] = w, b
            else:
                mod.weight[i, :, :w.shape[0]] = w.T; mod.bias[i, 0, :w.shape[0]] = b


def copy_of(stack, i: int, rows, n_out: int, grad: bool = True) -> dict:
    "Our gradients (or weights) of copy `i`, in their `Base` layout (their keys, their row order)."
    out = {}
    for mod, key in _pairs(stack):
        if mod is None: continue
        w, b = (mod.weight.grad, mod.bias.grad) if grad else (mod.weight.detach(), mod.bias.detach())
        g, gb = w[i], b[i, 0]
        if mod is stack.blocks[0].fc1 or mod is stack.blocks[0].shortcut:
            their = torch.zeros(g.shape[1], sum(t is not None for t in rows))
            for r, t in enumerate(rows):
                if t is not None: their[:, t] = g[r]
            out[f'{key}.weight'], out[f'{key}.bias'] = their, gb
        elif isinstance(mod, StackedLayerNorm):
            out[f'{key}.weight'], out[f'{key}.bias'] = g[0], gb
        else:
            n = n_out if mod is stack.head else g.shape[1]
            out[f'{key}.weight'], out[f'{key}.bias'] = g[:, :n].T, gb[:n]
    return out


def build_ours(rec: Record, topo, seed: int):
    "Our TADIB under the authors' profile, holding their weights and embeddings; with our configs."
    run = make_run('tadib', DATA('embedded'), 'paper', 'authors', dict(steps=1), seed).configured()
    model, cfg, limits = run.model, run.train, run.limits
    system = TADIB(topo, limits, model)
    d, E = model.feature_dim, topo.E
    rx_em = torch.stack([rec.em[f'rx{j}'] for j in range(topo.J)])
    with torch.no_grad():
        system.encoders.task_emb.copy_(rx_em); system.policy.request_emb.copy_(rx_em)
        system.unimodal.source_emb.copy_(torch.stack([rec.tx_em[k][m] for k, m, _ in topo.sources]))
    maps = {}
    for e, (k, m, mod) in enumerate(topo.sources):
        w = mod.dim
        rows = [w + r for r in range(d)] + [r for r in range(w)] + [None] * (system.encoders.net.in_dim - d - w)
        maps[f'tx{k}.en{m}'] = (system.encoders.net, e, rows, 2 * d)
    for j, t in enumerate(topo.tasks):
        maps[f'rx{j}.de'] = (system.decoders.net, j, list(range(E * d)) + [None] * (E if model.decoder_mask else 0), t.n_out)
        maps[f'rx{j}.de_loc'] = (system.unimodal.net, j, list(range(2 * d)), t.n_out)
        maps[f'rx{j}.sel'] = (system.policy.receivers, j, list(range(d)), system.policy.receivers.out_dim)
    for k in range(topo.K):
        maps[f'tx{k}.sel'] = (system.policy.transmitters, k, list(range(2 * d)), system.policy.transmitters.out_dim)
    for name, (stack, i, rows, n_out) in maps.items():
        load_copy(stack, i, rec.weights[name], rows, n_out)
    return system, cfg, maps


def replay_draw(rec: Record, system) -> Draw:
    "Their 20 selections as our `Draw`: sampled links and draw orders before the trim, executed links after."
    topo, G = system.topo, len(rec.draws)
    E, M_max = topo.E, max(topo.M)
    src = {(k, m): e for e, (k, m, _) in enumerate(topo.sources)}
    sampled = torch.zeros(G, topo.L, dtype=torch.bool); executed = torch.zeros_like(sampled)
    rx_order = torch.full((G, topo.J, topo.K), -1); tx_order = torch.full((G, topo.J, topo.K, M_max), -1)
    for g, events in enumerate(rec.draws):
        j = None
        for kind, who, items in events:
            if kind == 'rx':
                j = who
                for place, k in enumerate(items): rx_order[g, j, k] = place
            else:
                for place, m in enumerate(items):
                    tx_order[g, j, who, m] = place; sampled[g, j * E + src[(who, m)]] = True
        for j, per_tx in rec.executed[g].items():
            for k, ms in per_tx.items():
                for m in ms: executed[g, j * E + src[(k, m)]] = True
    dist = system.policy.distribution(torch.stack(rec.u))
    return Draw(sampled, executed, dist.log_prob(sampled, (rx_order, tx_order), per_receiver=True))


def compare(rec: Record, system, cfg, maps, shared_noise: bool = True) -> list[tuple]:
    "Replay their epoch through `train_step`; per network: (name, |ours|, |theirs|, gradient and update relative differences)."
    xb = torch.cat([b[0] for b in rec.batches]); yb = tuple(torch.cat(ys) for ys in zip(*[b[1] for b in rec.batches]))
    draw = replay_draw(rec, system)
    saved = trainer._draw_batches, system.draw, type(system.encoders).sample
    trainer._draw_batches = lambda data, cfg, gen: (xb, yb)
    system.draw = lambda *a, **k: draw
    if shared_noise:                       # their encoders' noise, in their order of calls = our order of (group, link)
        eps = torch.cat(rec.eps[:int(draw.executed.sum())])
        type(system.encoders).sample = staticmethod(lambda mu, std, generator=None: mu + std * eps.view(mu.shape))
    try:
        gens = (torch.Generator().manual_seed(0), torch.Generator().manual_seed(1))
        logs = train_step(system, None, cfg, _optimisers(system, cfg), gens)
    finally:
        trainer._draw_batches, system.draw, sample = saved
        type(system.encoders).sample = staticmethod(sample)
    rows = []
    flat = lambda d: torch.cat([d[k].flatten() for k in sorted(d)])
    for name, (stack, i, in_rows, n_out) in maps.items():
        a, b = flat(copy_of(stack, i, in_rows, n_out)), flat(rec.grads[name])
        if name.endswith('.sel'): b = b * min(1., cfg.clip_selection / (b.norm().item() + 1e-6))   # ours are clipped by now
        w0 = flat(rec.weights[name]); wa, wb = flat(copy_of(stack, i, in_rows, n_out, grad=False)) - w0, flat(rec.after[name]) - w0
        rows.append((name, a.norm().item(), b.norm().item(), ((a - b).norm() / b.norm().clamp_min(1e-12)).item(),
                     ((wa - wb).norm() / wb.norm().clamp_min(1e-12)).item()))
    return rows, logs


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--authors', required=True, help="a checkout of SamuChamp/pom2dib")
    p.add_argument('--source', default='embedded', choices=['full', 'embedded'])
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--epochs', type=int, default=1, help="compare their last epoch's step (their loop trains the ones before)")
    p.add_argument('--out', type=Path, default=None, help='also write the table to OUT/gradients_epoch<epochs>.md')
    args = p.parse_args(argv)
    checkout = check_checkout(args.authors)
    bench = load_data(DATA(args.source))
    torch.manual_seed(args.seed)
    rec = run_theirs(checkout, bench.train, bench.test, args.seed, args.epochs)
    system, cfg, maps = build_ours(rec, bench.train.topology, args.seed)
    rows, logs = compare(rec, system, cfg, maps)
    update = args.epochs == 1          # later, their AdamW carries moments ours (fresh) does not: updates differ by design
    text = (f"Step {args.epochs} of their loop (seed {args.seed}, {args.source} AV-MNIST, authors' profile), replayed by ours from "
            f"their weights and draws: hyz {logs['hyz']:.3f}, sum-rate {logs['sum_rate']:.1f}, links {logs['n_links']:.2f}.\n\n"
            "| network | gradient norm, ours | theirs | relative difference |" + (" update: relative difference |" if update else "")
            + "\n|---|---|---|---|" + ("---|" if update else "") + "\n"
            + ''.join(f"| {name} | {a:.4g} | {b:.4g} | {rel:.2g} |" + (f" {upd:.2g} |" if update else "") + "\n"
                      for name, a, b, rel, upd in rows))
    print(text)
    if args.out: atomic_write_text(Path(args.out) / f'gradients_epoch{args.epochs}.md', text)


if __name__ == '__main__':
    main()
