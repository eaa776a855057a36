"""The quick run end to end, one test per experiment of `tadib-reproduce --list` that runs without MM-Fi: each makes its
tables and figures at its own quick settings (their own checks run in the notebooks), within the CPU time it
declares; and the declared times together fit the main job's ten minutes on two cores."""
import json

import pandas as pd
import pytest

from tadib.config import METHODS
from tadib.reproduce import EXPERIMENTS, QUICK_WORKERS

from quick import quick

#: the methods of the paper's Table I, in its order
PAPER_METHODS = ('tadib', 'tadib_nocr', 'rsdib', 'midib', 'vddib', 'dlsc')
#: the main job on a fresh clone of the 2-core box, set-up included, and what its set-up takes there
MAIN_JOB_SECONDS, SETUP_SECONDS = 600, 90


def files_exist(folder, names):
    for name in names: assert (folder / name).stat().st_size > 0, folder / name


def test_declared_times_fit_the_main_job():
    shown = [e for e in EXPERIMENTS if e.quick and not e.needs]
    assert all(e.seconds > 0 for e in shown), [e.name for e in shown if not e.seconds]
    chain = {e.name: e.seconds + (next(a.seconds for a in shown if a.name == e.after) if e.after else 0) for e in shown}
    share = sum(e.seconds for e in shown) / QUICK_WORKERS
    assert SETUP_SECONDS + max(share, *chain.values()) <= MAIN_JOB_SECONDS, (share, chain)


@pytest.mark.long(40)
def test_lr_ratio(tmp_path):
    out, = quick(tmp_path, 'lr_ratio')
    files_exist(out, ['table3.md', 'table3.csv', 'fig6_log_likelihood.png', 'ratio=0.0625/tadib/seed0.json'])
    table = pd.read_csv(out / 'table3.csv', index_col='ratio')
    assert list(table.index) == ['1/16', '1/8', '1/4', '1/2', '1', '2', '4']
    assert table.loc['1/2', 'sum_rate (paper)'] == 165.08
    record = json.loads((out / 'ratio=4' / 'tadib' / 'seed0.json').read_text())
    assert record['params']['train']['lr_selection'] == 4 * record['params']['train']['lr_coding']
    assert len(record['history']['surrogate']) == 70


@pytest.mark.long(45)
def test_selection(tmp_path):
    out, = quick(tmp_path, 'selection')
    files_exist(out, ['selection_summary.md', 'fig7_selection_cr.png', 'fig8_selection_nocr.png', 'fig9_hard_limits.png',
                      'fig11_soft_limits.png', 'fig13_no_limits.png', 'fig14_no_limits_beta0.png'])
    records = {tag: json.loads((out / tag / method / 'seed0.json').read_text()) for tag, method in
               [('cr', 'tadib'), ('nocr', 'tadib_nocr'), ('soft', 'tadib'), ('free_beta0', 'tadib')]}
    assert records['nocr']['params']['model']['common_randomness'] is False
    assert records['soft']['params']['limits'] == {'receiver': None, 'transmitter': None, 'budget': None}
    assert records['soft']['params']['train']['sparsity'] == 0.02
    assert max(records['cr']['history']['n_links_max']) <= 8      # no group of any step executes more than 8 links
    assert max(records['free_beta0']['history']['n_links']) > 8   # without limits they are exceeded


@pytest.mark.long(60)
def test_rate_relevance(tmp_path):
    out, = quick(tmp_path, 'rate_relevance')
    files_exist(out, ['fig4_rate_relevance.png', 'fig4_rate_relevance.csv', 'fig5_information_plane.png', 'fig5_information_plane.md'])
    curve = pd.read_csv(out / 'fig4_rate_relevance.csv')
    assert sorted(curve.label.unique()) == sorted(METHODS[m].label for m in PAPER_METHODS)
    assert len(curve) == 5 * 2 + 1                                # two betas for each method, one DLSC point


@pytest.mark.long(75)
def test_methods_avmnist_both_profiles(tmp_path):
    "Quick Table I under our profile and the authors', side by side, with the differences table."
    out, = quick(tmp_path, 'methods_avmnist')
    files_exist(out, ['ours/table1.md', 'table1_profiles.md', 'profile_differences.md', 'authors/table1.md', 'authors/table2.md',
                      'authors/selections.png', 'authors/generalisation.md', 'ours/generalisation.md'])
    side = pd.read_csv(out / 'table1_profiles.csv', index_col=0)
    assert list(side.columns[:5]) == ['sum_rate (paper)', 'sum_rate (train, ours)', 'sum_rate (test, ours)',
                                      'sum_rate (train, authors)', 'sum_rate (test, authors)']   # the paper's, then each profile's two measures
    assert list(side.index) == [METHODS[m].label for m in (*PAPER_METHODS, 'tadib_explore')]
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


@pytest.mark.long(30)
def test_methods_synthetic(tmp_path):
    out, = quick(tmp_path, 'methods_synthetic')
    files_exist(out, ['ours/table1.md', 'ours/table2.md', 'ours/generalisation.md'])
    assert len(pd.read_csv(out / 'ours' / 'table1.csv', index_col=0)) == 7     # six methods and ours


@pytest.mark.long(100)
def test_synergy(tmp_path):
    out, = quick(tmp_path, 'synergy')
    files_exist(out, ['paper_benchmarks.md', 'paper_benchmarks.csv'])
    assert len(list((out / 'pair').glob('*/*/seed0.json'))) == 7                # every variant of the pair network
