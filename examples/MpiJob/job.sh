#!/usr/bin/env bash
#SBATCH --partition=multiple
#SBATCH --nodes=3
#SBATCH --ntasks-per-node=3
#SBATCH --time=00:30:00
#SBATCH --job-name=dask-mpi
#
# The seed's job script, with `dask mpi` in place of `dask-mpi`: 9 ranks, rank 0 the scheduler,
# ranks 1-8 workers on InfiniBand, then the client program. Submit it with `sbatch job.sh`.
# On one machine: NP=4 INTERFACE=lo ./job.sh   (see README.md)
set -euo pipefail
cd "$(dirname "$0")"
NP=${NP:-9}
INTERFACE=${INTERFACE:-ib0}
DASK=${DASK:-dask}                      # `dotnet tool install -g DaskSharp.Cli`, or "dotnet /path/DaskSharp.Cli.dll"
CLIENT=${CLIENT:-dotnet bin/Release/net10.0/MpiJob.dll}

rm -f ~/dask-scheduler.json             # the client must not read an earlier job's file
mpirun -np "$NP" $DASK mpi --scheduler-file ~/dask-scheduler.json --interface "$INTERFACE" --local-directory /tmp --no-nanny &
cluster=$!
trap 'kill $cluster 2>/dev/null || true' EXIT   # a failed client must not leave the ranks running

$CLIENT ~/dask-scheduler.json $((NP - 1)) ${SIZE:-}
wait $cluster                           # every rank exits 0 once the client has shut the cluster down
trap - EXIT
