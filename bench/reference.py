"""The per-link loop: TADIB's forward pass written the straightforward way, one small network call per link, per
(group, task) and per link again for the unimodal decoders, as the authors' code does. It reads the same parameters
as `tadib.trainer.TADIB` and computes the same math, so it is both the reference `tests/test_bench_reference.py`
checks our batched `TADIB.terms` against (loss and gradients) and the baseline `bench/step_speed.py` times."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from tadib.nets import StackedFFN, StackedLinear
from tadib.trainer import RATE_ESTIMATES, TADIB, LinkTerms, task_loss


def linear(layer: StackedLinear, x: torch.Tensor, copy: int) -> torch.Tensor:
    "Copy `copy` of a stacked affine map on `x (N, in)`."
    out = x @ layer.weight[copy]
    return out if layer.bias is None else out + layer.bias[copy, 0]


def ffn(net: StackedFFN, x: torch.Tensor, copy: int, first=linear) -> torch.Tensor:
    "Copy `copy` of the base network on `x`; `first(layer, x, copy)` applies the layers that read the input."
    for i, block in enumerate(net.blocks):
        read = first if i == 0 else linear
        skip = x if block.shortcut is None else read(block.shortcut, x, copy)
        h = F.relu(linear(block.fc2, F.relu(read(block.fc1, x, copy)), copy) + skip)
        x = F.layer_norm(h, h.shape[-1:]) * block.norm.weight[copy, 0] + block.norm.bias[copy, 0]
    return linear(net.head, x, copy)


class LoopTADIB(TADIB):
    "`TADIB` whose `terms` loop over links in Python; load a `TADIB`'s state dict to compare the two."

    def terms(self, xb, yb, links, rate='mixture', unimodal=True, generator=None, detach_unimodal=False) -> LinkTerms:
        G, E, N, D = xb.shape
        topo, d, enc = self.topo, self.model.feature_dim, self.encoders
        pairs = links.nonzero()
        eps = torch.randn((len(pairs), N, d), generator=generator, device=xb.device, dtype=xb.dtype)
        feats = [[[None] * E for _ in range(topo.J)] for _ in range(G)]
        mus, stds, us = [], [], []
        for p, (g, l) in enumerate(pairs.tolist()):
            e, j = l % E, l // E
            x = torch.cat([enc.task_emb[j].expand(N, d), xb[g, e, :, :topo.sources[e][2].dim]], -1)   # [embedding, values]
            def read(layer, x, copy):        # the input layers: the rows of this source's width only
                return x @ layer.weight[copy, :x.shape[1]] + layer.bias[copy, 0]
            mu, raw = ffn(enc.net, x, e, read).split(d, -1)
            std = F.softplus(raw - enc.std_shift) if enc.stochastic else torch.zeros_like(mu)
            u = mu + std * eps[p]
            feats[g][j][e] = u; mus.append(mu); stds.append(std); us.append(u)
        zeros, outputs, ce = xb.new_zeros(N, d), [[None] * G for _ in topo.tasks], xb.new_zeros(G, topo.J)
        for g in range(G):
            for j, task in enumerate(topo.tasks):
                present = [f is not None for f in feats[g][j]]
                inp = torch.cat([f if f is not None else zeros for f in feats[g][j]] + [xb.new_tensor(present).expand(N, E)], -1)
                out = ffn(self.decoders.net, inp, j)[:, :task.n_out]
                outputs[j][g] = out
                ce[g, j] = task_loss(out[None], yb[j][g][None], task)[0]
        ce_uni, r = xb.new_zeros(len(pairs)), xb.new_zeros(len(pairs))
        for p, (g, l) in enumerate(pairs.tolist()):
            e, j = l % E, l // E
            if unimodal:
                u = us[p].detach() if detach_unimodal else us[p]
                out = ffn(self.unimodal.net, torch.cat([u, self.unimodal.source_emb[e].expand(N, d)], -1), j)
                ce_uni[p] = task_loss(out[None], yb[j][g][None], topo.tasks[j])[0]
            if rate: r[p] = RATE_ESTIMATES[rate](mus[p][None], stds[p][None], us[p][None], generator)[0]
        return LinkTerms(pairs, ce, ce_uni, r, [torch.stack(o) for o in outputs])
