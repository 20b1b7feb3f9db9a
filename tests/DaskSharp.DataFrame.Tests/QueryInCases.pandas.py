# The script that gave QueryInTests' expected rows: Debian's pandas 1.5.3 (/usr/bin/python3 QueryInCases.pandas.py)
# on the same data as QueryInTests.Table(). Prints each query's selected row positions, for the frame with a
# default index ("plain") and with the timestamp as its index ("indexed").
import numpy as np
import pandas as pd

timestamp = pd.to_datetime(["2000-01-01 00:00", "2000-01-01 18:00", "2000-01-02 00:00", "2000-01-02 12:00",
                            "2000-01-02 12:30", "2000-01-03 00:00", "2000-01-03 06:00", "2000-01-04 00:00"])
plain = pd.DataFrame({
    "timestamp": timestamp,
    "id": np.arange(1000, 1008),
    "name": ["Alice", "Bob", None, "Carol", "Alice", "Dan", "Bob", "Edith"],
    "x": [0.5, 1.0, np.nan, 1.5, 2.0, -1.0, 3.0, 1.0],
    "flag": [True, False, True, False, True, False, True, False],
})
indexed = plain.set_index("timestamp")
indexed.index = indexed.index.rename(None)  # pandas' "index" in a query; our index column keeps its name

plain_queries = [
    "name in ['Alice', 'Bob']",
    "id not in [1000, 1001]",
    "name == ['Alice','Bob']",
    "name != ['Alice','Bob']",
    "['Alice', 'Bob'] == name",
    "['Alice', 'Bob'] in name",
    "name in ('Carol', 'Dan')",
    "name in ('Carol',)",
    "x in [1, 1.5]",
    "id in [1000.0, 1002, 1003.5]",
    "id in [-1000, 1007,]",
    "id in []",
    "id not in []",
    "flag in [True]",
    "id in [True]",
    "name in ['Alice', None]",
    "name not in ['Alice', None]",
    "x in [None, 1]",
    "not name in ['Alice']",
    "~(id in [1000])",
    "id in [1000, 1001] and x > 0.7",
    "name in ['Alice'] or id in [1005]",
    "1001 <= id in [1000, 1001, 1002]",
    "timestamp > '2000-01-03'",
    "timestamp >= '2000-01-03'",
    "timestamp == '2000-01-03'",
    "timestamp != '2000-01-03'",
    "timestamp <= '2000-01-02'",
    "timestamp < '2000-01-02 12:30'",
    "timestamp > '2000-01'",
    "timestamp <= '2000'",
    "timestamp >= '2000-01-02 12'",
    "timestamp > '2000-01-02T12:00:00'",
    "'2000-01-03' < timestamp",
    "'2000-01-01 12:00' < timestamp < '2000-01-03'",
    "timestamp > 'Jan 3 2000'",
    "timestamp > '2000/01/03'",
    "timestamp > '20000103'",
    "timestamp in ['2000-01-03', '2000-01-04']",
    "timestamp not in ['2000-01-03']",
]
indexed_queries = [
    "index >= '2000-01-02 12:00'",
    "index > '2000-01-03'",
    "index < '2000-01-02'",
    "index == '2000-01-02 12:30'",
    "index in ['2000-01-01', '2000-01-04']",
    "index >= '2000-01-02' and index < '2000-01-03' and name in ['Alice', 'Carol']",
]
for name, frame, queries in [("plain", plain, plain_queries), ("indexed", indexed, indexed_queries)]:
    positions = pd.Series(range(len(frame)), index=frame.index)
    for q in queries:
        print(f'["{name}", "{q}", "{",".join(str(p) for p in positions[frame.eval(q)])}"],')
