"""The AV-MNIST figure notebooks end to end through tadib-reproduce: lr_ratio at its quick defaults but three of
the seven ratios, selection and rate_relevance shortened with --set (their own checks still run)."""
import json

import pandas as pd
import pytest

from cli import reproduce_quick


def files_exist(folder, names):
    for name in names: assert (folder / name).stat().st_size > 0, folder / name


@pytest.mark.long(67)
def test_lr_ratio_quick(tmp_path):
    run = reproduce_quick('--only', 'lr_ratio', '--set', 'ratios=[0.0625, 0.5, 4]', out=tmp_path)   # both ends and 1/2
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'lr_ratio'
    files_exist(out, ['table3.md', 'table3.csv', 'fig6_log_likelihood.png', 'ratio=0.0625/tadib/seed0.json'])
    table = pd.read_csv(out / 'table3.csv', index_col='ratio')
    assert list(table.index) == ['1/16', '1/2', '4']
    assert table.loc['1/2', 'sum_rate (paper)'] == 165.08
    record = json.loads((out / 'ratio=4' / 'tadib' / 'seed0.json').read_text())
    assert record['params']['train']['lr_selection'] == 4 * record['params']['train']['lr_coding']
    assert len(record['history']['surrogate']) == 150


@pytest.mark.long(71)
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


@pytest.mark.long(47)
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


@pytest.mark.long(52)
def test_methods_avmnist_both_profiles_short(tmp_path):
    "Quick Table I under our profile and the authors', side by side, with the differences table."
    run = reproduce_quick('--only', 'methods_avmnist', '--set', "methods=['tadib','rsdib','dlsc']", 'steps=20', 'groups=8',
                          out=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'methods_avmnist'
    files_exist(out, ['ours/table1.md', 'table1_profiles.md', 'profile_differences.md', 'authors/table1.md', 'authors/table2.md',
                      'authors/selections.png', 'authors/generalisation.md', 'ours/generalisation.md'])
    side = pd.read_csv(out / 'table1_profiles.csv', index_col=0)
    assert list(side.columns[:5]) == ['sum_rate (paper)', 'sum_rate (train, ours)', 'sum_rate (test, ours)',
                                      'sum_rate (train, authors)', 'sum_rate (test, authors)']   # the paper's, then each profile's two measures
    assert list(side.index) == ['TADIB', 'RS-DIB', 'DLSC', 'TADIB + exploration (ours)']     # ours: under our profile only
    assert (out / 'ours' / 'tadib_explore' / 'seed0.json').exists() and not (out / 'authors' / 'tadib_explore').exists()
    auth = json.loads((out / 'authors' / 'tadib' / 'seed0.json').read_text())['params']
    ours = json.loads((out / 'ours' / 'tadib' / 'seed0.json').read_text())['params']
    assert (auth['data']['profile'], ours['data']['profile']) == ('authors', 'ours')
    assert (auth['train']['credit'], auth['limits']['budget'], ours['limits']['budget']) == ('per_receiver', None, 8)
    rs = json.loads((out / 'authors' / 'rsdib' / 'seed0.json').read_text())['history']['marginals']
    assert all(row == rs[0] for row in rs)                    # the authors' RS-DIB keeps one selection
    assert 'pairing' in (out / 'profile_differences.md').read_text()
    gap = (out / 'ours' / 'generalisation.md').read_text()
    assert 'nce (train)' in gap and 'gap (train - test)' in gap and 'TADIB + exploration (ours)' in gap and 'missing' not in gap
