"""Reliability harnesses (issue 8, point 5a–c): kill -9, concurrent desks, a full disk.

Each harness runs real child processes against a real database file; ``tests/integration/
test_harness_*.py`` run short versions in CI and ``python -m tests.harness.crash --kills 200`` /
``python -m tests.harness.concurrency --seconds 60`` / ``python -m tests.harness.disk_full`` are
the soak runs (see README, "Reliability harnesses").
"""
