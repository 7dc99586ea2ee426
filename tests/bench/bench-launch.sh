#!/usr/bin/env bash
# Time from launching lambdaflow on a scenario to the canvas's first rendered frame (issue #5:
# ≤ 500 ms with the largest bundled scenario). Needs a display: run it under
#   xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- tests/bench/bench-launch.sh [BUILD] [RUNS]
# The first frame is the canvas's "frame 1" debug line (G_MESSAGES_DEBUG=lf-canvas, stamped to
# the millisecond by GLib); the launch is the wall clock just before exec.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory G_MESSAGES_DEBUG=lf-canvas
export LF_AUTOSAVE_DIR=$(mktemp -d)
trap 'rm -rf "$LF_AUTOSAVE_DIR"' EXIT

# The largest bundled scenario: the most nodes and edges
largest=$(python3 - "$root/data/scenarios" <<'EOF'
import json, sys, pathlib
best = max(pathlib.Path(sys.argv[1]).glob('*.lflow.json'),
           key=lambda p: (lambda d: len(d.get('nodes', [])) + len(d.get('edges', [])))(json.load(open(p))))
print(best)
EOF
)

ms_of_day () {  # HH:MM:SS.mmm -> milliseconds since midnight
  IFS=':.' read -r h m s ms <<<"$1"
  echo $(( (10#$h * 3600 + 10#$m * 60 + 10#$s) * 1000 + 10#$ms ))
}

echo "launch to first frame: $(basename "$largest")"
for i in $(seq "$runs"); do
  log=$(mktemp)
  start=$(date +%H:%M:%S.%3N)
  "$build/app/lambdaflow" "$largest" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    grep -q "frame 1:" "$log" && break
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  line=$(grep -m1 "frame 1:" "$log" || true)
  rm -f "$log"
  [ -n "$line" ] || { echo "run $i: no frame within 10 s"; continue; }
  stamp=$(grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}' <<<"$line" | head -n 1)
  echo "run $i: $(( $(ms_of_day "$stamp") - $(ms_of_day "$start") )) ms"
done
