using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using DaskSharp.Arrays;

namespace DaskSharp;

/// <summary>
/// NumPy's <c>.npy</c> format (version 1.0 and 2.0), byte-compatible: <c>np.load</c> reads what
/// <see cref="Save{T}(string, NDArray{T})"/> writes, and <see cref="Load{T}(string)"/> reads NumPy's
/// files (C or Fortran order, little-endian).
/// </summary>
public static partial class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/>.</summary>
    public static void Save<T>(string path, NDArray<T> array)
        where T : unmanaged
    {
        using FileStream stream = File.Create(path);
        Save(stream, array);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/>.</summary>
    public static void Save<T>(Stream stream, NDArray<T> array)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        string shape = array.Rank == 1 ? $"({array.Shape[0]},)" : "(" + string.Join(", ", array.Shape.ToArray()) + ")";
        string header = $"{{'descr': '{Dtype.NpyDescrOf(typeof(T))}', 'fortran_order': False, 'shape': {shape}, }}";

        // NumPy pads the header with spaces so the data starts on a 64-byte boundary, then '\n'.
        int total = Magic.Length + 2 + 2 + header.Length + 1;
        int padding = (64 - (total % 64)) % 64;
        header = header + new string(' ', padding) + "\n";
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(MemoryMarshal.AsBytes(array.AsContiguous().AsSpan()));
    }

    /// <summary>Reads a <c>.npy</c> file whose element type is <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">for a file that is not .npy, is truncated, or holds another type.</exception>
    public static NDArray<T> Load<T>(string path)
        where T : unmanaged
    {
        using FileStream stream = File.OpenRead(path);
        return Load<T>(stream, path);
    }

    /// <summary>Reads a <c>.npy</c> stream whose element type is <typeparamref name="T"/>.</summary>
    public static NDArray<T> Load<T>(Stream stream, string? source = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        string where = source ?? "the stream";
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{where} is not a .npy file (no \\x93NUMPY magic).");
        }

        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> b = stackalloc byte[2];
            stream.ReadExactly(b);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(b);
        }
        else if (major is 2 or 3)
        {
            Span<byte> b = stackalloc byte[4];
            stream.ReadExactly(b);
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(b));
        }
        else
        {
            throw new InvalidDataException($"{where} is .npy version {major}.{prefix[7]}, which is not supported.");
        }

        byte[] headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            throw new InvalidDataException($"{where} ends inside its .npy header.");
        }

        string header = Encoding.ASCII.GetString(headerBytes);
        var (descr, fortran, shape) = ParseHeader(header, where);
        string expected = Dtype.NpyDescrOf(typeof(T));
        if (descr != expected && !(descr.Length > 1 && descr[1..] == expected[1..] && descr[0] == '='))
        {
            throw new InvalidDataException($"{where} holds '{descr}' ({Dtype.NameOfNpyDescr(descr)}) elements, not {Dtype.NameOf(typeof(T))}.");
        }

        long count = shape.Aggregate(1L, (n, s) => n * s);
        var data = new T[count];
        Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan());
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
        {
            throw new InvalidDataException($"{where} is truncated: shape {string.Join("x", shape)} needs {bytes.Length} bytes of data.");
        }

        if (!fortran)
        {
            return NDArray<T>.FromArray(data, shape);
        }

        // Fortran order: the data is the transpose's C order.
        int[] reversed = [.. shape.Reverse()];
        return NDArray<T>.FromArray(data, reversed).T.Copy();
    }

    private static (string Descr, bool Fortran, int[] Shape) ParseHeader(string header, string where)
    {
        Match d = DescrPattern().Match(header);
        Match f = FortranPattern().Match(header);
        Match s = ShapePattern().Match(header);
        if (!d.Success || !f.Success || !s.Success)
        {
            throw new InvalidDataException($"{where} has a malformed .npy header: {header.Trim()}");
        }

        int[] shape = [.. s.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.Parse(v.TrimEnd('L'), CultureInfo.InvariantCulture))];
        return (d.Groups[1].Value, f.Groups[1].Value == "True", shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
