namespace DaskSharp.DataFrames;

public static partial class Dd
{
    /// <summary>
    /// <c>dd.merge(left, right, ...)</c>: the same as <see cref="DaskDataFrame.Merge"/> on <paramref name="left"/>.
    /// </summary>
    public static DaskDataFrame Merge(
        DaskDataFrame left,
        DaskDataFrame right,
        string how = "inner",
        IReadOnlyList<string>? on = null,
        IReadOnlyList<string>? leftOn = null,
        IReadOnlyList<string>? rightOn = null,
        bool leftIndex = false,
        bool rightIndex = false,
        (string Left, string Right)? suffixes = null,
        bool? broadcast = null,
        bool skew = true,
        string? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Merge(right, how, on, leftOn, rightOn, leftIndex, rightIndex, suffixes, broadcast, skew, scheduler);
    }
}
