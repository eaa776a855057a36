"""Every module imports on its own, in a fresh interpreter: an import circle shows up only when a module of the circle
is the first one imported, so each is tried first."""
import pkgutil, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

import tadib


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(tadib.__path__, 'tadib.') if not m.name.endswith('_modidx'))


def _import(name: str) -> tuple[str, int, str]:
    p = subprocess.run([sys.executable, '-c', f'import {name}'], capture_output=True, text=True)
    return name, p.returncode, p.stderr[-800:]


def test_every_module_imports_alone():
    names = modules()
    assert {'tadib.trainer', 'tadib.records', 'tadib.reproduce', 'tadib.lam.codec'} <= set(names)
    with ThreadPoolExecutor(2) as pool: failed = [(n, err) for n, rc, err in pool.map(_import, names) if rc]
    assert not failed, '\n\n'.join(f'{n}:\n{err}' for n, err in failed)
