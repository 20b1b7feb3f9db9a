namespace DaskSharp.Graphs;

/// <summary>
/// An argument of a <see cref="BlockwiseLayer"/>'s function: a constant, or the blocks of another
/// layer picked by the output block's index (Dask's index strings: <c>"ij"</c> is identity,
/// <c>"ji"</c> a transpose).
/// </summary>
public abstract class BlockwiseArg
{
    private protected BlockwiseArg()
    {
    }

    /// <summary>The same value for every block.</summary>
    public static BlockwiseArg Constant(object? value) => new ConstantBlockwiseArg(value);

    /// <summary>The output block's own index, as an <c>int[]</c> (for per-block seeds, offsets, <c>block_info</c>).</summary>
    public static BlockwiseArg BlockIndex() => new BlockIndexBlockwiseArg(null);

    /// <summary>
    /// Block <c>(i₀, …)</c> of layer <paramref name="name"/>, where input axis <c>d</c> takes the output
    /// block index along <c>outputAxes[d]</c>; an input axis with one block is broadcast (always 0).
    /// </summary>
    public static BlockwiseArg Blocks(string name, int[] numBlocks, params int[] outputAxes) =>
        new BlocksBlockwiseArg(name, numBlocks, outputAxes);
}

/// <summary>A constant argument.</summary>
public sealed class ConstantBlockwiseArg : BlockwiseArg
{
    internal ConstantBlockwiseArg(object? value) => Value = value;

    /// <summary>The value.</summary>
    public object? Value { get; }
}

/// <summary>
/// The output block's index. After fusion through a transpose it is the index of the block the
/// fused-in producer would have computed: entry <c>d</c> is the output index along <c>OutputAxes[d]</c>.
/// </summary>
public sealed class BlockIndexBlockwiseArg : BlockwiseArg
{
    private readonly int[]? _outputAxes;

    internal BlockIndexBlockwiseArg(int[]? outputAxes) => _outputAxes = outputAxes;

    /// <summary>The index for output block <paramref name="outputIndex"/>.</summary>
    public int[] IndexFor(ReadOnlySpan<int> outputIndex)
    {
        if (_outputAxes is null)
        {
            return outputIndex.ToArray();
        }

        var index = new int[_outputAxes.Length];
        for (int d = 0; d < index.Length; d++)
        {
            index[d] = outputIndex[_outputAxes[d]];
        }

        return index;
    }

    /// <summary>This index as seen through a consumer's permutation of axes.</summary>
    internal BlockIndexBlockwiseArg ComposeWith(BlocksBlockwiseArg outer)
    {
        int rank = outer.OutputAxes.Count;
        var axes = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            axes[d] = outer.OutputAxes[_outputAxes is null ? d : _outputAxes[d]];
        }

        return new BlockIndexBlockwiseArg(axes);
    }
}

/// <summary>An argument read from another layer's blocks.</summary>
public sealed class BlocksBlockwiseArg : BlockwiseArg
{
    private readonly int[] _numBlocks;
    private readonly int[] _outputAxes;

    internal BlocksBlockwiseArg(string name, int[] numBlocks, int[] outputAxes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(numBlocks);
        ArgumentNullException.ThrowIfNull(outputAxes);
        if (numBlocks.Length != outputAxes.Length)
        {
            throw new ArgumentException(
                $"Layer {name} has {numBlocks.Length} block axes but {outputAxes.Length} axis mappings were given.", nameof(outputAxes));
        }

        Name = name;
        _numBlocks = (int[])numBlocks.Clone();
        _outputAxes = (int[])outputAxes.Clone();
    }

    /// <summary>The layer read from.</summary>
    public string Name { get; }

    /// <summary>That layer's block counts per axis.</summary>
    public IReadOnlyList<int> NumBlocks => _numBlocks;

    /// <summary>For each input axis, the output axis whose block index it takes.</summary>
    public IReadOnlyList<int> OutputAxes => _outputAxes;

    /// <summary>The input block key for output block <paramref name="outputIndex"/>.</summary>
    public Key KeyFor(ReadOnlySpan<int> outputIndex)
    {
        var index = new int[_numBlocks.Length];
        for (int d = 0; d < index.Length; d++)
        {
            index[d] = _numBlocks[d] == 1 ? 0 : outputIndex[_outputAxes[d]];
        }

        return new Key(Name, index);
    }

    /// <summary>
    /// This argument as read through <paramref name="outer"/>: when a consumer reads this argument's
    /// layer through <paramref name="outer"/> (a permutation of the consumer's axes), the consumer's
    /// block index maps to ours by composing the two axis mappings.
    /// </summary>
    internal BlocksBlockwiseArg ComposeWith(BlocksBlockwiseArg outer)
    {
        var axes = new int[_outputAxes.Length];
        for (int d = 0; d < axes.Length; d++)
        {
            axes[d] = outer._outputAxes[_outputAxes[d]];
        }

        return new BlocksBlockwiseArg(Name, _numBlocks, axes);
    }

    /// <summary>True when each consumer block reads a different producer block and every producer block is read (a pure permutation of axes, no broadcasting).</summary>
    internal bool IsPermutation(int[] consumerNumBlocks)
    {
        if (_numBlocks.Length != consumerNumBlocks.Length)
        {
            return false;
        }

        var seen = new bool[_numBlocks.Length];
        for (int d = 0; d < _numBlocks.Length; d++)
        {
            int axis = _outputAxes[d];
            if (seen[axis] || _numBlocks[d] != consumerNumBlocks[axis])
            {
                return false;
            }

            seen[axis] = true;
        }

        return true;
    }

    /// <summary>Two reads of the same layer through the same mapping read the same blocks.</summary>
    internal bool SameMapping(BlocksBlockwiseArg other) =>
        Name == other.Name && _numBlocks.AsSpan().SequenceEqual(other._numBlocks) && _outputAxes.AsSpan().SequenceEqual(other._outputAxes);
}
