using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames;

/// <summary>
/// <c>df.Loc</c>: rows by index label (pandas' <c>.loc</c>). Labels are DateTimes, numbers or
/// strings parsed as the index type; on a timestamp index a date string means its whole period
/// (<c>Loc["2000-01-02"]</c> is that day), as pandas' partial string indexing.
/// </summary>
public sealed class LocIndexer
{
    private readonly FrameExpr _frame;

    internal LocIndexer(FrameExpr frame) => _frame = frame;

    /// <summary>The rows labelled <paramref name="label"/> (for a partial date string, every row of its period).</summary>
    public DaskDataFrame this[object label]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(label);
            (string index, IArrowType type) = Index();
            (object first, object last) = IndexLabels.Range(label, type, index);
            return new DaskDataFrame(new Plan.Operators.Loc(_frame, first, last));
        }
    }

    /// <summary>The rows from <paramref name="from"/> to <paramref name="to"/>, both included (pandas' label slice); null leaves that end open.</summary>
    public DaskDataFrame this[object? from, object? to]
    {
        get
        {
            (string index, IArrowType type) = Index();
            object? lower = from is null ? null : IndexLabels.Range(from, type, index).First;
            object? upper = to is null ? null : IndexLabels.Range(to, type, index).Last;
            return new DaskDataFrame(new Plan.Operators.Loc(_frame, lower, upper));
        }
    }

    private (string Index, IArrowType Type) Index()
    {
        string index = _frame.Schema.Index ?? throw new InvalidOperationException("Loc selects by index label; this frame has a default range index (no index column).");
        return (index, _frame.Schema.TypeOf(index));
    }
}
