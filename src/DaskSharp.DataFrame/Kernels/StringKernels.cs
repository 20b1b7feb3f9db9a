using System.Text;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// pandas' <c>.str</c> methods over Arrow strings, plain or dictionary-encoded (a dictionary's
/// words are worked on once and the rows' codes looked up). Rows are read as UTF-8 bytes: an
/// ordinal, case-sensitive test runs on the bytes; a regex, a case-insensitive test or a
/// transform decodes into one reused buffer, never a string per row. A null row stays null.
/// </summary>
internal static class StringKernels
{
    /// <summary>The result type of <paramref name="op"/>.</summary>
    public static IArrowType ResultType(StringOperation op) => op switch
    {
        StringOperation.Contains or StringOperation.StartsWith or StringOperation.EndsWith => BooleanType.Default,
        StringOperation.Len => Int64Type.Default,
        _ => StringType.Default,
    };

    /// <summary>
    /// Applies <paramref name="op"/> with its pattern (contains, startswith, endswith) or characters
    /// (strip; null for whitespace).
    /// </summary>
    public static IArrowArray Apply(StringOperation op, IArrowArray array, string? pattern, bool regex, bool caseSensitive)
    {
        (byte[]? validity, int nulls) = Bitmaps.Copy(array);
        int n = array.Length;
        ReadOnlySpan<int> codes = array is DictionaryArray { Indices: Int32Array c } ? c.Values : default;
        var rows = new Utf8Column(array is DictionaryArray d ? d.Dictionary : array); // the words, or the rows themselves
        bool encoded = array is DictionaryArray;
        switch (op)
        {
            case StringOperation.Contains or StringOperation.StartsWith or StringOperation.EndsWith:
            {
                var test = new Matcher(op, pattern!, regex, caseSensitive);
                var result = new bool[n];
                if (encoded)
                {
                    var hit = new bool[rows.Length];
                    for (int w = 0; w < hit.Length; w++)
                    {
                        hit[w] = test.Matches(rows[w]);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        result[i] = Bitmaps.Get(validity, i) && hit[codes[i]];
                    }
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = Bitmaps.Get(validity, i) && test.Matches(rows[i]);
                    }
                }

                return ArrayBuild.Boolean(result, validity, nulls);
            }

            case StringOperation.Len:
            {
                var lengths = new long[n];
                if (encoded)
                {
                    var perWord = new long[rows.Length];
                    for (int w = 0; w < perWord.Length; w++)
                    {
                        perWord[w] = CodePoints(rows[w]);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        lengths[i] = Bitmaps.Get(validity, i) ? perWord[codes[i]] : 0;
                    }
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        lengths[i] = CodePoints(rows[i]);
                    }
                }

                return ArrayBuild.Primitive(Int64Type.Default, lengths, n, validity, nulls);
            }

            default:
            {
                var transform = new Transformer(op, pattern);
                if (encoded)
                {
                    // Transform the words, then copy each row's word: the codes may now name equal words, so the result is plain.
                    var words = new Utf8ColumnWriter(rows.Length, 64);
                    for (int w = 0; w < rows.Length; w++)
                    {
                        words.Append(transform.Apply(rows[w]));
                    }

                    var changed = new Utf8Column(words.Build());
                    var output = new Utf8ColumnWriter(n, n * 8);
                    for (int i = 0; i < n; i++)
                    {
                        if (Bitmaps.Get(validity, i))
                        {
                            output.Append(changed[codes[i]]);
                        }
                        else
                        {
                            output.AppendNull();
                        }
                    }

                    return output.Build();
                }

                var writer = new Utf8ColumnWriter(n, rows.Length == 0 ? 16 : n * 8);
                for (int i = 0; i < n; i++)
                {
                    if (Bitmaps.Get(validity, i))
                    {
                        writer.Append(transform.Apply(rows[i]));
                    }
                    else
                    {
                        writer.AppendNull();
                    }
                }

                return writer.Build();
            }
        }
    }

    /// <summary>Python's <c>len</c>: code points, i.e. the UTF-8 bytes that start a character.</summary>
    public static long CodePoints(ReadOnlySpan<byte> utf8)
    {
        long count = 0;
        foreach (byte b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Decodes a row into a buffer it keeps and grows.</summary>
    private struct CharBuffer
    {
        private char[] _chars;

        public Span<char> Decode(ReadOnlySpan<byte> utf8)
        {
            _chars ??= new char[64];
            if (_chars.Length < utf8.Length)
            {
                _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
            }

            return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        }
    }

    private sealed class Matcher
    {
        private readonly StringOperation _op;
        private readonly byte[] _utf8;
        private readonly string _pattern;
        private readonly Regex? _regex;
        private readonly bool _onBytes;
        private CharBuffer _buffer;

        public Matcher(StringOperation op, string pattern, bool regex, bool caseSensitive)
        {
            _op = op;
            _pattern = pattern;
            _utf8 = Encoding.UTF8.GetBytes(pattern);
            if (op == StringOperation.Contains && regex)
            {
                _regex = new Regex(pattern, RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase));
            }

            _onBytes = _regex is null && caseSensitive;
        }

        public bool Matches(ReadOnlySpan<byte> row)
        {
            if (_onBytes)
            {
                return _op switch
                {
                    StringOperation.Contains => row.IndexOf(_utf8) >= 0,
                    StringOperation.StartsWith => row.StartsWith(_utf8),
                    _ => row.EndsWith(_utf8),
                };
            }

            Span<char> text = _buffer.Decode(row);
            return _regex is not null ? _regex.IsMatch(text) : text.Contains(_pattern, StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed class Transformer(StringOperation op, string? chars)
    {
        private CharBuffer _input;
        private char[] _output = new char[64];

        public ReadOnlySpan<char> Apply(ReadOnlySpan<byte> row)
        {
            Span<char> text = _input.Decode(row);
            switch (op)
            {
                case StringOperation.Strip:
                    return chars is null ? text.Trim() : text.Trim(chars);
                default:
                    if (_output.Length < text.Length)
                    {
                        _output = new char[Math.Max(text.Length, _output.Length * 2)];
                    }

                    int written = op == StringOperation.Lower ? MemoryExtensions.ToLowerInvariant(text, _output) : MemoryExtensions.ToUpperInvariant(text, _output);
                    return _output.AsSpan(0, written);
            }
        }
    }
}
