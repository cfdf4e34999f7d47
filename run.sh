#!/usr/bin/env bash
# The one entry point a newcomer needs: it finds uv (or installs it into
# .tools/ when missing), lets uv build .venv from uv.lock, makes the built
# data (python -m companion.build_data, see companion/build_data.py), then runs
#   ./run.sh app [flags]   the desktop app (default)
#   ./run.sh test [args]   ruff, mypy and the whole pytest suite, offscreen
#   ./run.sh CMD [args]    any command inside the project environment
# Running it twice is harmless: uv only installs what changed.
set -euo pipefail
cd "$(dirname "$0")"

uv_bin=$(command -v uv || true)
if [ -z "$uv_bin" ] && [ -x .tools/bin/uv ]; then
  uv_bin=.tools/bin/uv
fi
if [ -z "$uv_bin" ]; then
  echo "run.sh: installing uv into .tools/ (one time)..." >&2
  python3 -m venv .tools
  .tools/bin/python -m pip install --quiet --disable-pip-version-check uv
  uv_bin=.tools/bin/uv
fi
# Tests and the bundle script call `uv` by name: put the one found here on PATH.
uv_bin=$(cd "$(dirname "$uv_bin")" && pwd)/$(basename "$uv_bin")
export PATH="$(dirname "$uv_bin"):$PATH"
# Use the machine's Python 3.11+; never download an interpreter.
export UV_PYTHON_DOWNLOADS=never

what=${1:-app}
[ $# -gt 0 ] && shift
# The parsed guide and the compiled catalogs (companion/built/), made as the
# wheel's build makes them; a no-op when they match their sources.
"$uv_bin" run --locked python -m companion.build_data
# Said to what starts from here (the app, the benchmarks' child processes):
# the built files were just checked, so a start need not look at the sources.
export COMPANION_BUILT_CHECKED=1
case "$what" in
  app)
    exec "$uv_bin" run --locked companion "$@" ;;
  test)
    "$uv_bin" sync --locked --quiet
    "$uv_bin" run --locked ruff check companion tests packaging benchmarks
    "$uv_bin" run --locked mypy
    exec "$uv_bin" run --locked pytest "$@" ;;
  *)
    exec "$uv_bin" run --locked "$what" "$@" ;;
esac
