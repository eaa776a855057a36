"""The AV-MNIST figure notebooks end to end through tadib-reproduce: lr_ratio at its quick defaults,
selection and rate_relevance shortened with --set (their own checks still run)."""
import json

import pandas as pd

from cli import reproduce_quick


def files_exist(folder, names):
    for name in names: assert (folder / name).stat().st_size > 0, folder / name


def test_lr_ratio_quick(tmp_path):
    run = reproduce_quick('--only', 'lr_ratio', out=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'lr_ratio'
    files_exist(out, ['table3.md', 'table3.csv', 'fig6_log_likelihood.png', 'ratio=0.0625/tadib/seed0.json'])
    table = pd.read_csv(out / 'table3.csv', index_col='ratio')
    assert list(table.index) == ['1/16', '1/8', '1/4', '1/2', '1', '2', '4']
    assert table.loc['1/2', 'sum_rate (paper)'] == 165.08
    record = json.loads((out / 'ratio=4' / 'tadib' / 'seed0.json').read_text())
    assert record['params']['train']['lr_selection'] == 4 * record['params']['train']['lr_coding']
    assert len(record['history']['surrogate']) == 150


def test_selection_short(tmp_path):
    run = reproduce_quick('--only', 'selection', '--set', 'steps=40', 'groups=8', out=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'selection'
    files_exist(out, ['selection_summary.md', 'fig7_selection_cr.png', 'fig8_selection_nocr.png', 'fig9_hard_limits.png',
                      'fig11_soft_limits.png', 'fig13_no_limits.png', 'fig14_no_limits_beta0.png'])
    records = {tag: json.loads((out / tag / method / 'seed0.json').read_text()) for tag, method in
               [('cr', 'tadib'), ('nocr', 'tadib_nocr'), ('soft', 'tadib'), ('free_beta0', 'tadib')]}
    assert records['nocr']['params']['model']['common_randomness'] is False
    assert records['soft']['params']['limits'] == {'receiver': None, 'transmitter': None, 'budget': None}
    assert records['soft']['params']['train']['sparsity'] == 0.02
    assert max(records['cr']['history']['n_links_max']) <= 8      # no group of any step executes more than 8 links
    assert max(records['free_beta0']['history']['n_links']) > 8   # without limits they are exceeded


def test_rate_relevance_short(tmp_path):
    run = reproduce_quick('--only', 'rate_relevance', '--set', "methods=['tadib','vddib','dlsc']", 'betas=[0.,1.]',
                          'plane_betas=[0.,1e-3]', 'steps=40', 'groups=4', out=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'rate_relevance'
    files_exist(out, ['fig4_rate_relevance.png', 'fig4_rate_relevance.csv', 'fig5_information_plane.png', 'fig5_information_plane.md'])
    curve = pd.read_csv(out / 'fig4_rate_relevance.csv')
    assert sorted(curve.label.unique()) == ['DLSC', 'TADIB', 'VDDIB']
    assert len(curve) == 5                                        # two betas for TADIB and VDDIB, one DLSC point
    assert (out / 'tadib-beta=0.001' / 'tadib' / 'seed0.json').exists()   # Fig. 5's extra beta
