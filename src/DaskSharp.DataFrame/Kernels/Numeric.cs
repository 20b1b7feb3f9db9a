using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>Numeric columns read as spans of long or double, whatever their Arrow width.</summary>
internal static class Numeric
{
    public static bool IsInteger(IArrowType t) => t is Int32Type or Int64Type or Int16Type or Int8Type or UInt8Type or UInt16Type or UInt32Type;

    public static bool IsFloat(IArrowType t) => t is DoubleType or FloatType;

    public static bool IsNumeric(IArrowType t) => IsInteger(t) || IsFloat(t);

    /// <summary>The values as doubles (the array's own span when it is float64).</summary>
    public static ReadOnlySpan<double> Doubles(IArrowArray array) => array switch
    {
        DoubleArray d => d.Values,
        Int64Array l => Widen<long, double>(l.Values),
        Int32Array i => Widen<int, double>(i.Values),
        FloatArray f => Widen<float, double>(f.Values),
        _ => throw new ArgumentException($"A numeric column was expected, not {Dtype.Name(array.Data.DataType)}."),
    };

    /// <summary>The values as longs (the array's own span when it is int64).</summary>
    public static ReadOnlySpan<long> Longs(IArrowArray array) => array switch
    {
        Int64Array l => l.Values,
        Int32Array i => Widen<int, long>(i.Values),
        TimestampArray t => t.Values,
        _ => throw new ArgumentException($"An integer column was expected, not {Dtype.Name(array.Data.DataType)}."),
    };

    private static TTo[] Widen<TFrom, TTo>(ReadOnlySpan<TFrom> values)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        var result = new TTo[values.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(values, result); // vectorised where the pair of types allows
        return result;
    }

    /// <summary>A float key column with NaN as null (pandas groups NaN keys as missing); other columns as they are.</summary>
    public static IArrowArray NanAsNull(IArrowArray array)
    {
        if (array is not DoubleArray d)
        {
            return array;
        }

        ReadOnlySpan<double> values = d.Values;
        int nans = 0;
        for (int i = 0; i < values.Length; i++)
        {
            nans += double.IsNaN(values[i]) ? 1 : 0;
        }

        if (nans == 0)
        {
            return array;
        }

        var valid = new bool[values.Length];
        for (int i = 0; i < valid.Length; i++)
        {
            valid[i] = ArrayBuild.IsValid(d, i) && !double.IsNaN(values[i]);
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, values.ToArray(), values.Length, bitmap, nulls);
    }

    /// <summary>The validity of row-wise combinations of <paramref name="a"/> and <paramref name="b"/>: valid where both are.</summary>
    public static (byte[]? Bitmap, int NullCount) BothValid(IArrowArray a, IArrowArray? b)
    {
        if (a.NullCount == 0 && (b is null || b.NullCount == 0))
        {
            return (null, 0);
        }

        var valid = new bool[a.Length];
        for (int i = 0; i < valid.Length; i++)
        {
            valid[i] = ArrayBuild.IsValid(a, i) && (b is null || ArrayBuild.IsValid(b, i));
        }

        return ArrayBuild.Validity(valid);
    }
}
