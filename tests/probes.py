"""Bad input, half-written data and interrupted runs: each probe feeds tadib one and says what happened.

`run_probe` returns the outcome as one line: `error: <type>: <message>`, `exit <code>: <what the command printed>`,
or `ok: <what came out>`. `tests/test_probes.py` checks each outcome against what it must be (`Probe.expect`);
`bench/probes.py` prints the table of outcomes, and with `--base <commit>` the outcomes of that commit beside them.
Every probe works in the temporary folder it is given, and nothing outlives it."""
import contextlib, io, json, os, stat, sys, time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from unittest.mock import patch

import numpy as np

SHARED = Path(os.environ.get('TADIB_DATA') or Path(__file__).resolve().parents[2] / 'shared' / 'data')


@dataclass(frozen=True)
class Probe:
    area: str
    what: str                        # the input, in words
    run: Callable[[Path], object]    # feeds it; returns what came out (or raises, or returns an exit status)
    expect: str                      # text the outcome must contain
    needs_data: bool = False         # the raw MNIST/FSDD files


def run_probe(probe: Probe, tmp: Path) -> str:
    "The outcome of `probe` in the folder `tmp`, as one line."
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            out = probe.run(tmp)
    except SystemExit as e:
        return f"exit {e.code}: {_last(err.getvalue())}"
    except Exception as e:
        return f"error: {type(e).__name__}: {_one_line(str(e))}"
    if isinstance(out, Exit): return f"exit {out.code}: {_last(err.getvalue()) or out.said}"
    return f"ok: {_one_line(str(out))}"


@dataclass
class Exit:
    "What a command's `main` returned, and what it printed on stdout."
    code: int
    said: str = ''


def _one_line(text: str, width: int = 400) -> str:
    text = ' '.join(text.split())
    return text if len(text) <= width else text[:width - 3] + '...'


def _last(text: str) -> str:
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return _one_line(lines[-1]) if lines else ''


def _cli(main, *argv) -> Exit:
    out = io.StringIO()
    with contextlib.redirect_stdout(out): code = main(list(argv))
    return Exit(code, _last(out.getvalue()))


# --- the probes -------------------------------------------------------------------------------------------------------

def _xy(n=60, seed=0):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    return [{'a': rng.normal(size=(n, 4)) + y[:, None]}], y


def _tiny():
    from tadib.config import Run
    return Run().but(receiver=1, transmitter=1, budget=None, feature_dim=2, cr_dim=2, hidden=(8,), steps=2, groups=2, batch=8)


def _fit(modalities, targets, **kw):
    from tadib.api import fit
    from tadib.config import Runtime
    res = fit(modalities, targets, _tiny(), runtime=Runtime(progress=False), **kw)
    return ', '.join(f'{t.name}: {t.kind} {t.n_out}' for t in res.system.topo.tasks)


def _arrays(modalities, targets, **kw):
    from tadib.api import dataset_from_arrays
    d = dataset_from_arrays(modalities, targets, **kw)
    return ', '.join(f'{t.name}: {t.kind} {t.n_out}' for t in d.topology.tasks)


def _fit_data_sets(train_y, test_y, test_width=4):
    from tadib.api import dataset_from_arrays, fit_data
    from tadib.config import Runtime
    rng = np.random.default_rng(0)
    tr = dataset_from_arrays([{'a': rng.normal(size=(len(train_y), 4))}], {'y': train_y})
    te = dataset_from_arrays([{'a': rng.normal(size=(len(test_y), test_width))}], {'y': test_y})
    return fit_data(tr, te, _tiny(), Runtime(progress=False)).metrics['nce']


def _run_cli(*argv):
    from tadib.grid import main
    return _cli(main, '--method', 'tadib', '--n', '200', '--preset', 'quick', '--quiet', *argv)


def _diverging(tmp):
    return _run_cli('--out', str(tmp), '--set', 'lr_coding=1e9', 'steps=30', 'groups=2', 'hidden=[8]')


def _reproduce(*argv):
    from tadib.reproduce import main
    return _cli(main, *argv)


def _small_run():
    from tadib.config import Run, DataSpec
    return Run('tadib', DataSpec('synthetic', n=200)).but(feature_dim=2, cr_dim=2, hidden=(8,), steps=3, groups=2, batch=8)


def _record(tmp, edit=None):
    "A record of a tiny run in `tmp`, then edited by `edit(dict)`, then asked for again."
    from tadib.records import run_method
    from tadib.config import Runtime
    path = tmp / 'r' / 'seed0.json'
    run_method(_small_run(), path, Runtime(progress=False))
    if edit is not None:
        rec = json.loads(path.read_text())
        path.write_text(json.dumps(edit(rec)))
    return f"read back: nce {run_method(_small_run(), path, Runtime(progress=False))['metrics']['nce']:.3f}"


def _other_settings(tmp):
    "The data lost of issue 46: a record, then a run with other settings asked for at the same path."
    _run_cli('--out', str(tmp), '--set', 'steps=4', 'groups=2', 'hidden=[8]')
    first = json.loads((tmp / 'tadib' / 'seed0.json').read_text())['params']['train']['steps']
    _run_cli('--out', str(tmp), '--set', 'steps=3', 'groups=2', 'hidden=[8]')
    kept = json.loads((tmp / 'tadib' / 'seed0.json').read_text())['params']['train']['steps']
    files = sorted(p.name for p in (tmp / 'tadib').glob('*.json'))
    return f"seed0.json holds steps={kept} (first {first}); {len(files)} records: {files}"


def _pandas_orders():
    "A frame and a series of the same samples in opposite orders: paired by index, not position."
    import pandas as pd
    x, y = _xy()
    frame = pd.DataFrame(x[0]['a'], index=[f's{i}' for i in range(len(y))])
    from tadib.api import dataset_from_arrays
    d = dataset_from_arrays([{'a': frame}], {'y': pd.Series(y, index=frame.index)[::-1]})
    return f"labels in the frame's order: {d.y[0].tolist() == y.tolist()}"


def _foreign_checkpoint(tmp):
    "A valid torch file of another shape where a run's checkpoint should be."
    import torch
    from tadib.records import run_method
    from tadib.config import Runtime
    run = _small_run().configured()
    path = tmp / 'r' / 'seed0.json'
    path.parent.mkdir(parents=True)
    torch.save({'weights': torch.zeros(3)}, path.with_name(f'seed0.{run.digest(run.checkpoint_key())}.ckpt'))
    return run_method(run, path, Runtime(progress=False))


def _disk_full_at(tmp, target: str):
    "A run whose checkpoint (`target='checkpoint'`) or record ('record') meets a full disk; then the same run once there is room."
    import errno
    from tadib import records, runs
    from tadib.config import Runtime
    path = tmp / 'r' / 'seed0.json'
    real = runs.tempfile.mkstemp
    def full(*args, **kwargs):                   # the file `target` names cannot be written
        if kwargs['prefix'].endswith('.ckpt.' if target == 'checkpoint' else '.json.'): raise OSError(errno.ENOSPC, 'No space left on device')
        return real(*args, **kwargs)
    with patch.object(runs.tempfile, 'mkstemp', full):
        try: records.run_method(_small_run(), path, Runtime(progress=False), every=2)
        except OSError as e: said = str(e)
    left = [p.name.split('.')[-1] for p in path.parent.glob('*.ckpt')]
    again = records.run_method(_small_run(), path, Runtime(progress=False))
    return f"{said} | checkpoints left: {left}; run again: {len(again['history']['step'])} steps"


def _read_only_out(tmp):
    "A folder the process may not write in (simulated: this process runs as root, whom permissions do not stop)."
    from tadib import runs
    def refuse(src, dst): raise PermissionError(13, 'Permission denied', str(dst))
    with patch.object(runs.os, 'replace', refuse):
        return _run_cli('--out', str(tmp / 'ro'), '--set', 'steps=2', 'groups=2', 'hidden=[8]')


def _out_is_a_file(tmp):
    (tmp / 'f').write_text('')
    return _run_cli('--out', str(tmp / 'f'))


def _no_raw_data(tmp):
    env = {k: v for k, v in os.environ.items() if k != 'TADIB_DATA'}
    with patch.dict(os.environ, {**env, 'TADIB_CACHE': str(tmp / 'cache')}, clear=True):
        return _reproduce('--full', '--hours', '0.01', '--only', 'methods_avmnist', '--out', str(tmp / 'out'))


def _grad_tensor():
    import torch
    return _arrays([{'a': torch.zeros(60, 2, requires_grad=True)}], {'y': _xy()[1]})


def _worker_home_unwritable(tmp):
    "A Dask worker whose cache cannot be made (a file where its folder should be: unwritable even for root)."
    from tadib.grid import worker_checkpoint
    (tmp / 'home').write_text('')
    with patch.dict(os.environ, {'TADIB_CACHE': str(tmp / 'home' / 'cache')}):
        return worker_checkpoint(_small_run())


def _worker_threads():
    "The threads a Dask worker takes on a 2-core machine of two workers, under OMP_NUM_THREADS=1."
    from tadib.grid import _thread_shares, thread_limit
    from tadib.config import Runtime
    class Client:
        def run(self, f): return {'w1': ('host', (0, 1, 2, 3)), 'w2': ('host', (0, 1, 2, 3))}
    with patch.dict(os.environ, {'OMP_NUM_THREADS': '1'}):
        return f"threads per worker: {_thread_shares(Client(), thread_limit(Runtime()))}"


def _tamper(rec):
    rec['metrics']['nce'] = 0.
    return rec


def _mode(tmp):
    from tadib.runs import write_json
    old = os.umask(0o022)
    try: write_json(tmp / 'r.json', {'a': 1})
    finally: os.umask(old)
    return f"mode {stat.S_IMODE((tmp / 'r.json').stat().st_mode):o} under umask 022"


def _stale_tmp(tmp):
    from tadib.runs import write_json
    left = tmp / '.r.json.abc123.tmp'
    left.write_text('{"half')
    os.utime(left, (time.time() - 3600,) * 2)
    write_json(tmp / 'r.json', {'a': 1})
    return 'left-over temporary removed' if not left.exists() else 'left-over temporary still there'


def _two_configs(tmp):
    "A run stopped by its budget, then another configuration in the same folder: is the first one's checkpoint kept?"
    from tadib.records import run_method
    from tadib.config import Runtime
    path = tmp / 'r' / 'seed0.json'
    run_method(_small_run(), path, Runtime(progress=False), seconds=0.)
    run_method(_small_run().but(beta=0.5), path, Runtime(progress=False))
    left = sorted(p.name for p in path.parent.glob('*.ckpt'))
    return f"{len(left)} checkpoint(s) left: the first run's {'kept' if left else 'deleted'}"


def _more_steps(tmp):
    "A run stopped by its budget after one step, then asked for 6 steps: how many steps does the second call train?"
    import tadib.trainer as trainer
    from tadib.records import run_method
    from tadib.config import Runtime
    quiet, calls, real = Runtime(progress=False), [], trainer.train_step
    run_method(_small_run(), tmp / 'a' / 'seed0.json', quiet, seconds=0.)
    with patch.object(trainer, 'train_step', lambda *a, **k: calls.append(1) or real(*a, **k)):
        went_on = run_method(_small_run().but(steps=6), tmp / 'a' / 'seed0.json', quiet)
    straight = run_method(_small_run().but(steps=6), tmp / 'b' / 'seed0.json', quiet)
    same = went_on['history']['loss'] == straight['history']['loss']
    return f"{len(calls)} of 6 steps trained again, {'the same record as' if same else 'unlike'} a straight 6-step run"


def _embedded(tmp, change):
    from tadib.avmnist import EMBEDDED, load_embedded
    path = tmp / 'copy.npz'
    change(path, EMBEDDED)
    return f"{len(load_embedded('test', path))} samples loaded"


def _truncate(path, src): path.write_bytes(src.read_bytes()[:100_000])


def _shuffle(path, src):
    with np.load(src) as z: arrays = {k: z[k] for k in z.files}
    np.savez(path, **{**arrays, 'test_digit': arrays['test_digit'][::-1]})


def _shorten(path, src):
    with np.load(src) as z: arrays = {k: z[k] for k in z.files}
    np.savez(path, **{**arrays, 'test_B': arrays['test_B'][:-1]})


def _truncated_gz(tmp):
    import gzip
    from tadib.readers import read_idx
    raw = bytes([0, 0, 0x08, 1]) + np.array([100], '>u4').tobytes() + bytes(range(100))
    (tmp / 'x.idx.gz').write_bytes(gzip.compress(raw)[:-10])
    return read_idx(tmp / 'x.idx.gz').shape


def _tadib_data_truncated(tmp):
    from tadib.datafiles import main
    (tmp / 'mnist').mkdir(); (tmp / 'fsdd').mkdir()
    for f in (SHARED / 'mnist').glob('*.gz'): (tmp / 'mnist' / f.name).symlink_to(f)
    (tmp / 'fsdd' / 'recordings').symlink_to(SHARED / 'fsdd' / 'recordings')
    cut = tmp / 'mnist' / 'train-images-idx3-ubyte.gz'
    data = cut.read_bytes(); cut.unlink(); cut.write_bytes(data[:1000])
    with patch.dict(os.environ, {'TADIB_DATA': str(tmp), 'TADIB_CACHE': str(tmp / 'cache')}):
        return _cli(lambda argv: main())


def _fsdd_partial(tmp):
    import tadib.datafiles as df
    partial = tmp / 'fsdd' / 'recordings'; partial.mkdir(parents=True)
    (partial / '0_a_0.wav').write_bytes(b'x')
    fetched = []
    def offline(): fetched.append(1); raise ConnectionError('offline')
    with patch.dict(os.environ, {'TADIB_CACHE': str(tmp)}), patch.object(df, '_download_fsdd', offline):
        try: df.fsdd_dir(download=True, roots=[tmp])
        except ConnectionError: pass
    return 'fetched again' if fetched else 'not fetched'


def _dlsc_small_test():
    from tadib.api import dataset_from_arrays, fit_data
    from tadib.config import Runtime
    modalities, y = _xy(60)
    tr = dataset_from_arrays(modalities, {'y': y})
    te = tr.subset(__import__('torch').arange(4))
    return fit_data(tr, te, _tiny().but(method='dlsc', batch=8), Runtime(progress=False)).metrics['sum_rate']


def _limits(**kw):
    from tadib.topology import Limits
    return Limits(**kw)


def _train(**kw):
    from tadib.config import TrainConfig
    return TrainConfig(**kw)


def _bench(*args, **kw):
    from tadib.benchmarks import load_benchmark
    b = load_benchmark(*args, **kw)
    return f"{b.train.topology.M} modalities per transmitter, info layout {b.info.get('layout')}"


m, y = _xy()
PROBES = [
    # fit and data sets
    Probe('fit', 'float labels 0., 1., 2. (as pandas gives them)', lambda t: _fit(m, {'y': y.astype(float)}), 'ok: y: classification 3'),
    Probe('fit', "float labels 0., 1., 2. with kinds={'y': 'regression'}", lambda t: _arrays(m, {'y': y.astype(float)}, kinds={'y': 'regression'}), 'ok: y: regression 1'),
    Probe('fit', 'labels 1..K', lambda t: _fit(m, {'y': y + 1}), 'class labels must be 0..K-1'),
    Probe('fit', 'sparse labels {0, 5, 99}', lambda t: _fit(m, {'y': np.array([0, 5, 99] * 13 + [0])}), 'np.unique(y, return_inverse=True)'),
    Probe('fit', 'one class only', lambda t: _arrays(m, {'y': np.zeros(40, int)}), 'only one class'),
    Probe('fit', 'a test label never seen in training (fit_data)', lambda t: _fit_data_sets(np.arange(40) % 2, np.arange(10) % 3), "the test set's network differs"),
    Probe('fit', 'a test set of another width (fit_data)', lambda t: _fit_data_sets(np.arange(40) % 2, np.arange(10) % 2, 5), "the test set's network differs"),
    Probe('fit', 'modalities as a dict, not a list', lambda t: _arrays(m[0], {'y': y}), 'got a dict; for one transmitter write [modalities]'),
    Probe('fit', 'an empty target', lambda t: _arrays(m, {'y': []}), "target 'y': expected one row per sample"),
    Probe('fit', 'an object-dtype modality', lambda t: _arrays([{'a': np.array([None] * 40)}], {'y': y}), "modality 'a': expected numbers, got an array of dtype object"),
    Probe('fit', 'string labels', lambda t: _arrays(m, {'y': np.array(['a', 'b'] * 20)}), "target 'y': expected numbers"),
    Probe('fit', 'a complex modality', lambda t: _arrays([{'a': np.ones((40, 2)) * 1j}], {'y': y}), "modality 'a': complex values"),
    Probe('fit', 'a transposed x (4 x 40)', lambda t: _arrays([{'a': m[0]['a'].T}], {'y': y}), 'modality Tx0.a has 4 (a transposed array?)'),
    Probe('fit', 'NaN in a regression target', lambda t: _arrays(m, {'v': np.r_[np.nan, np.linspace(0, 1, 39)]}), "target 'v': contains NaN or inf"),
    Probe('fit', 'NaN in a modality', lambda t: _arrays([{'a': np.r_[[[np.nan] * 4], m[0]['a'][1:]]}], {'y': y}), 'contains NaN or inf'),
    Probe('fit', 'kinds naming no target', lambda t: _arrays(m, {'y': y}, kinds={'z': 'regression'}), "kinds: no target called ['z']"),
    Probe('fit', 'a DLSC test set of 4 samples (fewer than k + 1)', lambda t: _dlsc_small_test(), 'needs test mini-batches of more than 5 samples'),
    # settings
    Probe('settings', 'Limits(budget=0)', lambda t: _limits(budget=0), 'Limits.budget must be >= 1'),
    Probe('settings', 'Limits(budget=-1)', lambda t: _limits(budget=-1), 'Limits.budget must be >= 1'),
    Probe('settings', 'Limits(receiver=1.5)', lambda t: _limits(receiver=1.5), 'Limits.receiver: expected int'),
    Probe('settings', 'Limits(transmitter=0)', lambda t: _limits(transmitter=0), 'Limits.transmitter must be >= 1'),
    Probe('settings', 'TrainConfig(steps=2.5)', lambda t: _train(steps=2.5), 'TrainConfig.steps: expected int, got 2.5'),
    Probe('settings', "TrainConfig(steps='abc')", lambda t: _train(steps='abc'), "TrainConfig.steps: expected int, got 'abc'"),
    Probe('settings', "ModelConfig(hidden=(64, 'x'))", lambda t: __import__('tadib.config', fromlist=['x']).ModelConfig(hidden=(64, 'x')), 'ModelConfig.hidden: expected tuple[int, ...]'),
    Probe('settings', "DataSpec('avmnist', layout='AB')", lambda t: __import__('tadib.config', fromlist=['x']).DataSpec('avmnist', layout='AB'), "DataSpec.layout: expected tuple | None, got 'AB'"),
    Probe('settings', "resolve_device('tpu')", lambda t: __import__('tadib.runs', fromlist=['x']).resolve_device('tpu'), "device 'tpu': not a torch device"),
    # benchmarks
    Probe('data', "load_benchmark('synthetic', layout=[['P', 'Q'], ['N']])", lambda t: _bench('synthetic', n=200, layout=[['P', 'Q'], ['N']]), 'ok: (2, 1) modalities'),
    Probe('data', "load_benchmark('synthetic', tasks=['b0', 'b0'])", lambda t: _bench('synthetic', n=200, tasks=['b0', 'b0']), "task names must differ, got ['b0', 'b0']"),
    Probe('data', "load_benchmark('synthetic', source='full')", lambda t: _bench('synthetic', n=200, source='full'), "synthetic data have no source 'full'"),
    Probe('data', "load_benchmark('avmnist', layout=[])", lambda t: _bench('avmnist', layout=[]), 'layout: expected a list of transmitters'),
    Probe('data', "load_benchmark('avmnist', layout='AB')", lambda t: _bench('avmnist', layout='AB'), 'layout: expected a list of transmitters'),
    # the command lines
    Probe('cli', 'tadib-run --every 0', lambda t: _run_cli('--every', '0', '--out', str(t)), "exit 2: tadib-run: error: argument --every: expected a whole number >= 1, got 0"),
    Probe('cli', 'tadib-run --every -5', lambda t: _run_cli('--every', '-5', '--out', str(t)), 'exit 2: tadib-run: error: argument --every: expected a whole number >= 1, got -5'),
    Probe('cli', 'tadib-run --n 0', lambda t: _run_cli('--n', '0', '--out', str(t)), 'exit 2: tadib-run: error: argument --n: expected a whole number >= 1'),
    Probe('cli', 'tadib-run --set steps=abc', lambda t: _run_cli('--out', str(t), '--set', 'steps=abc'), "exit 2: tadib-run: error: TrainConfig.steps: expected int, got 'abc'"),
    Probe('cli', 'tadib-run --set steps=2.5', lambda t: _run_cli('--out', str(t), '--set', 'steps=2.5'), 'exit 2: tadib-run: error: TrainConfig.steps: expected int, got 2.5'),
    Probe('cli', 'tadib-run --set budget=-1', lambda t: _run_cli('--out', str(t), '--set', 'budget=-1'), 'exit 2: tadib-run: error: Limits.budget must be >= 1'),
    Probe('cli', 'tadib-run --set seed=5', lambda t: _run_cli('--out', str(t), '--set', 'seed=5'), "a run's seed is set apart (tadib-run --seeds"),
    Probe('cli', 'tadib-run of a diverging run (lr 1e9)', _diverging, 'exit 2: tadib-run: error: step'),
    Probe('cli', 'tadib-reproduce --full --hours 0', lambda t: _reproduce('--full', '--hours', '0', '--out', str(t)), 'exit 2: tadib-reproduce: error: --hours must be a positive number of hours'),
    Probe('cli', 'tadib-reproduce --hours 1 (without --full)', lambda t: _reproduce('--hours', '1'), 'exit 2: tadib-reproduce: error: --hours and --render go with --full'),
    Probe('cli', 'tadib-reproduce --full --render --set steps=5', lambda t: _reproduce('--full', '--render', '--set', 'steps=5', '--out', str(t)), 'exit 2: tadib-reproduce: error: --set and --executor do not apply'),
    # data files
    Probe('files', 'read_idx of a truncated .gz', _truncated_gz, 'x.idx.gz: a damaged or truncated gzip file'),
    Probe('files', 'the embedded AV-MNIST file truncated', lambda t: _embedded(t, _truncate), 'copy.npz: damaged or incomplete (BadZipFile'),
    Probe('files', 'the embedded AV-MNIST file with shuffled labels', lambda t: _embedded(t, _shuffle), 'content digest mismatch'),
    Probe('files', 'the embedded AV-MNIST file with a short array', lambda t: _embedded(t, _shorten), 'content digest mismatch'),
    Probe('files', 'an interrupted FSDD copy in the download cache, download=True', _fsdd_partial, 'ok: fetched again'),
    Probe('files', 'tadib-data with a truncated train-images file', _tadib_data_truncated, 'exit 1: tadib-data: ', needs_data=True),
    # runs and records
    Probe('runs', 'a temporary file left by a process killed mid-write', _stale_tmp, 'ok: left-over temporary removed'),
    Probe('runs', 'the mode of a written record (umask 022)', _mode, 'ok: mode 644 under umask 022'),
    Probe('runs', 'a record file holding []', lambda t: _record(t, lambda rec: []), 'seed0.json: not a record (a JSON object), but list'),
    Probe('runs', "a record holding the run's params and nothing else", lambda t: _record(t, lambda rec: {'params': rec['params']}), "holds this run's settings but not"),
    Probe('runs', 'a record edited after it was written (same params)', lambda t: _record(t, _tamper), 'the digest does not match'),
    Probe('runs', 'another configuration of a record, while a checkpoint of the first waits', _two_configs, "ok: 1 checkpoint(s) left: the first run's kept"),
    Probe('runs', 'a 3-step run stopped after one step, asked again for 6 steps', _more_steps, 'ok: 5 of 6 steps trained again, the same record as a straight 6-step run'),
    Probe('runs', 'a record of other settings at the same path (tadib-run --set steps=4, then steps=3)', _other_settings,
          "ok: seed0.json holds steps=4 (first 4); 2 records: ['seed0."),
    Probe('cli', 'tadib-run --set steps=3 steps=4', lambda t: _run_cli('--out', str(t), '--set', 'steps=3', 'steps=4'),
          'exit 2: tadib-run: error: --set gives steps twice (steps=3 and steps=4): give it once'),
    Probe('cli', 'tadib-run --seeds 0 1 0', lambda t: _run_cli('--out', str(t), '--seeds', '0', '1', '0'),
          'exit 2: tadib-run: error: --seeds gives seed(s) [0] more than once'),
    Probe('cli', 'tadib-reproduce --set seeds=5', lambda t: _reproduce('--only', 'synthetic', '--set', 'seeds=5', '--out', str(t)),
          'exit 2: tadib-reproduce: error: --set seeds=5: synthetic takes seeds as list'),
    Probe('cli', "tadib-reproduce --set 'hidden=[64,'", lambda t: _reproduce('--only', 'synthetic', '--set', 'hidden=[64,', '--out', str(t)),
          "exit 2: tadib-reproduce: error: --set {'hidden': '[64,'}: ModelConfig.hidden: expected tuple[int, ...]"),
    Probe('fit', 'integer class labels as a column (n, 1)', lambda t: _arrays(_xy()[0], {'y': _xy()[1][:, None]}), 'ok: y: classification 3'),
    Probe('fit', 'one-hot class labels', lambda t: _arrays(_xy()[0], {'y': np.eye(3)[_xy()[1]]}), "target 'y': looks one-hot (shape (60, 3)"),
    Probe('fit', 'pandas inputs whose indexes are in other orders', lambda t: _pandas_orders(), "ok: labels in the frame's order: True"),
    Probe('fit', 'fit on 3 samples (a class only in the test split)', lambda t: _fit([{'a': np.zeros((3, 2))}], {'y': np.array([0, 1, 0])}),
          'leave 1 for the test (at least 10 needed)'),
    Probe('fit', 'fit on 5 samples (a test split of one)', lambda t: _fit([{'a': np.zeros((5, 2))}], {'y': np.arange(5) % 2}),
          'leave 1 for the test (at least 10 needed)'),
    Probe('runs', 'a valid torch file of another shape as the checkpoint', _foreign_checkpoint, "a torch file, but not a checkpoint of a run (no ['gens', 'history', 'key', 'state', 'step'])"),
    Probe('runs', 'a full disk while writing a checkpoint', lambda t: _disk_full_at(t, 'checkpoint'), 'not written, the disk is full'),
    Probe('runs', 'a full disk while writing a record', lambda t: _disk_full_at(t, 'record'), "the run's checkpoint"),
    Probe('cli', 'tadib-run --out a folder it may not write in', _read_only_out, "exit 2: tadib-run: error: [Errno 13] Permission denied: '"),
    Probe('cli', 'tadib-run --out a file', _out_is_a_file, 'exit 2: tadib-run: error: --out'),
    Probe('cli', 'tadib-reproduce --full --render --out a new folder', lambda t: _reproduce('--full', '--render', '--out', str(t / 'new')),
          'exit 2: tadib-reproduce: error: --render draws the records in'),
    Probe('cli', 'tadib-reproduce --full --hours without the raw data', _no_raw_data, '`tadib-data --download` from a shell'),
    Probe('fit', 'a modality of 1e40 in float64', lambda t: _arrays([{'a': np.full((60, 2), 1e40)}], {'y': _xy()[1]}), 'overflow float32'),
    Probe('fit', 'a torch tensor that requires grad', lambda t: _grad_tensor(), 'ok: y: classification 3'),
    Probe('grid', 'a Dask worker whose cache folder cannot be made', _worker_home_unwritable, 'this worker cannot keep its checkpoints there'),
    Probe('grid', 'Dask workers of a 4-core machine under OMP_NUM_THREADS=1', lambda t: _worker_threads(), "ok: threads per worker: {'w1': 1, 'w2': 1}"),
    Probe('cli', 'tadib-reproduce --set seeds=[0,1,0]', lambda t: _reproduce('--only', 'synthetic', '--set', 'seeds=[0,1,0]', '--out', str(t)),
          'exit 2: tadib-reproduce: error: --set seeds=[0, 1, 0]: a seed given twice'),
]
