namespace DaskSharp.Graphs;

/// <summary>
/// Dask's <c>key_split</c>: the readable prefix of a key name, dropping tokens and counters.
/// <c>"x-1"</c> → <c>"x"</c>; <c>"hello-world-1"</c> → <c>"hello-world"</c>;
/// <c>"x-abcdefab"</c> → <c>"x"</c> (an 8-digit hex word is a token, not a word).
/// </summary>
internal static class KeyPrefix
{
    public static string Split(string name)
    {
        if (name.Length == 0)
        {
            return name;
        }

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

    private static bool IsAlpha(string s)
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

    private static bool IsHex(string s)
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
