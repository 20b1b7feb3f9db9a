#!/usr/bin/env bash
# Runs a workload in DaskSharp and in Python Dask (../shared/anchors/dask_anchor.py) in the same
# sitting and prints both JSON lines and the speed ratio.
#   benchmarks/compare.sh tasks 100000
#   benchmarks/compare.sh chain 10000
#   benchmarks/compare.sh df-csv 165    (DAYS of 1 s rows, ~1 GB; the anchor reads the same file)
# Python Dask comes from Debian (apt-get install -y python3-dask python3-distributed python3-numpy
# python3-pandas); this script installs it when missing and run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
workload=${1:?usage: benchmarks/compare.sh WORKLOAD [SIZE] [REPEAT]}
size=${2:-}
repeat=${3:-3}
anchor=${DASK_ANCHOR:-../shared/anchors/dask_anchor.py}
python=/usr/bin/python3

if ! "$python" -c 'import dask' 2>/dev/null; then
  if [ "$(id -u)" = "0" ]; then
    apt-get install -y -q python3-dask python3-distributed python3-numpy python3-pandas >/dev/null
  else
    echo "Python Dask is missing: apt-get install -y python3-dask python3-distributed python3-numpy python3-pandas" >&2
    exit 1
  fi
fi

dotnet build -c Release benchmarks/DaskSharp.Benchmarks -v q -nologo >/dev/null
ours=$(dotnet run -c Release --no-build --project benchmarks/DaskSharp.Benchmarks -- "$workload" $size --repeat "$repeat")
anchor_arg=$size
if [ "$workload" = "df-csv" ]; then
  # The anchor reads the CSV DaskSharp's run made (and reused): its path is in DaskSharp's output.
  anchor_arg=$(echo "$ours" | "$python" -c 'import json, sys; print(next(json.loads(l)["path"] for l in sys.stdin if "\"path\"" in l))')
fi
theirs=$("$python" "$anchor" "$workload" $anchor_arg)
echo "dasksharp: $ours" | sed '2,$s/^/dasksharp: /'
echo "dask:      $theirs"
"$python" - "$ours" "$theirs" <<'PY'
import json, statistics, sys
ours = [json.loads(l) for l in sys.argv[1].splitlines() if l.strip()]
theirs = json.loads(sys.argv[2].splitlines()[-1])
ours = [o for o in ours if o["workload"] == theirs["workload"]]  # df-csv also prints DuckDB's figure
median = statistics.median(o["seconds"] for o in ours)
first = ours[0]["seconds"]
print(f'{theirs["workload"]}: dask {theirs["seconds"]:.3f} s; dasksharp median {median:.4f} s (first {first:.4f} s) '
      f'-> {theirs["seconds"] / median:.1f}x faster (first run {theirs["seconds"] / first:.1f}x)')
PY
