using DaskSharp.Distributed.Serialization;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Tests;

public class ValueSerializerTests
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
    public void Plain_ValuesKeepTheirTypes()
    {
        Assert.Null(RoundTrip(null));
        Assert.Equal(5, Assert.IsType<int>(RoundTrip(5)));
        Assert.Equal(5L, Assert.IsType<long>(RoundTrip(5L)));
        Assert.Equal(2.5, Assert.IsType<double>(RoundTrip(2.5)));
        Assert.Equal("héllo", RoundTrip("héllo"));
        Assert.Equal([1, 2], Assert.IsType<int[]>(RoundTrip(new[] { 1, 2 })));
        Assert.Equal(["a", "b"], Assert.IsType<string[]>(RoundTrip(new[] { "a", "b" })));
        byte[] raw = [1, 2, 3];
        SerializedValue s = ValueSerializer.Serialize(raw);
        Assert.Single(s.Frames);
        Assert.Equal(raw, RoundTrip(raw));
    }

    [Fact]
    public void UnknownTypes_AreRefusedWithAHint()
    {
        var e = Assert.Throws<NotSupportedException>(() => ValueSerializer.Serialize(new Uri("http://x")));
        Assert.Equal("Values of type System.Uri cannot be sent between processes; register an ITypeSerializer for it with ValueSerializer.Register.", e.Message);
    }

    [Fact]
    public void CorruptValues_SayWhatIsWrong()
    {
        SerializedValue good = ValueSerializer.Serialize(NDArray<double>.FromArray([1, 2, 3], 3));
        var shortFrame = new SerializedValue(good.Serializer, good.Header, [good.Frames[0][..10]]);
        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(shortFrame));
        Assert.Equal("An ndarray of shape (3) needs 24 bytes, not 10.", e.Message);
        Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("nope", [], [])));
        Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("plain", [0x92, 0x7f, 0xc0], [])));
    }
}
