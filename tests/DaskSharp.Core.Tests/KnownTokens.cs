namespace DaskSharp.Core.Tests;

/// <summary>Tokens computed once and pinned: a change here means keys changed between versions.</summary>
internal static class KnownTokens
{
    public const string OneAndX = "516a4280c2c5f1ae089fd02f6ec46555";
}
