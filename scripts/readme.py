"""Write README.md from nbs/index.ipynb, as nbdev's `readme_nb` does (without Quarto, which this project cannot
install): markdown cells as they are, code cells as Python blocks, cells marked `#| hide` left out, and each relative
link made relative to the repository root. `--check` writes nothing and fails when README.md differs."""
import re, sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOURCE, README = ROOT / 'nbs' / 'index.ipynb', ROOT / 'README.md'
LINK = re.compile(r'\]\((?![a-z]+:|#|/)([^)\s]+)\)')          # a markdown link or image to a relative path


def rebase(markdown: str, folder: Path = SOURCE.parent) -> str:
    "`markdown` with each relative link, written from `folder`, made relative to the repository root."
    return LINK.sub(lambda m: f"]({(folder / m[1]).resolve().relative_to(ROOT).as_posix()})", markdown)


def cell_text(cell) -> str | None:
    "A cell as README text, or None when it is hidden."
    if cell.cell_type == 'markdown': return rebase(cell.source)
    lines = cell.source.splitlines()
    if any(l.strip() == '#| hide' for l in lines): return None
    body = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    return f'```python\n{body}\n```'


def readme(source: Path = SOURCE) -> str:
    "The README that `source` makes."
    nb = nbformat.read(source, as_version=4)
    texts = [t for c in nb.cells if c.cell_type in ('markdown', 'code') and (t := cell_text(c))]
    note = '<!-- written by scripts/readme.py from nbs/index.ipynb: edit that notebook, then run the script -->'
    return '\n\n'.join([*texts, note]) + '\n'


if __name__ == '__main__':
    text = readme()
    if '--check' in sys.argv[1:]:
        if README.read_text() != text:
            sys.exit('README.md differs from what nbs/index.ipynb makes: run python scripts/readme.py')
    else: README.write_text(text)
