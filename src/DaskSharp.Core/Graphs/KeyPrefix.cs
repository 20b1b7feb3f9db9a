namespace DaskSharp.Graphs;

/// <summary>
/// Dask's <c>key_split</c>: the readable prefix of a key name, dropping tokens and counters.
/// <c>"x-1"</c> → <c>"x"</c>; <c>"hello-world-1"</c> → <c>"hello-world"</c>;
/// <c>"x-abcdefab"</c> → <c>"x"</c> (an 8-digit hex word is a token, not a word).
/// </summary>
internal static class KeyPrefix
{
    // The prefix last split on this thread: a graph's keys share a handful of prefixes, so a million
    // keys of one map return one string instead of a million copies of "inc".
    [ThreadStatic]
    private static string? t_last;

    public static string Split(string name)
    {
        if (name.Length == 0)
        {
            return name;
        }

        if (char.IsLetter(name[0]))
        {
            return SplitFromWord(name);
        }

        return SplitGeneral(name);
    }

    /// <summary>
    /// The common case, a name starting with a letter: the same words as <see cref="SplitGeneral"/>
    /// keeps, found by scanning rather than splitting, so a key costs no allocation once its prefix was seen.
    /// </summary>
    private static string SplitFromWord(string name)
    {
        ReadOnlySpan<char> span = name;
        int end = span.IndexOf('-');
        if (end < 0)
        {
            end = name.Length;
        }

        while (end < name.Length)
        {
            ReadOnlySpan<char> rest = span[(end + 1)..];
            int length = rest.IndexOf('-');
            ReadOnlySpan<char> word = length < 0 ? rest : rest[..length];
            if (word.Length == 0 || !IsAlpha(word) || (word.Length == 8 && IsHex(word)))
            {
                break;
            }

            end += 1 + word.Length;
        }

        ReadOnlySpan<char> prefix = span[..end];
        if (prefix.Length == 32 && IsHex(prefix))
        {
            return "data";
        }

        if (end == name.Length)
        {
            return name;
        }

        string? last = t_last;
        if (last is not null && prefix.SequenceEqual(last))
        {
            return last;
        }

        return t_last = prefix.ToString();
    }

    private static string SplitGeneral(string name)
    {
        string[] words = name.Split('-');
        string result = char.IsLetter(words[0][0])
            ? words[0]
            : words[0].Split(',')[0].Trim('_', '\'', '(', ')', '"');
        for (int i = 1; i < words.Length; i++)
        {
            string word = words[i];
            if (word.Length > 0 && IsAlpha(word) && !(word.Length == 8 && IsHex(word)))
            {
                result += "-" + word;
            }
            else
            {
                break;
            }
        }

        if (result.Length == 32 && IsHex(result))
        {
            return "data";
        }

        if (result.Length > 0 && result[0] == '<')
        {
            string inner = result.Trim('<', '>').Split(' ')[0];
            result = inner[(inner.LastIndexOf('.') + 1)..];
        }

        return result.Length == 0 ? name : result;
    }

    private static bool IsAlpha(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
