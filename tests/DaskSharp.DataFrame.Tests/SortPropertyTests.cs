using Apache.Arrow;
using DaskSharp.DataFrames;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>SortValues and SetIndex over random frames, partition counts and directions equal a LINQ reference (OrderBy is stable), nulls and NaN last.</summary>
public sealed class SortPropertyTests
{
    private sealed record Row(long Id, long? K, double X, string? S);

    // k in 0..4 and s in a..d, null 1 time in 5; x a few values, NaN 1 time in 6; so keys repeat in every column.
    private static Row[] Rows(System.Random random)
    {
        int n = random.Next(0, 40);
        return [.. Enumerable.Range(0, n).Select(i => new Row(
            i,
            random.Next(5) == 0 ? null : random.Next(5),
            random.Next(6) == 0 ? double.NaN : random.Next(-3, 4) / 2.0,
            random.Next(5) == 0 ? null : ((char)('a' + random.Next(4))).ToString()))];
    }

    private static RecordBatch Table(Row[] rows) => MergeCases.Build(
        null,
        ("id", rows.Select(r => (long?)r.Id).ToArray()),
        ("k", rows.Select(r => r.K).ToArray()),
        ("x", rows.Select(r => (double?)r.X).ToArray()),
        ("s", rows.Select(r => r.S).ToArray()));

    // Missing values last in either direction; strings ordinal (ASCII here, so as UTF-8 bytes).
    private static IOrderedEnumerable<Row> By(IEnumerable<Row> rows, string column, bool ascending, bool first, IOrderedEnumerable<Row>? sorted)
    {
        Func<Row, bool> missing = column switch
        {
            "k" => r => r.K is null,
            "x" => r => double.IsNaN(r.X),
            _ => r => r.S is null,
        };
        IOrderedEnumerable<Row> byMissing = first ? rows.OrderBy(missing) : sorted!.ThenBy(missing);
        return (column, ascending) switch
        {
            ("k", true) => byMissing.ThenBy(r => r.K),
            ("k", false) => byMissing.ThenByDescending(r => r.K),
            ("x", true) => byMissing.ThenBy(r => r.X),
            ("x", false) => byMissing.ThenByDescending(r => r.X),
            (_, true) => byMissing.ThenBy(r => r.S, StringComparer.Ordinal),
            _ => byMissing.ThenByDescending(r => r.S, StringComparer.Ordinal),
        };
    }

    private static long[] Ids(LocalFrame frame) => [.. frame.Values("id").Select(v => (long)v!)];

    [Property(MaxTest = 60)]
    public void SortValues_ByRandomColumnsAndDirections_IsTheStableLinqOrder(int seed)
    {
        var random = new System.Random(seed);
        Row[] rows = Rows(random);
        string[] columns = [.. new[] { "k", "x", "s" }.OrderBy(_ => random.Next()).Take(random.Next(1, 4))];
        bool[] ascending = [.. columns.Select(_ => random.Next(2) == 0)];
        int inputs = random.Next(1, 6), outputs = random.Next(1, 6);

        IOrderedEnumerable<Row>? sorted = null;
        for (int c = 0; c < columns.Length; c++)
        {
            sorted = By(rows, columns[c], ascending[c], c == 0, sorted);
        }

        DaskDataFrame df = Dd.FromArrow(Table(rows), inputs).SortValues(columns, ascending, npartitions: outputs, scheduler: "sync");
        Assert.True(df.NPartitions <= Math.Max(outputs, 1));
        Assert.Equal(sorted!.Select(r => r.Id).ToArray(), Ids(df.Compute("sync")));
    }

    [Property(MaxTest = 60)]
    public void SetIndex_OnARandomColumn_IsTheStableLinqOrder_WithinItsDivisions(int seed)
    {
        var random = new System.Random(seed);
        Row[] rows = Rows(random);
        string column = new[] { "k", "x", "s" }[random.Next(3)];
        int inputs = random.Next(1, 6), outputs = random.Next(1, 6);

        DaskDataFrame df = Dd.FromArrow(Table(rows), inputs).SetIndex(column, npartitions: outputs, scheduler: "sync");
        Assert.Equal(By(rows, column, true, true, null).Select(r => r.Id).ToArray(), Ids(df.Compute("sync")));
        if (df.Divisions is not { } divisions)
        {
            Assert.DoesNotContain(rows, r => column switch { "k" => r.K is not null, "x" => !double.IsNaN(r.X), _ => r.S is not null });
            return;
        }

        // Every partition's values lie within its bounds (the last's up to the last division inclusive).
        LocalFrame[] parts = SortTests.Parts(df, "sync");
        for (int p = 0; p < parts.Length; p++)
        {
            foreach (object? v in parts[p].Values(column))
            {
                if (v is null || v is double.NaN)
                {
                    Assert.Equal(parts.Length - 1, p);
                    continue;
                }

                Assert.True(Comparer<object>.Default.Compare(divisions[p], v) <= 0, $"{v} below partition {p}'s lower bound {divisions[p]}");
                Assert.True(p == parts.Length - 1 ? Comparer<object>.Default.Compare(v, divisions[p + 1]) <= 0 : Comparer<object>.Default.Compare(v, divisions[p + 1]) < 0, $"{v} not below partition {p}'s upper bound {divisions[p + 1]}");
            }
        }
    }

    [Property(MaxTest = 40)]
    public void Shuffle_OfRandomFrames_EqualsTheHashReference(int seed)
    {
        var random = new System.Random(seed);
        Row[] rows = Rows(random);
        string[] on = random.Next(2) == 0 ? ["k"] : ["s", "x"];
        int inputs = random.Next(1, 6), outputs = random.Next(1, 6);
        RecordBatch table = Table(rows);
        Assert.Equal(ShuffleTests.Reference(table, on, outputs), ShuffleTests.Ids(Dd.FromArrow(table, inputs).Shuffle(on, outputs), "sync"));
    }
}
