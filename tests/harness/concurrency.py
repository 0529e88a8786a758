"""Harness 5b: 4 writer processes and 1 statistics reader on one file. 0 lock errors reach the
user (no ``DeskError`` in any child), 0 acknowledged visits lost, integrity ok.

``python -m tests.harness.concurrency --seconds 60 [--writers 4] [--data-dir DIR]``

Waiting for the write lock is allowed and counted: each "database busy, retrying" a child logs.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.harness.common import acknowledged, check_file, prepare, spawn


@dataclass(frozen=True)
class ConcurrencyReport:
    writers: int
    acknowledged: int
    reads: int
    errors: tuple[str, ...]  # what would have reached a user
    retries: int  # "busy, retrying" logged by the children
    lost: int
    partial: int
    integrity: str


def run(data_dir: Path, seconds: float, *, writers: int = 4) -> ConcurrencyReport:
    database = prepare(data_dir)
    logs = data_dir / "harness-logs"
    logs.mkdir(exist_ok=True)
    commands = [("writer", f"writer-{n}") for n in range(writers)] + [("reader", "reader")]
    children = []
    files: list[tuple[Path, Path]] = []
    try:
        for module, name in commands:
            out, err = logs / f"{name}.out", logs / f"{name}.err"
            files.append((out, err))
            with out.open("wb") as out_file, err.open("wb") as err_file:
                children.append(
                    spawn(
                        module,
                        str(data_dir),
                        "--seconds",
                        str(seconds),
                        stdout=out_file,
                        stderr=err_file,
                    )
                )
        for child in children:
            child.wait(timeout=seconds + 120)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    outputs = [(out.read_bytes(), err.read_bytes()) for out, err in files]
    lines = [line + b"\n" for out, _err in outputs for line in out.splitlines()]
    errors = tuple(line.decode().strip() for line in lines if line.startswith(b"error "))
    errors += tuple(
        f"exit {child.returncode}: {err.decode(errors='replace')[-500:]}"
        for child, (_out, err) in zip(children, outputs, strict=True)
        if child.returncode != 0
    )
    reads = sum(int(m) for m in re.findall(rb"done reads=(\d+)", outputs[-1][0]))
    retries = sum(err.count(b"database busy, retrying") for _out, err in outputs)
    acked = acknowledged(lines)
    found = check_file(database)
    return ConcurrencyReport(
        writers=writers,
        acknowledged=len(acked),
        reads=reads,
        errors=errors,
        retries=retries,
        lost=len(acked - found.visits),
        partial=found.partial,
        integrity=found.integrity,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="pointti-concurrency-"))
    started = time.monotonic()
    report = run(data_dir, args.seconds, writers=args.writers)
    print(report, f"({time.monotonic() - started:.1f} s)")
    ok = not report.errors and report.lost == 0 and report.partial == 0
    ok = ok and report.integrity == "ok" and report.acknowledged > 0
    print("OK" if ok else "FAILED", "data directory:", data_dir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
