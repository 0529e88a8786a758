"""Harness 5c in CI: a save on a full disk (``RLIMIT_FSIZE``) fails with a clear message and
leaves no rows; the same draft saves once space is back."""

import sys

import pytest

from tests.harness import disk_full


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX only")
def test_a_full_disk_refuses_the_save_plainly_and_the_retry_succeeds(tmp_path):
    report = disk_full.run(tmp_path / "data")

    assert report.error_type in ("StorageFullError", "StorageIOError")
    assert "disk" in report.message and "Nothing was saved" in report.message
    assert report.visits_after_failure == report.visits_before
    assert report.retried_id is not None
    assert report.visits_in_file == report.visits_before + 1
    assert report.partial == 0
    assert report.integrity == "ok"
