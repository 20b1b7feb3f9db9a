using System.Diagnostics;

namespace DaskSharp.Array.Tests;

/// <summary>NumPy is the oracle: results computed by NumPy 1.24 once (Fixtures/generate.py) and checked in.</summary>
public class NumPyFixtureTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static NDArray<double> X => Npy.Load<double>(Fixture("x.npy"));

    private static DaskArray<double> Chunked => Da.FromArray(X, chunks: (4, 5));

    [Fact]
    public void SeedExpression_EqualsNumPy() =>
        Reference.Equal(Npy.Load<double>(Fixture("x_plus_xT_minus_mean0.npy")), ((Chunked + Chunked.T) - Chunked.Mean(axis: 0)).Compute(), 1e-12);

    [Fact]
    public void Moments_EqualNumPy()
    {
        Reference.Equal(Npy.Load<double>(Fixture("std_axis1_ddof1.npy")), Chunked.Std(axis: 1, ddof: 1).Compute(), 1e-12);
        Assert.Equal(Npy.Load<double>(Fixture("var_all.npy")).Item(), Chunked.Var().Compute(), 10);
    }

    [Fact]
    public void RemainderSlicingMaskReshape_EqualNumPy()
    {
        Reference.Equal(Npy.Load<double>(Fixture("remainder_by_3.npy")), (Chunked % 3.0).Compute(), 1e-12);
        Reference.Equal(Npy.Load<double>(Fixture("slice_rev_step2.npy")), Chunked[SliceIndex.Slice(null, null, -2), SliceIndex.Slice(1, 5, 2)].Compute());
        Assert.Equal(Npy.Load<double>(Fixture("positive_mask.npy")).ToArray(), Chunked[Chunked > 0.0].Compute().ToArray());
        Reference.Equal(Npy.Load<double>(Fixture("reshape_4_9.npy")), Chunked.Reshape(4, 9).Compute());
    }

    [Fact]
    public void Load_OtherTypesAndLayouts()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5], Npy.Load<int>(Fixture("int32_2x3.npy")).ToArray());
        NDArray<float> f = Npy.Load<float>(Fixture("fortran_f4.npy"));
        Assert.Equal([3, 4], f.Shape.ToArray());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i), f.ToArray());
        Assert.Equal([true, false, true, true, false], Npy.Load<bool>(Fixture("bool_5.npy")).ToArray());
        Assert.Equal((byte)7, Npy.Load<byte>(Fixture("uint8_scalar.npy")).Item());
    }

    [Fact]
    public void Save_WritesTheSameBytesAsNumPy()
    {
        using var stream = new MemoryStream();
        Npy.Save(stream, X);
        Assert.Equal(File.ReadAllBytes(Fixture("x.npy")), stream.ToArray());
        using var ints = new MemoryStream();
        Npy.Save(ints, NDArray<int>.FromArray([0, 1, 2, 3, 4, 5], 2, 3));
        Assert.Equal(File.ReadAllBytes(Fixture("int32_2x3.npy")), ints.ToArray());
    }

    [Fact]
    public void Load_BadFiles_SayWhatIsWrong()
    {
        var wrongType = Assert.Throws<InvalidDataException>(() => Npy.Load<float>(Fixture("x.npy")));
        Assert.EndsWith("holds '<f8' (float64) elements, not float32.", wrongType.Message);
        byte[] bytes = File.ReadAllBytes(Fixture("x.npy"));
        var truncated = Assert.Throws<InvalidDataException>(() => Npy.Load<double>(new MemoryStream(bytes[..200]), "x"));
        Assert.Equal("x is truncated: shape 6x6 needs 288 bytes of data.", truncated.Message);
        var garbage = Assert.Throws<InvalidDataException>(() => Npy.Load<double>(new MemoryStream([1, 2, 3]), "g"));
        Assert.Equal("g is not a .npy file (no \\x93NUMPY magic).", garbage.Message);
    }

    [Fact]
    public void NpyStack_RoundTrips()
    {
        string dir = Directory.CreateTempSubdirectory("dasksharp-stack").FullName;
        try
        {
            Chunked.ToNpyStack(dir, axis: 0);
            Assert.True(File.Exists(Path.Combine(dir, "0.npy")));
            Assert.True(File.Exists(Path.Combine(dir, "1.npy")));
            DaskArray<double> back = Da.FromNpyStack<double>(dir);
            Assert.Equal("((4, 2), (6,))", back.Chunks.ToString());
            Assert.Equal(X.ToArray(), back.Compute().ToArray());
            Assert.Throws<InvalidDataException>(() => Da.FromNpyStack<int>(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void NumPy_ReadsWhatDaskSharpWrites_WhenNumPyIsInstalled()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dasksharp-{Guid.NewGuid():N}.npy");
        try
        {
            Npy.Save(path, NDArray<long>.FromArray([1, -2, 3, 4, 5, 6], 3, 2).T);
            string script = $"import numpy as np; a = np.load('{path}'); print(a.dtype, a.shape, a.tolist())";
            var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (!File.Exists(start.FileName))
            {
                return; // NumPy is optional on the test machine; the byte comparison with NumPy's files always runs.
            }

            using Process p = Process.Start(start)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            string errors = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (errors.Contains("No module named 'numpy'", StringComparison.Ordinal))
            {
                return;
            }

            Assert.Equal("int64 (2, 3) [[1, 3, 5], [-2, 4, 6]]", output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
