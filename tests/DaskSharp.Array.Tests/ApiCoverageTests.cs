using System.Globalization;
using System.Reflection;
using System.Text;

namespace DaskSharp.Array.Tests;

/// <summary>
/// Holds the public API against Dask's array API list (Fixtures/dask-array-api.txt, a copy of
/// ../shared/dask-array-api.txt): each Python name is looked up, by reflection, under its .NET
/// spelling (<c>nan_to_num</c> → <c>NanToNum</c>, <c>add</c> → <c>operator +</c>) where a user would
/// look for it — <c>Da</c>, <c>DaskArray&lt;T&gt;</c> and its extension classes for functions,
/// reductions and methods, <c>Linalg</c>, <c>Da.Random</c>'s generator, <c>Fft</c> — and the table
/// of covered and missing names in docs/design/arrays.md must say exactly what the code has.
/// </summary>
public sealed class ApiCoverageTests
{
    private const string Begin = "<!-- coverage:begin (ApiCoverageTests writes this table) -->";
    private const string End = "<!-- coverage:end -->";

    /// <summary>Spellings that are not the Python name in PascalCase per underscore-separated word.</summary>
    private static readonly Dictionary<string, string[]> s_spellings = new()
    {
        // Operators: the C# operator is the function.
        ["add"] = ["op_Addition"],
        ["subtract"] = ["op_Subtraction"],
        ["multiply"] = ["op_Multiply"],
        ["divide"] = ["op_Division"],
        ["true_divide"] = ["op_Division"],
        ["equal"] = ["op_Equality"],
        ["not_equal"] = ["op_Inequality"],
        ["less"] = ["op_LessThan"],
        ["less_equal"] = ["op_LessThanOrEqual"],
        ["greater"] = ["op_GreaterThan"],
        ["greater_equal"] = ["op_GreaterThanOrEqual"],
        ["negative"] = ["op_UnaryNegation"],
        ["positive"] = ["op_UnaryPlus"],
        ["bitwise_and"] = ["BitwiseAnd", "op_BitwiseAnd"],
        ["bitwise_or"] = ["BitwiseOr", "op_BitwiseOr"],
        ["bitwise_xor"] = ["BitwiseXor", "op_ExclusiveOr"],
        ["bitwise_not"] = ["Invert", "op_OnesComplement"],
        ["invert"] = ["Invert", "op_OnesComplement"],
        ["left_shift"] = ["LeftShift", "op_LeftShift"],
        ["right_shift"] = ["RightShift", "op_RightShift"],
        ["absolute"] = ["Abs"],
        ["around"] = ["Round"],
        ["deg2rad"] = ["Radians"],
        ["rad2deg"] = ["Degrees"],
        ["Array.__getitem__"] = ["Item"],
        ["Array.__setitem__"] = ["set_Item"],
        ["random.randint"] = ["Integers"],
        ["random.random_sample"] = ["Random"],
        ["astype"] = ["AsType"],
        ["matmul"] = ["MatMul"],
        ["tensordot"] = ["TensorDot"],
        ["swapaxes"] = ["SwapAxes"],
        ["moveaxis"] = ["MoveAxis"],
        ["rollaxis"] = ["RollAxis"],
        ["divmod"] = ["DivMod"],
        ["to_dask_dataframe"] = ["ToDaskDataFrame"],
        ["random.lognormal"] = ["LogNormal"],
        ["asarray"] = ["AsArray"],
        ["asanyarray"] = ["AsAnyArray"],
        ["corrcoef"] = ["CorrCoef"],
        ["atleast_1d"] = ["AtLeast1d"],
        ["atleast_2d"] = ["AtLeast2d"],
        ["atleast_3d"] = ["AtLeast3d"],
        // C# forbids a member named as its class, so Fft.Fft is Fft.Forward.
        ["fft.fft"] = ["Forward"],

    };

    /// <summary>Python words whose .NET spelling is not the word capitalised.</summary>
    private static readonly (string Word, string Spelling)[] s_words =
    [
        ("arccosh", "ArcCosh"), ("arcsinh", "ArcSinh"), ("arctanh", "ArcTanh"), ("arctan2", "ArcTan2"), ("arccos", "ArcCos"), ("arcsin", "ArcSin"), ("arctan", "ArcTan"),
        ("nanargmax", "NanArgMax"), ("nanargmin", "NanArgMin"), ("nancumprod", "NanCumProd"), ("nancumsum", "NanCumSum"), ("nanmax", "NanMax"), ("nanmean", "NanMean"),
        ("nanmedian", "NanMedian"), ("nanmin", "NanMin"), ("nanprod", "NanProd"), ("nanstd", "NanStd"), ("nansum", "NanSum"), ("nanvar", "NanVar"),
        ("nanpercentile", "NanPercentile"), ("nanquantile", "NanQuantile"), ("argmax", "ArgMax"), ("argmin", "ArgMin"), ("argtopk", "ArgTopK"), ("argwhere", "ArgWhere"),
        ("topk", "TopK"), ("cumsum", "CumSum"), ("cumprod", "CumProd"), ("isnan", "IsNaN"), ("isinf", "IsInf"), ("isfinite", "IsFinite"), ("isneginf", "IsNegInf"),
        ("isposinf", "IsPosInf"), ("isnull", "IsNull"), ("notnull", "NotNull"), ("isclose", "IsClose"), ("isin", "IsIn"), ("isreal", "IsReal"), ("iscomplex", "IsComplex"),
        ("allclose", "AllClose"), ("bincount", "BinCount"), ("fliplr", "FlipLR"), ("flipud", "FlipUD"), ("hstack", "HStack"), ("vstack", "VStack"), ("dstack", "DStack"),
        ("meshgrid", "MeshGrid"), ("nonzero", "Nonzero"), ("flatnonzero", "FlatNonzero"), ("searchsorted", "SearchSorted"), ("ediff1d", "EDiff1d"), ("logaddexp2", "LogAddExp2"),
        ("logaddexp", "LogAddExp"), ("nextafter", "NextAfter"), ("copysign", "CopySign"), ("signbit", "SignBit"), ("fromfunction", "FromFunction"), ("linspace", "Linspace"),
        ("itemsize", "ItemSize"), ("nbytes", "NBytes"), ("numblocks", "NumBlocks"), ("npartitions", "NPartitions"), ("chunksize", "ChunkSize"), ("vindex", "Vindex"),
        ("svd", "Svd"), ("tsqr", "Tsqr"), ("sfqr", "Sfqr"), ("qr", "Qr"), ("lu", "Lu"), ("chisquare", "ChiSquare"), ("vonmises", "VonMises"), ("logseries", "LogSeries"),
        ("rfftfreq", "RfftFreq"), ("fftfreq", "FftFreq"), ("fftshift", "FftShift"), ("ifftshift", "IfftShift"), ("dataframe", "DataFrame"), ("rng", "Rng"), ("vdot", "VDot"),
    ];

    [Fact]
    public void CoverageTable_InTheDesignDoc_IsWhatTheCodeHas()
    {
        string doc = Path.Combine(RepositoryRoot(), "docs", "design", "arrays.md");
        string text = File.ReadAllText(doc);
        int begin = text.IndexOf(Begin, StringComparison.Ordinal);
        int end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{doc} has no coverage table between '{Begin}' and '{End}'.");
        string actual = text[(begin + Begin.Length)..end].Trim().ReplaceLineEndings("\n");
        string expected = Table().Trim();
        if (actual != expected)
        {
            string written = Path.Combine(Path.GetTempPath(), "dask-array-api-coverage.md");
            File.WriteAllText(written, expected + "\n");
            Assert.Fail($"The coverage table in {doc} differs from what the code has; the table the code has is in {written}.");
        }
    }

    [Fact]
    public void Spelling_FollowsDotNetNames()
    {
        Assert.Equal(["NanToNum"], Candidates("nan_to_num"));
        Assert.Equal(["ArcTan2"], Candidates("arctan2"));
        Assert.Equal(["SolveTriangular"], Candidates("linalg.solve_triangular"));
        Assert.Equal(["DefaultRng"], Candidates("random.default_rng"));
        Assert.Equal(["op_Addition"], Candidates("add"));
        Assert.True(Covered("Array.mean"));
        Assert.True(Covered("nanmean"));
        Assert.True(Covered("bitwise_and"));
        Assert.True(Covered("fft.rfft2"));
        Assert.False(Covered("linalg.compression_level"));
    }

    /// <summary>The markdown table: a summary line, then one row per section listing covered and missing names.</summary>
    private static string Table()
    {
        var sections = new List<(string Name, List<string> Covered, List<string> Missing)>();
        foreach (string line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dask-array-api.txt")))
        {
            string t = line.Trim();
            if (t.StartsWith("# section ", StringComparison.Ordinal))
            {
                sections.Add((t["# section ".Length..], [], []));
            }
            else if (t.Length > 0 && !t.StartsWith('#') && sections.Count > 0)
            {
                (Covered(t) ? sections[^1].Covered : sections[^1].Missing).Add(t);
            }
        }

        int covered = sections.Sum(s => s.Covered.Count);
        int total = sections.Sum(s => s.Covered.Count + s.Missing.Count);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Covered: {covered} of {total} names ({100.0 * covered / total:F1}%).\n\n");
        sb.Append("| Section | Covered | Missing |\n|---|---|---|\n");
        foreach (var (name, yes, no) in sections)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {name} ({yes.Count}/{yes.Count + no.Count}) | {string.Join(", ", yes.Select(Short))} | {string.Join(", ", no.Select(Short))} |\n");
        }

        return sb.ToString();
    }

    private static string Short(string name) => name.Contains('.', StringComparison.Ordinal) ? name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..].Replace("_", "\\_", StringComparison.Ordinal) : name.Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>True when a candidate spelling of <paramref name="python"/> is public where its section says.</summary>
    private static bool Covered(string python)
    {
        string[] candidates = Candidates(python);
        Type[] where = python.Split('.')[0] switch
        {
            "linalg" => [typeof(Linalg)],
            "random" => [typeof(RandomGenerator)],
            "fft" => [.. typeof(Da).Assembly.GetExportedTypes().Where(t => t.Name == "Fft")],
            // np.block assembles arrays; DaskArray.Block(i, j) is one block of the grid, another function.
            _ when python == "block" => [typeof(Da)],
            // Array methods are the array's (or its extension classes'), not Da's functions.
            "Array" => [typeof(DaskArray<>), typeof(DaskArrayReductions), typeof(DaskArrayFunctions), typeof(DaskArrayOperators)],
            _ => [typeof(Da), typeof(DaskArray<>), typeof(DaskArrayReductions), typeof(DaskArrayFunctions), typeof(DaskArrayOperators)],
        };
        return where.Any(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => candidates.Contains(m.Name) || (m is PropertyInfo p && candidates.Contains("set_" + p.Name) && p.CanWrite)));
    }

    private static string[] Candidates(string python)
    {
        if (s_spellings.TryGetValue(python, out string[]? spelled))
        {
            return spelled;
        }

        string name = python.Contains('.', StringComparison.Ordinal) ? python[(python.IndexOf('.', StringComparison.Ordinal) + 1)..] : python;
        if (s_spellings.TryGetValue(name, out spelled))
        {
            return spelled;
        }

        return [string.Concat(name.Split('_').Select(Word))];
    }

    private static string Word(string word)
    {
        foreach (var (w, spelling) in s_words)
        {
            if (word == w)
            {
                return spelling;
            }
        }

        return word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DaskSharp.slnx")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No DaskSharp.slnx above {AppContext.BaseDirectory}.");
    }
}
