using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// The union of several dictionaries' words, first seen first, and each dictionary's codes re-coded
/// against it: how dictionary columns whose words differ are put one after the other (concatenated
/// partitions, row groups combined into a partition) without decoding them.
/// </summary>
internal sealed class WordUnion
{
    private readonly BytesTable _table = new();
    private readonly List<ReadOnlyMemory<byte>> _words = [];

    /// <summary>
    /// Adds <paramref name="words"/>; the union's id of each of its codes. With
    /// <paramref name="copy"/> the words are copied, for buffers that will not outlive the union
    /// (a reader's native memory); otherwise they are read where they lie.
    /// </summary>
    public int[] Add(StringArray words, bool copy)
    {
        ReadOnlyMemory<byte> bytes = words.ValueBuffer.Memory;
        ReadOnlySpan<int> offsets = words.ValueOffsets;
        var idOfCode = new int[words.Length];
        for (int w = 0; w < idOfCode.Length; w++)
        {
            ReadOnlyMemory<byte> word = bytes[offsets[w]..offsets[w + 1]];
            if (copy)
            {
                word = word.ToArray();
            }

            int id = _table.GetOrAdd(word);
            if (id == _words.Count)
            {
                _words.Add(word);
            }

            idOfCode[w] = id;
        }

        return idOfCode;
    }

    /// <summary>
    /// <paramref name="part"/>'s codes through <paramref name="idOfCode"/> into <paramref name="into"/>
    /// (its rows from <paramref name="at"/> of <paramref name="total"/>), its null rows marked in
    /// <paramref name="bitmap"/> (a null row's code may be anything); the nulls marked.
    /// </summary>
    public static int Recode(DictionaryArray part, int[] idOfCode, Span<int> into, ref byte[]? bitmap, int at, int total)
    {
        ReadOnlySpan<int> codes = ((Int32Array)part.Indices).Values;
        bool nulls = part.NullCount > 0;
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = !nulls || part.IsValid(i) ? idOfCode[codes[i]] : 0;
        }

        return Bitmaps.MarkNulls(ref bitmap, part, at, total);
    }

    /// <summary>The union's words, in id order.</summary>
    public StringArray Words()
    {
        var writer = new Utf8ColumnWriter(_words.Count, _words.Sum(w => w.Length));
        foreach (ReadOnlyMemory<byte> word in _words)
        {
            writer.Append(word.Span);
        }

        return writer.Build();
    }
}
