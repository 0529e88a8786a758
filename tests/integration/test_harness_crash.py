"""Harness 5a in CI: writers killed with SIGKILL mid-save lose no acknowledged visit.

The soak run is ``python -m tests.harness.crash --kills 200``.
"""

from tests.harness import crash


def test_kill_9_during_saves_loses_no_acknowledged_visit(tmp_path):
    report = crash.run(tmp_path / "data", kills=20, parallel=2)

    assert report.kills == 20
    assert report.acknowledged > 20, "the writers must have saved between the kills"
    assert report.lost == 0
    assert report.partial == 0
    assert report.integrity == "ok"
