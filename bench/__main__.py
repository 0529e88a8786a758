"""``python -m bench [NAME] [options]``: run one benchmark by name, or the quick ones.

Without a name it runs ``finder``, ``save`` and ``handout`` with their defaults; ``demo_data``
and ``stats`` (which builds a 1,000,000-visit database) take minutes and run only when asked
by name. ``python -m bench NAME --help`` lists a
benchmark's options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from bench import demo_data, finder, handout, save, stats
from bench.common import RESULTS_DIR

BENCHMARKS: dict[str, ModuleType] = {
    "finder": finder,
    "save": save,
    "handout": handout,
    "demo_data": demo_data,
    "stats": stats,
}
QUICK = ("finder", "save", "handout")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--results-dir", type=Path, default=RESULTS_DIR, help="where NAME.json is written"
    )
    names = parser.add_subparsers(dest="name", metavar="NAME")
    for name, module in BENCHMARKS.items():
        summary = (module.__doc__ or "").strip().splitlines()[0]
        sub = names.add_parser(
            name,
            parents=[common],
            help=summary,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.name is not None:
        BENCHMARKS[args.name].run(args, args.results_dir)
        return 0
    for name in QUICK:
        sub_args = parser.parse_args([name])
        BENCHMARKS[name].run(sub_args, sub_args.results_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
