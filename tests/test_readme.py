"""README.md is what scripts/readme.py writes from nbs/index.ipynb, with links that resolve from the repository root."""
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
readme = runpy.run_path(str(ROOT / 'scripts' / 'readme.py'))


def test_readme_is_written_from_the_index_notebook():
    assert (ROOT / 'README.md').read_text() == readme['readme'](), 'run python scripts/readme.py'


def test_links_are_rebased_to_the_root():
    assert readme['rebase']('[a](../figures/REPORT.md) ![b](explanations/x.ipynb) [c](https://x.org/y) [d](#top)') == \
        '[a](figures/REPORT.md) ![b](nbs/explanations/x.ipynb) [c](https://x.org/y) [d](#top)'


def test_every_relative_link_resolves():
    text = (ROOT / 'README.md').read_text()
    targets = readme['LINK'].findall(text)
    assert targets and all((ROOT / t).exists() for t in targets), [t for t in targets if not (ROOT / t).exists()]
