namespace DaskSharp.DataFrames;

public sealed partial class DaskDataFrame
{
    /// <summary>
    /// Groups the rows by <paramref name="keys"/>: <paramref name="dropna"/> false keeps rows with a
    /// null key as a group of their own (pandas' default, true, drops them); <paramref name="sort"/>
    /// as Dask's (null: sorted by key within each output partition; true: one sorted partition;
    /// false: groups in order of appearance).
    /// </summary>
    public DaskGroupBy GroupBy(string[] keys, bool dropna, bool? sort = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (string k in keys)
        {
            _ = Plan.Schema.Ordinal(k);
        }

        return new DaskGroupBy(Plan, keys, dropna, sort);
    }
}
