namespace DaskSharp.DataFrames.IO;

/// <summary>
/// Combining small Parquet row groups into partitions, as dask-expr's <c>FusedParquetIO</c> does
/// after projection: when only some of a dataset's columns are read, consecutive row groups go into
/// one partition until the projected columns' uncompressed bytes (from the footers) would pass the
/// target (config <c>dataframe.parquet.minimum-partition-size</c>, 75 MB by default; 0 turns it off),
/// and at most ⌈√n⌉ (and 100) row groups a partition, so a small dataset keeps some parallelism.
/// </summary>
internal static class SmallRowGroups
{
    /// <summary>The configuration key of the target size.</summary>
    public const string Setting = "dataframe.parquet.minimum-partition-size";

    /// <summary>Dask's default target: 75 MB.</summary>
    public const long DefaultTarget = 75_000_000;

    /// <summary>The target size the configuration sets now (a number of bytes or a size such as "75MB").</summary>
    public static long Target() => DaskConfig.Get<object?>(Setting, null) switch
    {
        null => DefaultTarget,
        string text => ByteSize.Parse(text),
        var n => Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>How many consecutive <paramref name="pieces"/> each partition reads when <paramref name="columns"/> are read, up to <paramref name="target"/> bytes.</summary>
    public static int[] Group(IReadOnlyList<ParquetPiece> pieces, IReadOnlyList<string> columns, long target)
    {
        if (target <= 0 || pieces.Count <= 1 || pieces.Any(p => p.ColumnBytes is null))
        {
            return [.. pieces.Select(_ => 1)];
        }

        int cap = Math.Min((int)Math.Ceiling(Math.Sqrt(pieces.Count)), 100);
        var groups = new List<int>();
        int count = 0;
        long filled = 0;
        foreach (ParquetPiece piece in pieces)
        {
            long bytes = columns.Sum(c => piece.ColumnBytes!.GetValueOrDefault(c));
            if (count > 0 && (filled + bytes > target || count == cap))
            {
                groups.Add(count);
                count = 0;
                filled = 0;
            }

            count++;
            filled += bytes;
        }

        groups.Add(count);
        return [.. groups];
    }
}
