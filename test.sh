#!/usr/bin/env bash
# Runs the whole DaskSharp test suite on a fresh machine that has only the .NET 10 SDK.
# Installs what the tests use from the system when it can (as root, with apt-get):
#   graphviz — so Visualize() can render SVG (the test checks the SVG when `dot` exists);
#   libopenblas0-pthread — so chunk matrix products are also tested through OpenBLAS (the managed
#   kernel is tested either way);
#   chromium — the dashboard's browser tests drive /usr/bin/chromium through Playwright (they fail
#   without it, saying so);
#   python3-pandas — the CSV tests have Debian's pandas write the files they read and read the files
#   they write (they fail without it, saying so);
#   openmpi-bin — `dask mpi` is tested under a real mpirun;
#   slurmctld, slurmd, munge — ci/slurm-up.sh starts a private two-node SLURM cluster on 127.0.0.1 for
#   the SLURM tests (installing them itself) and ci/slurm-down.sh stops it when the tests end.
# Ends with one line: "N passed, N failed[, N skipped]" summed over all test projects.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

install() { # package, what is lost without it
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing $1 (apt-get)"
    (apt-get install -y -q "$1" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$1" >/dev/null 2>&1; }) \
      || echo "test.sh: could not install $1; $2"
  else
    echo "test.sh: $1 is missing and cannot be installed; $2"
  fi
}
command -v dot >/dev/null 2>&1 || install graphviz "the SVG check is skipped, DOT is still tested"
[ -e /usr/lib/x86_64-linux-gnu/libopenblas.so.0 ] || ls /usr/lib/*/libopenblas.so.0 >/dev/null 2>&1 \
  || install libopenblas0-pthread "matrix products are tested with the managed kernel only"
[ -x /usr/bin/chromium ] || install chromium "the dashboard's browser tests will fail"
/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || install python3-pandas "the CSV tests, which compare with pandas, will fail"

command -v mpirun >/dev/null 2>&1 || install openmpi-bin "the MPI tests will fail"
slurm_started=0
if [ "$(id -u)" = "0" ]; then
  if ci/slurm-up.sh >/tmp/dasksharp-slurm-up.log 2>&1; then slurm_started=1
  else echo "test.sh: the SLURM test cluster did not start (log: /tmp/dasksharp-slurm-up.log); the SLURM tests will fail"; fi
fi

log=$(mktemp)
trap 'rm -f "$log"; [ "$slurm_started" = 1 ] && ci/slurm-down.sh >/dev/null 2>&1' EXIT
dotnet test DaskSharp.slnx "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project: "Passed!  - Failed: 0, Passed: 98, Skipped: 0, ..."
summary=$(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3; n++} END {printf "%d %d %d %d", p, f, s, n}')
read -r passed failed skipped projects <<<"$summary"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test could report
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
