using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Helpers of the whole-frame operation tests: user functions for MapPartitions, and a frame's task keys.</summary>
internal static class FrameOperationCases
{
    /// <summary>The batch with column x multiplied by <paramref name="factor"/> (what a user's map function might do).</summary>
    public static DaskDataFrame MappedScaled(double factor) => FrameCases.Hourly().MapPartitions(b => ScaleX(b, factor), preservesIndex: true);

    public static DaskDataFrame MappedWithoutName() => FrameCases.Hourly().MapPartitions(f => new LocalFrame(new Partition(Drop(f.ToArrow(), "name"), f.Index)));

    public static RecordBatch ScaleX(RecordBatch batch, double factor)
    {
        var x = (DoubleArray)batch.Column(batch.Schema.GetFieldIndex("x"));
        var scaled = new DoubleArray.Builder();
        for (int i = 0; i < x.Length; i++)
        {
            scaled.Append(x.GetValue(i)!.Value * factor);
        }

        IArrowArray[] columns = [.. Enumerable.Range(0, batch.ColumnCount).Select(c => batch.Schema.GetFieldByIndex(c).Name == "x" ? scaled.Build() : batch.Column(c))];
        return new RecordBatch(batch.Schema, columns, batch.Length);
    }

    /// <summary>The batch without column <paramref name="name"/>.</summary>
    public static RecordBatch Drop(RecordBatch batch, string name)
    {
        int[] kept = [.. Enumerable.Range(0, batch.ColumnCount).Where(c => batch.Schema.GetFieldByIndex(c).Name != name)];
        return new RecordBatch(new Schema([.. kept.Select(batch.Schema.GetFieldByIndex)], null), [.. kept.Select(batch.Column)], batch.Length);
    }

    /// <summary>The rows of a partition, as one column "rows" (int64) with one value: how a test sees partition lengths.</summary>
    public static RecordBatch RowCount(RecordBatch batch) =>
        new(new Schema([new Field("rows", Int64Type.Default, false)], null), [new Int64Array.Builder().Append(batch.Length).Build()], 1);

    /// <summary>Every task key of the frame's graph (after optimisation and lowering, before culling).</summary>
    public static Key[] GraphKeys(IDaskCollection frame)
    {
        var builder = new GraphBuilder();
        frame.AddGraph(builder);
        return [.. builder.Build().Layers.Values.SelectMany(l => l.Keys)];
    }

    /// <summary>The prefixes of <paramref name="keys"/> with their counts, "loc:4", sorted.</summary>
    public static string[] Prefixes(IEnumerable<Key> keys) =>
        [.. keys.Select(k => k.Name.Split('-')[0]).GroupBy(p => p).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}")];

    /// <summary>The canonical text's lines (header first) whose first field starts with <paramref name="prefix"/>.</summary>
    public static string Lines(string canonical, Func<string, bool> keep)
    {
        string[] lines = canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', [lines[0], .. lines.Skip(1).Where(keep)]) + "\n";
    }

    /// <summary>Each partition's length, by computing a frame of one row per partition.</summary>
    public static long[] Lengths(DaskDataFrame df, string scheduler) =>
        [.. df.MapPartitions(RowCount).Compute(scheduler).Values("rows").Select(v => (long)v!)];

    public static DateTime Hour(double hours) => new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)Math.Round(hours * TimeSpan.TicksPerHour));
}
