"""What figures/ shows is what its committed records give: every notebook drawn there by `tadib-reproduce --full --render`
runs again from the records alone with the same outputs (nbval), and STATUS.md is the plan's progress as the records say."""
import shutil, subprocess, sys
from pathlib import Path

import pytest

from tadib.reproduce import REPORT_MARKERS, VERDICTS, plan_jobs, plan_status, status_text

FIGURES = Path(__file__).resolve().parents[1] / 'figures'
DRAWN = sorted(FIGURES.glob('*/*.ipynb'))
SANITIZE = Path(__file__).with_name('nbval_sanitize.cfg')     # the installation's path in a warning's text


@pytest.mark.skipif(not DRAWN, reason='no notebook drawn in figures/ yet')
@pytest.mark.long(69)
def test_drawn_notebooks_match_their_records(tmp_path):
    copy = shutil.copytree(FIGURES, tmp_path / 'figures')   # the notebooks write their tables and figures as they run: into a copy
    drawn = [copy / p.relative_to(FIGURES) for p in DRAWN]
    run = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--nbval', '--nbval-current-env',
                          '--nbval-sanitize-with', str(SANITIZE), *map(str, drawn)], capture_output=True, text=True, cwd=copy)
    assert run.returncode == 0, run.stdout[-6000:]


@pytest.mark.skipif(not (FIGURES / 'STATUS.md').exists(), reason='no STATUS.md in figures/ yet')
def test_status_page_matches_the_records():
    assert (FIGURES / 'STATUS.md').read_text() == status_text(plan_status(plan_jobs(root=FIGURES)))


@pytest.mark.skipif(not (FIGURES / VERDICTS / 'headline.md').exists(), reason='no verdicts drawn in figures/ yet')
def test_report_opens_with_the_drawn_verdicts():
    "REPORT.md's verdict table is the one the claims notebook drew from the records (and nbval checks that notebook)."
    text, (start, end) = (FIGURES / 'REPORT.md').read_text(), REPORT_MARKERS
    assert start in text and end in text, f'REPORT.md lacks the verdict markers {REPORT_MARKERS}'
    block = text.split(start, 1)[1].split(end, 1)[0]
    assert block.strip() == (FIGURES / VERDICTS / 'headline.md').read_text().strip()
