using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>A join's output columns: rows taken by index where -1 means null, and a key column made from both sides.</summary>
internal static class JoinTake
{
    /// <summary>The values of <paramref name="array"/> at <paramref name="rows"/>, null where a row is -1.</summary>
    public static IArrowArray Column(IArrowArray array, int[] rows)
    {
        int missing = 0;
        foreach (int r in rows)
        {
            missing += r < 0 ? 1 : 0;
        }

        if (missing == 0)
        {
            return Take.Column(array, rows);
        }

        // Take a stand-in row where there is none, then clear those rows' validity.
        IArrowArray source = array.Length > 0 ? array : OneNull(array.Data.DataType);
        var stand = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            stand[i] = rows[i] < 0 ? 0 : rows[i];
        }

        IArrowArray taken = Take.Column(source, stand);
        var valid = new bool[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            valid[i] = rows[i] >= 0 && ArrayBuild.IsValid(taken, i);
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        ArrayData d = taken.Data;
        ArrowBuffer[] buffers = [.. d.Buffers];
        buffers[0] = bitmap is null ? ArrowBuffer.Empty : new ArrowBuffer(bitmap);
        return ArrowArrayFactory.BuildArray(new ArrayData(d.DataType, d.Length, nulls, 0, buffers, d.Children, d.Dictionary));
    }

    /// <summary>A merged key column of <paramref name="type"/>: the left's value where the row has a left row, else the right's.</summary>
    public static IArrowArray Key(IArrowType type, IArrowArray left, int[] leftRows, IArrowArray right, int[] rightRows)
    {
        bool allLeft = System.Array.TrueForAll(leftRows, r => r >= 0), allRight = System.Array.TrueForAll(rightRows, r => r >= 0);
        if (allLeft && SameKind(type, left))
        {
            return Take.Column(left, leftRows);
        }

        if (allRight && SameKind(type, right))
        {
            return Take.Column(right, rightRows);
        }

        IArrowArray l = Cast(Column(left, leftRows), type), r = Cast(Column(right, rightRows), type);
        var pick = new int[leftRows.Length];
        for (int i = 0; i < pick.Length; i++)
        {
            pick[i] = leftRows[i] >= 0 ? i : pick.Length + i;
        }

        // Both halves laid end to end, then the right row of each taken: one take, every type.
        IArrowArray both = ArrowArrayConcatenator.Concatenate([l, r]);
        return Take.Column(both, pick);
    }

    private static bool SameKind(IArrowType type, IArrowArray a) => type.TypeId == a.Data.DataType.TypeId;

    /// <summary>A key column as <paramref name="type"/>: ints widened, ints to float64, dictionaries decoded.</summary>
    private static IArrowArray Cast(IArrowArray a, IArrowType type)
    {
        if (type is StringType)
        {
            return Take.Decode(a);
        }

        if (a.Data.DataType.TypeId == type.TypeId)
        {
            return a;
        }

        // Mixed key types are rare: the widening copies of Numeric serve, with the validity kept.
        (byte[]? bitmap, int nulls) = Bitmaps.Copy(a);
        return (type, a) switch
        {
            (Int64Type, Int32Array) => ArrayBuild.Primitive(type, Numeric.Longs(a).ToArray(), a.Length, bitmap, nulls),
            (DoubleType, Int64Array or Int32Array or FloatArray) => ArrayBuild.Primitive(type, Numeric.Doubles(a).ToArray(), a.Length, bitmap, nulls),
            _ => throw new NotSupportedException($"A {Dtype.Name(a.Data.DataType)} key cannot become {Dtype.Name(type)}."),
        };
    }

    private static IArrowArray OneNull(IArrowType type) => type switch
    {
        StringType => new StringArray.Builder().AppendNull().Build(),
        BooleanType => new BooleanArray.Builder().AppendNull().Build(),
        DictionaryType d => new DictionaryArray(d, new Int32Array.Builder().AppendNull().Build(), new StringArray.Builder().Build()),
        FixedWidthType f => ArrowArrayFactory.BuildArray(new ArrayData(type, 1, 1, 0, [new ArrowBuffer(new byte[1]), new ArrowBuffer(new byte[Math.Max(1, f.BitWidth / 8)])])),
        _ => throw new NotSupportedException($"A null {Dtype.Name(type)} value cannot be made yet."),
    };
}
