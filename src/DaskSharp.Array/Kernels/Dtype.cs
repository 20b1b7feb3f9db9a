namespace DaskSharp.Arrays;

/// <summary>
/// NumPy's names for the element types (<c>float64</c>, <c>int32</c>, <c>bool</c>, …) and their
/// <c>.npy</c> type strings (<c>&lt;f8</c>, <c>|b1</c>, …), from one table.
/// </summary>
internal static class Dtype
{
    private static readonly (Type Type, string Name, string NpyDescr)[] s_types =
    [
        (typeof(double), "float64", "<f8"),
        (typeof(float), "float32", "<f4"),
        (typeof(Half), "float16", "<f2"),
        (typeof(long), "int64", "<i8"),
        (typeof(int), "int32", "<i4"),
        (typeof(short), "int16", "<i2"),
        (typeof(sbyte), "int8", "|i1"),
        (typeof(ulong), "uint64", "<u8"),
        (typeof(uint), "uint32", "<u4"),
        (typeof(ushort), "uint16", "<u2"),
        (typeof(byte), "uint8", "|u1"),
        (typeof(bool), "bool", "|b1"),
        (typeof(System.Numerics.Complex), "complex128", "<c16"), // FFT results; no elementwise kernels
    ];

    /// <summary>NumPy's dtype name for <paramref name="t"/>; the .NET name for a type NumPy lacks.</summary>
    public static string NameOf(Type t) => Array.Find(s_types, e => e.Type == t).Name ?? t.Name;

    /// <summary>The little-endian .npy type string for <paramref name="t"/>.</summary>
    /// <exception cref="NotSupportedException">for a type .npy files cannot hold.</exception>
    public static string NpyDescrOf(Type t) =>
        Array.Find(s_types, e => e.Type == t).NpyDescr ?? throw new NotSupportedException($"{t.Name} has no .npy type.");

    /// <summary>The dtype name a .npy type string stands for, whatever its byte order; the bare code when unknown.</summary>
    public static string NameOfNpyDescr(string descr)
    {
        string code = descr.TrimStart('<', '>', '|', '=');
        return Array.Find(s_types, e => e.NpyDescr[1..] == code).Name ?? code;
    }
}
