# The script that gave MergeShuffleCases.Pandas: Debian's pandas 1.5.3 (/usr/bin/python3 MergeShuffleCases.pandas.py)
# on the same data as MergeShuffleCases.LeftTable()/RightTable(), each merge printed as FrameCases.Canonical
# writes a frame, its rows sorted (a hash-shuffle merge gives pandas' rows in hash-partition order).
import math, warnings
import pandas as pd, numpy as np
warnings.simplefilter("ignore")
NA = None
lk = [3, 1, NA, 2, 3, 1, 5, NA, 2, 7, 4, 1, 3, NA, 0, 5, 4, 8, 1, 2, 3, 0, NA, 5]
ls = ["b", "a", NA, "c", "a", "b", "d", "a", NA, "c", "b", "a", "e", "d", "b", NA, "a", "c", "b", "e", "a", NA, "d", "c"]
ln = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6]
rk = [1, 3, NA, 2, 9, 1, 4, 4, NA, 0, 3, 6, 1, 2, 5, NA, 3, 9]
rs = ["a", "b", NA, "c", "a", "b", "b", "a", "d", NA, "a", "c", "a", NA, "c", "d", "e", "b"]
rf = [1.0, 2.0, NA, 4.0, 2.5, 6.0, NA, 1.0, 3.0, 9.0, 5.0, 7.0, 8.0, 2.0, 4.5, 6.0, NA, 10.0]
L = pd.DataFrame({"k": pd.array(lk, dtype="Int64"), "s": pd.array(ls, dtype="string"), "n": np.array(ln, dtype="int64"), "a": np.arange(24, dtype="int64") * 10})
R = pd.DataFrame({"k": pd.array(rk, dtype="Int64"), "s": pd.array(rs, dtype="string"), "kf": np.array([np.nan if v is None else v for v in rf]), "b": np.arange(18, dtype="float64") + 0.5})

def fmt(v):
    if v is None or v is pd.NA: return "null"
    if isinstance(v, (float, np.floating)):
        if math.isnan(v): return "null"
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    if isinstance(v, (int, np.integer)): return str(int(v))
    return str(v)

def canonical(frame):
    cols = list(frame.columns)
    rows = sorted(",".join(fmt(frame[c].iloc[r]) for c in cols) for r in range(len(frame)))
    return ",".join(cols) + "\n" + "".join(r + "\n" for r in rows)

cases = {}
for how in ["inner", "left", "right", "outer"]:
    cases[f"k-{how}"] = L.merge(R, on="k", how=how)
    cases[f"k-s-{how}"] = L.merge(R, on=["k", "s"], how=how)
    cases[f"n-kf-{how}"] = L.merge(R, left_on="n", right_on="kf", how=how)
cases["k-outer-suffixes"] = L.merge(R, on="k", how="outer", suffixes=("_l", "_r"))
# The planner's cases: a group-by on the merged key, and a second merge on it.
cases["k-inner-groupby"] = L.merge(R, on="k").groupby("k").agg(a=("a", "sum"), b=("b", "sum")).reset_index()
cases["k-left-twice"] = L.merge(R, on="k", how="left").merge(R[["k", "b"]].rename(columns={"b": "c"}), on="k", how="left")
for name, frame in cases.items():
    print(f'        ["{name}"] = "{canonical(frame)}",'.replace("\n", "\\n"))
