using DaskSharp.DataFrames;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Round trips on random data with nulls, checked exactly against the input (the simplest reference).</summary>
public sealed class InteropPropertyTests
{
    private static RecordsTests.Row[] RandomRows(int seed)
    {
        var random = new Random(seed);
        int n = random.Next(0, 40);
        T? Maybe<T>(T value)
            where T : struct => random.Next(4) == 0 ? null : value;
        return [.. Enumerable.Range(0, n).Select(_ =>
        {
            var at = DateTime.UnixEpoch.AddTicks(random.NextInt64(-10_000_000_000_000_000, 40_000_000_000_000_000));
            var when = new DateTimeOffset(at.Ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-600, 600)));
            return new RecordsTests.Row(
                random.Next(), random.NextInt64(), (float)random.NextDouble(), random.NextDouble() * 1e6, random.Next(2) == 0, random.Next(4) == 0 ? null : new string((char)('a' + random.Next(26)), random.Next(5)), at, when,
                Maybe(random.Next()), Maybe(random.NextInt64()), Maybe((float)random.NextDouble()), Maybe(random.Next(3) == 0 ? double.NaN : random.NextDouble()), Maybe(random.Next(2) == 0), Maybe(at), Maybe(when));
        })];
    }

    [Property(MaxTest = 40)]
    public void Records_RoundTripExactly(int seed)
    {
        RecordsTests.Row[] rows = RandomRows(seed);
        DaskDataFrame df = Dd.FromRecords(rows, 1 + (Math.Abs(seed) % 7));
        Assert.Equal(rows, df.Compute("sync").ToRecords<RecordsTests.Row>());
    }

    [Property(MaxTest = 40)]
    public void MicrosoftDataFrames_RoundTripExactly(int seed)
    {
        var random = new Random(seed);
        MicrosoftDataFrameTests.Row[] rows = [.. RandomRows(seed).Select(r => new MicrosoftDataFrameTests.Row(r.Id, r.MaybeVolume, r.MaybeRatio, r.MaybePrice, r.MaybeFlag, r.Symbol, r.MaybeAt))];
        Microsoft.Data.Analysis.DataFrame mda = Dd.FromRecords(rows, 1 + random.Next(5)).Compute("sync").ToMicrosoftDataFrame();
        Assert.Equal(rows.Length, mda.Rows.Count);
        Assert.Equal(rows, Dd.FromDataFrame(mda, 1 + random.Next(5)).Compute("sync").ToRecords<MicrosoftDataFrameTests.Row>());
    }

    [Property(MaxTest = 40)]
    public void Arrays_RoundTripExactly_WithDasksDivisions(int seed)
    {
        var random = new Random(seed);
        int rows = random.Next(1, 30), columns = random.Next(1, 5);
        var m = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                m[r, c] = random.Next(8) == 0 ? double.NaN : Math.Round((random.NextDouble() - 0.5) * 1000, random.Next(6));
            }
        }

        DaskArray<double> x = Da.FromArray(m, (random.Next(1, rows + 1), random.Next(1, columns + 1)));
        DaskDataFrame df = Dd.FromDaskArray(x);
        long[] starts = [.. x.Chunks[0].Select((_, i) => x.Chunks[0].Take(i).Sum())];
        Assert.Equal([.. starts.Cast<object>(), (long)(rows - 1)], df.Divisions!);
        LocalFrame local = df.Compute("sync");
        for (int c = 0; c < columns; c++)
        {
            Assert.Equal(Enumerable.Range(0, rows).Select(r => (object?)m[r, c]), local.Values(c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        DaskArray<double> back = df.ToDaskArray<double>("sync");
        Assert.Equal(x.Chunks[0], back.Chunks[0]);
        Assert.Equal(NDArray<double>.FromArray(m).ToArray(), back.Compute("sync").ToArray());
    }
}
