using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary>The <c>.str</c> methods of a string column.</summary>
public enum StringOperation
{
    /// <summary><c>str.contains(pat)</c>: a bool, by regex or by substring.</summary>
    Contains,

    /// <summary><c>str.startswith(pat)</c>: a bool.</summary>
    StartsWith,

    /// <summary><c>str.endswith(pat)</c>: a bool.</summary>
    EndsWith,

    /// <summary><c>str.lower()</c>.</summary>
    Lower,

    /// <summary><c>str.upper()</c>.</summary>
    Upper,

    /// <summary><c>str.strip(chars)</c>: whitespace, or the given characters, off both ends.</summary>
    Strip,

    /// <summary><c>str.len()</c>: code points, int64.</summary>
    Len,
}

/// <summary>
/// A <c>.str</c> method of a string expression (<c>name.str.contains('A')</c>). Tests give a bool
/// that is null on a null row (pandas' nullable-bool answer; pandas' object dtype gives NaN there),
/// transforms give strings, <c>len</c> gives int64.
/// </summary>
public sealed class StringMethod(StringOperation op, ColumnExpr operand, string? pattern = null, bool regex = false, bool caseSensitive = true) : ColumnExpr
{
    /// <summary>The method.</summary>
    public StringOperation Operation { get; } = op;

    /// <summary>The string expression.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <summary>The pattern of contains, startswith and endswith; the characters of strip (null: whitespace).</summary>
    public string? Pattern { get; } = op is StringOperation.Contains or StringOperation.StartsWith or StringOperation.EndsWith
        ? pattern ?? throw new ArgumentNullException(nameof(pattern), $"str.{Python(op)} needs a pattern.")
        : pattern;

    /// <summary>Contains: the pattern is a regular expression.</summary>
    public bool Regex { get; } = regex;

    /// <summary>Contains: letters' case matters.</summary>
    public bool CaseSensitive { get; } = caseSensitive;

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType type = Operand.ResultType(schema);
        if (!Utf8Column.Reads(type))
        {
            throw new ArgumentException($".str needs a string column; {Operand} is {Dtype.Name(type)}, in {this}.");
        }

        if (Regex && Operation == StringOperation.Contains)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(Pattern!);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"'{Pattern}' is not a regular expression ({e.Message}), in {this}; pass regex: false for a plain substring.", e);
            }
        }

        return StringKernels.ResultType(Operation);
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => StringKernels.Apply(Operation, Operand.Evaluate(partition), Pattern, Regex, CaseSensitive);

    /// <inheritdoc/>
    public override string ToString()
    {
        string args = Operation switch
        {
            StringOperation.Contains => $"'{Pattern}'{(CaseSensitive ? string.Empty : ", case=False")}{(Regex ? string.Empty : ", regex=False")}",
            StringOperation.StartsWith or StringOperation.EndsWith => $"'{Pattern}'",
            StringOperation.Strip when Pattern is not null => $"'{Pattern}'",
            _ => string.Empty,
        };
        return $"{Operand}.str.{Python(Operation)}({args})";
    }

    private static string Python(StringOperation op) => op.ToString().ToLowerInvariant();
}
