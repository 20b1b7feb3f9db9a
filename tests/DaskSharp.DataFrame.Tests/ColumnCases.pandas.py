# The script that gave ColumnCases.Expected: Debian's pandas 1.5.3 (/usr/bin/python3 ColumnCases.pandas.py) on the same data as ColumnCases.Table().
import math
import pandas as pd, numpy as np
NA = None
i = pd.Series(pd.array([7, -7, NA, 0, 15, 25, -15, 3, NA, 2], dtype="Int64"), name="i")
z = pd.Series(pd.array([2, 0, 3, 0, -4, 7, 2, -1, 5, NA], dtype="Int64"), name="z")
f = pd.Series([2.5, -2.5, np.nan, 1.2345, np.nan, 7.5, -7.5, 0.0, 3.5, 1e20], name="f")
s = pd.Series(pd.array(["Alice", " bob ", NA, "ALICE", "Ärger", "", "a.b", "Charlie", NA, "bobby"], dtype="string"), name="s")
b = pd.Series(pd.array([True, False, NA, True, True, False, NA, False, True, True], dtype="boolean"), name="b")
t = pd.Series(pd.to_datetime(["2000-01-01 05:06:07", "2024-12-31 23:59:59", None, "2000-02-29 12:00:00", "1999-12-31 00:00:00.5", "2021-03-28 01:30:00", "1970-01-01", "2000-01-03", None, "2030-07-04 18:45:30"]), name="t")
n = pd.Series(pd.array(["1", " 2", NA, "-3", "4", "5", "6", "7", NA, "10"], dtype="string"), name="n")
df = pd.DataFrame({"i": i, "z": z, "f": f, "s": s, "b": b, "t": t, "n": n})

def fmt(v):
    if v is None or v is pd.NA or v is pd.NaT: return "NA"
    if isinstance(v, (bool, np.bool_)): return "True" if v else "False"
    if isinstance(v, (float, np.floating)):
        return "NA" if math.isnan(v) else repr(float(v))
    if isinstance(v, (int, np.integer)): return str(int(v))
    if isinstance(v, pd.Timestamp): return str(v)
    return "'" + str(v) + "'"

def line(x):
    if isinstance(x, pd.DataFrame):
        return "; ".join(f"{c}={line(x[c])}" for c in x.columns)
    return "[" + ", ".join(fmt(v) for v in x.tolist()) + "]"

ib = i.fillna(0)
cases = {
 "i.isna": i.isna(), "f.isna": f.isna(), "s.notna": s.notna(), "t.isnull": t.isna(),
 "i.fillna(0)": i.fillna(0), "i.fillna(1.5)": i.astype("float64").fillna(1.5), "f.fillna(0)": f.fillna(0), "s.fillna('?')": s.fillna("?"), "b.fillna(False)": b.fillna(False),
 "t.fillna(2000-01-01)": t.fillna(pd.Timestamp("2000-01-01")),
 "i.where(i>0)": i.where(i > 0), "i.mask(i>0,-1)": i.mask(i > 0, -1), "f.where(f>0,z)": f.where(f > 0, z.astype("float64")), "s.where(b)": s.where(b), "i.where(b,0.5)": i.astype("float64").where(b, 0.5),
 "f.between(0,3)": f.between(0, 3), "f.between(-2.5,2.5,neither)": f.between(-2.5, 2.5, inclusive="neither"), "i.between(0,7,left)": i.astype("float64").between(0, 7, inclusive="left"), "i.between(0,7,right)": i.astype("float64").between(0, 7, inclusive="right"),
 "s.between(a,c)": s.astype(object).between("a", "c"), "t.between": t.between(pd.Timestamp("2000-01-01"), pd.Timestamp("2001-01-01")),
 "i.isin(7,0,2)": i.isin([7, 0, 2]), "f.isin(2.5,0)": f.isin([2.5, 0.0]), "s.isin(Alice,bobby)": s.isin(["Alice", "bobby"]), "b.isin(True)": b.isin([True]),
 "ib.astype(int32)": ib.astype("int32"), "i.astype(float64)": i.astype("float64"), "i.astype(string)": i.astype("string"), "f.astype(string)": f.astype("string"),
 "b.astype(string)": b.astype("string"), "t.astype(string)": t.map(lambda x: None if x is pd.NaT else str(x)), "n.astype(Int64)": n.astype("Int64"), "n.astype(float64)": n.astype("float64"),
 "f.mask(f>100,0).fillna(0).astype(int64)": f.mask(f > 100, 0).fillna(0).astype("int64"), "ib.astype(bool)": ib.astype(bool),
 "-i": -i, "i.abs": i.abs(), "f.abs": f.abs(), "-f": -f, "f.round(2)": f.round(2), "f.round(0)": f.round(0), "i.round(-1)": i.round(-1), "f.round(-1)": f.round(-1),
 "i%4": i % 4, "i//4": i // 4, "i%-4": i % -4, "i//-4": i // -4, "i//z": i // z, "i%z": i % z, "f%2": f % 2, "f//2": f // 2, "f//-0.75": f // -0.75, "f%-0.75": f % -0.75, "i/2": i / 2,
 "s.str.contains(li)": s.str.contains("li"), "s.str.contains(^a,case)": s.str.contains("^a", case=False), "s.str.contains(.,noregex)": s.str.contains(".", regex=False),
 "s.str.contains(.)": s.str.contains("."), "s.str.contains(B,case,noregex)": s.str.contains("B", case=False, regex=False),
 "s.str.startswith(A)": s.str.startswith("A"), "s.str.endswith(e)": s.str.endswith("e"), "s.str.lower": s.str.lower(), "s.str.upper": s.str.upper(), "s.str.len": s.str.len(), "s.str.strip": s.str.strip(), "s.str.strip(ab)": s.str.strip("ab"),
 "t.dt.year": t.dt.year.astype("Int64"), "t.dt.month": t.dt.month.astype("Int64"), "t.dt.day": t.dt.day.astype("Int64"), "t.dt.hour": t.dt.hour.astype("Int64"), "t.dt.minute": t.dt.minute.astype("Int64"), "t.dt.second": t.dt.second.astype("Int64"),
 "t.dt.dayofweek": t.dt.dayofweek.astype("Int64"), "t.dt.dayofyear": t.dt.dayofyear.astype("Int64"), "t.dt.quarter": t.dt.quarter.astype("Int64"), "t.dt.floor(1D)": t.dt.floor("1D"), "t.dt.floor(1h)": t.dt.floor("1h"), "t.dt.floor(15min)": t.dt.floor("15min"),
 "tz.dt.hour": t.dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin").dt.hour.astype("Int64"), "tz.dt.day": t.dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin").dt.day.astype("Int64"),
 "tz.dt.floor(1D)": t.dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin").dt.floor("1D", ambiguous=False, nonexistent="shift_forward").dt.tz_convert("UTC").dt.tz_localize(None),
 "tz.astype(string)": t.dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin").map(lambda x: None if x is pd.NaT else str(x)),
 "frame.fillna(0)": df[["i", "z", "f"]].fillna(0), "frame.fillna(dict)": df[["i", "s"]].fillna({"i": -1, "s": "?"}), "frame.isna": df[["i", "f", "s", "t"]].isna(), "frame.notna": df[["b", "n"]].notna(),
 "frame.dropna": df[["i", "f", "s"]].dropna(), "frame.dropna(all,subset)": df[["i", "f", "s"]].dropna(how="all", subset=["i", "f"]),
 "frame.drop": df[["i", "f", "s"]].drop(columns=["f"]), "frame.rename": df[["i", "f"]].rename(columns={"i": "j", "f": "g"}),
 "frame.astype(float64)": df[["i", "z"]].fillna(0).astype("float64"), "frame.astype(dict)": df[["i", "f"]].astype({"i": "string", "f": "string"}),
 "frame.where": df[["i", "f"]].where(i.fillna(0) > 0, axis=0), "frame.mask(0)": df[["i", "f"]].mask(i.fillna(0) > 0, 0, axis=0),
}
for k, v in cases.items():
    print(f'        ["{k}"] = "{line(v)}",')
