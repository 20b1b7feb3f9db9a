using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DuckDB.NET.Data;

namespace DaskSharp.DataFrame.Tests;

/// <summary>DuckDB, an independent Parquet implementation, and DaskSharp read each other's files alike.</summary>
public sealed class ParquetDuckDbTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : FrameCases.Format(reader.GetValue(i)))));
        }

        return string.Join("\n", rows);
    }

    [Fact]
    public void FilesToParquetWrites_DuckDbReadsAlike()
    {
        DaskDataFrame frame = Dd.FromArrow(ParquetCases.AllTypes(), npartitions: 3, index: "t");
        frame.ToParquet(_dir["out"]);
        string glob = Path.Combine(_dir["out"], "*.parquet");
        Assert.Equal(
            "12,9,9,156,0.3,9,3,5",
            Query($"SELECT count(*), count(i32), count(tz), sum(i32), round(sum(f64) FILTER (WHERE NOT isnan(f64)), 10), count(b), count(*) FILTER (WHERE d = 'red'), count(*) FILTER (WHERE s = 'a' OR s = 'é') FROM read_parquet('{glob}')"));
        Assert.Equal(
            Query($"SELECT epoch_ns(t) FROM read_parquet('{glob}') ORDER BY t"),
            string.Join("\n", frame.Compute().Values("t").Select(v => (((DateTime)v!).Ticks - DateTime.UnixEpoch.Ticks) * 100)));
    }

    [Fact]
    public void AFileDuckDbWrote_IsReadWithItsRowGroupsAndStatistics()
    {
        string file = _dir["duck.parquet"];
        Query($"""
            COPY (SELECT i::BIGINT AS x, (i % 7)::INTEGER AS k, CASE WHEN i % 5 = 0 THEN NULL ELSE 'w' || (i % 3) END AS s,
                         TIMESTAMP '2000-01-01' + INTERVAL (i) SECOND AS ts, (i % 2 = 0) AS even, (i % 100)::TINYINT AS small
                  FROM range(10240) r(i))
            TO '{file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)
            """);
        DaskDataFrame df = Dd.ReadParquet(file);
        Assert.Equal(5, df.NPartitions);
        Assert.Equal([("x", "int64"), ("k", "int32"), ("s", "string"), ("ts", "datetime64[ns]"), ("even", "bool"), ("small", "int32")], df.Dtypes);
        DaskDataFrame late = df[df["x"] >= 8192L];
        Assert.Equal(1, Optimizer.Optimize(late.Plan).NPartitions);
        Assert.Equal(Query($"SELECT sum(x), count(s), sum(small) FROM read_parquet('{file}') WHERE x >= 8192"), string.Join(",", late["x"].Sum().Compute(), late["s"].Count().Compute(), late["small"].Sum().Compute()));
        Assert.Equal("2000-01-01T00:00:00.0000000Z,null", string.Join(",", df.Compute().Values("ts")[0] is DateTime t ? FrameCases.Format(t) : "?", df.Compute().Values("s")[0] ?? "null"));
        Assert.Equal(
            Query($"SELECT s, sum(k), count(*) FROM read_parquet('{file}') WHERE s IS NOT NULL GROUP BY s ORDER BY s"),
            FrameCases.Canonical(df.GroupBy("s").Agg(("k", "k", "sum"), ("n", "x", "count")).Compute()).Split('\n', 2)[1].TrimEnd('\n'));
    }
}
