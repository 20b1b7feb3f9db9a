using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Independent references for the frame operations: row selections of a computed frame, written as <see cref="FrameCases.Canonical"/> text.</summary>
internal static class FrameOpsReference
{
    /// <summary>The rows of <paramref name="frame"/> at the positions <paramref name="keep"/> accepts, in order, as Canonical text.</summary>
    public static string Rows(LocalFrame frame, Func<int, bool> keep)
    {
        string[] columns = [.. (frame.Index is { } i ? new[] { i } : []), .. frame.Columns];
        object?[][] values = [.. columns.Select(frame.Values)];
        var text = new StringBuilder(string.Join(",", columns)).Append('\n');
        for (int r = 0; r < frame.Length; r++)
        {
            if (keep(r))
            {
                text.AppendJoin(",", values.Select(v => FrameCases.Format(v[r]))).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The timestamps of the index of <paramref name="frame"/>.</summary>
    public static DateTime[] Times(LocalFrame frame) => [.. frame.Values(frame.Index!).Select(v => ((DateTime)v!).ToUniversalTime())];

    /// <summary>Hour <paramref name="h"/> of 2000-01-01 (UTC), counting on into the next days.</summary>
    public static DateTime Hour(int h) => new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(h);

    /// <summary>Divisions as text, one Format per division, '|' between.</summary>
    public static string Divisions(DaskDataFrame frame) => frame.Divisions is { } d ? string.Join("|", d.Select(FrameCases.Format)) : "unknown";

    /// <summary>A batch with a column <c>x2</c> = 2 * x + 1 added (nulls stay null), the index kept.</summary>
    public static RecordBatch WithDoubledX(RecordBatch batch)
    {
        var x = (DoubleArray)batch.Column("x");
        var b = new DoubleArray.Builder();
        for (int r = 0; r < x.Length; r++)
        {
            if (x.GetValue(r) is { } v) { b.Append((2 * v) + 1); } else { b.AppendNull(); }
        }

        var fields = batch.Schema.FieldsList.Append(new Field("x2", DoubleType.Default, true));
        return new RecordBatch(new Schema(fields, null), [.. Enumerable.Range(0, batch.ColumnCount).Select(batch.Column), b.Build()], batch.Length);
    }
}
