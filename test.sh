#!/usr/bin/env bash
# Run the whole test suite: lint (ruff), types (mypy on desk_app), layer contracts (import-linter)
# and pytest (unit, integration, UI offscreen). Creates or refreshes .venv first.
# Extra arguments go to pytest, e.g. ./test.sh -k finder
PD_EXTRAS="test"
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/scripts/env.sh"
pd_system_libs
pd_venv
cd "$PD_ROOT"
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
"$PD_VENV/bin/ruff" check .
"$PD_VENV/bin/ruff" format --check .
echo "== mypy"
"$PD_VENV/bin/mypy"
echo "== import contracts"
"$PD_VENV/bin/lint-imports"
echo "== pytest"
# On every core (pytest-xdist); PD_TEST_WORKERS=0 runs in this process, e.g. for a debugger.
exec "$PD_VENV/bin/python" -m pytest -n "${PD_TEST_WORKERS:-auto}" "$@"
