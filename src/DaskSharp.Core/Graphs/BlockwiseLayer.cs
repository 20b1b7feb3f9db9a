namespace DaskSharp.Graphs;

/// <summary>
/// One function applied block by block over a grid of output blocks (Dask's <c>Blockwise</c>):
/// output block <c>(i, j)</c> calls <see cref="Function"/> on the matching blocks of its inputs.
/// It holds only the pattern: a layer of a million blocks is a handful of objects until it is
/// culled (to the blocks someone needs) and materialised.
/// </summary>
/// <example><code>
/// // z = x + y, block by block, on a 1000 × 1000 grid of blocks
/// var z = new BlockwiseLayer("z", [1000, 1000], TaskFunction.From((double[] a, double[] b) => Add(a, b)),
///     BlockwiseArg.Blocks("x", [1000, 1000], 0, 1),
///     BlockwiseArg.Blocks("y", [1000, 1000], 0, 1));
/// </code></example>
public sealed class BlockwiseLayer : Layer
{
    private readonly int[] _numBlocks;
    private readonly BlockwiseArg[] _args;
    private readonly HashSet<Key>? _subset;

    /// <summary>A blockwise layer over the full grid.</summary>
    public BlockwiseLayer(string name, int[] numBlocks, TaskFunction function, params BlockwiseArg[] args)
        : this(name, numBlocks, function, args, subset: null, inlinable: false)
    {
    }

    private BlockwiseLayer(string name, int[] numBlocks, TaskFunction function, BlockwiseArg[] args, HashSet<Key>? subset, bool inlinable)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(numBlocks);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(args);
        foreach (int nb in numBlocks)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(nb, nameof(numBlocks));
        }

        foreach (BlockwiseArg arg in args)
        {
            if (arg is BlocksBlockwiseArg blocks)
            {
                foreach (int axis in blocks.OutputAxes)
                {
                    if (axis < 0 || axis >= numBlocks.Length)
                    {
                        throw new ArgumentException(
                            $"Blockwise layer {name}: input {blocks.Name} maps to output axis {axis}, but the output has {numBlocks.Length} axes.", nameof(args));
                    }
                }
            }
        }

        _numBlocks = (int[])numBlocks.Clone();
        Function = function;
        _args = args;
        _subset = subset;
        Inlinable = inlinable;
    }

    /// <summary>
    /// True when a block is cheaper to compute again than to keep (a seeded random block, zeros):
    /// fusion then copies this layer into every layer that reads it, so its blocks are never held.
    /// </summary>
    public bool Inlinable { get; }

    /// <summary>This layer marked <see cref="Inlinable"/>.</summary>
    public BlockwiseLayer AsInlinable() => new(Name, _numBlocks, Function, _args, _subset, inlinable: true);

    /// <summary>Blocks per output axis.</summary>
    public IReadOnlyList<int> NumBlocks => _numBlocks;

    /// <summary>The function applied to each block.</summary>
    public TaskFunction Function { get; }

    /// <summary>The function's arguments.</summary>
    public IReadOnlyList<BlockwiseArg> Args => _args;

    /// <summary>True when culling kept only some of the grid.</summary>
    public bool IsCulled => _subset is not null;

    /// <inheritdoc/>
    public override long Count => _subset?.Count ?? BlockGrid.Count(_numBlocks);

    /// <inheritdoc/>
    public override IEnumerable<Key> Keys => _subset ?? AllKeys();

    /// <inheritdoc/>
    public override bool Contains(Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_subset is not null)
        {
            return _subset.Contains(key);
        }

        if (key.Name != Name || key.Index.Length != _numBlocks.Length)
        {
            return false;
        }

        for (int d = 0; d < _numBlocks.Length; d++)
        {
            if ((uint)key.Index[d] >= (uint)_numBlocks[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The task for one output block.</summary>
    public TaskSpec TaskFor(ReadOnlySpan<int> index)
    {
        var taskArgs = new TaskArg[_args.Length];
        for (int i = 0; i < _args.Length; i++)
        {
            taskArgs[i] = _args[i] switch
            {
                ConstantBlockwiseArg c => TaskArg.Literal(c.Value),
                BlockIndexBlockwiseArg bi => TaskArg.Literal(bi.IndexFor(index)),
                BlocksBlockwiseArg b => TaskArg.Ref(b.KeyFor(index)),
                _ => throw new InvalidOperationException($"Unknown blockwise argument {_args[i]}."),
            };
        }

        return new TaskSpec(Function, taskArgs);
    }

    /// <inheritdoc/>
    public override (Layer Culled, LayerNeeds External) Cull(IReadOnlyCollection<Key> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == Count)
        {
            return (this, AllDependencies());
        }

        var subset = new HashSet<Key>(keys);
        var external = new HashSet<Key>();
        foreach (Key key in subset)
        {
            foreach (BlockwiseArg arg in _args)
            {
                if (arg is BlocksBlockwiseArg b)
                {
                    external.Add(b.KeyFor(key.Index));
                }
            }
        }

        return (new BlockwiseLayer(Name, _numBlocks, Function, _args, subset, Inlinable), new LayerNeeds(external, []));
    }

    /// <inheritdoc/>
    public override LayerNeeds AllDependencies()
    {
        if (_subset is not null)
        {
            return Cull(_subset).External;
        }

        // Every block of the grid is kept: its inputs are needed in full (broadcast inputs too).
        var layers = new HashSet<string>();
        foreach (BlockwiseArg arg in _args)
        {
            if (arg is BlocksBlockwiseArg b)
            {
                layers.Add(b.Name);
            }
        }

        return new LayerNeeds([], layers);
    }

    /// <inheritdoc/>
    public override void MaterializeInto(TaskGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        foreach (Key key in Keys)
        {
            graph.Add(key, TaskFor(key.Index));
        }
    }

    /// <summary>This layer with a different function and arguments (same grid and subset); used by fusion.</summary>
    internal BlockwiseLayer With(TaskFunction function, BlockwiseArg[] args) => new(Name, _numBlocks, function, args, _subset, Inlinable);

    internal int[] NumBlocksArray => _numBlocks;

    private IEnumerable<Key> AllKeys() => BlockGrid.Indices(_numBlocks).Select(index => new Key(Name, index));
}
