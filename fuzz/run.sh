#!/usr/bin/env bash
# Fuzzes one target for a bounded time.
#   fuzz/run.sh <target> [--seconds N] [--random]
# Targets: frame, header, handshake, message (fuzz/DaskSharp.Fuzz/Targets/).
# Default: afl-fuzz (Debian's afl++) over the SharpFuzz-instrumented DaskSharp.Distributed,
# DaskSharp.Core and MessagePack assemblies, seeded from fuzz/corpus/<target>, stopped after N
# seconds (-V). Installs afl++ (apt-get, as root) and SharpFuzz.CommandLine 2.3.0 (the local tool
# manifest in fuzz/.config) when they are missing. The smallest crashing input of each cause, and
# each hang, is copied to fuzz/crashes/<target>/, to be checked in with the fix of its bug.
# --random: the plain in-process mutation loop instead (no afl, no instrumentation).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

target=${1:?usage: fuzz/run.sh <frame|header|handshake|message> [--seconds N] [--random]}
shift
seconds=300
mode=afl
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --random) mode=random; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$mode" = random ]; then
  dotnet run --project DaskSharp.Fuzz -c Release -- random "$target" --seconds "$seconds"
  exit $?
fi

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing afl++ (apt-get)"
    apt-get install -y -q afl++ >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q afl++ >/dev/null; }
  else
    echo "run.sh: afl-fuzz is missing and cannot be installed here (not root); try --random" >&2
    exit 2
  fi
fi
dotnet tool restore >/dev/null

# A fresh build each time: sharpfuzz instruments in place and refuses an assembly it already did.
bin=out/bin
rm -rf "$bin"
dotnet publish DaskSharp.Fuzz -c Release -o "$bin" --nologo -v quiet
for assembly in DaskSharp.Distributed DaskSharp.Core MessagePack; do
  dotnet tool run sharpfuzz "$bin/$assembly.dll" >/dev/null
done

findings=out/findings/$target
rm -rf "$findings"
mkdir -p "$findings"
# The target is `dotnet`, not an afl-instrumented binary, and SharpFuzz reports crashes itself.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
afl-fuzz -i "corpus/$target" -o "$findings" -t 5000 -m none -V "$seconds" -- dotnet "$bin/DaskSharp.Fuzz.dll" afl "$target" > "$findings/afl.log" 2>&1 || {
  echo "run.sh: afl-fuzz failed; its log:" >&2
  tail -40 "$findings/afl.log" >&2
  exit 1
}

stats=$findings/default/fuzzer_stats
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|unique_crashes|unique_hangs) ' "$stats" || cat "$stats"
# One input per cause (exception type and DaskSharp frame), replayed on the uninstrumented build.
for kind in crashes hangs; do
  if ls "$findings/default/$kind"/id* >/dev/null 2>&1; then
    echo "run.sh: $kind, one input per cause, copied to fuzz/crashes/$target:"
    dotnet run --project DaskSharp.Fuzz -c Release -- triage "$target" "$findings/default/$kind" "crashes/$target"
  fi
done
