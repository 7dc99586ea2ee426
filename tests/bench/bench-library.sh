#!/bin/sh
# How long each bundled scenario takes to run headless (target: under 2 s each), the
# median of 5 runs, trace written to /dev/null.
# Usage: tests/bench/bench-library.sh [BUILD_DIR]   (default: build-bench, release build)
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
[ -d "$build" ] || meson setup "$build" "$root" -Dgtk=false --buildtype=release >/dev/null
ninja -C "$build" app/lambdaflow-sim >/dev/null
for f in "$root"/data/scenarios/*.lflow.json; do
  times=""
  for i in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$build/app/lambdaflow-sim" run "$f" --trace /dev/null --report json >/dev/null 2>&1
    e=$(date +%s%N)
    times="$times $(( (e - s) / 1000000 ))"
  done
  median=$(echo $times | tr ' ' '\n' | sort -n | sed -n 3p)
  printf '%-48s %6s ms\n' "$(basename "$f")" "$median"
done
