using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>A constant as a column of a partition's length (for expressions whose both sides are constants or strings).</summary>
internal static class Broadcast
{
    public static IArrowArray Constant(object value, int length)
    {
        switch (value)
        {
            case double d:
                return ArrayBuild.Primitive(DoubleType.Default, Enumerable.Repeat(d, length).ToArray(), length, null, 0);
            case long l:
                return ArrayBuild.Primitive(Int64Type.Default, Enumerable.Repeat(l, length).ToArray(), length, null, 0);
            case DateTime t:
                return ArrayBuild.Primitive(Timestamps.Naive, Enumerable.Repeat(Timestamps.FromDateTime(t, Timestamps.Naive), length).ToArray(), length, null, 0);
            case bool b:
                return ArrayBuild.Boolean(Enumerable.Repeat(b, length).ToArray(), null, 0);
            case string s:
                var builder = new StringArray.Builder();
                for (int i = 0; i < length; i++)
                {
                    builder.Append(s);
                }

                return builder.Build();
            default:
                throw new ArgumentException($"No column of constants of type {value.GetType().Name}.", nameof(value));
        }
    }
}
