"""The long tests (marked `long`, a minute or more each) are collected first: with xdist's work stealing
(`scripts/test.sh`) the two workers then end together, instead of one waiting while the other runs a long test it
was handed last."""


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker('long') is None)     # stable: the order within each group kept
