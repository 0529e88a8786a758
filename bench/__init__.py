"""Pointti Desk benchmarks: timing goals live here, not in the tests.

Run from the checkout (a dev package, not shipped):

    python -m bench                 # the quick ones: finder and save
    python -m bench finder          # one by name (see ``python -m bench --help``)
    python -m bench demo_data --visits 100000

Each benchmark prints a table and writes ``bench/results/NAME.json``: a list of records
``{"metric", "value", "unit", "baseline", "ratio", "goal"}``. ``value`` is the median of at least
five runs, ``baseline`` the same measurement of the comparison path taken in the same process
run, ``ratio`` = value / baseline, and ``goal`` an upper bound for ``value`` (null when the metric
is for information only).
"""
