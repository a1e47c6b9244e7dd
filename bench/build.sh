#!/usr/bin/env bash
# Measures coursekit's build speed and the weight of what a learner downloads.
#   bench/build.sh            the sample site, plus a generated 1,800-page site
# Prints: build time (best and median of N runs), pages, and the bytes of one lesson page
# with its stylesheet and script, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d /opt/swift/usr/bin ]] && export PATH="/opt/swift/usr/bin:$PATH"
runs=${RUNS:-10}
out=bench/out
mkdir -p "$out"
swift build -c release --product coursekit >/dev/null
bin=.build/release/coursekit

time_build() {  # content output → prints best and median seconds over $runs runs
  python3 - "$bin" "$1" "$2" "$runs" <<'PY'
import statistics, subprocess, sys, time
binary, content, output, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run([binary, "build", "--content", content, "--output", output], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"best {min(times):.3f} s, median {statistics.median(times):.3f} s over {runs} runs")
PY
}

weight() {  # label file... → raw and gzip bytes of each file and their sum
  local label=$1; shift
  local raw=0 packed=0
  for file in "$@"; do
    local r p
    r=$(stat -c %s "$file"); p=$(gzip -9 -n -c "$file" | wc -c)
    printf '  %-60s %7d B  gzip %6d B\n' "${file#"$out"/}" "$r" "$p"
    raw=$((raw + r)); packed=$((packed + p))
  done
  printf '  %-60s %7d B  gzip %6d B\n' "$label" "$raw" "$packed"
}

echo "== Sample site (Content/)"
time_build Content "$out/sample"
echo "  pages: $(find "$out/sample" -name '*.html' -not -path '*/assets/*' -not -name coverage.html | wc -l), files: $(find "$out/sample" -type f | wc -l), size: $(du -sb "$out/sample" | cut -f1) B"
lesson="$out/sample/data-basics/ar/data-around-us/tables.html"
weight "one Arabic lesson page + CSS + JS" "$lesson" "$out"/sample/data-basics/assets/coursekit.*.css "$out"/sample/data-basics/assets/coursekit.*.js

weight "exercise script + stylesheet" "$out"/sample/data-basics/assets/coursekit-exercises.*.js "$out"/sample/data-basics/assets/coursekit-exercises.*.css
lesson="$out/sample/data-basics/en/data-around-us/tables.html"
weight "lesson with exercises + all CSS + JS" "$lesson" "$out"/sample/data-basics/assets/coursekit*.css "$out"/sample/data-basics/assets/coursekit*.js

echo "== Generated site (bench/generate.py: 10 courses × 3 locales × 60 lessons)"
rm -rf "$out/generated-content"
python3 bench/generate.py "$out/generated-content" 10 60
time_build "$out/generated-content" "$out/generated"
echo "  pages: $(find "$out/generated" -name '*.html' -not -path '*/assets/*' -not -name coverage.html | wc -l), content: $(du -sb "$out/generated-content" | cut -f1) B"
