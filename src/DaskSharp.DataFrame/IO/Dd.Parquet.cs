using DaskSharp.DataFrames.IO;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>Parquet input (<c>dd.read_parquet</c>).</summary>
public static partial class Dd
{
    /// <summary>
    /// A frame over a Parquet file, or over every <c>*.parquet</c> file of a directory (in natural
    /// order: part.2 before part.10), a partition per row group. The footers (schema, row groups,
    /// statistics) are read now; the data in the partitions' tasks. An index column recorded in
    /// pandas' metadata (as Dask's and DaskSharp's writers record it) becomes the index.
    /// </summary>
    /// <param name="pathOrDir">A Parquet file or a directory of them.</param>
    /// <param name="columns">The columns to read (the index is read as well); null for all.</param>
    /// <param name="filters">
    /// Dask's filters: <c>(column, op, value)</c> conjuncts, op one of ==, !=, &lt;, &lt;=, &gt;, &gt;=,
    /// value a number, a string or a bool. Row groups whose statistics rule one out are not read;
    /// the rest are filtered row by row.
    /// </param>
    /// <example><c>Dd.ReadParquet("data/", ["x"], [("x", ">", 5)])["x"].Sum().Compute()</c></example>
    /// <exception cref="FileNotFoundException">when nothing is at <paramref name="pathOrDir"/>, or a directory holds no Parquet file.</exception>
    /// <exception cref="InvalidDataException">naming a file that is not Parquet, is truncated, or whose schema differs.</exception>
    /// <exception cref="KeyNotFoundException">for a column the files lack.</exception>
    public static DaskDataFrame ReadParquet(string pathOrDir, IReadOnlyList<string>? columns = null, IReadOnlyList<(string Column, string Op, object Value)>? filters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrDir);
        string[] files = ParquetFiles.List(pathOrDir);
        ParquetFooters footers = ParquetFooters.Read(files);
        FrameSchema schema = footers.Schema;
        ParquetComparison[] comparisons = [.. (filters ?? []).Select(f => new ParquetComparison(f.Column, ParquetComparison.ParseOperator(f.Op), ParquetComparison.ParseValue(f.Column, f.Value)))];
        string[] wanted = [.. columns ?? [.. schema.Columns, .. footers.Unsupported.Keys]];
        foreach (string c in wanted.Concat(comparisons.Select(f => f.Column)))
        {
            if (footers.Unsupported.TryGetValue(c, out string? type))
            {
                throw new NotSupportedException($"Column '{c}' of '{pathOrDir}' is {type}, which a DataFrame cannot hold; pass columns: to read the others.");
            }

            _ = schema.Ordinal(c); // a missing column fails now, naming its neighbours
        }

        // The filtered columns are read too, for the row filter, and projected away after it.
        string[] read = [.. wanted.Union(comparisons.Select(f => f.Column))];
        FrameExpr plan = new ReadParquet(pathOrDir, files, schema, footers.Pieces, footers.Pieces.Count, read, comparisons, footers.DictionaryColumns);
        if (comparisons.Length > 0)
        {
            ColumnExpr predicate = comparisons.Select(f => f.ToExpr()).Aggregate((a, b) => new Binary(BinaryOperator.And, a, b));
            plan = new Filter(plan, predicate);
            if (read.Length != wanted.Length)
            {
                plan = new Projection(plan, wanted);
            }
        }

        return new DaskDataFrame(plan);
    }
}
