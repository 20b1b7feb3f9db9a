using DaskSharp.DataFrames.Interop;

namespace DaskSharp.DataFrames;

/// <summary>A computed frame as .NET objects.</summary>
public sealed partial class LocalFrame
{
    /// <summary>
    /// One <typeparamref name="T"/> per row: columns (the index among them) bind to T's constructor
    /// parameters and settable properties by name, ignoring case; nulls go to nullable members
    /// (a float null to a plain double as NaN, pandas' missing float). Columns T does not name are
    /// left out.
    /// </summary>
    /// <exception cref="KeyNotFoundException">a member has no column (the error names it and the nearest columns).</exception>
    /// <exception cref="InvalidCastException">a column's type does not convert to its member's (both named).</exception>
    /// <exception cref="InvalidOperationException">a null meets a member that cannot hold one (column and row named).</exception>
    public IReadOnlyList<T> ToRecords<T>() => new RecordBinder<T>(Data.Batch).Read(Length);
}
