using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Tall-and-skinny QR (Dask's <c>tsqr</c>): each row block is factored on its own (Qᵢ Rᵢ), the
/// stacked Rᵢ are factored once more (Q₂ R), and each final Q block is Qᵢ times its slice of Q₂.
/// The SVD follows from the SVD of the small R.
/// </summary>
internal static class Tsqr
{
    private static readonly TaskFunction LocalQr = TaskFunction.From((NDArray<double> block) => Decompositions.Qr(block));

    private static readonly TaskFunction StackQr = TaskFunction.From(((NDArray<double> Q, NDArray<double> R)[] parts) =>
    {
        int n = parts[0].R.Shape[0];
        var stacked = new NDArray<double>(parts.Length * n, n);
        for (int p = 0; p < parts.Length; p++)
        {
            StridedCopy.Copy(parts[p].R, stacked.Block([p * n, 0], [n, n]));
        }

        return Decompositions.Qr(stacked);
    });

    private static readonly TaskFunction FinalQ = TaskFunction.From(((NDArray<double> Q, NDArray<double> R) local, (NDArray<double> Q, NDArray<double> R) second, int block) =>
    {
        int n = local.R.Shape[0];
        return Gemm.Multiply(local.Q, second.Q.Block([block * n, 0], [n, n]));
    });

    private static readonly TaskFunction FinalR = TaskFunction.From(((NDArray<double> Q, NDArray<double> R) second) => second.R);

    private static readonly TaskFunction SmallSvd = TaskFunction.From((NDArray<double> r) => Decompositions.Svd(r));

    private static readonly TaskFunction SvdU = TaskFunction.From((NDArray<double> q, (NDArray<double> U, NDArray<double> S, NDArray<double> Vt) svd) => Gemm.Multiply(q, svd.U));

    private static readonly TaskFunction SvdS = TaskFunction.From(((NDArray<double> U, NDArray<double> S, NDArray<double> Vt) svd) => svd.S);

    private static readonly TaskFunction SvdVt = TaskFunction.From(((NDArray<double> U, NDArray<double> S, NDArray<double> Vt) svd) => svd.Vt);

    public static (DaskArray<double> Q, DaskArray<double> R) Qr(DaskArray<double> x)
    {
        Chunks.RequireKnown(x.Chunks, "factor");
        if (x.Rank != 2)
        {
            throw new ArgumentException($"QR needs a 2-d array, not {x.Rank}-d.", nameof(x));
        }

        long n = x.Shape[1];
        if (x.Chunks.Sizes(0).Any(rows => rows < n))
        {
            throw new ArgumentException(
                $"Tall-and-skinny QR needs every row block to have at least as many rows as the array has columns ({n}); chunks are {x.Chunks}.", nameof(x));
        }

        DaskArray<double> a = Rechunking.Rechunk(x, new Chunks(x.Chunks.Sizes(0), [n]));
        int blocks = a.NumBlocks[0];
        string token = Tokenizer.Tokenize(a.Name);
        string local = $"qr-local-{token}";
        string second = $"qr-stack-{token}";
        string qName = $"qr-q-{token}";
        string rName = $"qr-r-{token}";
        // The local factorisations and the second QR are shared by Q and R.
        var factors = new TaskGraph();
        var qTasks = new TaskGraph();
        for (int b = 0; b < blocks; b++)
        {
            factors.Add(new Key(local, b), new TaskSpec(LocalQr, TaskArg.Ref(a.BlockKey([b, 0]))));
            qTasks.Add(new Key(qName, b, 0), new TaskSpec(FinalQ, TaskArg.Ref(new Key(local, b)), TaskArg.Ref(new Key(second)), TaskArg.Literal(b)));
        }

        factors.Add(new Key(second), new TaskSpec(StackQr, TaskArg.List(typeof((NDArray<double>, NDArray<double>)), [.. Enumerable.Range(0, blocks).Select(b => TaskArg.Ref(new Key(local, b)))])));
        HighLevelGraph graph = HighLevelGraph.FromLayer(new MaterializedLayer($"qr-{token}", factors), a.Graph);
        DaskArray<double> q = ArrayBuilder.FromTasks<double>(qName, qTasks, new Chunks(a.Chunks.Sizes(0), [n]), graph);
        var rTasks = new TaskGraph { [new Key(rName, 0, 0)] = new TaskSpec(FinalR, TaskArg.Ref(new Key(second))) };
        DaskArray<double> r = ArrayBuilder.FromTasks<double>(rName, rTasks, new Chunks([n], [n]), graph);
        return (q, r);
    }

    public static (DaskArray<double> U, DaskArray<double> S, DaskArray<double> Vt) Svd(DaskArray<double> x)
    {
        var (q, r) = Qr(x);
        long n = x.Shape[1];
        string token = Tokenizer.Tokenize(q.Name, "svd");
        string small = $"svd-small-{token}";
        var tasks = new TaskGraph { [new Key(small)] = new TaskSpec(SmallSvd, TaskArg.Ref(r.BlockKey([0, 0]))) };
        HighLevelGraph graph = HighLevelGraph.FromLayer(new MaterializedLayer(small, tasks), r.Graph);

        string uName = $"svd-u-{token}";
        var uTasks = new TaskGraph();
        for (int b = 0; b < q.NumBlocks[0]; b++)
        {
            uTasks.Add(new Key(uName, b, 0), new TaskSpec(SvdU, TaskArg.Ref(q.BlockKey([b, 0])), TaskArg.Ref(new Key(small))));
        }

        DaskArray<double> u = ArrayBuilder.FromTasks<double>(uName, uTasks, q.Chunks, q.Graph, graph);
        DaskArray<double> s = ArrayBuilder.FromTasks<double>($"svd-s-{token}", new TaskGraph { [new Key($"svd-s-{token}", 0)] = new TaskSpec(SvdS, TaskArg.Ref(new Key(small))) }, new Chunks([n]), graph);
        DaskArray<double> vt = ArrayBuilder.FromTasks<double>($"svd-vt-{token}", new TaskGraph { [new Key($"svd-vt-{token}", 0, 0)] = new TaskSpec(SvdVt, TaskArg.Ref(new Key(small))) }, new Chunks([n], [n]), graph);
        return (u, s, vt);
    }
}
