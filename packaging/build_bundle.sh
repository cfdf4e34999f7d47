#!/usr/bin/env bash
# Build the Linux one-folder bundle, then prove it starts.
#
#   packaging/build_bundle.sh            -> dist/companion/companion
#
# Steps: PyInstaller (in a throw-away environment; it is not a project
# dependency) builds dist/companion/ from packaging/companion.spec; the bundle
# is then started with --smoke, offscreen, against a temporary data folder,
# and its JSON line is checked. Prints the bundle size. Exit code 0 only if
# the bundle was built, started, painted its window and is under the limit.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

PYINSTALLER_VERSION=${PYINSTALLER_VERSION:-6.22.3}
LIMIT_MB=${BUNDLE_LIMIT_MB:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/tcc-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== building the bundle with PyInstaller $PYINSTALLER_VERSION"
uv sync --locked --quiet
uv run --locked --with "pyinstaller==$PYINSTALLER_VERSION" \
  pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath "$work/build" packaging/companion.spec

bundle=dist/companion
[ -x "$bundle/companion" ] || { echo "build_bundle: $bundle/companion is missing" >&2; exit 1; }

echo "== smoke test: $bundle/companion --smoke (offscreen)"
out=$(QT_QPA_PLATFORM=offscreen "$bundle/companion" --smoke --data-dir "$work/data")
echo "$out"
SMOKE="$out" DATA_DIR="$work/data" uv run --locked python - <<'PY'
import json, os, pathlib, sys
line = os.environ["SMOKE"].strip().splitlines()[-1]
report = json.loads(line)
problems = []
if report.get("window") != "shown":
    problems.append(f"window: {report.get('window')!r}")
if len(report.get("sections", [])) < 3:
    problems.append(f"sections: {report.get('sections')!r}")
if pathlib.Path(report.get("data_dir", "")) != pathlib.Path(os.environ["DATA_DIR"]).resolve():
    problems.append("the bundle did not use --data-dir")
if not (pathlib.Path(os.environ["DATA_DIR"]) / "companion.sqlite3").is_file():
    problems.append("no database was created")
if problems:
    sys.exit("build_bundle: smoke test failed: " + "; ".join(problems))
print(f"smoke test passed: version {report['version']}, started in {report['startup_ms']} ms")
PY

echo "== checking a translated start (--lang ru)"
out_ru=$(QT_QPA_PLATFORM=offscreen "$bundle/companion" --smoke --lang ru --data-dir "$work/data")
case "$out_ru" in
  *'"language": "ru"'*) ;;
  *) echo "build_bundle: --lang ru did not switch the language: $out_ru" >&2; exit 1 ;;
esac
# Qt's own buttons and file dialog need Qt's catalogs inside the bundle too.
case "$out_ru" in
  *'"qt_translated": true'*) ;;
  *) echo "build_bundle: Qt's own catalog (qtbase_ru.qm) is missing from the bundle: $out_ru" >&2; exit 1 ;;
esac
# The compiled catalogs must be inside; a silent English fallback would hide it.
for po in i18n/*/LC_MESSAGES/messages.po; do
  [ -e "$po" ] || continue
  lang=$(basename "$(dirname "$(dirname "$po")")")
  mo=$(find "$bundle" -path "*companion/built/locale/$lang/LC_MESSAGES/messages.mo" | head -1)
  [ -n "$mo" ] || { echo "build_bundle: missing catalog for $lang" >&2; exit 1; }
done

size_kb=$(du -sk "$bundle" | cut -f1)
size_mb=$(( (size_kb + 1023) / 1024 ))
echo "== bundle size: ${size_mb} MB unpacked ($bundle), limit ${LIMIT_MB} MB"
if [ "$size_mb" -ge "$LIMIT_MB" ]; then
  echo "build_bundle: the bundle is over ${LIMIT_MB} MB" >&2
  exit 1
fi
echo "build_bundle: OK"
