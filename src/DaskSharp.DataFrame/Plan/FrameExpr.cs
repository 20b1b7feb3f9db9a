using System.Text;
using DaskSharp.Tokens;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// A node of a dataframe's logical plan (dask-expr's <c>Expr</c>): every operation on a
/// <see cref="DaskDataFrame"/> makes one, and nothing becomes tasks until compute, after the
/// <see cref="Optimizer"/> has rewritten the plan. Each operator lives in its own file and says
/// how it is partitioned (<see cref="NPartitions"/>, <see cref="Divisions"/>).
/// </summary>
public abstract class FrameExpr
{
    private string? _name;

    /// <summary>The inputs.</summary>
    public abstract IReadOnlyList<FrameExpr> Children { get; }

    /// <summary>The columns and types of the result.</summary>
    public abstract FrameSchema Schema { get; }

    /// <summary>How many partitions the result has.</summary>
    public abstract int NPartitions { get; }

    /// <summary>The index values bounding the partitions (npartitions + 1 of them), or null when unknown.</summary>
    public virtual IReadOnlyList<object>? Divisions => null;

    /// <summary>The operator and its parameters on one line, as <see cref="Explain"/> prints it.</summary>
    public abstract string Describe();

    /// <summary>The same operator over other inputs.</summary>
    public abstract FrameExpr WithChildren(IReadOnlyList<FrameExpr> children);

    /// <summary>The operator's short name, the first part of its task keys.</summary>
    protected abstract string Prefix { get; }

    /// <summary>The key name of its partitions: its prefix and a token of the whole subtree (deterministic).</summary>
    public string Name => _name ??= $"{Prefix}-{Tokenizer.Tokenize(Identity())}";

    /// <summary>What makes this node's result what it is: its description and its inputs' names.</summary>
    protected virtual string Identity() => Describe() + "(" + string.Join(",", Children.Select(c => c.Name)) + ")";

    /// <summary>The plan below and including this node, one operator a line, inputs indented.</summary>
    public string Tree()
    {
        var text = new StringBuilder();
        Write(this, 0, text);
        return text.ToString();

        static void Write(FrameExpr e, int depth, StringBuilder text)
        {
            text.Append(' ', depth * 2).Append(e.Describe()).Append('\n');
            foreach (FrameExpr c in e.Children)
            {
                Write(c, depth + 1, text);
            }
        }
    }

    /// <summary>
    /// The plan before and after optimisation, as Dask's <c>explain()</c> (as text), then, when
    /// there are any, the decisions about moving rows (each merge's strategy, a shuffle or
    /// group-by shuffle skipped because the data is already partitioned), inputs first.
    /// </summary>
    public string Explain()
    {
        var decisions = new List<string>();
        string after = Optimizer.Optimize(this, decisions).Tree();
        string made = decisions.Count == 0 ? string.Empty : "Decisions:\n" + string.Concat(decisions.Select(d => "  " + d + "\n"));
        return "Before optimisation:\n" + Tree() + "After optimisation:\n" + after + made;
    }

    /// <summary>How the rows are hash-partitioned, when known (<see cref="KnownPartitioning"/>).</summary>
    public HashPartitioning? HashedOn => Plan.KnownPartitioning.Of(this);

    /// <inheritdoc/>
    public override string ToString() => Describe();
}

/// <summary>An operator applied to each partition on its own: it keeps the input's partitions and divisions.</summary>
public abstract class PartitionwiseExpr(FrameExpr input) : FrameExpr
{
    /// <summary>The input.</summary>
    public FrameExpr Input { get; } = input ?? throw new ArgumentNullException(nameof(input));

    /// <summary>What it does to one partition.</summary>
    public abstract PartitionStep Step { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions => Input.Divisions;

    /// <inheritdoc/>
    public override string Describe() => Step.ToString();
}
