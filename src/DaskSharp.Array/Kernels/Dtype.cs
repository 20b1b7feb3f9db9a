namespace DaskSharp.Arrays;

/// <summary>NumPy's names for the element types (<c>float64</c>, <c>int32</c>, <c>bool</c>, …).</summary>
internal static class Dtype
{
    public static string NameOf(Type t) =>
        t == typeof(double) ? "float64" :
        t == typeof(float) ? "float32" :
        t == typeof(Half) ? "float16" :
        t == typeof(long) ? "int64" :
        t == typeof(int) ? "int32" :
        t == typeof(short) ? "int16" :
        t == typeof(sbyte) ? "int8" :
        t == typeof(ulong) ? "uint64" :
        t == typeof(uint) ? "uint32" :
        t == typeof(ushort) ? "uint16" :
        t == typeof(byte) ? "uint8" :
        t == typeof(bool) ? "bool" :
        t.Name;
}
