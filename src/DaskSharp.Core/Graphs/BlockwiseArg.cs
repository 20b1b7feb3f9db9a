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

    /// <summary>True when block i of the output reads exactly block i of the input.</summary>
    internal bool IsIdentity(int[] outputNumBlocks)
    {
        if (_numBlocks.Length != outputNumBlocks.Length)
        {
            return false;
        }

        for (int d = 0; d < _numBlocks.Length; d++)
        {
            if (_outputAxes[d] != d || _numBlocks[d] != outputNumBlocks[d])
            {
                return false;
            }
        }

        return true;
    }
}
