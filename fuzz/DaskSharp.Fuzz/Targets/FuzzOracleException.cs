namespace DaskSharp.Fuzz;

/// <summary>
/// A decoder accepted bytes but broke a promise about them (a re-encoding that differs, a frame
/// count that does not add up): as much a bug as an exception it should not have thrown.
/// </summary>
public sealed class FuzzOracleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FuzzOracleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FuzzOracleException()
        : base("A decoder broke its contract.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public FuzzOracleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzOracleException(message);
        }
    }
}
