"""Every probe of `probes.py` (bad input, half-written data, interrupted runs) ends as it must: a clear error naming the
parameter or file, or the right result. `bench/probes.py` prints the table."""
import tempfile
from pathlib import Path

import pytest

from probes import PROBES, SHARED, run_probe


@pytest.mark.parametrize('probe', PROBES, ids=[f'{p.area}: {p.what}' for p in PROBES])
def test_probe(probe):
    if probe.needs_data and not (SHARED / 'mnist').is_dir(): pytest.skip('needs the raw MNIST/FSDD files (TADIB_DATA)')
    with tempfile.TemporaryDirectory() as tmp:
        outcome = run_probe(probe, Path(tmp))
    assert probe.expect in outcome, outcome


def test_enough_probes():
    assert len(PROBES) >= 40
