using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Query's <c>in</c>, <c>not in</c>, lists and date strings on an eight-row table in three
/// partitions, with the rows pandas 1.5.3 selects (QueryInCases.pandas.py printed them, on the same
/// data): the frame with a default index ("plain"), and with the timestamp as its index ("indexed").
/// </summary>
internal static class QueryInCases
{
    /// <summary>frame, query, the positions of the rows pandas keeps.</summary>
    public static readonly string[][] Expected =
    [
        ["plain", "name in ['Alice', 'Bob']", "0,1,4,6"],
        ["plain", "id not in [1000, 1001]", "2,3,4,5,6,7"],
        ["plain", "name == ['Alice','Bob']", "0,1,4,6"],
        ["plain", "name != ['Alice','Bob']", "2,3,5,7"],
        ["plain", "['Alice', 'Bob'] == name", "0,1,4,6"],
        ["plain", "['Alice', 'Bob'] in name", "0,1,4,6"],
        ["plain", "name in ('Carol', 'Dan')", "3,5"],
        ["plain", "name in ('Carol',)", "3"],
        ["plain", "x in [1, 1.5]", "1,3,7"],
        ["plain", "id in [1000.0, 1002, 1003.5]", "0,2"],
        ["plain", "id in [-1000, 1007,]", "7"],
        ["plain", "id in []", ""],
        ["plain", "id not in []", "0,1,2,3,4,5,6,7"],
        ["plain", "flag in [True]", "0,2,4,6"],
        ["plain", "id in [True]", ""],
        ["plain", "name in ['Alice', None]", "0,2,4"],
        ["plain", "name not in ['Alice', None]", "1,3,5,6,7"],
        ["plain", "x in [None, 1]", "1,7"],
        ["plain", "not name in ['Alice']", "1,2,3,5,6,7"],
        ["plain", "~(id in [1000])", "1,2,3,4,5,6,7"],
        ["plain", "id in [1000, 1001] and x > 0.7", "1"],
        ["plain", "name in ['Alice'] or id in [1005]", "0,4,5"],
        ["plain", "1001 <= id in [1000, 1001, 1002]", "1,2"],
        ["plain", "timestamp > '2000-01-03'", "6,7"],
        ["plain", "timestamp >= '2000-01-03'", "5,6,7"],
        ["plain", "timestamp == '2000-01-03'", "5"],
        ["plain", "timestamp != '2000-01-03'", "0,1,2,3,4,6,7"],
        ["plain", "timestamp <= '2000-01-02'", "0,1,2"],
        ["plain", "timestamp < '2000-01-02 12:30'", "0,1,2,3"],
        ["plain", "timestamp > '2000-01'", "1,2,3,4,5,6,7"],
        ["plain", "timestamp <= '2000'", "0"],
        ["plain", "timestamp >= '2000-01-02 12'", "3,4,5,6,7"],
        ["plain", "timestamp > '2000-01-02T12:00:00'", "4,5,6,7"],
        ["plain", "'2000-01-03' < timestamp", "6,7"],
        ["plain", "'2000-01-01 12:00' < timestamp < '2000-01-03'", "1,2,3,4"],
        ["plain", "timestamp > 'Jan 3 2000'", "6,7"],
        ["plain", "timestamp > '2000/01/03'", "6,7"],
        ["plain", "timestamp > '20000103'", "6,7"],
        ["plain", "timestamp in ['2000-01-03', '2000-01-04']", "5,7"],
        ["plain", "timestamp not in ['2000-01-03']", "0,1,2,3,4,6,7"],
        ["indexed", "index >= '2000-01-02 12:00'", "3,4,5,6,7"],
        ["indexed", "index > '2000-01-03'", "6,7"],
        ["indexed", "index < '2000-01-02'", "0,1"],
        ["indexed", "index == '2000-01-02 12:30'", "4"],
        ["indexed", "index in ['2000-01-01', '2000-01-04']", "0,7"],
        ["indexed", "index >= '2000-01-02' and index < '2000-01-03' and name in ['Alice', 'Carol']", "3,4"],
    ];

    public static TheoryData<string, string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (string[] c in Expected)
            {
                data.Add(c[0], c[1], c[2]);
            }

            return data;
        }
    }

    /// <summary>The table the script builds: timestamp, id, name (one missing), x (one missing), flag.</summary>
    public static RecordBatch Table()
    {
        DateTime[] times =
        [
            new(2000, 1, 1, 0, 0, 0), new(2000, 1, 1, 18, 0, 0), new(2000, 1, 2, 0, 0, 0), new(2000, 1, 2, 12, 0, 0),
            new(2000, 1, 2, 12, 30, 0), new(2000, 1, 3, 0, 0, 0), new(2000, 1, 3, 6, 0, 0), new(2000, 1, 4, 0, 0, 0),
        ];
        var timestamp = new TimestampArray.Builder(new TimestampType(TimeUnit.Nanosecond, (string?)null));
        foreach (DateTime t in times)
        {
            timestamp.Append(new DateTimeOffset(t, TimeSpan.Zero));
        }

        var id = new Int64Array.Builder().AppendRange([1000L, 1001, 1002, 1003, 1004, 1005, 1006, 1007]).Build();
        var name = new StringArray.Builder().Append("Alice").Append("Bob").AppendNull().Append("Carol").Append("Alice").Append("Dan").Append("Bob").Append("Edith").Build();
        var x = new DoubleArray.Builder().Append(0.5).Append(1.0).AppendNull().Append(1.5).Append(2.0).Append(-1.0).Append(3.0).Append(1.0).Build();
        var flag = new BooleanArray.Builder().AppendRange([true, false, true, false, true, false, true, false]).Build();
        var schema = new Schema(
            [
                new Field("timestamp", timestamp.Build().Data.DataType, true), new Field("id", Int64Type.Default, true), new Field("name", StringType.Default, true),
                new Field("x", DoubleType.Default, true), new Field("flag", BooleanType.Default, true),
            ],
            null);
        return new RecordBatch(schema, [timestamp.Build(), id, name, x, flag], times.Length);
    }

    public static DaskDataFrame Frame(string which) => which == "indexed" ? Dd.FromArrow(Table(), 3, index: "timestamp") : Dd.FromArrow(Table(), 3);

    /// <summary>The rows of <paramref name="which"/> at <paramref name="positions"/> ("0,2"), as Canonical text.</summary>
    public static string Rows(string which, string positions)
    {
        var keep = new HashSet<int>(positions.Length == 0 ? [] : positions.Split(',').Select(int.Parse));
        return FrameOpsReference.Rows(Frame(which).Compute("sync"), keep.Contains);
    }

    /// <summary><paramref name="query"/> on <paramref name="which"/>, computed on <paramref name="scheduler"/>, as Canonical text.</summary>
    public static string Query(string which, string query, string scheduler) => FrameCases.Canonical(Frame(which).Query(query).Compute(scheduler));
}
