namespace DaskSharp.Graphs;

/// <summary>Where a running task finds the results of the keys it references.</summary>
public interface IValueLookup
{
    /// <summary>The result of <paramref name="key"/>; it must be available.</summary>
    object? Get(Key key);
}
