using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DaskSharp.Serialization;

/// <summary>
/// Bytes a value occupies, for worker memory accounting (distributed's <c>sizeof</c>): exact for arrays,
/// strings and tuples of them; functions registered by collections (array chunks) for other types; a small constant otherwise.
/// </summary>
public static class SizeOf
{
    /// <summary>The estimate for an object nothing knows better about (distributed uses the same floor).</summary>
    public const long Unknown = 64;

    private static readonly ConcurrentDictionary<Type, Func<object, long>> s_custom = new();

    // Collections register their sizes with their codecs, when the registry finds their assemblies.
    static SizeOf() => ValueSerializer.FindCodecs();

    /// <summary>Teaches <see cref="Of"/> the size of <typeparamref name="T"/>.</summary>
    public static void Register<T>(Func<T, long> size)
    {
        ArgumentNullException.ThrowIfNull(size);
        s_custom[typeof(T)] = o => size((T)o);
    }

    /// <summary>The bytes <paramref name="value"/> occupies.</summary>
    public static long Of(object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case string s:
                return 24 + (2L * s.Length);
            case Array array when array.GetType().GetElementType() is { IsPrimitive: true }:
                return 24 + Buffer.ByteLength(array);
            case Array array:
                long total = 24;
                foreach (object? item in array)
                {
                    total += 8 + Of(item);
                }

                return total;
        }

        Type type = value.GetType();
        if (s_custom.TryGetValue(type, out Func<object, long>? custom))
        {
            return custom(value);
        }

        if (value is ITuple tuple)
        {
            // A task's several results (QR's factors) weigh what their items weigh.
            long items = 24;
            for (int i = 0; i < tuple.Length; i++)
            {
                items += 8 + Of(tuple[i]);
            }

            return items;
        }

        return type.IsValueType ? Math.Max(16, Unsafe.SizeOf<nint>()) : Unknown;
    }
}
