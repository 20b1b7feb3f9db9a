using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>Dd.FromDaskArray</c>: a frame whose partition i is row chunk i of an array (its column
/// blocks side by side), made in a task from the array's blocks; the array's graph comes along
/// as a dependency of the frame's.
/// </summary>
public abstract class FromArray : FrameExpr
{
    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [];

    /// <inheritdoc/>
    protected override string Prefix => "from-array";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => this;

    /// <summary>The array's graph, which the frame's tasks read.</summary>
    internal abstract HighLevelGraph ArrayGraph { get; }

    /// <summary>The task making partition <paramref name="i"/>.</summary>
    internal abstract TaskSpec Task(int i);

    /// <summary>The graphs of every array a plan reads (for the frame's graph to depend on).</summary>
    internal static HighLevelGraph[] Graphs(FrameExpr plan)
    {
        var graphs = new List<HighLevelGraph>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<FrameExpr>([plan]);
        while (stack.Count > 0)
        {
            FrameExpr e = stack.Pop();
            if (!seen.Add(e.Name))
            {
                continue;
            }

            if (e is FromArray a)
            {
                graphs.Add(a.ArrayGraph);
            }

            foreach (FrameExpr c in e.Children)
            {
                stack.Push(c);
            }
        }

        return [.. graphs];
    }
}

/// <summary>A frame over an array of <typeparamref name="T"/>.</summary>
internal sealed class FromArray<T> : FromArray
    where T : unmanaged
{
    private static readonly Func<string[], NDArray<T>[], Partition> s_fromBlocks = Interop.ArrayColumns.FromBlocks<T>;
    private readonly DaskArray<T> _array;
    private readonly string[] _columns;

    public FromArray(DaskArray<T> array, string[] columns)
    {
        _array = array;
        _columns = columns;
        var type = Interop.ArrayColumns.ArrowType<T>();
        Schema = new FrameSchema(new Apache.Arrow.Schema([.. columns.Select(c => new Apache.Arrow.Field(c, type, nullable: true))], null));
        NPartitions = array.NumBlocks[0];
        if (array.Chunks.IsKnown && array.Shape[0] > 0)
        {
            // Dask's from_dask_array: each chunk's first row, and the last row.
            var divisions = new List<object> { 0L };
            foreach (long c in array.Chunks[0])
            {
                divisions.Add((long)divisions[^1] + c);
            }

            divisions[^1] = (long)divisions[^1] - 1;
            Divisions = divisions;
        }
    }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override int NPartitions { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions { get; }

    /// <inheritdoc/>
    internal override HighLevelGraph ArrayGraph => _array.Graph;

    /// <inheritdoc/>
    public override string Describe() => $"FromArray: {_array.Name} [{string.Join(", ", _columns)}]";

    /// <inheritdoc/>
    internal override TaskSpec Task(int i)
    {
        TaskArg[] blocks = [.. Enumerable.Range(0, _array.Rank == 1 ? 1 : _array.NumBlocks[1]).Select(j => TaskArg.Ref(_array.Rank == 1 ? new Key(_array.Name, i) : new Key(_array.Name, i, j)))];
        return TaskSpec.Call(s_fromBlocks, _columns, TaskArg.List(typeof(NDArray<T>), blocks));
    }
}
