namespace DaskSharp.DataFrames.Interop;

/// <summary>.NET types as the interop messages name them, and .NET times as Arrow's nanoseconds.</summary>
internal static class ClrTypes
{
    /// <summary>A type as C# writes it ("long?"; other types by their .NET name, "Decimal").</summary>
    public static string Describe(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Describe(inner) + "?" : type == typeof(int) ? "int" : type == typeof(long) ? "long" : type == typeof(float) ? "float"
        : type == typeof(double) ? "double" : type == typeof(bool) ? "bool" : type == typeof(string) ? "string" : type.Name;

    /// <summary>Nanoseconds since the Unix epoch of a DateTime (local converted to UTC; unspecified taken as UTC).</summary>
    public static long Nanoseconds(DateTime value) =>
        ((value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
