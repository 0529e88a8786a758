"""Child process: read the statistics dashboard in a loop, as an admin's screen would while the
desks save; prints ``error <Type> <message>`` for a refused read and ``done reads=N errors=M``.

``python -m tests.harness.reader DATA_DIR --seconds S``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from desk_app.db.engine import make_engine, sqlite_url
from desk_app.db.uow import SqlAlchemyUnitOfWorkFactory
from desk_app.domain.errors import DeskError
from desk_app.domain.stats import Period
from desk_app.services.access import Access
from desk_app.services.stats import StatisticsService
from desk_app.settings import Settings
from tests.harness.common import database_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args(argv)
    engine = make_engine(sqlite_url(database_of(args.data_dir)))
    stats = StatisticsService(SqlAlchemyUnitOfWorkFactory(engine), Access.system(), Settings())
    end = time.monotonic() + args.seconds
    reads = errors = 0
    while time.monotonic() < end:
        today = stats._today()
        try:
            stats.dashboard(Period(today, today))
            reads += 1
        except DeskError as exc:
            errors += 1
            print(f"error {type(exc).__name__} {exc}", flush=True)
    print(f"done reads={reads} errors={errors}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
