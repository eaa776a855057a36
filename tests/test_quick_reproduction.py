"""End to end: the README's main command on the embedded default, through papermill."""
import json

import pytest
import torch

from cli import reproduce
from quick import quick
from tadib.policy import is_feasible
from tadib.synthetic import synthetic_topology
from tadib.topology import Limits


@pytest.mark.long(73)
def test_quick_synthetic_run_writes_results_and_resumes(tmp_path):
    out, = quick(tmp_path, 'synthetic')
    for name in ('synthetic.ipynb', 'metrics.md', 'metrics.csv', 'selection.md', 'tadib/seed0.json',
                 'selection_heatmap.png', 'training_curves.png', 'done.json'):
        assert (out / name).stat().st_size > 0, name
    record = json.loads((out / 'tadib' / 'seed0.json').read_text())
    assert record['params']['method'] == 'tadib' and record['environment']['device'] == 'cpu'
    assert len(record['history']['step']) == 300 and len(record['history']['n_links_max']) == 300
    # What holds for any seed (which links a seed keeps is a rate over seeds, tested in nbs/20_api.ipynb): the
    # limits hold in every group of every step and at inference, and every task is learned well above chance
    # (measured over seeds 0-19: top-1 at least 0.95 / 0.97 / 0.46 on b0 / b2 / code; chance 0.5 / 0.5 / 0.125).
    assert max(record['history']['n_links_max']) <= 8
    topo = synthetic_topology()
    selection = torch.tensor(record['selection']).bool()
    assert is_feasible(selection[None], topo, Limits()).all() and record['metrics']['n_links'] == int(selection.sum())
    assert record['metrics']['links'] == [name for name, on in zip(topo.link_names(), selection.tolist()) if on]
    for task, chance in (('b0', 0.5), ('b2', 0.5), ('code', 0.125)):
        assert record['metrics'][f'top1_{task}'] > chance + 0.2, record['metrics']

    again = reproduce('--quick', '--only', 'synthetic', '--out', str(tmp_path), cwd=tmp_path)
    assert again.returncode == 0 and 'up to date' in again.stdout, again.stdout + again.stderr


def test_bad_arguments_are_reported(tmp_path):
    bad = reproduce('--only', 'no_such_experiment', cwd=tmp_path)
    assert bad.returncode == 2 and 'no_such_experiment' in bad.stderr
