using System.Globalization;

namespace DaskSharp.Cli;

/// <summary>
/// Files that let their reader into the cluster (a secret file, a scheduler file) must be the
/// owner's alone, as ssh insists of private keys: one that group or others may read has leaked,
/// and one that another user could have written may name their scheduler, whose tasks a worker
/// would then run as this user. On Windows the check is left to the file's ACL.
/// </summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Refuses <paramref name="path"/> when group or others have any permission on it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What it is, for the message ("secret file").</param>
    /// <exception cref="UnauthorizedAccessException">naming the file, its mode and the fix.</exception>
    public static void Check(string path, string what)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) != 0)
        {
            string octal = Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
            throw new UnauthorizedAccessException(string.Create(CultureInfo.InvariantCulture, $"Permissions {octal} for the {what} '{path}' are too open: it must be readable by its owner only (chmod 600 '{path}')."));
        }
    }

    /// <summary>
    /// The secret in <paramref name="path"/> (<c>dask worker --secret-file</c>): the file's text
    /// without surrounding whitespace, so <c>echo SECRET &gt; file</c> works.
    /// </summary>
    /// <exception cref="FileNotFoundException">when there is no such file.</exception>
    /// <exception cref="UnauthorizedAccessException">when group or others may read it.</exception>
    /// <exception cref="InvalidDataException">when it is empty.</exception>
    public static string ReadSecret(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no secret file '{path}'.", path);
        }

        Check(path, "secret file");
        string secret = File.ReadAllText(path).Trim();
        return secret.Length > 0 ? secret : throw new InvalidDataException($"The secret file '{path}' is empty.");
    }
}
