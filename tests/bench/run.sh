#!/bin/sh
# Runs the benchmarks on an optimised build and prints their figures.
# Usage: tests/bench/run.sh [BUILD_DIR]   (default: build-bench, release build)
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
[ -d "$build" ] || meson setup "$build" "$root" -Dgtk=false --buildtype=release >/dev/null
ninja -C "$build" >/dev/null
for i in 1 2 3 4 5; do "$build/tests/bench/bench-scheduler"; done
for i in 1 2 3 4 5; do "$build/tests/bench/bench-sim"; done
for i in 1 2 3; do "$build/tests/bench/bench-sqs" flow; done
"$build/tests/bench/bench-sqs" backlog
LF_NODE_ICON_DIR="$root/data/icons/nodes" "$build/tests/bench/bench-painter"
"$root/tests/bench/bench-library.sh" "$build"
LF_BENCH_ASYNC= "$build/tests/bench/bench-walkthrough" "$root/data/scenarios"
LF_BENCH_ASYNC=1 "$build/tests/bench/bench-walkthrough" "$root/data/scenarios"
