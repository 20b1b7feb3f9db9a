using System.Globalization;
using Apache.Arrow;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// <c>dd.read_csv</c>: CSV files as a frame, a partition per block of about the blocksize, cut on
/// line boundaries (the header is read once and applies to every block). Each partition is read in
/// its own task, on whichever worker runs it, and only the columns the plan needs are parsed (the
/// optimiser hands them over with <see cref="WithColumns"/>). No index; divisions unknown.
/// </summary>
public sealed class ReadCsv : PartitionSource
{
    private readonly CsvColumn[] _columns;

    internal ReadCsv(CsvDataset dataset, IReadOnlyList<string>? columns = null)
    {
        Dataset = dataset;
        _columns = columns is null ? [.. dataset.Columns] : [.. dataset.Columns.Where(c => columns.Contains(c.Name))];
        foreach (string c in columns ?? [])
        {
            _ = dataset.Column(c); // a column the files lack fails now, naming its neighbours
        }

        Schema = new FrameSchema(new Schema([.. _columns.Select(c => new Field(c.Name, CsvKinds.Arrow(c.Kind), nullable: true))], null));
    }

    internal CsvDataset Dataset { get; }

    /// <summary>The columns read, in file order.</summary>
    public IReadOnlyList<string> Columns => [.. _columns.Select(c => c.Name)];

    /// <summary>The files read, in order.</summary>
    public IReadOnlyList<string> Paths => [.. Dataset.Files.Select(f => f.Path)];

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override int NPartitions => Dataset.Blocks.Count;

    /// <inheritdoc/>
    public override string Describe()
    {
        int files = Dataset.Files.Count;
        string cut = Dataset.Blocksize == "none" ? "a partition per file" : $"blocksize {Dataset.Blocksize}";
        return $"ReadCsv: {Dataset.Pattern} ({files} file{(files == 1 ? "" : "s")}, {NPartitions} partition{(NPartitions == 1 ? "" : "s")}, {cut}) [{string.Join(", ", Columns)}]";
    }

    /// <inheritdoc/>
    protected override string Identity() =>
        // The files as they are now (path, size, time) and how each column is read: a rewritten file or another dtype is another frame.
        Describe() + "|" + string.Join("|", Dataset.Files.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Path}:{f.Length}:{f.ModifiedTicks}")))
        + "|" + string.Join(",", _columns.Select(c => $"{c.Name}:{CsvKinds.DtypeArgument(c.Kind)}"))
        + "|" + string.Join(",", Dataset.Blocks.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.File}:{b.Offset}:{b.Length}")));

    /// <inheritdoc/>
    protected override string Prefix => "read-csv";

    /// <inheritdoc/>
    public override PartitionSource WithColumns(IReadOnlyList<string> columns) => new ReadCsv(Dataset, columns);

    /// <inheritdoc/>
    /// <exception cref="CsvFormatException">naming the file and line of a row that does not read.</exception>
    public override Partition Read(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, NPartitions);
        return CsvBlockReader.Read(Dataset, _columns, Schema, i);
    }
}
