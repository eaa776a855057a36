"""Drive the authors' own training loop (SamuChamp/pom2dib, `main.py`) on arrays we give it.

The authors' code is not part of tadib and is never copied into it: this module runs *their* `main.py`, from a
checkout whose path the caller gives, unchanged. Only what it imports for data is replaced:

- `model.data.handwritten` (their AV-MNIST data set, which downloads MNIST and reads FSDD from CSV files that are
  not published) becomes `ArrayData`, which serves the mini-batches of a `tadib.data.MultimodalData` in their
  layout (`x[transmitter][modality]`, targets `(tasks, batch)`), through our batch transform (noise redrawn and the
  image min-max taken per mini-batch), so that both loops see the same arrays;
- `torchvision.models` (imported by their `nets.py` for a MobileNet that the AV-MNIST runs do not use) is an empty
  module, and `npeet.entropy_estimators` (their DLSC entropy) is NPEET's estimator from the `npeet-plus` package.

Their loop logs a dict per epoch (`--log_freq 1`): the training `loss`, `hyz` (the tasks' multimodal cross-entropy
summed over tasks, averaged over the epoch's mini-batches), `rate` (the sum of the used links' rates, averaged the
same way), the policy term `logl`, and the top-1 of one test batch per task. `environ.selection` is wrapped to
count the executed links of every mini-batch.

    checkout: git clone <a copy of SamuChamp/pom2dib> /path/pom2dib
"""
from __future__ import annotations

import ast, os, random, re, runpy, sys, tempfile, time, types
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch

HOW_TO_GET = ("the authors' code is not here: check out SamuChamp/pom2dib (e.g. `git clone "
              "https://github.com/SamuChamp/pom2dib /path/pom2dib`) and pass --authors /path/pom2dib")

#: the constant per-task baselines of their surrogate on AV-MNIST (their `info()['mi']`)
AVMNIST_BASELINES = (0.6, 1.3, 2.1)


def check_checkout(path) -> Path:
    "The checkout at `path`, or a clear error saying how to get it."
    p = Path(path).expanduser().resolve() if path else None
    if p is None or not (p / 'main.py').exists() or not (p / 'model' / 'environ.py').exists():
        raise FileNotFoundError(f"{path}: {HOW_TO_GET}")
    return p


class ArrayData:
    """Stands in for their `handwritten` data set: mini-batches of `train` / `test` (`MultimodalData` whose topology
    is their 3 x 3 layout) drawn by their loop through `load()` and turned into their layout by `custom()`."""
    train = test = None         # set by `run_authors` before their main.py builds the data set
    baselines = AVMNIST_BASELINES

    def __init__(self, num_of_sel_Tx, num_of_sel_Rx):
        topo = self.train.topology
        self.num_of_Tx, self.num_of_Rx = topo.K, topo.J
        self.num_of_Mx = topo.M[0]
        if set(topo.M) != {self.num_of_Mx}: raise ValueError("their loop needs the same number of modalities per transmitter")
        self.num_of_sel_Rx = min(num_of_sel_Rx, self.num_of_Tx)
        self.num_of_sel_Tx = min(num_of_sel_Tx, self.num_of_Mx * self.num_of_Rx)
        self.gen = torch.Generator().manual_seed(torch.initial_seed())     # the batch transform's draws (noise)

    def info(self) -> dict:
        topo = self.train.topology
        return dict(input_dim=[[m.dim for m in t] for t in topo.transmitters], output_dim=[t.n_out for t in topo.tasks],
                    mi=list(self.baselines), num_of_Tx=self.num_of_Tx, num_of_Mx=self.num_of_Mx, num_of_Rx=self.num_of_Rx,
                    num_of_sel_Tx=self.num_of_sel_Tx, num_of_sel_Rx=self.num_of_sel_Rx)

    def load(self, train=True, bs=20, shuffle=True, k=0):
        "Index mini-batches of a shuffled pass, drawn with torch's global generator as their DataLoader does."
        n = len(self.train if train else self.test)
        order = torch.randperm(n) if shuffle else torch.arange(n)
        return [(train, order[s:s + bs]) for s in range(0, n, bs)]

    def custom(self, d, no_conv=True):
        "`x[k][m]` `(bs, dim)` and targets `(J, bs)` of one mini-batch, in their layout."
        train, idx = d
        data = self.train if train else self.test
        xb, yb = data.batch(idx[None], gen=self.gen)
        topo, it = data.topology, iter(range(data.topology.E))
        x = [[xb[0, next(it), :, :m.dim] for m in t] for t in topo.transmitters]
        return x, torch.stack([y[0] for y in yb])


_LINE = re.compile(r"current (\d+) iter info: (\{.*\}), total selection")


def parse_log(text: str) -> list[dict]:
    "Their per-epoch info dicts, in order, with the epoch number as `step`."
    rows = []
    for m in _LINE.finditer(text):
        info = ast.literal_eval(m.group(2).replace('nan', 'None'))
        rows.append(dict(step=int(m.group(1)), **info))
    return rows


@contextmanager
def _their_imports(checkout: Path):
    "Their package on the path with our stand-ins for the data module, torchvision and npeet; undone afterwards."
    saved_path, saved = list(sys.path), {k: v for k, v in sys.modules.items() if k.split('.')[0] in
                                          ('model', 'utils', 'config', 'torchvision', 'npeet')}
    for k in saved: del sys.modules[k]
    sys.path.insert(0, str(checkout))
    tv, tvm = types.ModuleType('torchvision'), types.ModuleType('torchvision.models')
    tv.models = tvm
    import npeet_plus
    npeet, ee = types.ModuleType('npeet'), types.ModuleType('npeet.entropy_estimators')
    ee.entropy = npeet_plus.entropy
    npeet.entropy_estimators = ee
    data = types.ModuleType('model.data')
    data.handwritten = ArrayData
    sys.modules.update({'torchvision': tv, 'torchvision.models': tvm, 'npeet': npeet, 'npeet.entropy_estimators': ee,
                        'model.data': data})
    try: yield
    finally:
        for k in [k for k in sys.modules if k.split('.')[0] in ('model', 'utils', 'config', 'torchvision', 'npeet')]:
            del sys.modules[k]
        sys.modules.update(saved)
        sys.path[:] = saved_path


def run_authors(checkout, train, test, steps: int, seed: int, method: str = 'pom2dib', beta: float = 1e-3,
                lr_code: float = 1e-4, lr_sel: float = 5e-5, baselines=AVMNIST_BASELINES, threads: int | None = None,
                log_freq: int = 1, progress: int | None = None) -> dict:
    """Run their `main.py` for `steps` epochs (= optimiser steps) on our `train`/`test` data; returns the logs of every
    `log_freq`-th epoch (`loss`, `hyz`, `rate`, `logl`, test top-1 of one batch per task), links per mini-batch, the
    total seconds and the seconds of each epoch but the last (from the first selection of one epoch to the next's).
    `progress`: print the epoch and the elapsed time to stderr every that many epochs (their loop itself is silent)."""
    checkout = check_checkout(checkout)
    sampling, no_det = {'pom2dib': ('opt', True), 'rsdib': ('rand', True), 'tadib': ('full', True),
                        'dlsc': ('full', False)}[method]
    if threads: torch.set_num_threads(threads)
    ArrayData.train, ArrayData.test, ArrayData.baselines = train, test, tuple(baselines)
    links, stamps, G = [], [], 20
    t_start = time.perf_counter()

    def tick():
        if progress and method != 'rsdib' and len(stamps) % (G * progress) == 0:
            print(f"their loop, {method} seed {seed}: epoch {len(stamps) // G} of {steps}, "
                  f"{(time.perf_counter() - t_start) / 60:.1f} min", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp, _their_imports(checkout):
        os.makedirs(Path(tmp) / 'logs')
        import model.environ as environ
        select, count = environ.selection, environ.count_selection

        def counted(*a, **k):
            out = select(*a, **k)
            links.append(count(out[0])); stamps.append(time.perf_counter()); tick()
            return out
        environ.selection = counted
        full = environ.full_participation

        def counted_full(*a, **k):                  # all links (their VDDIB and DLSC): stamped the same way
            out = full(*a, **k)
            links.append(count(out)); stamps.append(time.perf_counter()); tick()
            return out
        environ.full_participation = counted_full
        random.seed(seed)                       # their trim uses Python's random, unseeded in their main.py
        argv = ['main.py', '--dataset', 'handwritten', '--epochs', str(steps), '--seed', str(seed), '--log_freq', str(log_freq),
                '--sampling', sampling, '--no_det', str(no_det), '--beta', str(beta), '--lr_code', str(lr_code),
                '--lr_sel', str(lr_sel), '--bs', '20']
        cwd, old_argv = os.getcwd(), sys.argv
        try:
            os.chdir(tmp); sys.argv = argv
            t0 = time.perf_counter()
            runpy.run_path(str(checkout / 'main.py'), run_name='__main__')
            seconds = time.perf_counter() - t0
        finally:
            os.chdir(cwd); sys.argv = old_argv
        log = next((Path(tmp) / 'logs').iterdir()).read_text()
    rows = parse_log(log)
    if len(rows) != len(range(0, steps, log_freq)):
        raise RuntimeError(f"their loop logged {len(rows)} epochs, expected {len(range(0, steps, log_freq))}")
    epoch_seconds = [stamps[(i + 1) * G] - stamps[i * G] for i in range(steps - 1)] if method != 'rsdib' else []
    per_step = [float(np.mean(links[i * G:(i + 1) * G])) for i in range(steps)] if method != 'rsdib' else [float(links[0])] * steps
    return dict(method=method, seed=seed, steps=steps, seconds=seconds, epoch_seconds=epoch_seconds, rows=rows, n_links=per_step,
                n_links_max=[max(links[i * G:(i + 1) * G]) for i in range(steps)] if method != 'rsdib' else per_step)
