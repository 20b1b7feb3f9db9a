using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// A computed frame prints and renders as pandas: the expected texts are pandas 1.5's own
/// <c>repr(df)</c> and <c>df._repr_html_()</c> for the same data (made with /usr/bin/python3 and
/// pasted here), nullable columns as pandas' Int64, boolean and string dtypes.
/// </summary>
public sealed class LocalFrameDisplayTests
{
    private const string MixedRepr = "     i     k     f  ...                   t          d           h\n0    1     1  1.50  ... 2000-01-01 06:00:00 2000-01-01    0.100000\n1  -20  <NA>  2.00  ...                 NaT 2000-01-02    0.250000\n2  300     3 -0.25  ... 2000-01-02 00:00:00        NaT    0.333333\n3    4    40   NaN  ... 2000-01-03 00:00:01 2000-01-04  100.000000\n\n[4 rows x 10 columns]";
    private const string MixedHtml = "<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>i</th>\n      <th>k</th>\n      <th>f</th>\n      <th>g</th>\n      <th>s</th>\n      <th>b</th>\n      <th>bn</th>\n      <th>t</th>\n      <th>d</th>\n      <th>h</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>0</th>\n      <td>1</td>\n      <td>1</td>\n      <td>1.50</td>\n      <td>10000000.0</td>\n      <td>a</td>\n      <td>True</td>\n      <td>True</td>\n      <td>2000-01-01 06:00:00</td>\n      <td>2000-01-01</td>\n      <td>0.100000</td>\n    </tr>\n    <tr>\n      <th>1</th>\n      <td>-20</td>\n      <td>&lt;NA&gt;</td>\n      <td>2.00</td>\n      <td>2.5</td>\n      <td>&lt;NA&gt;</td>\n      <td>False</td>\n      <td>&lt;NA&gt;</td>\n      <td>NaT</td>\n      <td>2000-01-02</td>\n      <td>0.250000</td>\n    </tr>\n    <tr>\n      <th>2</th>\n      <td>300</td>\n      <td>3</td>\n      <td>-0.25</td>\n      <td>3.0</td>\n      <td>ccc</td>\n      <td>True</td>\n      <td>False</td>\n      <td>2000-01-02 00:00:00</td>\n      <td>NaT</td>\n      <td>0.333333</td>\n    </tr>\n    <tr>\n      <th>3</th>\n      <td>4</td>\n      <td>40</td>\n      <td>NaN</td>\n      <td>0.5</td>\n      <td>dd</td>\n      <td>False</td>\n      <td>True</td>\n      <td>2000-01-03 00:00:01</td>\n      <td>2000-01-04</td>\n      <td>100.000000</td>\n    </tr>\n  </tbody>\n</table>\n</div>";
    private const string NarrowRepr = "     i     k     f     s      b     bn\n0    1     1  1.50     a   True   True\n1  -20  <NA>  2.00  <NA>  False   <NA>\n2  300     3 -0.25   ccc   True  False\n3    4    40   NaN    dd  False   True";
    private const string LongRepr = "       x   n\n0    0.0   0\n1    0.5   1\n2    1.0   2\n3    1.5   3\n4    2.0   4\n..   ...  ..\n65  32.5  65\n66  33.0  66\n67  33.5  67\n68  34.0  68\n69  34.5  69\n\n[70 rows x 2 columns]";
    private const string LongHtml = "<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>x</th>\n      <th>n</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>0</th>\n      <td>0.0</td>\n      <td>0</td>\n    </tr>\n    <tr>\n      <th>1</th>\n      <td>0.5</td>\n      <td>1</td>\n    </tr>\n    <tr>\n      <th>2</th>\n      <td>1.0</td>\n      <td>2</td>\n    </tr>\n    <tr>\n      <th>3</th>\n      <td>1.5</td>\n      <td>3</td>\n    </tr>\n    <tr>\n      <th>4</th>\n      <td>2.0</td>\n      <td>4</td>\n    </tr>\n    <tr>\n      <th>...</th>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th>65</th>\n      <td>32.5</td>\n      <td>65</td>\n    </tr>\n    <tr>\n      <th>66</th>\n      <td>33.0</td>\n      <td>66</td>\n    </tr>\n    <tr>\n      <th>67</th>\n      <td>33.5</td>\n      <td>67</td>\n    </tr>\n    <tr>\n      <th>68</th>\n      <td>34.0</td>\n      <td>68</td>\n    </tr>\n    <tr>\n      <th>69</th>\n      <td>34.5</td>\n      <td>69</td>\n    </tr>\n  </tbody>\n</table>\n<p>70 rows × 2 columns</p>\n</div>";
    private const string IndexedRepr = "                       v\ntimestamp               \n2000-01-01 00:00:00  1.0\n2000-01-01 12:00:00  2.0";
    private const string IndexedHtml = "<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>v</th>\n    </tr>\n    <tr>\n      <th>timestamp</th>\n      <th></th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>2000-01-01 00:00:00</th>\n      <td>1.0</td>\n    </tr>\n    <tr>\n      <th>2000-01-01 12:00:00</th>\n      <td>2.0</td>\n    </tr>\n  </tbody>\n</table>\n</div>";
    private const string EscapedHtml = "<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>a&lt;b</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>0</th>\n      <td>x&amp;y</td>\n    </tr>\n    <tr>\n      <th>1</th>\n      <td>&lt;z&gt;</td>\n    </tr>\n  </tbody>\n</table>\n</div>";
    private const string SmallFloatRepr = "              x\n0  1.000000e-07\n1  1.000000e+00";
    private const string LargeFloatRepr = "              x\n0  1.234568e+09\n1  1.000000e+00";
    private const string FitFloatRepr = "             x\n0  123456789.0\n1          1.0";
    private const string NanRepr = "    x\n0 NaN\n1 NaN";
    private const string InfRepr = "     x\n0  inf\n1 -1.5";
    private const string SubsecondRepr = "                       tt\n0 2000-01-01 00:00:00.500\n1                     NaT\n2 2000-01-01 00:00:00.000";
    private const string WideHtml = "<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n\n    .dataframe tbody tr th {\n        vertical-align: top;\n    }\n\n    .dataframe thead th {\n        text-align: right;\n    }\n</style>\n<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>c0</th>\n      <th>c1</th>\n      <th>c2</th>\n      <th>c3</th>\n      <th>c4</th>\n      <th>c5</th>\n      <th>c6</th>\n      <th>c7</th>\n      <th>c8</th>\n      <th>c9</th>\n      <th>...</th>\n      <th>c15</th>\n      <th>c16</th>\n      <th>c17</th>\n      <th>c18</th>\n      <th>c19</th>\n      <th>c20</th>\n      <th>c21</th>\n      <th>c22</th>\n      <th>c23</th>\n      <th>c24</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>0</th>\n      <td>0</td>\n      <td>1</td>\n      <td>2</td>\n      <td>3</td>\n      <td>4</td>\n      <td>5</td>\n      <td>6</td>\n      <td>7</td>\n      <td>8</td>\n      <td>9</td>\n      <td>...</td>\n      <td>15</td>\n      <td>16</td>\n      <td>17</td>\n      <td>18</td>\n      <td>19</td>\n      <td>20</td>\n      <td>21</td>\n      <td>22</td>\n      <td>23</td>\n      <td>24</td>\n    </tr>\n  </tbody>\n</table>\n<p>1 rows × 25 columns</p>\n</div>";
    private const string WideRepr = "   c0  c1  c2  c3  c4  c5  c6  c7  ...  c17  c18  c19  c20  c21  c22  c23  c24\n0   0   1   2   3   4   5   6   7  ...   17   18   19   20   21   22   23   24\n\n[1 rows x 25 columns]";


    private static readonly TimestampType s_ns = new(TimeUnit.Nanosecond, (string?)null);

    internal static Int64Array Longs(params long?[] values)
    {
        var b = new Int64Array.Builder();
        foreach (long? v in values) { if (v is { } x) { b.Append(x); } else { b.AppendNull(); } }
        return b.Build();
    }

    internal static DoubleArray Doubles(params double?[] values)
    {
        var b = new DoubleArray.Builder();
        foreach (double? v in values) { if (v is { } x) { b.Append(x); } else { b.AppendNull(); } }
        return b.Build();
    }

    internal static StringArray Strings(params string?[] values)
    {
        var b = new StringArray.Builder();
        foreach (string? v in values) { if (v is { } x) { b.Append(x); } else { b.AppendNull(); } }
        return b.Build();
    }

    internal static BooleanArray Bools(params bool?[] values)
    {
        var b = new BooleanArray.Builder();
        foreach (bool? v in values) { if (v is { } x) { b.Append(x); } else { b.AppendNull(); } }
        return b.Build();
    }

    internal static TimestampArray Stamps(params string?[] values)
    {
        var b = new TimestampArray.Builder(s_ns);
        foreach (string? v in values)
        {
            if (v is null) { b.AppendNull(); }
            else { b.Append(new DateTimeOffset(DateTime.Parse(v, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), TimeSpan.Zero)); }
        }

        return b.Build();
    }

    internal static LocalFrame Frame(string? index, params (string Name, IArrowArray Values)[] columns)
    {
        var schema = new Schema([.. columns.Select(c => new Field(c.Name, c.Values.Data.DataType, true))], null);
        return new LocalFrame(new Partition(new RecordBatch(schema, [.. columns.Select(c => c.Values)], columns[0].Values.Length), index));
    }

    private static LocalFrame Mixed() => Frame(
        null,
        ("i", Longs(1, -20, 300, 4)),
        ("k", Longs(1, null, 3, 40)),
        ("f", Doubles(1.5, 2.0, -0.25, null)),
        ("g", Doubles(1e7, 2.5, 3.0, 0.5)),
        ("s", Strings("a", null, "ccc", "dd")),
        ("b", Bools(true, false, true, false)),
        ("bn", Bools(true, null, false, true)),
        ("t", Stamps("2000-01-01 06:00:00", null, "2000-01-02", "2000-01-03 00:00:01")),
        ("d", Stamps("2000-01-01", "2000-01-02", null, "2000-01-04")),
        ("h", Doubles(0.1, 0.25, 1.0 / 3, 100.0)));

    private static LocalFrame Long() => Frame(null, ("x", Doubles([.. Enumerable.Range(0, 70).Select(i => (double?)(i * 0.5))])), ("n", Longs([.. Enumerable.Range(0, 70).Select(i => (long?)i)])));

    [Fact]
    public void ToString_OfMixedColumnsWiderThan80_IsPandasRepr_WithMiddleColumnsDropped() => Assert.Equal(MixedRepr, Mixed().ToString());

    [Fact]
    public void ToString_ChoosesFloatPrecisionPerColumn_AndShowsNullsAsPandasDtypesDo()
    {
        LocalFrame all = Mixed();
        LocalFrame narrow = Frame(null, [.. new[] { "i", "k", "f", "s", "b", "bn" }.Select(c => (c, all.ToArrow().Column(c)))]);
        Assert.Equal(NarrowRepr, narrow.ToString());
    }

    [Fact]
    public void ToHtml_OfMixedColumns_IsPandasReprHtml() => Assert.Equal(MixedHtml, Mixed().ToHtml());

    [Fact]
    public void LongFrames_ShowTheFirstAndLastFiveRows_WithTheirDimensions()
    {
        Assert.Equal(LongRepr, Long().ToString());
        Assert.Equal(LongHtml, Long().ToHtml());
    }

    [Fact]
    public void NamedIndex_HasAHeaderLineOfItsOwn()
    {
        LocalFrame f = Frame("timestamp", ("timestamp", Stamps("2000-01-01", "2000-01-01 12:00")), ("v", Doubles(1.0, 2.0)));
        Assert.Equal(IndexedRepr, f.ToString());
        Assert.Equal(IndexedHtml, f.ToHtml());
    }

    [Fact]
    public void ToHtml_EscapesNamesAndValues() => Assert.Equal(EscapedHtml, Frame(null, ("a<b", Strings("x&y", "<z>"))).ToHtml());

    [Fact]
    public void ToHtml_OfMoreThan20Columns_ShowsTheFirstAndLastTen()
    {
        LocalFrame wide = Frame(null, [.. Enumerable.Range(0, 25).Select(j => ($"c{j}", (IArrowArray)Longs(j)))]);
        Assert.Equal(WideHtml, wide.ToHtml());
        Assert.Equal(WideRepr, wide.ToString());
    }

    [Theory]
    [InlineData(1e-7, 1.0, SmallFloatRepr)]
    [InlineData(1234567890.0, 1.0, LargeFloatRepr)]
    [InlineData(123456789.0, 1.0, FitFloatRepr)]
    [InlineData(double.NaN, double.NaN, NanRepr)]
    [InlineData(double.PositiveInfinity, -1.5, InfRepr)]
    public void Floats_SwitchToScientificAsPandasDoes(double a, double b, string expected) => Assert.Equal(expected, Frame(null, ("x", Doubles(a, b))).ToString());

    [Fact]
    public void Timestamps_ShowTheFractionTheFinestValueNeeds() =>
        Assert.Equal(SubsecondRepr, Frame(null, ("tt", Stamps("2000-01-01 00:00:00.5", null, "2000-01-01"))).ToString());

    [Fact]
    public void UtcTimestamps_PrintEachWithItsOwnFraction_AndTheOffset()
    {
        // pandas: repr(pd.DataFrame({"W": pd.to_datetime([...], utc=True), "M": ...}))
        const string expected = "                          W                                M\n0 2021-03-04 05:06:07+00:00 2021-03-04 05:06:07.001000+00:00\n1                       NaT        2021-03-04 00:00:00+00:00\n2 2021-03-04 00:00:00+00:00                              NaT";
        LocalFrame f = Dd.FromRecords(new (DateTimeOffset?, DateTimeOffset?)[]
        {
            (new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero), new DateTimeOffset(2021, 3, 4, 5, 6, 7, 1, TimeSpan.Zero)),
            (null, new DateTimeOffset(2021, 3, 4, 0, 0, 0, TimeSpan.Zero)),
            (new DateTimeOffset(2021, 3, 4, 0, 0, 0, TimeSpan.Zero), null),
        }.Select(p => new Zoned(p.Item1, p.Item2))).Compute("sync");
        Assert.Equal(expected, f.ToString());
    }

    public sealed record Zoned(DateTimeOffset? W, DateTimeOffset? M);

    [Fact]
    public void TimestampsInAnotherZone_PrintTheirLocalTimeAndOffset_WinterAndSummer()
    {
        // pandas: pd.DataFrame({"t": pd.to_datetime(["2000-01-01 00:00", "2000-07-01 00:00:00.5", None], utc=True).tz_convert("Europe/Paris"), "x": [1, 2, 3]})
        const string expected = "                                 t  x\n0        2000-01-01 01:00:00+01:00  1\n1 2000-07-01 02:00:00.500000+02:00  2\n2                              NaT  3";
        var paris = new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Nanosecond, "Europe/Paris");
        var t = new Apache.Arrow.TimestampArray.Builder(paris).Append(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).Append(new DateTimeOffset(2000, 7, 1, 0, 0, 0, 500, TimeSpan.Zero)).AppendNull().Build();
        var x = new Apache.Arrow.Int64Array.Builder().AppendRange([1, 2, 3]).Build();
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("t", paris, true), new Apache.Arrow.Field("x", Apache.Arrow.Types.Int64Type.Default, false)], null);
        Assert.Equal(expected, Dd.FromArrow([new Apache.Arrow.RecordBatch(schema, [t, x], 3)]).Compute("sync").ToString());
    }

    [Fact]
    public void EmptyFrame_SaysSo()
    {
        // pandas: repr and _repr_html_ of pd.DataFrame({"x": pd.Series([], dtype="float64")})
        Assert.Equal("Empty DataFrame\nColumns: [x]\nIndex: []", Frame(null, ("x", Doubles())).ToString());
        string style = MixedHtml[..MixedHtml.IndexOf("<table", StringComparison.Ordinal)];
        Assert.Equal(style + "<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>x</th>\n    </tr>\n  </thead>\n  <tbody>\n  </tbody>\n</table>\n</div>", Frame(null, ("x", Doubles())).ToHtml());
    }
}
