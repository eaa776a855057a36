"""Kill or signal a real `tadib-run` process mid-training, start it again, and get the record of an uninterrupted run."""
import json, signal, subprocess, sys, time
from pathlib import Path

import pytest
import torch

from tadib.records import untimed

STEPS = 150
ARGS = ['--method', 'tadib', '--n', '1000', '--seeds', '0', '--every', '20', '--set', f'steps={STEPS}', 'groups=8',
        'batch=16', 'feature_dim=8', 'cr_dim=8', 'hidden=[32,16]', 'lr_coding=1e-3', 'lr_selection=5e-4', '--device', 'cpu', '--quiet']
TADIB_RUN = str(Path(sys.executable).parent / 'tadib-run')


def run(out: Path):
    done = subprocess.run([TADIB_RUN, *ARGS, '--out', str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / 'tadib' / 'seed0.json').read_text())


def kill_after_a_checkpoint(out: Path) -> int:
    "Start a run, SIGKILL it once a checkpoint exists; return the step the checkpoint holds."
    proc = subprocess.Popen([TADIB_RUN, *ARGS, '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder, deadline = out / 'tadib', time.time() + 300
    while not list(folder.glob('seed0.*.ckpt')) and proc.poll() is None and time.time() < deadline: time.sleep(0.005)
    time.sleep(0.3)                                    # let it run on past the checkpoint, then kill it mid-step
    proc.kill(); proc.wait()
    assert not (folder / 'seed0.json').exists(), 'the run finished before it could be killed; raise STEPS'
    (ckpt,) = folder.glob('seed0.*.ckpt')
    return torch.load(ckpt, weights_only=False)['step']


def comparable(record: dict) -> dict:
    "The record without what measures time (and the digest of the whole, which includes it)."
    return {**{k: v for k, v in record.items() if k not in ('timing', 'finished', 'environment', 'digest')},
            'history': untimed(record['history'])}


@pytest.fixture(scope='module')
def whole(tmp_path_factory) -> dict:
    "The record of an uninterrupted run, made once for the tests of this module (per pytest worker)."
    return run(tmp_path_factory.mktemp('whole'))


@pytest.mark.long(44)
def test_killed_run_resumes_to_the_same_record(tmp_path, whole):
    step = kill_after_a_checkpoint(tmp_path / 'killed')
    assert 0 < step < STEPS and step % 20 == 0
    resumed = run(tmp_path / 'killed')
    assert len(resumed['history']['step']) == STEPS
    assert comparable(resumed) == comparable(whole)
    assert not list((tmp_path / 'killed' / 'tadib').glob('*.ckpt'))


def stop_after_a_checkpoint(out: Path, signum: int) -> tuple[subprocess.CompletedProcess, int]:
    "Start a run, send it `signum` once a checkpoint exists and it has gone on past it; its exit and its checkpoint's step."
    proc = subprocess.Popen([TADIB_RUN, *ARGS, '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    folder, deadline = out / 'tadib', time.time() + 300
    while not list(folder.glob('seed0.*.ckpt')) and proc.poll() is None and time.time() < deadline: time.sleep(0.005)
    time.sleep(0.3)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    assert not (folder / 'seed0.json').exists(), 'the run finished before the signal; raise STEPS'
    (ckpt,) = folder.glob('seed0.*.ckpt')
    return subprocess.CompletedProcess(proc.args, proc.returncode, '', err), torch.load(ckpt, weights_only=False)['step']


@pytest.mark.long(45)
@pytest.mark.parametrize('signum', [signal.SIGINT, signal.SIGTERM], ids=['SIGINT', 'SIGTERM'])
def test_signalled_run_saves_its_step_and_resumes_to_the_same_record(tmp_path, whole, signum):
    done, step = stop_after_a_checkpoint(tmp_path / 'stopped', signum)
    name = signal.Signals(signum).name
    assert done.returncode == 130, done.stderr[-2000:]
    assert f'tadib-run: stopped: {name} after step {step} of {STEPS}; checkpoint saved at' in done.stderr, done.stderr[-2000:]
    assert 'Traceback' not in done.stderr and 20 <= step < STEPS                # saved where the signal stopped it
    resumed = run(tmp_path / 'stopped')
    assert comparable(resumed) == comparable(whole)
