"""The probe table of issue 21: what tadib does with each bad input, half-written file or interrupted run of
`tests/probes.py`, in this tree and (with --base) in an earlier commit, side by side, as Markdown.

    python bench/probes.py                       # this tree
    python bench/probes.py --base a51c7d1        # before | after (the base checked out in a temporary worktree)
"""
import argparse, json, os, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = """
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, {tests!r})
import tadib
assert Path(tadib.__file__).resolve().is_relative_to(Path({tree!r}).resolve()), tadib.__file__
from probes import PROBES, SHARED, run_probe
out = []
for p in PROBES:
    if p.needs_data and not (SHARED / 'mnist').is_dir(): out.append('(skipped: no raw data)'); continue
    with tempfile.TemporaryDirectory() as tmp: out.append(run_probe(p, Path(tmp)))
print(json.dumps(out))
"""


def outcomes(tree: Path) -> list[str]:
    "Each probe's outcome with the tadib of `tree` (its source folder first on the path)."
    env = {**os.environ, 'PYTHONPATH': str(tree), 'TADIB_NBS': str(tree / 'nbs' / 'experiments')}
    run = subprocess.run([sys.executable, '-c', RUN.format(tests=str(ROOT / 'tests'), tree=str(tree))], env=env,
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    if run.returncode: sys.exit(f"probes failed to run in {tree}:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def cell(text: str, width: int = 150) -> str:
    text = text.replace('|', '\\|')
    return text if len(text) <= width else text[:width - 3] + '...'


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--base', help='a commit to compare with (checked out in a temporary git worktree)')
    args = p.parse_args()
    sys.path.insert(0, str(ROOT / 'tests'))
    from probes import PROBES
    after = outcomes(ROOT)
    before = None
    if args.base:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / 'base'
            subprocess.run(['git', 'worktree', 'add', '--detach', '-q', str(tree), args.base], cwd=ROOT, check=True)
            try: before = outcomes(tree)
            finally: subprocess.run(['git', 'worktree', 'remove', '--force', str(tree)], cwd=ROOT, check=True)
    head = ['#', 'area', 'input'] + ([f'before ({args.base})'] if before else []) + ['after (this tree)']
    print('| ' + ' | '.join(head) + ' |\n|' + '---|' * len(head))
    for i, probe in enumerate(PROBES):
        row = [str(i + 1), probe.area, probe.what] + ([cell(before[i])] if before else []) + [cell(after[i])]
        print('| ' + ' | '.join(row) + ' |')


if __name__ == '__main__':
    main()
