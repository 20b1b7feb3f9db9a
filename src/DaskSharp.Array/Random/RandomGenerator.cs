using System.Security.Cryptography;
using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

/// <summary>
/// Random arrays, as <c>dask.array.random</c>. Every block draws from its own stream derived from
/// the seed and the block's index, so a seeded result is identical whatever the scheduler, thread
/// count or worker count. Blocks are cheap to recompute, so the optimiser recomputes them where
/// they are read instead of keeping them in memory.
/// </summary>
/// <example><code>
/// var rng = Da.Random.DefaultRng(42);
/// var x = rng.Random((10_000, 10_000), chunks: 1000);
/// var n = rng.Normal(0.0, 1.0, (1000,), chunks: 100);
/// </code></example>
public sealed partial class RandomGenerator
{
    private readonly Lock _reseed = new();
    private ulong? _seed;
    private long _calls;

    internal RandomGenerator(ulong? seed) => _seed = seed;

    /// <summary>A seeded generator (NumPy's <c>default_rng(seed)</c>): the same seed gives the same arrays in the same order of calls.</summary>
    public RandomGenerator DefaultRng(long seed) => new((ulong)seed);

    /// <summary>Uniform doubles in [0, 1) (NumPy's <c>random</c>).</summary>
    public DaskArray<double> Random(Shape shape, ChunkSpec? chunks = null) =>
        Create("random_sample", shape, chunks, RandomFunctions.Uniform, 0.0, 1.0);

    /// <summary>Uniform doubles in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public DaskArray<double> Uniform(double low, double high, Shape shape, ChunkSpec? chunks = null) =>
        Create("uniform", shape, chunks, RandomFunctions.Uniform, low, high);

    /// <summary>Normally distributed doubles (Box–Muller).</summary>
    public DaskArray<double> Normal(double mean, double std, Shape shape, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(std);
        return Create("normal", shape, chunks, RandomFunctions.Normal, mean, std);
    }

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public DaskArray<long> Integers(long low, long high, Shape shape, ChunkSpec? chunks = null)
    {
        if (high <= low)
        {
            throw new ArgumentException($"high ({high}) must be greater than low ({low}).", nameof(high));
        }

        long[] dims = shape.Dimensions;
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", dims, sizeof(long));
        ulong seed = NextSeed();
        return ArrayBuilder.Blockwise<long>(
            "integers", RandomFunctions.Integers, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(seed), BlockInput.Constant(low), BlockInput.Constant(high)],
            inlinable: true);
    }

    private DaskArray<double> Create(string prefix, Shape shape, ChunkSpec? chunks, TaskFunction function, double a, double b)
    {
        long[] dims = shape.Dimensions;
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", dims, sizeof(double));
        ulong seed = NextSeed();
        return ArrayBuilder.Blockwise<double>(
            prefix, function, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(seed), BlockInput.Constant(a), BlockInput.Constant(b)],
            inlinable: true);
    }

    /// <summary>Reseeds this generator (Dask's <c>random.seed</c> on <c>Da.Random</c>): the arrays drawn after it are those of <c>DefaultRng(seed)</c>, in order.</summary>
    public void Seed(long seed)
    {
        lock (_reseed)
        {
            _seed = (ulong)seed;
            _calls = 0;
        }
    }

    private ulong NextSeed()
    {
        ulong seed;
        long call;
        lock (_reseed)
        {
            call = ++_calls;
            if (_seed is null)
            {
                return BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            }

            seed = _seed.Value;
        }

        ulong state = seed ^ ((ulong)call * 0xD1B54A32D192ED03UL);
        return BlockRandom.SplitMix(ref state);
    }
}

/// <summary>The per-block functions of random arrays.</summary>
internal static class RandomFunctions
{
    /// <summary>Uniform values of a block: a tile kernel, so fused consumers generate only the tiles they read.</summary>
    public static readonly TaskFunction Uniform = new Arrays.Fusion.TileKernel<double>(
        "random_sample", [typeof(int[]), typeof(Chunks), typeof(ulong), typeof(double), typeof(double)], new Arrays.Fusion.RandomNode(0, 1, 2, 3, 4));

    public static NDArray<double> UniformBlock(int[] index, Chunks chunks, ulong seed, double low, double high)
    {
        var block = NDArray<double>.Uninitialized(chunks.BlockShape(index));
        Span<double> values = block.AsSpan();
        RandomTiles.FillBlock(seed, index, block.Shape, values);
        if (low != 0 || high != 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply<double>(values, high - low, values);
            System.Numerics.Tensors.TensorPrimitives.Add<double>(values, low, values);
        }

        return block;
    }

    public static readonly TaskFunction Normal = TaskFunction.From((int[] index, Chunks chunks, ulong seed, double mean, double std) =>
    {
        var block = NDArray<double>.Uninitialized(chunks.BlockShape(index));
        Span<double> values = block.AsSpan();
        double[] u = new double[values.Length + (values.Length & 1)];
        RandomTiles.FillBlock(seed, index, [u.Length], u);
        for (int i = 0; i + 1 < u.Length; i += 2)
        {
            // Box–Muller: two uniforms give two independent normals.
            double r = Math.Sqrt(-2.0 * Math.Log(1.0 - u[i]));
            (double sin, double cos) = Math.SinCos(2 * Math.PI * u[i + 1]);
            values[i] = mean + (std * r * cos);
            if (i + 1 < values.Length)
            {
                values[i + 1] = mean + (std * r * sin);
            }
        }

        return block;
    }).AsKernel();

    public static readonly TaskFunction Integers = TaskFunction.From((int[] index, Chunks chunks, ulong seed, long low, long high) =>
    {
        int[] shape = chunks.BlockShape(index);
        var block = new NDArray<long>(shape);
        var u = new double[block.Size];
        RandomTiles.FillBlock(seed, index, shape, u);
        Span<long> values = block.AsSpan();
        double range = (double)high - low;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + (long)Math.Floor(u[i] * range);
        }

        return block;
    }).AsKernel();
}
