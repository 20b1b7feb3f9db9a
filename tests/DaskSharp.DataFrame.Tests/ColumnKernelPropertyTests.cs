using System.Globalization;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Expressions;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Each column kernel against a scalar reference on random columns with nulls (NaN too in floats),
/// sliced at a random offset as partitions are, and strings plain or dictionary-encoded.
/// </summary>
public sealed class ColumnKernelPropertyTests
{
    private const int Tests = 40;

    private static int Offset(Random r) => r.Next(0, 12);

    private static (Int64Array Array, long?[] Values) Longs(Random r, int lo = -1000, int hi = 1000)
    {
        int offset = Offset(r), n = r.Next(0, 60);
        var all = new long?[offset + n];
        var builder = new Int64Array.Builder();
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = r.Next(5) == 0 ? null : r.Next(lo, hi);
            if (all[i] is { } v) { builder.Append(v); } else { builder.AppendNull(); }
        }

        return ((Int64Array)builder.Build().Slice(offset, n), all[offset..]);
    }

    private static (DoubleArray Array, double?[] Values) Doubles(Random r)
    {
        int offset = Offset(r), n = r.Next(0, 60);
        var all = new double?[offset + n];
        var builder = new DoubleArray.Builder();
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = r.Next(6) switch { 0 => null, 1 => double.NaN, _ => r.Next(-400, 400) / 8.0 };
            if (all[i] is { } v) { builder.Append(v); } else { builder.AppendNull(); }
        }

        return ((DoubleArray)builder.Build().Slice(offset, n), all[offset..]);
    }

    private static readonly string[] s_pieces = ["a", "B", "é", "ß", " ", "ab", "Ω", "x.", "😀", ""];

    private static (IArrowArray Array, string?[] Values) Strings(Random r)
    {
        int offset = Offset(r), n = r.Next(0, 50);
        var all = new string?[offset + n];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = r.Next(5) == 0 ? null : string.Concat(Enumerable.Range(0, r.Next(0, 4)).Select(_ => s_pieces[r.Next(s_pieces.Length)]));
        }

        if (r.Next(2) == 0)
        {
            var builder = new StringArray.Builder();
            foreach (string? s in all) { if (s is null) { builder.AppendNull(); } else { builder.Append(s); } }
            return (builder.Build().Slice(offset, n), all[offset..]);
        }

        string[] words = [.. all.Where(s => s is not null).Distinct().Cast<string>()];
        var codes = new Int32Array.Builder();
        foreach (string? s in all) { if (s is null) { codes.AppendNull(); } else { codes.Append(System.Array.IndexOf(words, s)); } }
        var dictionary = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), codes.Build(), new StringArray.Builder().AppendRange(words).Build());
        return (dictionary.Slice(offset, n), all[offset..]);
    }

    private static (TimestampArray Array, DateTime?[] Values) Times(Random r, string? zone)
    {
        int offset = Offset(r), n = r.Next(0, 50);
        var all = new DateTime?[offset + n];
        var builder = new TimestampArray.Builder(new TimestampType(TimeUnit.Nanosecond, zone));
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = r.Next(5) == 0 ? null : new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(r.NextInt64(0, 200L * 365 * 86400)).AddTicks(r.Next(0, 10_000_000));
            if (all[i] is { } v) { builder.Append(new DateTimeOffset(v)); } else { builder.AppendNull(); }
        }

        return ((TimestampArray)builder.Build().Slice(offset, n), all[offset..]);
    }

    private static object?[] Read(IArrowArray a) => [.. Enumerable.Range(0, a.Length).Select(i => LocalFrame.Value(a, i))];

    [Property(MaxTest = Tests)]
    public void IsNaAndFillNa_MatchTheReference(int seed)
    {
        var r = new Random(seed);
        (DoubleArray d, double?[] dv) = Doubles(r);
        Assert.Equal(dv.Select(v => (object?)(v is null || double.IsNaN(v.Value))), Read(NullKernels.IsNa(d, missing: true)));
        Assert.Equal(dv.Select(v => (object?)(v is { } x && !double.IsNaN(x))), Read(NullKernels.IsNa(d, missing: false)));
        Assert.Equal(dv.Select(v => (object?)(v is { } x && !double.IsNaN(x) ? x : 9.5)), Read(NullKernels.FillNa(d, 9.5, DoubleType.Default)));
        (Int64Array l, long?[] lv) = Longs(r);
        Assert.Equal(lv.Select(v => (object?)(v ?? -1L)), Read(NullKernels.FillNa(l, -1L, Int64Type.Default)));
        Assert.Equal(lv.Select(v => (object?)(v is { } x ? (double)x : 0.5)), Read(NullKernels.FillNa(l, 0.5, DoubleType.Default)));
        (IArrowArray s, string?[] sv) = Strings(r);
        Assert.Equal(sv.Select(v => (object?)(v ?? "?")), Read(NullKernels.FillNa(s, "?", StringType.Default)));
        Assert.Equal(sv.Select(v => (object?)(v is null)), Read(NullKernels.IsNa(s, missing: true)));
    }

    [Property(MaxTest = Tests)]
    public void WhereAndMask_MatchTheReference(int seed)
    {
        var r = new Random(seed);
        (Int64Array a, long?[] av) = Longs(r);
        bool?[] cv = [.. av.Select(_ => r.Next(4) switch { 0 => (bool?)null, 1 => false, _ => true })];
        var cb = new BooleanArray.Builder();
        foreach (bool? c in cv) { if (c is { } x) { cb.Append(x); } else { cb.AppendNull(); } }
        BooleanArray cond = cb.Build();
        long?[] other = [.. av.Select(_ => r.Next(4) == 0 ? (long?)null : r.Next(-9, 9))];
        var ob = new Int64Array.Builder();
        foreach (long? o in other) { if (o is { } x) { ob.Append(x); } else { ob.AppendNull(); } }
        Int64Array otherArray = ob.Build();
        for (int kind = 0; kind < 2; kind++)
        {
            bool keepWhen = kind == 0;
            object?[] expected = [.. av.Select((v, i) => (object?)(cv[i] == keepWhen ? v : other[i]))];
            Assert.Equal(expected, Read(SelectKernels.Choose(a, cond, keepWhen, otherArray, null, Int64Type.Default)));
            Assert.Equal(av.Select((v, i) => (object?)(cv[i] == keepWhen ? v : null)), Read(SelectKernels.Choose(a, cond, keepWhen, null, null, Int64Type.Default)));
            Assert.Equal(av.Select((v, i) => cv[i] == keepWhen ? (v is null ? null : (object?)(double)v) : 0.5), Read(SelectKernels.Choose(a, cond, keepWhen, null, 0.5, DoubleType.Default)));
        }

        (IArrowArray s, string?[] sv) = Strings(r);
        bool[] keep = [.. sv.Select(_ => r.Next(2) == 0)];
        BooleanArray k = new BooleanArray.Builder().AppendRange(keep).Build();
        Assert.Equal(sv.Select((v, i) => (object?)(keep[i] ? v : "-")), Read(SelectKernels.Choose(s, k, true, null, "-", StringType.Default)));
    }

    [Property(MaxTest = Tests)]
    public void NegateAbsAndRound_MatchTheReference(int seed)
    {
        var r = new Random(seed);
        (Int64Array l, long?[] lv) = Longs(r);
        Assert.Equal(lv.Select(v => (object?)-v), Read(UnaryKernels.Negate(l)));
        Assert.Equal(lv.Select(v => (object?)(v is { } x ? Math.Abs(x) : null)), Read(UnaryKernels.Abs(l)));
        int tens = r.Next(1, 4);
        Assert.Equal(lv.Select(v => (object?)(v is { } x ? (long)Math.Round(x / Math.Pow(10, tens), MidpointRounding.ToEven) * (long)Math.Pow(10, tens) : null)), Read(UnaryKernels.Round(l, -tens)));
        (DoubleArray d, double?[] dv) = Doubles(r);
        int decimals = r.Next(0, 3);
        // Eighths are exact in binary, so decimal rounding is an independent reference for numpy's scale-round-unscale.
        Assert.Equal(dv.Select(v => (object?)(v is { } x ? double.IsNaN(x) ? x : (double)Math.Round((decimal)x, decimals, MidpointRounding.ToEven) : null)), Read(UnaryKernels.Round(d, decimals)));
        Assert.Equal(dv.Select(v => (object?)(v is { } x ? Math.Abs(x) : null)), Read(UnaryKernels.Abs(d)));
    }

    [Property(MaxTest = Tests)]
    public void FloorDivisionAndModulo_MatchPythonsDefinition(int seed)
    {
        var r = new Random(seed);
        (Int64Array a, long?[] av) = Longs(r);
        long[] divisors = [.. av.Select(_ => (long)r.Next(-6, 7))]; // zeros included: 0, as numpy
        var b = new Int64Array.Builder().AppendRange(divisors).Build();
        long FloorDiv(long x, long y) => y == 0 ? 0 : (long)Math.Floor(x / (double)y);
        Assert.Equal(av.Select((v, i) => (object?)(v is { } x ? FloorDiv(x, divisors[i]) : null)), Read(ColumnKernels.Apply(BinaryOperator.FloorDivide, a, b)));
        Assert.Equal(av.Select((v, i) => (object?)(v is { } x ? divisors[i] == 0 ? 0 : x - (FloorDiv(x, divisors[i]) * divisors[i]) : null)), Read(ColumnKernels.Apply(BinaryOperator.Modulo, a, b)));
        (DoubleArray d, double?[] dv) = Doubles(r);
        double y = new[] { 0.25, 0.5, 2.0, 4.0, -0.5, -2.0 }[r.Next(6)]; // powers of two: x / y is exact, so floor(x / y) is the reference
        Assert.Equal(dv.Select(v => (object?)(v is { } x ? Math.Floor(x / y) : null)), Read(ColumnKernels.Apply(BinaryOperator.FloorDivide, d, null, y)));
        object?[] mod = Read(ColumnKernels.Apply(BinaryOperator.Modulo, d, null, y));
        Assert.Equal(dv.Select(v => (object?)(v is { } x ? x - (Math.Floor(x / y) * y) : null)), mod);
        Assert.All(mod, m => Assert.True(m is null || double.IsNaN((double)m) || (double)m == 0 || Math.Sign((double)m) == Math.Sign(y)));
    }

    [Property(MaxTest = Tests)]
    public void BetweenAndIsIn_MatchTheReference(int seed)
    {
        var r = new Random(seed);
        (Int64Array l, long?[] lv) = Longs(r, -20, 20);
        long lo = r.Next(-20, 10), hi = lo + r.Next(0, 20);
        bool left = r.Next(2) == 0, right = r.Next(2) == 0;
        Assert.Equal(lv.Select(v => (object?)(v is { } x && (left ? x >= lo : x > lo) && (right ? x <= hi : x < hi))), Read(MembershipKernels.Between(l, lo, hi, left, right)));
        long[] set = [.. Enumerable.Range(0, r.Next(0, 6)).Select(_ => (long)r.Next(-20, 20))];
        Assert.Equal(lv.Select(v => (object?)(v is { } x && set.Contains(x))), Read(MembershipKernels.IsIn(l, [.. set.Cast<object>()])));
        (DoubleArray d, double?[] dv) = Doubles(r);
        Assert.Equal(dv.Select(v => (object?)(v is { } x && x >= -5 && x <= 5)), Read(MembershipKernels.Between(d, -5L, 5.0, true, true)));
        (IArrowArray s, string?[] sv) = Strings(r);
        string[] words = [.. sv.Where(v => v is not null && r.Next(2) == 0).Cast<string>(), "zz"];
        Assert.Equal(sv.Select(v => (object?)(v is not null && words.Contains(v))), Read(MembershipKernels.IsIn(s, words)));
        Assert.Equal(sv.Select(v => (object?)(v is not null && string.CompareOrdinal(v, "a") >= 0 && string.CompareOrdinal(v, "é") < 0 && !HasSurrogates(v))), Read(MembershipKernels.Between(s, "a", "é", true, false)).Select((x, i) => (object?)((bool)x! && !HasSurrogates(sv[i]))));
    }

    // UTF-16 orders an emoji's surrogates below U+E000; UTF-8 (and Python) order by code point. The reference leaves those rows out.
    private static bool HasSurrogates(string? s) => s is not null && s.Any(char.IsSurrogate);

    [Fact]
    public void ADictionaryNullRowsCode_IsNeverRead()
    {
        // Arrow leaves a null row's slot undefined: here the code points far past the dictionary.
        var codes = (Int32Array)ArrayBuild.Primitive(Int32Type.Default, new[] { 0, 999, 1 }, 3, [0b101], 1);
        var column = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), codes, new StringArray.Builder().AppendRange(["ab", "c"]).Build());
        object?[] Run(StringOperation op, string? p = null) => Read(StringKernels.Apply(op, column, p, false, true));
        Assert.Equal([true, null, false], Run(StringOperation.Contains, "a"));
        Assert.Equal([2L, null, 1L], Run(StringOperation.Len));
        Assert.Equal(["AB", null, "C"], Run(StringOperation.Upper));
        Assert.Equal([true, false, false], Read(MembershipKernels.IsIn(column, ["ab"])));
        Assert.Equal([true, false, true], Read(MembershipKernels.Between(column, "a", "d", true, true)));
        Assert.Equal(["ab", "?", "c"], Read(NullKernels.FillNa(column, "?", StringType.Default)));
        Assert.Equal([true, null, true], Read(CastKernels.Cast(column, CastTarget.Parse("bool"), "column")));
        Assert.Equal(["ab", null, "-"], Read(SelectKernels.Choose(column, new BooleanArray.Builder().AppendRange([true, true, false]).Build(), true, null, "-", StringType.Default)));
    }

    [Property(MaxTest = Tests)]
    public void StringMethods_MatchDotNetsStrings(int seed)
    {
        var r = new Random(seed);
        (IArrowArray s, string?[] sv) = Strings(r);
        string pattern = s_pieces[r.Next(s_pieces.Length - 1)];
        object?[] Run(StringOperation op, string? p = null, bool regex = false, bool caseSensitive = true) => Read(StringKernels.Apply(op, s, p, regex, caseSensitive));
        Assert.Equal(sv.Select(v => (object?)v?.Contains(pattern, StringComparison.Ordinal)), Run(StringOperation.Contains, pattern));
        Assert.Equal(sv.Select(v => (object?)v?.Contains(pattern, StringComparison.OrdinalIgnoreCase)), Run(StringOperation.Contains, pattern, caseSensitive: false));
        Assert.Equal(sv.Select(v => v is null ? null : (object?)Regex.IsMatch(v, "^[aB]+.", RegexOptions.CultureInvariant)), Run(StringOperation.Contains, "^[aB]+.", regex: true));
        Assert.Equal(sv.Select(v => (object?)v?.StartsWith(pattern, StringComparison.Ordinal)), Run(StringOperation.StartsWith, pattern));
        Assert.Equal(sv.Select(v => (object?)v?.EndsWith(pattern, StringComparison.Ordinal)), Run(StringOperation.EndsWith, pattern));
        Assert.Equal(sv.Select(v => (object?)v?.ToLowerInvariant()), Run(StringOperation.Lower));
        Assert.Equal(sv.Select(v => (object?)v?.ToUpperInvariant()), Run(StringOperation.Upper));
        Assert.Equal(sv.Select(v => (object?)v?.Trim()), Run(StringOperation.Strip));
        Assert.Equal(sv.Select(v => (object?)v?.Trim('a', 'ß')), Run(StringOperation.Strip, "aß"));
        Assert.Equal(sv.Select(v => v is null ? null : (object?)(long)v.EnumerateRunes().Count()), Run(StringOperation.Len));
    }

    [Property(MaxTest = Tests)]
    public void DatetimeFieldsAndFloor_MatchDateTime(int seed)
    {
        var r = new Random(seed);
        string? zone = r.Next(3) switch { 0 => null, 1 => "Europe/Berlin", _ => "America/New_York" };
        (TimestampArray t, DateTime?[] tv) = Times(r, zone);
        TimeZoneInfo? info = zone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zone);
        DateTime?[] wall = [.. tv.Select(v => v is { } x ? info is null ? x : TimeZoneInfo.ConvertTimeFromUtc(x, info) : (DateTime?)null)];
        (DatetimeField Field, Func<DateTime, int> Of)[] fields =
        [
            (DatetimeField.Year, x => x.Year), (DatetimeField.Month, x => x.Month), (DatetimeField.Day, x => x.Day), (DatetimeField.Hour, x => x.Hour),
            (DatetimeField.Minute, x => x.Minute), (DatetimeField.Second, x => x.Second), (DatetimeField.DayOfWeek, x => ((int)x.DayOfWeek + 6) % 7),
            (DatetimeField.DayOfYear, x => x.DayOfYear), (DatetimeField.Quarter, x => ((x.Month - 1) / 3) + 1),
        ];
        foreach ((DatetimeField field, Func<DateTime, int> of) in fields)
        {
            Assert.Equal(wall.Select(v => v is { } x ? (object?)of(x) : null), Read(DatetimeKernels.Field(t, field)));
        }

        if (zone is null)
        {
            TimeSpan step = new[] { TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(1) }[r.Next(4)];
            Assert.Equal(tv.Select(v => v is { } x ? (object?)new DateTime(x.Ticks - ((((x.Ticks - DateTime.UnixEpoch.Ticks) % step.Ticks) + step.Ticks) % step.Ticks), DateTimeKind.Utc) : null), Read(DatetimeKernels.Floor(t, step)));
        }
        else
        {
            // Midnight of each wall-time day, as an instant (a day that starts in a DST change is left out).
            object?[] floored = Read(DatetimeKernels.Floor(t, TimeSpan.FromDays(1)));
            for (int i = 0; i < tv.Length; i++)
            {
                if (wall[i] is { } w && !info!.IsInvalidTime(w.Date) && !info.IsAmbiguousTime(w.Date))
                {
                    Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(w.Date, DateTimeKind.Unspecified), info), floored[i]);
                }
            }
        }
    }

    [Property(MaxTest = Tests)]
    public void Casts_MatchTheReference(int seed)
    {
        var r = new Random(seed);
        (Int64Array l, long?[] lv) = Longs(r, int.MinValue, int.MaxValue);
        Assert.Equal(lv.Select(v => (object?)v?.ToString(CultureInfo.InvariantCulture)), Read(CastKernels.Cast(l, CastTarget.Parse("string"), "l")));
        Assert.Equal(lv.Select(v => (object?)(v is { } x ? (double)x : null)), Read(CastKernels.Cast(l, CastTarget.Parse("float64"), "l")));
        Assert.Equal(lv.Select(v => (object?)(v is { } x ? (int)x : null)), Read(CastKernels.Cast(l, CastTarget.Parse("Int32"), "l")));
        Assert.Equal(lv.Select(v => (object?)(v is { } x ? x != 0 : null)), Read(CastKernels.Cast(l, CastTarget.Parse("bool"), "l")));
        IArrowArray digits = CastKernels.Cast(l, CastTarget.Parse("string"), "l");
        Assert.Equal(lv.Select(v => (object?)v), Read(CastKernels.Cast(digits, CastTarget.Parse("Int64"), "digits")));
        var ms = new TimestampArray.Builder(new TimestampType(TimeUnit.Millisecond, (string?)null));
        long?[] millis = [.. lv.Select(v => v / 1000)];
        foreach (long? m in millis) { if (m is { } x) { ms.Append(DateTimeOffset.FromUnixTimeMilliseconds(x)); } else { ms.AppendNull(); } }
        TimestampArray times = ms.Build();
        Assert.Equal(millis.Select(v => (object?)(v * 1_000_000)), Read(CastKernels.Cast(times, CastTarget.Parse("Int64"), "times")));
        Assert.Equal(millis.Select(v => (object?)(v is { } x ? DateTime.UnixEpoch.AddMilliseconds(x) : null)), Read(CastKernels.Cast(times, CastTarget.Parse("datetime64[ns]"), "times")));
        (DoubleArray d, double?[] dv) = Doubles(r);
        IArrowArray text = CastKernels.Cast(d, CastTarget.Parse("string"), "d");
        // NaN is missing, as pandas' string dtype has it; every other double reads back exactly.
        Assert.Equal(dv.Select(v => (object?)(v is { } x && !double.IsNaN(x) ? x : null)), Read(CastKernels.Cast(text, CastTarget.Parse("float64"), "text")));
    }
}
