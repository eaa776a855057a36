"""bench/reference.py's per-link loop and our batched TADIB.terms compute the same loss and the same gradients
(in float64, to rounding), so the speed-ups bench/step_speed.py prints compare the same math."""
import os, sys
from pathlib import Path
from unittest.mock import patch

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'bench'))
from reference import LoopTADIB                                          # noqa: E402
from tadib.benchmarks import load_benchmark                              # noqa: E402
from tadib.mmfi import write_fixture                                     # noqa: E402
from tadib.topology import Limits                                        # noqa: E402
from tadib.trainer import TADIB                                          # noqa: E402
from tadib.config import ModelConfig                                     # noqa: E402


def loss_and_grads(system, xb, yb, links, beta):
    system.zero_grad()
    terms = system.terms(xb, yb, links, 'mixture', beta > 0, torch.Generator().manual_seed(2))
    loss = terms.objective(beta).mean()
    loss.backward()
    return terms, loss, {n: p.grad for n, p in system.named_parameters() if not n.startswith('policy.')}


def check_same(bench, density, beta, model=ModelConfig(8, 8, (32, 16)), G=3, N=10):
    topo = bench.train.topology
    torch.manual_seed(0)
    ours = TADIB(topo, Limits(), model).double()
    loop = LoopTADIB(topo, Limits(), model).double()
    loop.load_state_dict(ours.state_dict())
    xb, yb = bench.train.batch(torch.randint(0, len(bench.train), (G, N), generator=torch.Generator().manual_seed(1)))
    xb, yb = xb.double(), tuple(y.double() if y.is_floating_point() else y for y in yb)
    links = torch.rand(G, topo.L, generator=torch.Generator().manual_seed(3)) < density
    (a, la, ga), (b, lb, gb) = (loss_and_grads(s, xb, yb, links, beta) for s in (ours, loop))
    torch.testing.assert_close(lb, la, rtol=1e-10, atol=1e-10)
    for name in ('ce', 'ce_uni', 'rate'): torch.testing.assert_close(getattr(b, name), getattr(a, name), rtol=1e-10, atol=1e-10)
    for o, p in zip(a.outputs, b.outputs): torch.testing.assert_close(p, o, rtol=1e-10, atol=1e-10)
    assert ga.keys() == gb.keys()
    for name in ga:
        if ga[name] is None: assert gb[name] is None, name
        else: torch.testing.assert_close(gb[name], ga[name], rtol=1e-8, atol=1e-10, msg=name)
    return links


@pytest.mark.parametrize('density', [0.3, 1.0])
def test_avmnist_same_loss_and_grads(density):
    links = check_same(load_benchmark('avmnist'), density, beta=1e-2)      # sources of 196 and 512 values
    assert 0 < links.sum() <= links.numel()


def test_beta_zero_and_pose(tmp_path):
    check_same(load_benchmark('synthetic', n=200), 0.5, beta=0.)
    with patch.dict(os.environ, {'TADIB_MMFI': str(write_fixture(tmp_path / 'mmfi', frames=2)), 'TADIB_CACHE': str(tmp_path)}):
        check_same(load_benchmark('mmfi', source='P3-S1'), 0.3, beta=1e-3)   # pose regression, 27 and 4 classes
