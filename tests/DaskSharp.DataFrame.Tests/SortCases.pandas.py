# The script that gave SortCases.Pandas: Debian's pandas 1.5.3 (/usr/bin/python3 SortCases.pandas.py) on
# the same data as SortCases.Table(), printed as FrameCases.Canonical writes a frame (index first).
import math
import pandas as pd, numpy as np
NA = None
k = [3, 1, NA, 2, 3, 1, 5, NA, 2, 2, 4, 1, 3, NA, 0, 5, 4, 4, 1, 2, 3, 0, NA, 5]
x = [0.5, np.nan, 1.5, 0.5, -2.0, 3.25, np.nan, 1.5, 0.0, -0.5, 2.0, 0.5, 7.0, 1.0, np.nan, -2.0, 0.5, 3.25, 9.5, 0.0, 1.5, -1.0, 2.0, 0.5]
s = ["b", "a", NA, "c", "a", "b", "d", "a", NA, "c", "b", "a", "e", "d", "b", NA, "a", "c", "b", "e", "a", NA, "d", "c"]
df = pd.DataFrame({"id": np.arange(24, dtype="int64"), "k": pd.array(k, dtype="Int64"), "x": x, "s": pd.array(s, dtype="string")})

def fmt(v, column):
    # x's NaN is a value (C# prints NaN); k's and s's missing values are nulls.
    if v is None or v is pd.NA: return "null"
    if isinstance(v, (float, np.floating)) and math.isnan(v): return "NaN" if column == "x" else "null"
    if isinstance(v, (float, np.floating)):
        if column == "k": return str(int(v))  # an Int64 index with NA comes back float64
        return str(int(v)) if float(v).is_integer() else repr(float(v))  # as C#'s "R" prints a double
    if isinstance(v, (int, np.integer)): return str(int(v))
    return str(v)

def canonical(frame, index=None):
    cols = ([index] if index else []) + list(frame.columns)
    out = ",".join(cols) + "\n"
    idx = list(frame.index)
    for r in range(len(frame)):
        vals = ([idx[r]] if index else []) + [frame[c].iloc[r] for c in frame.columns]
        out += ",".join(fmt(v, c) for v, c in zip(vals, cols)) + "\n"
    return out

st = "stable"
cases = {
    "sort-k": canonical(df.sort_values("k", kind=st)),
    "sort-k-desc": canonical(df.sort_values("k", ascending=False, kind=st)),
    "sort-x": canonical(df.sort_values("x", kind=st)),
    "sort-x-desc": canonical(df.sort_values("x", ascending=False, kind=st)),
    "sort-s-k": canonical(df.sort_values(["s", "k"], kind=st)),
    "sort-k-desc-x": canonical(df.sort_values(["k", "x"], ascending=[False, True], kind=st)),
    "sort-s-desc-x-desc": canonical(df.sort_values(["s", "x"], ascending=[False, False], kind=st)),
    "setindex-k": canonical(df.set_index("k").sort_index(kind=st), "k"),
    "setindex-x": canonical(df.set_index("x").sort_index(kind=st), "x"),
    "setindex-s": canonical(df.set_index("s").sort_index(kind=st), "s"),
    "setindex-id": canonical(df.set_index("id").sort_index(kind=st), "id"),
    "loc-k-1-3": canonical(df.set_index("k").sort_index(kind=st).loc[1:3], "k"),
    "loc-k-4": canonical(df.set_index("k").sort_index(kind=st).loc[4:4], "k"),
    "loc-s-b-d": canonical(df.set_index("s").sort_index(kind=st).loc["b":"d"], "s"),
    "loc-x-0-2": canonical(df.set_index("x").sort_index(kind=st).loc[0.0:2.0], "x"),
    "reset-after-setindex-s": canonical(df.set_index("s").sort_index(kind=st).reset_index()),
    "reset-drop-after-setindex-k": canonical(df.set_index("k").sort_index(kind=st).reset_index(drop=True)),
    "reset-range": canonical(df.reset_index()),
}
for name, text in cases.items():
    print(f'        ["{name}"] = "{text.encode("unicode_escape").decode()}",')
