"""End to end: the README's main command on the embedded default, through papermill."""
import json

from cli import reproduce


def test_quick_synthetic_run_writes_results_and_resumes(tmp_path):
    first = reproduce('--quick', '--only', 'synthetic', '--out', str(tmp_path), cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    out = tmp_path / 'synthetic'
    for name in ('synthetic.ipynb', 'metrics.md', 'metrics.csv', 'selection.md', 'tadib/seed0.json',
                 'selection_heatmap.png', 'training_curves.png', 'done.json'):
        assert (out / name).stat().st_size > 0, name
    record = json.loads((out / 'tadib' / 'seed0.json').read_text())
    assert record['params']['method'] == 'tadib' and record['environment']['device'] == 'cpu'
    assert len(record['history']['step']) == 300
    assert not any(':Tx' in name and name.endswith('.N') for name in record['metrics']['links']), record['metrics']['links']
    assert min(record['metrics'][f'top1_{t}'] for t in ('b0', 'b2', 'code')) > 0.9

    again = reproduce('--quick', '--only', 'synthetic', '--out', str(tmp_path), cwd=tmp_path)
    assert again.returncode == 0 and 'up to date' in again.stdout, again.stdout + again.stderr


def test_bad_arguments_are_reported(tmp_path):
    bad = reproduce('--only', 'no_such_experiment', cwd=tmp_path)
    assert bad.returncode == 2 and 'no_such_experiment' in bad.stderr
