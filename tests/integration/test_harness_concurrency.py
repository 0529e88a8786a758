"""Harness 5b in CI: 4 desks saving and a statistics screen reading for 10 s, no lock error
shown to anyone and no visit lost.

The soak run is ``python -m tests.harness.concurrency --seconds 60``.
"""

from tests.harness import concurrency


def test_four_writers_and_a_reader_see_no_lock_error_and_lose_nothing(tmp_path):
    report = concurrency.run(tmp_path / "data", seconds=10, writers=4)

    assert report.errors == ()
    assert report.acknowledged > 0 and report.reads > 0
    assert report.lost == 0
    assert report.partial == 0
    assert report.integrity == "ok"
