using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames;

/// <summary>
/// A computed frame, in memory (what <c>Compute()</c> returns; pandas' DataFrame in Dask): an Arrow
/// record batch underneath, printed as pandas prints a frame.
/// </summary>
public sealed partial class LocalFrame
{
    /// <summary>A frame over one partition's data.</summary>
    public LocalFrame(Partition data) => Data = data ?? throw new ArgumentNullException(nameof(data));

    internal Partition Data { get; }

    /// <summary>Rows.</summary>
    public int Length => Data.Length;

    /// <summary>The data columns (the index excluded).</summary>
    public IReadOnlyList<string> Columns => Data.Schema.Columns;

    /// <summary>The index column's name, or null for a range index.</summary>
    public string? Index => Data.Index;

    /// <summary>The values of <paramref name="column"/> (the index too), boxed, null for missing values.</summary>
    public object?[] Values(string column)
    {
        IArrowArray a = Data.Column(column);
        var values = new object?[a.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Value(a, i);
        }

        return values;
    }

    /// <summary>The record batch underneath.</summary>
    public RecordBatch ToArrow() => Data.Batch;

    internal static object? Value(IArrowArray a, int i)
    {
        if (!ArrayBuild.IsValid(a, i))
        {
            return null;
        }

        return a switch
        {
            DoubleArray d => d.Values[i],
            FloatArray f => f.Values[i],
            Int64Array l => l.Values[i],
            Int32Array n => n.Values[i],
            BooleanArray b => b.GetValue(i),
            TimestampArray t => DateTime.UnixEpoch.AddTicks(t.Values[i] / 100),
            StringArray or DictionaryArray => Text.Get(a, i),
            _ => throw new NotSupportedException($"Reading a {Dtype.Name(a.Data.DataType)} value is not supported."),
        };
    }
}
