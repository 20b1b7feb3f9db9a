using System.Reflection;

namespace DaskSharp.Graphs;

/// <summary>Readable names for methods, used as key prefixes (<c>Inc-…</c>, <c>lambda-…</c>).</summary>
internal static class FunctionNames
{
    public static string Of(MethodInfo method)
    {
        string name = method.Name;
        if (name.Length == 0 || name[0] != '<')
        {
            return name;
        }

        // Local functions compile to "<Outer>g__Name|0_0": the user's name is between "g__" and "|".
        int local = name.IndexOf(">g__", StringComparison.Ordinal);
        if (local >= 0)
        {
            int start = local + 4;
            int end = name.IndexOf('|', start);
            return end > start ? name[start..end] : name[start..];
        }

        return "lambda";
    }
}
