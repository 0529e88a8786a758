#!/usr/bin/env bash
# Start Pointti Desk on the embedded SQLite database (the example catalogue is loaded on first
# start). Creates or refreshes .venv and installs Qt's system libraries when run as root.
# Extra arguments go to the app, e.g. ./run.sh --data-dir /tmp/try-desk
PD_SCREEN=1
PD_EXTRAS=""
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/scripts/env.sh"
pd_system_libs
pd_venv
exec "$PD_VENV/bin/pointti-desk" "$@"
