"""Child process: save visits through ``DeskService`` in a loop, printing ``ack <id>`` (flushed)
only after ``record_visit`` returned, i.e. after COMMIT. A save refused with a ``DeskError``
prints ``error <Type> <message>`` (the text a desk worker would see) and the loop goes on.

``python -m tests.harness.writer DATA_DIR [--seconds S]`` (default: until killed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from desk_app.domain.errors import DeskError
from tests.harness.common import open_desk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args(argv)
    desk, draft = open_desk(args.data_dir)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    end = None if args.seconds is None else time.monotonic() + args.seconds
    saved = errors = 0
    while end is None or time.monotonic() < end:
        try:
            recorded = desk.record_visit(draft)
        except DeskError as exc:
            errors += 1
            out.write(f"error {type(exc).__name__} {exc}\n")
        else:
            saved += 1
            out.write(f"ack {recorded.id}\n")
        out.flush()
    out.write(f"done saved={saved} errors={errors}\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
