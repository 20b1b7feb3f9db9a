namespace DaskSharp.Tokens;

/// <summary>
/// A type that writes its own deterministic identity into a token, as Dask's
/// <c>__dask_tokenize__</c>. Collections write their key; data types write their content.
/// </summary>
public interface ITokenizable
{
    /// <summary>Writes everything that determines this value's identity.</summary>
    void WriteToken(TokenWriter writer);
}
