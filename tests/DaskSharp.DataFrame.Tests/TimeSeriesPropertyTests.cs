using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Operators;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Resample, rolling windows (of rows and of time), shift and diff against a LINQ reference over
/// the whole series, on random irregular series (repeated timestamps, nulls, whole-number values so
/// every sum is exact) in random partitionings: what crosses a partition boundary must not show.
/// </summary>
public sealed class TimeSeriesPropertyTests
{
    private const long Minute = 60_000_000_000;
    private static readonly long s_start = (new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>Up to 150 rows 0 to 30 minutes apart, v in −5..5 (null one in 6), cut into partitions of at least <paramref name="minRows"/> rows at distinct timestamps.</summary>
    private static (DaskDataFrame Frame, long[] T, double?[] V) Random(int seed, int minRows)
    {
        var random = new Random(seed);
        int n = random.Next(1, 150);
        var t = new long[n];
        var v = new double?[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = i == 0 ? s_start + (random.Next(0, 60) * Minute) : t[i - 1] + (random.Next(0, 31) * Minute);
            v[i] = random.Next(6) == 0 ? null : random.Next(-5, 6);
        }

        var cuts = new List<int> { 0 };
        for (int i = minRows; i <= n - minRows; i++)
        {
            if (i - cuts[^1] >= minRows && t[i] > t[i - 1] && random.Next(4) == 0)
            {
                cuts.Add(i);
            }
        }

        var parts = new List<Partition>();
        var divisions = new List<object>();
        for (int p = 0; p < cuts.Count; p++)
        {
            int from = cuts[p], to = p + 1 < cuts.Count ? cuts[p + 1] : n;
            var stamps = new TimestampArray.Builder(new TimestampType(TimeUnit.Nanosecond, (string?)null));
            var values = new DoubleArray.Builder();
            for (int i = from; i < to; i++)
            {
                stamps.Append(DateTimeOffset.UnixEpoch.AddTicks(t[i] / 100));
                if (v[i] is { } x)
                {
                    values.Append(x);
                }
                else
                {
                    values.AppendNull();
                }
            }

            var schema = new Schema([new Field("t", new TimestampType(TimeUnit.Nanosecond, (string?)null), false), new Field("v", DoubleType.Default, true)], null);
            parts.Add(new Partition(new RecordBatch(schema, [stamps.Build(), values.Build()], to - from), "t"));
            divisions.Add(DateTime.UnixEpoch.AddTicks(t[from] / 100));
        }

        divisions.Add(DateTime.UnixEpoch.AddTicks(t[^1] / 100));
        return (new DaskDataFrame(new FromPartitions(parts, divisions)), t, v);
    }

    private static object? Value(double? x) => x;

    [Property(MaxTest = 60)]
    public void Resample_MatchesLinq_OverEveryBin(int seed, byte which)
    {
        (DaskDataFrame df, long[] t, double?[] v) = Random(seed, 1);
        (string rule, long freq) = (which % 4) switch { 0 => ("5min", 5 * Minute), 1 => ("15min", 15 * Minute), 2 => ("1h", 60 * Minute), _ => ("1D", 1440 * Minute) };
        LocalFrame r = df.Resample(rule).Agg(("sum", "v", "sum"), ("count", "v", "count"), ("min", "v", "min"), ("max", "v", "max"), ("first", "v", "first"), ("last", "v", "last"), ("mean", "v", "mean"))
            .Compute(which % 2 == 0 ? "sync" : "threads");

        long first = Floor(t[0], freq), last = Floor(t[^1], freq);
        long[] bins = [.. Enumerable.Range(0, (int)((last - first) / freq) + 1).Select(b => first + (b * freq))];
        double[][] inBin = [.. bins.Select(b => Enumerable.Range(0, t.Length).Where(i => Floor(t[i], freq) == b && v[i] is not null).Select(i => v[i]!.Value).ToArray())];
        Assert.Equal(bins.Select(b => (object?)DateTime.UnixEpoch.AddTicks(b / 100)), r.Values("t"));
        Assert.Equal(inBin.Select(x => (object?)x.Sum()), r.Values("sum"));
        Assert.Equal(inBin.Select(x => (object?)(long)x.Length), r.Values("count"));
        Assert.Equal(inBin.Select(x => x.Length == 0 ? null : (object?)x.Min()), r.Values("min"));
        Assert.Equal(inBin.Select(x => x.Length == 0 ? null : (object?)x.Max()), r.Values("max"));
        Assert.Equal(inBin.Select(x => x.Length == 0 ? null : (object?)x[0]), r.Values("first"));
        Assert.Equal(inBin.Select(x => x.Length == 0 ? null : (object?)x[^1]), r.Values("last"));
        Assert.Equal(inBin.Select(x => x.Length == 0 ? null : (object?)(x.Sum() / x.Length)), r.Values("mean"));
    }

    [Property(MaxTest = 60)]
    public void RollingRows_MatchesLinq_AcrossPartitions(int seed, byte window, byte minPeriods)
    {
        int w = 1 + (window % 5);
        int? m = minPeriods % 3 == 0 ? null : minPeriods % (w + 1);
        (DaskDataFrame df, _, double?[] v) = Random(seed, w);
        DaskSeriesRolling rolling = df["v"].Rolling(w, m);
        double[][] windows = [.. Enumerable.Range(0, v.Length).Select(i => v[Math.Max(0, i - w + 1)..(i + 1)].Where(x => x is not null).Select(x => x!.Value).ToArray())];
        CheckWindows(rolling, windows, m ?? w, countMinPeriods: m ?? 0, windowRows: [.. Enumerable.Range(0, v.Length).Select(i => Math.Min(w, i + 1))]);
    }

    [Property(MaxTest = 60)]
    public void RollingTime_MatchesLinq_OverAsManyPartitionsAsTheWindowSpans(int seed, byte minutes)
    {
        int span = 1 + (minutes % 180);
        (DaskDataFrame df, long[] t, double?[] v) = Random(seed, 1);
        DaskSeriesRolling rolling = df["v"].Rolling($"{span}min");
        int[][] rows = [.. Enumerable.Range(0, t.Length).Select(i => Enumerable.Range(0, i + 1).Where(j => t[j] > t[i] - (span * Minute)).ToArray())];
        double[][] windows = [.. rows.Select(js => js.Where(j => v[j] is not null).Select(j => v[j]!.Value).ToArray())];
        CheckWindows(rolling, windows, 1, countMinPeriods: 1, windowRows: [.. rows.Select(js => js.Length)]);
    }

    private static void CheckWindows(DaskSeriesRolling rolling, double[][] windows, int minPeriods, int countMinPeriods, int[] windowRows)
    {
        Assert.Equal(windows.Select(x => x.Length >= minPeriods ? (object?)x.Sum() : null), rolling.Sum().Compute("sync").Values("v"));
        Assert.Equal(windows.Select(x => x.Length >= minPeriods && x.Length > 0 ? (object?)(x.Sum() / x.Length) : null), rolling.Mean().Compute("threads").Values("v"));
        Assert.Equal(windows.Select(x => x.Length >= minPeriods && x.Length > 0 ? (object?)x.Min() : null), rolling.Min().Compute("sync").Values("v"));
        Assert.Equal(windows.Select(x => x.Length >= minPeriods && x.Length > 0 ? (object?)x.Max() : null), rolling.Max().Compute("sync").Values("v"));
        Assert.Equal(windows.Select((x, i) => windowRows[i] >= countMinPeriods ? (object?)(double)x.Length : null), rolling.Count().Compute("sync").Values("v"));
    }

    [Property(MaxTest = 60)]
    public void ShiftAndDiff_MatchLinq_AcrossPartitions(int seed, sbyte periods)
    {
        int p = periods % 5;
        (DaskDataFrame df, _, double?[] v) = Random(seed, Math.Max(1, Math.Abs(p)));
        double? At(int i) => i >= 0 && i < v.Length ? v[i] : null;
        Assert.Equal(Enumerable.Range(0, v.Length).Select(i => Value(At(i - p))), df["v"].Shift(p).Compute("sync").Values("v"));
        Assert.Equal(Enumerable.Range(0, v.Length).Select(i => Value(v[i] - At(i - p))), df.Diff(p).Compute("threads").Values("v"));
    }

    private static long Floor(long t, long freq) => t / freq * freq; // the times are after the epoch
}
