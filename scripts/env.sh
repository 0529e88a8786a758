# Shared by run.sh and test.sh: make sure Qt's system libraries and a fresh local virtual
# environment (.venv) exist. Sourced, not executed. Set PD_EXTRAS (pip extras) and PD_SCREEN=1 when
# a real X screen is needed, before sourcing.
set -euo pipefail

PD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PD_VENV="$PD_ROOT/.venv"

QT_OFFSCREEN_LIBS="libglib2.0-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0"
QT_SCREEN_LIBS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"

pd_say() { printf 'pointti-desk: %s\n' "$*" >&2; }

pd_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    pd_say "Python 3.11 or newer is needed (sudo apt-get install python3 python3-venv)."
    return 1
}

pd_missing_debs() {
    # Prints the Debian packages of "$@" that are not installed (nothing off Debian/Ubuntu).
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local pkg
    for pkg in "$@"; do
        # Some names carry a t64 suffix on newer releases (libglib2.0-0t64): either will do.
        if ! { dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null || true
            dpkg-query -W -f='${Status}\n' "${pkg}t64" 2>/dev/null || true; } |
            grep -q "install ok installed"; then
            printf '%s ' "$pkg"
        fi
    done
}

pd_apt_name() {
    # The installable name on this release: prefer the t64 variant where the plain one is virtual.
    local pkg="$1"
    if apt-cache show "${pkg}t64" >/dev/null 2>&1 && ! apt-cache show "$pkg" 2>/dev/null |
        grep -q '^Filename:'; then
        printf '%s' "${pkg}t64"
    else
        printf '%s' "$pkg"
    fi
}

pd_system_libs() {
    local wanted="$QT_OFFSCREEN_LIBS"
    [ "${PD_SCREEN:-0}" = 1 ] && wanted="$wanted $QT_SCREEN_LIBS"
    # shellcheck disable=SC2086
    local missing
    missing="$(pd_missing_debs $wanted)"
    [ -n "$missing" ] || return 0
    if [ "$(id -u)" -ne 0 ]; then
        pd_say "Qt needs these system libraries. Install them, then run this again:"
        printf '  sudo apt-get update && sudo apt-get install -y %s\n' "$missing" >&2
        exit 1
    fi
    pd_say "installing Qt's system libraries: $missing"
    apt-get update -qq
    local names="" pkg
    for pkg in $missing; do names="$names $(pd_apt_name "$pkg")"; done
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $names >/dev/null
}

pd_venv() {
    local python
    python="$(pd_python)"
    if [ ! -x "$PD_VENV/bin/python" ]; then
        pd_say "creating the virtual environment in $PD_VENV"
        if ! "$python" -m venv "$PD_VENV" 2>/dev/null; then
            rm -rf "$PD_VENV"
            if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
                local ver
                ver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
                apt-get update -qq
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${ver}-venv" \
                    >/dev/null 2>&1 || apt-get install -y -qq python3-venv >/dev/null
                "$python" -m venv "$PD_VENV"
            else
                pd_say "python's venv module is missing. Install it, then run this again:"
                printf '  sudo apt-get install -y python3-venv\n' >&2
                exit 1
            fi
        fi
    fi
    # Reinstall when pyproject.toml changed since the last install, or when extras are wanted
    # that the last install lacked (test.sh installs a superset of what run.sh needs).
    local stamp="$PD_VENV/.pointti-desk-installed" hash
    hash="$(sha256sum <"$PD_ROOT/pyproject.toml" | cut -c1-16)"
    if [ -f "$stamp" ] && grep -q "^$hash " "$stamp"; then
        local installed_extras
        installed_extras="$(cut -d' ' -f2- "$stamp")"
        if [ -z "${PD_EXTRAS:-}" ] || [ "$installed_extras" = "${PD_EXTRAS:-}" ]; then
            return 0
        fi
    fi
    pd_say "installing Pointti Desk and its dependencies into .venv (first run takes a while)"
    "$PD_VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    local target="$PD_ROOT"
    [ -n "${PD_EXTRAS:-}" ] && target="$PD_ROOT[${PD_EXTRAS}]"
    "$PD_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target"
    printf '%s %s\n' "$hash" "${PD_EXTRAS:-}" >"$stamp"
}
