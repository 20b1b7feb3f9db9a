"""The "worker memory" workloads on Python Dask (Debian's python3-dask/python3-distributed).

The same workloads as DaskSharp's benchmark runner (persist-4x, seed-full), plus the anchor's
seed-distributed-2GB with each worker's peak RSS. Each prints one JSON line like
../../../shared/anchors/dask_anchor.py: {"workload": ..., "seconds": ..., ...}.

Run every workload under `timeout` (Dask can hang or thrash when workers die), e.g.
  timeout --kill-after=30 600 /usr/bin/python3 benchmarks/anchors/memory_anchor.py persist-4x
  timeout --kill-after=30 900 /usr/bin/python3 benchmarks/anchors/memory_anchor.py seed-full
  timeout --kill-after=30 300 /usr/bin/python3 benchmarks/anchors/memory_anchor.py seed-2GB-rss 40000
`timeout` signals its whole process group, so the worker processes go too.
"""
import json
import sys
import time


def emit(name, seconds, **extra):
    print(json.dumps({"workload": name, "seconds": round(seconds, 4), **extra}), flush=True)


def peak_rss(dask_worker=None):
    """This process's peak resident memory (VmHWM) in bytes; run on each worker with client.run."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def spilled(dask_worker):
    """Bytes and keys this worker holds on disk (distributed's SpillBuffer), or None."""
    data = dask_worker.data
    try:
        total = data.spilled_total  # SpilledSize(memory, disk) in distributed >= 2022.4
        return {"disk_bytes": int(total.disk), "keys": len(data.slow)}
    except AttributeError:
        slow = getattr(data, "slow", None)
        return None if slow is None else {"disk_bytes": int(getattr(slow, "total_weight", 0)), "keys": len(slow)}


def worker_figures(client, limit):
    peaks = client.run(peak_rss)
    mib = [peaks[a] // (1 << 20) for a in sorted(peaks)]
    return {
        "memory_limit_mb": limit // (1 << 20),
        "worker_peak_rss_mb": "/".join(str(m) for m in mib),
        "workers_under_limit": "/".join("yes" if peaks[a] < limit else "no" for a in sorted(peaks)),
    }


def seed(n, name, memory_limit):
    """The seed's example on 2 worker processes x 1 thread: ((x + x.T) - x.mean(axis=0)).sum(), 16 MiB chunks."""
    import dask.array as da
    from dask.utils import parse_bytes
    from distributed import Client, LocalCluster
    x = da.random.random((n, n), chunks="16 MiB")
    y = (x + x.T) - x.mean(axis=0)
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, memory_limit=memory_limit, dashboard_address=None) as cl, Client(cl) as c:
        t = time.perf_counter()
        v = y.sum().compute()
        s = time.perf_counter() - t
        figures = worker_figures(c, parse_bytes(memory_limit))
        restarts = sorted(c.run(lambda: __import__("os").getpid()).values())
    emit(name, s, n=n, chunks=x.numblocks, value=float(v), gb_per_s=round(n * n * 8 / s / 1e9, 3), worker_pids=restarts, **figures)


def persist_4x(n):
    """An n x n float64 random array (32,000^2 = 8 GB: 4x the cluster's 2 x 1 GB) persisted, waited for, then summed."""
    import dask.array as da
    from dask.utils import parse_bytes
    from distributed import Client, LocalCluster, wait
    limit = "1GB"
    x0 = da.random.random((n, n), chunks="32 MiB")
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, memory_limit=limit, dashboard_address=None) as cl, Client(cl) as c:
        pids_before = sorted(c.run(lambda: __import__("os").getpid()).values())
        t = time.perf_counter()
        x = x0.persist()
        wait(x, timeout=540)
        persist_s = time.perf_counter() - t
        t2 = time.perf_counter()
        v = float(x.sum().compute())
        reduce_s = time.perf_counter() - t2
        total_s = time.perf_counter() - t
        spill = c.run(spilled)
        figures = worker_figures(c, parse_bytes(limit))
        pids_after = sorted(c.run(lambda: __import__("os").getpid()).values())
        del x
    # The same array (same graph, same seeds) summed chunk by chunk in this process.
    expected = float(x0.sum().compute(scheduler="sync"))
    rel = abs(v - expected) / abs(expected)
    disk = [spill[a]["disk_bytes"] if spill[a] else 0 for a in sorted(spill)]
    emit("persist-4x", total_s, n=n, gb=round(n * n * 8 / 1e9, 2), chunks=x0.numblocks,
         persist_seconds=round(persist_s, 4), reduce_seconds=round(reduce_s, 4), value=v, expected=expected,
         relative_error=rel, correct=rel < 1e-9, mean=v / (n * n),
         spilled_mb="/".join(str(d // (1 << 20)) for d in disk),
         spilled_keys="/".join(str(spill[a]["keys"] if spill[a] else 0) for a in sorted(spill)),
         worker_restarted=pids_before != pids_after, **figures)


if __name__ == "__main__":
    w = sys.argv[1]
    arg = sys.argv[2] if len(sys.argv) > 2 else None
    if w == "persist-4x":
        persist_4x(int(arg or 32_000))
    elif w == "seed-full":
        seed(int(arg or 100_000), "seed-full", "2GB")
    elif w == "seed-2GB-rss":
        seed(int(arg or 40_000), "seed-array-distributed-2GB", "2GB")
    else:
        raise SystemExit("unknown workload " + w)
