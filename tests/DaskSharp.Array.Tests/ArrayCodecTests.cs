using DaskSharp.Arrays;
using DaskSharp.Serialization;

namespace DaskSharp.Array.Tests;

/// <summary>Array values through Core's registry: chunks, partials and plans, registered by this assembly when it loads.</summary>
public class ArrayCodecTests
{
    private static object? RoundTrip(object? value)
    {
        SerializedValue s = ValueSerializer.Serialize(value);

        // Copy the frames, as a receiver would have them.
        var copy = new SerializedValue(s.Serializer, [.. s.Header], [.. s.Frames.Select(f => (ReadOnlyMemory<byte>)f.ToArray())]);
        return ValueSerializer.Deserialize(copy);
    }

    [Fact]
    public void NDArray_TravelsAsDtypeShapeAndRawBytes()
    {
        var a = NDArray<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        SerializedValue s = ValueSerializer.Serialize(a);
        Assert.Equal("ndarray", s.Serializer);
        Assert.Single(s.Frames);
        Assert.Equal(48, s.Frames[0].Length);
        var back = Assert.IsType<NDArray<double>>(RoundTrip(a));
        Assert.Equal([2, 3], back.Shape.ToArray());
        Assert.Equal(a.ToArray(), back.ToArray());

        // A transposed view is sent in row-major order of the view.
        var t = Assert.IsType<NDArray<double>>(RoundTrip(a.T));
        Assert.Equal(a.T.ToArray(), t.ToArray());
        Assert.Equal([true, false], Assert.IsType<NDArray<bool>>(RoundTrip(NDArray<bool>.FromArray([true, false], 2))).ToArray());
        Assert.Equal(7L, Assert.IsType<NDArray<long>>(RoundTrip(NDArray<long>.Scalar(7))).Item());
    }

    [Fact]
    public void NDArray_ContiguousChunk_IsNotCopied()
    {
        var a = NDArray<double>.FromArray([1, 2, 3], 3);
        SerializedValue s = ValueSerializer.Serialize(a);
        a[0] = 42; // the frame views the chunk's own memory
        Assert.Equal(42, BitConverter.ToDouble(s.Frames[0].Span));
    }

    [Fact]
    public void CorruptValues_SayWhatIsWrong()
    {
        SerializedValue good = ValueSerializer.Serialize(NDArray<double>.FromArray([1, 2, 3], 3));
        var shortFrame = new SerializedValue(good.Serializer, good.Header, [good.Frames[0][..10]]);
        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(shortFrame));
        Assert.Equal("An ndarray of shape (3) needs 24 bytes, not 10.", e.Message);
    }

    [Fact]
    public void PartialsAndPlans_KeepTheirElementTypes()
    {
        var arg = new ArgPartial<float>(NDArray<float>.FromArray([1.5f, -2], 2), NDArray<long>.FromArray([7, 3], 2));
        var argBack = Assert.IsType<ArgPartial<float>>(RoundTrip(arg));
        Assert.Equal([1.5f, -2], argBack.Values.ToArray());
        Assert.Equal([7L, 3], argBack.Indices.ToArray());

        var plan = new Overlap<int>.OverlapPlan([1, 0], new Chunks([[2, 3], [4]]), [1, 1], [1, 0], [0, 1], Boundary.Constant, -9);
        var planBack = Assert.IsType<Overlap<int>.OverlapPlan>(RoundTrip(plan));
        Assert.Equal(-9, planBack.Constant);
        Assert.Equal(Boundary.Constant, planBack.Boundary);
        Assert.Equal("((2, 3), (4,))", planBack.Chunks.ToString());
        Assert.Equal(Tokens.Tokenizer.Tokenize(plan), Tokens.Tokenizer.Tokenize(planBack));

        var rechunk = new RechunkPlan([3, 2], [([0, 1], [3, 1], [0, 0]), ([0, 0], [3, 1], [0, 1])]);
        var rechunkBack = Assert.IsType<RechunkPlan>(RoundTrip(rechunk));
        Assert.Equal(Tokens.Tokenizer.Tokenize(rechunk), Tokens.Tokenizer.Tokenize(rechunkBack));

        // The factors of a QR task: a tuple of chunks.
        var (q, r) = Assert.IsType<(NDArray<double>, NDArray<double>)>(RoundTrip((NDArray<double>.FromArray([1, 2], 2), NDArray<double>.FromArray([3], 1))));
        Assert.Equal([1.0, 2], q.ToArray());
        Assert.Equal([3.0], r.ToArray());
    }

    [Fact]
    public void ABadOverlapBoundary_IsRefused()
    {
        var plan = new Overlap<int>.OverlapPlan([0], new Chunks([[2]]), [1], [1], [1], Boundary.Reflect, 0);
        SerializedValue s = ValueSerializer.Serialize(plan);
        byte[] header = [.. s.Header];
        int at = System.Array.LastIndexOf(header, (byte)Boundary.Reflect);
        header[at] = 0x7f;
        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue(s.Serializer, header, s.Frames)));
        Assert.Equal("Unknown overlap boundary 127.", e.Message);
    }
}
