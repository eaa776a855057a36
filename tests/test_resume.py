"""Kill or signal a real `tadib-run` process mid-training, start it again, and get the record of an uninterrupted run."""
import json, os, signal, subprocess, sys, time
from pathlib import Path

import pytest
import torch

from tadib.records import untimed

STEPS = 80          # 0.06 s a step on our 2-core box: a signal 0.3 s after the checkpoint of step 20 finds it near step 25
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
    if signum == signal.SIGTERM:              # both leave the same checkpoint: resuming from one is resumed once
        assert comparable(run(tmp_path / 'stopped')) == comparable(whole)


CHUNK = """
import sys
from pathlib import Path
from tadib.config import Runtime
from tadib.reproduce import ChunkOptions, Experiment, PlanItem, run_chunk
tiny = Experiment('tiny', 'a stand-in', notebook='lr_ratio', full=dict(preset='quick', seeds=[0], ratios=[0.5, 2], device='cpu',
                  overrides=dict(steps=150, hidden=[16], feature_dim=4, cr_dim=4, groups=4, batch=8)))
options = ChunkOptions(Path(sys.argv[1]), [PlanItem('t', 'tiny')], every=10, runtime=Runtime('cpu', progress=False), experiments=[tiny])
if __name__ == '__main__':                                          # the workers are spawned: they import this file
    try: print(run_chunk(1, options, workers=int(sys.argv[2])))
    except KeyboardInterrupt as err: print(f'stopped: {err}'); sys.exit(130)
"""


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f'/proc/{pid}/task/{pid}/children').read_text().split()]


def alive(pid: int) -> bool:
    try: os.kill(pid, 0)
    except ProcessLookupError: return False
    return Path(f'/proc/{pid}/stat').read_text().split(')')[-1].split()[0] != 'Z'


@pytest.mark.long(40)
@pytest.mark.skipif(not Path('/proc/self/task').exists(), reason='reads child processes from /proc (Linux)')
def test_a_two_worker_chunk_stops_in_order_and_resumes(tmp_path):
    """SIGTERM to a two-worker chunk's process group: both runs save their step, every process ends, the chunk says it
    stopped; run again, both finish from their checkpoints."""
    script, env = tmp_path / 'chunk.py', {**os.environ, 'TADIB_CACHE': str(tmp_path / 'cache'), 'OMP_NUM_THREADS': '1'}
    script.write_text(CHUNK)
    start = lambda workers: subprocess.Popen([sys.executable, str(script), str(tmp_path / 'out'), str(workers)], env=env, text=True,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    proc, deadline = start(2), time.time() + 300
    while len(list((tmp_path / 'cache').rglob('*.ckpt'))) < 2 and proc.poll() is None and time.time() < deadline: time.sleep(0.05)
    workers = children(proc.pid)
    os.killpg(proc.pid, signal.SIGTERM)                                   # as `kill -- -PGID` does
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and 'stopped: SIGTERM after step' in out, out + err[-3000:]
    steps = [torch.load(c, weights_only=False)['step'] for c in (tmp_path / 'cache').rglob('*.ckpt')]
    assert len(steps) == 2 and all(10 <= s < 150 for s in steps), steps
    time.sleep(1)
    assert len(workers) >= 2 and not [p for p in workers if alive(p)], workers    # no worker left behind
    again = start(1)                                                      # one process resumes both: cheaper, the same records
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0 and "'made': 2" in out, out + err[-3000:]
    assert not list((tmp_path / 'cache').rglob('*.ckpt'))
