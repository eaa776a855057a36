"""Two markers. `long(seconds)`: a test of a minute or more, with what it took on our 2-core machine; these are collected
first, longest first, so that with xdist's work stealing (`scripts/test.sh`) the two workers end together instead of
one waiting while the other runs a long test it was handed last. `slow`: too slow for CI (minutes of one core for one
claim); skipped unless pytest is given `--runslow`."""
import pytest


def pytest_addoption(parser):
    parser.addoption('--runslow', action='store_true', help='also run the tests marked slow (minutes of CPU each)')


def _seconds(item) -> float:
    mark = item.get_closest_marker('long')
    return mark.args[0] if mark and mark.args else 60 if mark else 0


def pytest_collection_modifyitems(config, items):
    items.sort(key=_seconds, reverse=True)     # stable: the order of the short tests kept
    if config.getoption('--runslow'): return
    skip = pytest.mark.skip(reason='slow: minutes of CPU; run with --runslow')
    for item in items:
        if item.get_closest_marker('slow'): item.add_marker(skip)
