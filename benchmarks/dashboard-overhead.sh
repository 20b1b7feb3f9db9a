#!/usr/bin/env bash
# Issue 5's performance check: map-inproc with the dashboard off against map-inproc with the
# dashboard served to two headless Chromium windows on /status (map-inproc-watched), alternated
# in one sitting so both see the same machine. Prints each median and the slowdown.
#   benchmarks/dashboard-overhead.sh [ROUNDS] [REPEAT] [SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-6}
repeat=${2:-5}
size=${3:-20000}
dotnet build -c Release benchmarks/DaskSharp.Benchmarks -v q -nologo >/dev/null
run() { dotnet run -c Release --no-build --project benchmarks/DaskSharp.Benchmarks -- "$1" "$size" --repeat "$repeat"; }
off=""; watched=""
for _ in $(seq "$rounds"); do
  off+=$(run map-inproc)$'\n'
  watched+=$(run map-inproc-watched)$'\n'
done
python3 - "$off" "$watched" <<'PY'
import json, statistics, sys
off = [json.loads(l)["seconds"] for l in sys.argv[1].splitlines() if l.strip()]
watched = [json.loads(l)["seconds"] for l in sys.argv[2].splitlines() if l.strip()]
a, b = statistics.median(off), statistics.median(watched)
print(f"map-inproc, dashboard off: median {a:.4f} s over {len(off)} runs (min {min(off):.4f})")
print(f"map-inproc, two browsers on /status: median {b:.4f} s over {len(watched)} runs (min {min(watched):.4f})")
print(f"slowdown: {100 * (b / a - 1):+.1f}% (median), {100 * (min(watched) / min(off) - 1):+.1f}% (best)")
PY
