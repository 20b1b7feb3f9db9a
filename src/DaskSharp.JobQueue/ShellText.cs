namespace DaskSharp.JobQueue;

/// <summary>Words for the POSIX shell that runs a job script.</summary>
internal static class ShellText
{
    /// <summary><paramref name="word"/> as one shell word: unchanged when it has nothing the shell would read, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c, StringComparison.Ordinal)))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
