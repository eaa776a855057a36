"""Every module imports on its own, with no other module of the package loaded: an import circle shows up only when a
module of the circle is the first one imported, so each is tried first. One interpreter loads the heavy third-party
libraries (torch, pandas, ...) once and forks a child per module, which imports that module alone (a fresh interpreter
per module spent 100 s of CI on loading torch 40 times; what is tested is the package's own imports)."""
import pkgutil, subprocess, sys

import tadib

# the child of the fork: its stderr (the traceback) goes to the parent through a pipe, its exit code says whether it imported
FORK_EACH = r'''
import importlib, os, sys, traceback
import numpy, pandas, scipy.stats, torch, tqdm.auto, matplotlib      # shared by the children: loaded once
failed = []
for name in sys.argv[1:]:
    assert not [m for m in sys.modules if m.startswith('tadib')], 'the parent must not load the package'
    r, w = os.pipe()
    if (pid := os.fork()) == 0:
        os.close(r); os.dup2(w, 2)
        try: importlib.import_module(name); code = 0
        except BaseException: traceback.print_exc(); code = 1
        sys.stderr.flush(); os._exit(code)
    os.close(w)
    with os.fdopen(r) as pipe: err = pipe.read()
    if os.waitpid(pid, 0)[1]: failed.append(f'{name}:\n{err[-800:]}')
print('\n\n'.join(failed)); sys.exit(bool(failed))
'''


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(tadib.__path__, 'tadib.') if not m.name.endswith('_modidx'))


def test_every_module_imports_alone():
    names = modules()
    assert {'tadib.trainer', 'tadib.records', 'tadib.reproduce', 'tadib.lam.codec'} <= set(names)
    run = subprocess.run([sys.executable, '-c', FORK_EACH, *names], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def test_a_broken_module_is_caught(tmp_path):
    "The forking check fails on a module whose import fails, and names it."
    (tmp_path / 'broken_mod.py').write_text('import tadib.no_such_module\n')
    run = subprocess.run([sys.executable, '-c', FORK_EACH, 'tadib.config', 'broken_mod'], capture_output=True, text=True,
                         cwd=tmp_path)      # `-c` puts the working folder first on the path
    assert run.returncode == 1 and 'broken_mod:' in run.stdout and 'no_such_module' in run.stdout, run.stdout
    assert 'tadib.config:' not in run.stdout
