# The script that gave TimeSeriesCases' literals: Debian's dask 2022.12 + pandas 1.5.3
# (/usr/bin/python3 TimeSeriesCases.pandas.py) on the frames TimeSeriesCases.Frame(unit) builds:
# 40 rows at irregular gaps (GAPS[i % 10] units after the previous row), x float64 with nulls,
# k int64, s strings, f = (37i mod 101) / 7, cut into 5 partitions at rows CUTS (divisions: those rows' times and the last).
import math, sys, warnings
import numpy as np, pandas as pd
import dask, dask.dataframe as dd

warnings.simplefilter("ignore")
dask.config.set(scheduler="sync")
GAPS = [3, 1, 7, 2, 11, 4, 1, 19, 5, 2]
CUTS = [0, 9, 17, 26, 33]
N = 40

def frame(unit_seconds):
    t, times = pd.Timestamp("2000-01-01"), []
    for i in range(N):
        times.append(t)
        t = t + pd.Timedelta(seconds=GAPS[i % 10] * unit_seconds)
    x = [np.nan if i % 11 == 5 else ((i * 7) % 13 - 6) / 4.0 for i in range(N)]
    k = [(i * 31) % 17 for i in range(N)]
    s = ["abcdefg"[(i * 3) % 7] * (1 + i % 2) for i in range(N)]
    f = [((i * 37) % 101) / 7.0 for i in range(N)]  # sums that round, so the summation order shows
    pdf = pd.DataFrame({"x": x, "k": k, "s": s, "f": f}, index=pd.DatetimeIndex(times, name="timestamp"))
    divisions = [times[c] for c in CUTS] + [times[-1]]
    return dd.from_pandas(pdf, npartitions=1).repartition(divisions=divisions, force=True)

def fmt(v, integer):
    if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)): return "null"
    if isinstance(v, pd.Timestamp): return v.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
    if isinstance(v, (float, np.floating)):
        text = repr(float(v))  # C#'s "R" writes 2.0 as 2
        return str(int(v)) if integer or text.endswith(".0") else text
    return str(v)

def canonical(columns, integer):
    # FrameCases.Canonical: the index, then each column, one row a line.
    index = columns[0][1].index
    lines = [",".join(["timestamp"] + [n for n, _ in columns])]
    for r in range(len(index)):
        lines.append(",".join([fmt(index[r], False)] + [fmt(c.iloc[r], n in integer) for n, c in columns]))
    return "\\n".join(lines) + "\\n"

def emit(name, text):
    print(f'        ["{name}"] = "{text}",')

AGGS = [("x", "sum"), ("x", "mean"), ("x", "min"), ("x", "max"), ("x", "count"), ("x", "first"), ("x", "last"),
        ("k", "sum"), ("k", "min"), ("k", "max"), ("k", "first"), ("s", "count"), ("s", "last"), ("f", "sum"), ("f", "mean")]
INTEGER = {"x_count", "k_sum", "k_min", "k_max", "k_first", "s_count"}
for name, rule, unit in [("1h", "1h", 600), ("1D", "1D", 3600), ("15min", "15min", 60), ("30s", "30s", 5), ("1D-shared", "1D", 600)]:
    ddf = frame(unit)
    cols = [(f"{c}_{h}", getattr(ddf[c].resample(rule), h)().compute()) for c, h in AGGS]
    emit(f"resample-{name}", canonical(cols, INTEGER))

ddf = frame(600)
for window in [3, "2h", "12h"]:
    cols = []
    for c, h in [("x", "sum"), ("x", "mean"), ("x", "min"), ("x", "max"), ("x", "count"), ("x", "std"), ("x", "var"), ("k", "mean"), ("k", "var"), ("f", "sum"), ("f", "mean"), ("f", "std")]:
        cols.append((f"{c}_{h}", getattr(ddf[c].rolling(window), h)().compute()))
    emit(f"rolling-{window}", canonical(cols, set()))

cols = [("x_shift2", ddf.x.shift(2).compute()), ("k_shift2", ddf.k.shift(2).compute()), ("s_shift2", ddf.s.shift(2).compute()),
        ("x_shiftm3", ddf.x.shift(-3).compute()), ("k_shiftm3", ddf.k.shift(-3).compute()),
        ("x_diff1", ddf.x.diff(1).compute()), ("k_diff1", ddf.k.diff(1).compute()), ("x_diffm2", ddf.x.diff(-2).compute()), ("k_diff3", ddf.k.diff(3).compute())]
emit("shift-diff", canonical(cols, {"k_shift2", "k_shiftm3", "k_diff1", "k_diff3"}))

# The output divisions of resample (Dask's _resample_bin_and_out_divs), and of a resample whose partitions share bins.
for name, rule, unit in [("1h", "1h", 600), ("1D", "1D", 3600), ("1D-shared", "1D", 600)]:
    r = frame(unit).x.resample(rule).sum()
    print(f'        ["divisions-{name}"] = "{r.npartitions}: ' + ", ".join(d.strftime("%Y-%m-%d %H:%M:%S") for d in r.divisions) + '",')
