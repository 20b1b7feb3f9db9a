using DaskSharp.DataFrames.Interop;

namespace DaskSharp.DataFrames;

/// <summary>A computed frame handed to other .NET data libraries.</summary>
public sealed partial class LocalFrame
{
    /// <summary>
    /// The frame as a Microsoft.Data.Analysis <see cref="Microsoft.Data.Analysis.DataFrame"/> (values
    /// copied; the index, if any, as its first column): int32, int64, float32, float64, bool, string
    /// and datetime64[ns] columns become Int32, Int64, Single, Double, Boolean, String and DateTime
    /// columns, nulls their nulls.
    /// </summary>
    /// <exception cref="NotSupportedException">a column has another dtype (the error names it).</exception>
    public Microsoft.Data.Analysis.DataFrame ToMicrosoftDataFrame() => MicrosoftDataFrames.ToDataFrame(Data);
}
