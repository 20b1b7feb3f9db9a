using System.Reflection;
using DaskSharp.Serialization;

namespace DaskSharp.Core.Tests;

/// <summary>Core's value registry: primitives, arrays of them, enums and tuples; refusals that say why.</summary>
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
    public void EnumsAndTuples_KeepTheirTypes()
    {
        Assert.Equal(DayOfWeek.Friday, Assert.IsType<DayOfWeek>(RoundTrip(DayOfWeek.Friday)));
        Assert.Equal(ulong.MaxValue, Assert.IsType<ulong>(RoundTrip(ulong.MaxValue)));
        Assert.Equal((1, "a", 2.5), Assert.IsType<(int, string, double)>(RoundTrip((1, "a", 2.5))));
        Assert.Equal((new[] { 1L, 2 }, DayOfWeek.Monday).Item1, Assert.IsType<(long[], DayOfWeek)>(RoundTrip((new[] { 1L, 2 }, DayOfWeek.Monday))).Item1);
    }

    [Fact]
    public void UnknownTypes_AreRefusedWithAHint()
    {
        var e = Assert.Throws<NotSupportedException>(() => ValueSerializer.Serialize(new Uri("http://x")));
        Assert.Equal("Values of type System.Uri cannot be sent between processes; register an ITypeSerializer for it with ValueSerializer.Register.", e.Message);

        // Inside a tuple too: the item's type is named.
        e = Assert.Throws<NotSupportedException>(() => ValueSerializer.Serialize((1, new Uri("http://x"))));
        Assert.StartsWith("Values of type System.Uri cannot", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptValues_SayWhatIsWrong()
    {
        Assert.Equal("No serializer named 'nope' is registered here.", Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("nope", [], []))).Message);
        Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("plain", [0x92, 0x7f, 0xc0], [])));

        // An enum entry naming a type that is not an enum creates nothing.
        SerializedValue day = ValueSerializer.Serialize(DayOfWeek.Monday);
        byte[] header = [.. day.Header];
        string name = typeof(DayOfWeek).AssemblyQualifiedName!;
        byte[] forged = System.Text.Encoding.UTF8.GetBytes(typeof(Uri).AssemblyQualifiedName!.PadRight(name.Length)[..name.Length]);
        int at = header.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(name));
        forged.CopyTo(header, at);
        Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue(day.Serializer, header, [])));
    }

    [Fact]
    public void EnumsOfTypesThatDoNotResolve_AreRefused()
    {
        // Found by fuzzing: a name that does not parse threw FileLoadException, one that names no type InvalidOperationException.
        Assert.StartsWith("An enum value of a type that does not resolve here", Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("enum", EnumHeader("System.DayOfWeek, System.Private.CoreLib, Culture=ne\u0001"), []))).Message, StringComparison.Ordinal);
        Assert.StartsWith("An enum value of a type that does not resolve here", Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(new SerializedValue("enum", EnumHeader("No.Such.Type"), []))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesNestedTooDeep_AreRefused()
    {
        // Found by fuzzing: 20,000 nested tuples (270 KB) overflowed the stack and killed the process; 5,000 took 30 s.
        SerializedValue inner = ValueSerializer.Serialize(5);
        for (int depth = 1; depth <= 20_000; depth++)
        {
            inner = new SerializedValue("tuple", TupleOf(inner), []);
        }

        var e = Assert.Throws<InvalidDataException>(() => ValueSerializer.Deserialize(inner));
        Assert.Equal($"Values nest more than {ValueEntry.MaxDepth} deep.", e.Message);

        // As deep as allowed still decodes: the outer value and the items inside it count.
        SerializedValue allowed = ValueSerializer.Serialize(5);
        for (int depth = 1; depth < ValueEntry.MaxDepth; depth++)
        {
            allowed = new SerializedValue("tuple", TupleOf(allowed), []);
        }

        object? value = ValueSerializer.Deserialize(allowed);
        for (int depth = 1; depth < ValueEntry.MaxDepth; depth++)
        {
            value = Assert.IsAssignableFrom<System.Runtime.CompilerServices.ITuple>(value)[0];
        }

        Assert.Equal(5, value);
    }

    /// <summary>A one-item tuple's header: the item's entry.</summary>
    private static byte[] TupleOf(SerializedValue item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(1);
        ValueEntry.Write(ref writer, item, []);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] EnumHeader(string typeName)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(typeName);
        writer.Write(1);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void AnAssemblysCodecs_RegisterWhenItLoads()
    {
        // This test assembly declares [assembly: ValueCodecs(typeof(PointCodecs))]; it is loaded, so they are registered.
        Assert.Equal(new Point(3, -4), RoundTrip(new Point(3, -4)));
        Assert.Equal(1, PointCodecs.Registrations);
        Assert.Contains(Assembly.GetExecutingAssembly().GetCustomAttributes<ValueCodecsAttribute>(), a => a.Registration == typeof(PointCodecs));
    }
}
