"""db-benchmark's groupby questions on Python Dask and pandas, in memory (Debian's python3-dask).

Debian has no pyarrow (nor fastparquet), so Dask cannot read the Parquet dataset that DaskSharp's
`df-parquet-groupby` reads; DaskSharp's run also writes it once as CSV (its JSON line's "csv"),
and this reads that CSV with pandas, untimed, into 10 partitions (one per Parquet file), then
times q1 (sum v1 by id1) and q3 (sum v1, mean v3 by id3) on the threads scheduler, and on pandas
alone. Dask's figures leave reading out, so they flatter Dask: DaskSharp's include reading Parquet.

  /usr/bin/python3 benchmarks/anchors/dataframe_anchor.py df-parquet-groupby /tmp/dasksharp-bench/groupby-10000000.csv
"""
import json
import sys
import time


def emit(name, seconds, **extra):
    print(json.dumps({"workload": name, "seconds": round(seconds, 4), **extra}), flush=True)


def parquet_groupby(csv):
    import dask
    import dask.dataframe as dd
    import pandas as pd
    pdf = pd.read_csv(csv, dtype={"id1": "object", "id3": "int32", "v1": "int32", "v3": "float64"})
    ddf = dd.from_pandas(pdf, npartitions=10, sort=False).persist(scheduler="sync")
    rows = len(pdf)
    for _ in range(3):
        t = time.perf_counter()
        q1 = ddf.groupby("id1").v1.sum().compute(scheduler="threads")
        s1 = time.perf_counter() - t
        t = time.perf_counter()
        q3 = ddf.groupby("id3").agg({"v1": "sum", "v3": "mean"}).compute(scheduler="threads")
        s3 = time.perf_counter() - t
        emit("df-parquet-groupby-q1-dask-inmemory", s1, rows=rows, groups=len(q1))
        emit("df-parquet-groupby-q3-dask-inmemory", s3, rows=rows, groups=len(q3))
    t = time.perf_counter()
    q1 = pdf.groupby("id1").v1.sum()
    emit("df-parquet-groupby-q1-pandas-inmemory", time.perf_counter() - t, rows=rows, groups=len(q1))
    t = time.perf_counter()
    q3 = pdf.groupby("id3").agg({"v1": "sum", "v3": "mean"})
    emit("df-parquet-groupby-q3-pandas-inmemory", time.perf_counter() - t, rows=rows, groups=len(q3))


if __name__ == "__main__":
    workload = sys.argv[1]
    if workload == "df-parquet-groupby":
        parquet_groupby(sys.argv[2])
    else:
        raise SystemExit(f"unknown workload {workload!r}")
