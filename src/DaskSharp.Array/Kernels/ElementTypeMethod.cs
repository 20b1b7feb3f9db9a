using System.Collections.Concurrent;
using System.Reflection;

namespace DaskSharp.Arrays;

/// <summary>
/// A generic static method closed over an element type known only at run time (a chunk's dtype read
/// from the wire), as a delegate made once per method and type: decoding a partial, a plan or a
/// kernel then costs a dictionary probe, not reflection.
/// </summary>
internal static class ElementTypeMethod
{
    private static readonly ConcurrentDictionary<(Type Owner, string Method, Type Element), Delegate> s_made = new();

    /// <summary><paramref name="owner"/>'s private static <paramref name="method"/>&lt;<paramref name="element"/>&gt; as a <typeparamref name="TDelegate"/>.</summary>
    public static TDelegate For<TDelegate>(Type owner, string method, Type element)
        where TDelegate : Delegate =>
        (TDelegate)s_made.GetOrAdd((owner, method, element), static k =>
            k.Owner.GetMethod(k.Method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(k.Element).CreateDelegate<TDelegate>());
}
