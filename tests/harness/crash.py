"""Harness 5a: kill -9 during continuous saves. 0 acknowledged visits lost, 0 partial, integrity ok.

``python -m tests.harness.crash --kills 200 [--parallel 2] [--data-dir DIR]``

Writer children (``tests.harness.writer``) save visits and print each id after COMMIT returned;
each is killed with SIGKILL at a random moment after it started saving, and a new one is started,
until ``kills`` kills were done. ``parallel`` writers run at once, so kills also land while
another process holds the write lock (and it keeps CI short: a child needs ~1 s to start).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.harness.common import acknowledged, check_file, prepare, spawn

START_TIMEOUT = 30.0


@dataclass(frozen=True)
class CrashReport:
    kills: int
    acknowledged: int
    lost: int
    partial: int
    integrity: str
    seconds: float


class _Child:
    """One writer and the lines it printed (read on a thread, so the pipe never fills)."""

    def __init__(self, data_dir: Path) -> None:
        # stderr (logged retries, a traceback) goes to a file: a pipe nobody reads could fill.
        with (data_dir / "writers.err").open("ab") as err:
            self.process = spawn("writer", str(data_dir), stderr=err)
        self.lines: list[bytes] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith(b"ack "):
                self.ready.set()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def run(
    data_dir: Path,
    kills: int,
    *,
    parallel: int = 2,
    max_delay: float = 0.3,
    seed: int | None = None,
) -> CrashReport:
    rng = random.Random(seed)
    started = time.monotonic()
    database = prepare(data_dir)
    acked: set[str] = set()
    done = 0
    children: list[_Child] = []
    try:
        while done < kills:
            while len(children) < min(parallel, kills - done):
                children.append(_Child(data_dir))
            child = children.pop(0)
            if not child.ready.wait(START_TIMEOUT):
                child.kill()
                errors = (data_dir / "writers.err").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"a writer never saved: {child.lines!r} {errors}")
            time.sleep(rng.uniform(0.0, max_delay))
            child.kill()
            done += 1
            acked |= acknowledged(child.lines)
    finally:
        for child in children:
            child.kill()
    found = check_file(database)
    return CrashReport(
        kills=done,
        acknowledged=len(acked),
        lost=len(acked - found.visits),
        partial=found.partial,
        integrity=found.integrity,
        seconds=time.monotonic() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="pointti-crash-"))
    report = run(data_dir, args.kills, parallel=args.parallel)
    print(report)
    ok = report.lost == 0 and report.partial == 0 and report.integrity == "ok"
    print("OK" if ok else "FAILED", "data directory:", data_dir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
