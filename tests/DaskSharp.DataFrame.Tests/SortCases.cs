using Apache.Arrow;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The frame the sort, set-index and shuffle tests use, and pandas 1.5.3's answers for it
/// (SortCases.pandas.py beside this file printed them, as FrameCases.Canonical writes a frame):
/// <c>sort_values(..., kind="stable")</c>, <c>set_index(c).sort_index(kind="stable")</c>, <c>.loc</c> on it.
/// </summary>
internal static class SortCases
{
    /// <summary>id 0..23 (unique, shows stability), k (int64: repeats, nulls), x (float64: repeats, NaN), s (string: repeats, nulls).</summary>
    public static RecordBatch Table() => MergeCases.Build(
        null,
        ("id", Enumerable.Range(0, 24).Select(i => (long?)i).ToArray()),
        ("k", new long?[] { 3, 1, null, 2, 3, 1, 5, null, 2, 2, 4, 1, 3, null, 0, 5, 4, 4, 1, 2, 3, 0, null, 5 }),
        ("x", new double?[] { 0.5, double.NaN, 1.5, 0.5, -2.0, 3.25, double.NaN, 1.5, 0.0, -0.5, 2.0, 0.5, 7.0, 1.0, double.NaN, -2.0, 0.5, 3.25, 9.5, 0.0, 1.5, -1.0, 2.0, 0.5 }),
        ("s", new string?[] { "b", "a", null, "c", "a", "b", "d", "a", null, "c", "b", "a", "e", "d", "b", null, "a", "c", "b", "e", "a", null, "d", "c" }));

    /// <summary>The table's rows as records (for Dd.FromRecords, whose range index has known divisions).</summary>
    public static Row[] Records()
    {
        RecordBatch t = Table();
        LocalFrame f = new(new Partition(t));
        object?[] id = f.Values("id"), k = f.Values("k"), x = f.Values("x"), s = f.Values("s");
        return [.. Enumerable.Range(0, t.Length).Select(i => new Row((long)id[i]!, (long?)k[i], (double)x[i]!, (string?)s[i]))];
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "The columns are named as pandas'.")]
    public sealed record Row(long id, long? k, double x, string? s);

    /// <summary>The table in <paramref name="npartitions"/> partitions of about equal length.</summary>
    public static DaskDataFrame Frame(int npartitions = 4) => Dd.FromArrow(Table(), npartitions);

    public static readonly Dictionary<string, string> Pandas = new()
    {
        ["sort-k"] = "id,k,x,s\n14,0,NaN,b\n21,0,-1,null\n1,1,NaN,a\n5,1,3.25,b\n11,1,0.5,a\n18,1,9.5,b\n3,2,0.5,c\n8,2,0,null\n9,2,-0.5,c\n19,2,0,e\n0,3,0.5,b\n4,3,-2,a\n12,3,7,e\n20,3,1.5,a\n10,4,2,b\n16,4,0.5,a\n17,4,3.25,c\n6,5,NaN,d\n15,5,-2,null\n23,5,0.5,c\n2,null,1.5,null\n7,null,1.5,a\n13,null,1,d\n22,null,2,d\n",
        ["sort-k-desc"] = "id,k,x,s\n6,5,NaN,d\n15,5,-2,null\n23,5,0.5,c\n10,4,2,b\n16,4,0.5,a\n17,4,3.25,c\n0,3,0.5,b\n4,3,-2,a\n12,3,7,e\n20,3,1.5,a\n3,2,0.5,c\n8,2,0,null\n9,2,-0.5,c\n19,2,0,e\n1,1,NaN,a\n5,1,3.25,b\n11,1,0.5,a\n18,1,9.5,b\n14,0,NaN,b\n21,0,-1,null\n2,null,1.5,null\n7,null,1.5,a\n13,null,1,d\n22,null,2,d\n",
        ["sort-x"] = "id,k,x,s\n4,3,-2,a\n15,5,-2,null\n21,0,-1,null\n9,2,-0.5,c\n8,2,0,null\n19,2,0,e\n0,3,0.5,b\n3,2,0.5,c\n11,1,0.5,a\n16,4,0.5,a\n23,5,0.5,c\n13,null,1,d\n2,null,1.5,null\n7,null,1.5,a\n20,3,1.5,a\n10,4,2,b\n22,null,2,d\n5,1,3.25,b\n17,4,3.25,c\n12,3,7,e\n18,1,9.5,b\n1,1,NaN,a\n6,5,NaN,d\n14,0,NaN,b\n",
        ["sort-x-desc"] = "id,k,x,s\n18,1,9.5,b\n12,3,7,e\n5,1,3.25,b\n17,4,3.25,c\n10,4,2,b\n22,null,2,d\n2,null,1.5,null\n7,null,1.5,a\n20,3,1.5,a\n13,null,1,d\n0,3,0.5,b\n3,2,0.5,c\n11,1,0.5,a\n16,4,0.5,a\n23,5,0.5,c\n8,2,0,null\n19,2,0,e\n9,2,-0.5,c\n21,0,-1,null\n4,3,-2,a\n15,5,-2,null\n1,1,NaN,a\n6,5,NaN,d\n14,0,NaN,b\n",
        ["sort-s-k"] = "id,k,x,s\n1,1,NaN,a\n11,1,0.5,a\n4,3,-2,a\n20,3,1.5,a\n16,4,0.5,a\n7,null,1.5,a\n14,0,NaN,b\n5,1,3.25,b\n18,1,9.5,b\n0,3,0.5,b\n10,4,2,b\n3,2,0.5,c\n9,2,-0.5,c\n17,4,3.25,c\n23,5,0.5,c\n6,5,NaN,d\n13,null,1,d\n22,null,2,d\n19,2,0,e\n12,3,7,e\n21,0,-1,null\n8,2,0,null\n15,5,-2,null\n2,null,1.5,null\n",
        ["sort-k-desc-x"] = "id,k,x,s\n15,5,-2,null\n23,5,0.5,c\n6,5,NaN,d\n16,4,0.5,a\n10,4,2,b\n17,4,3.25,c\n4,3,-2,a\n0,3,0.5,b\n20,3,1.5,a\n12,3,7,e\n9,2,-0.5,c\n8,2,0,null\n19,2,0,e\n3,2,0.5,c\n11,1,0.5,a\n5,1,3.25,b\n18,1,9.5,b\n1,1,NaN,a\n21,0,-1,null\n14,0,NaN,b\n13,null,1,d\n2,null,1.5,null\n7,null,1.5,a\n22,null,2,d\n",
        ["sort-s-desc-x-desc"] = "id,k,x,s\n12,3,7,e\n19,2,0,e\n22,null,2,d\n13,null,1,d\n6,5,NaN,d\n17,4,3.25,c\n3,2,0.5,c\n23,5,0.5,c\n9,2,-0.5,c\n18,1,9.5,b\n5,1,3.25,b\n10,4,2,b\n0,3,0.5,b\n14,0,NaN,b\n7,null,1.5,a\n20,3,1.5,a\n11,1,0.5,a\n16,4,0.5,a\n4,3,-2,a\n1,1,NaN,a\n2,null,1.5,null\n8,2,0,null\n21,0,-1,null\n15,5,-2,null\n",
        ["setindex-k"] = "k,id,x,s\n0,14,NaN,b\n0,21,-1,null\n1,1,NaN,a\n1,5,3.25,b\n1,11,0.5,a\n1,18,9.5,b\n2,3,0.5,c\n2,8,0,null\n2,9,-0.5,c\n2,19,0,e\n3,0,0.5,b\n3,4,-2,a\n3,12,7,e\n3,20,1.5,a\n4,10,2,b\n4,16,0.5,a\n4,17,3.25,c\n5,6,NaN,d\n5,15,-2,null\n5,23,0.5,c\nnull,2,1.5,null\nnull,7,1.5,a\nnull,13,1,d\nnull,22,2,d\n",
        ["setindex-x"] = "x,id,k,s\n-2,4,3,a\n-2,15,5,null\n-1,21,0,null\n-0.5,9,2,c\n0,8,2,null\n0,19,2,e\n0.5,0,3,b\n0.5,3,2,c\n0.5,11,1,a\n0.5,16,4,a\n0.5,23,5,c\n1,13,null,d\n1.5,2,null,null\n1.5,7,null,a\n1.5,20,3,a\n2,10,4,b\n2,22,null,d\n3.25,5,1,b\n3.25,17,4,c\n7,12,3,e\n9.5,18,1,b\nNaN,1,1,a\nNaN,6,5,d\nNaN,14,0,b\n",
        ["setindex-s"] = "s,id,k,x\na,1,1,NaN\na,4,3,-2\na,7,null,1.5\na,11,1,0.5\na,16,4,0.5\na,20,3,1.5\nb,0,3,0.5\nb,5,1,3.25\nb,10,4,2\nb,14,0,NaN\nb,18,1,9.5\nc,3,2,0.5\nc,9,2,-0.5\nc,17,4,3.25\nc,23,5,0.5\nd,6,5,NaN\nd,13,null,1\nd,22,null,2\ne,12,3,7\ne,19,2,0\nnull,2,null,1.5\nnull,8,2,0\nnull,15,5,-2\nnull,21,0,-1\n",
        ["setindex-id"] = "id,k,x,s\n0,3,0.5,b\n1,1,NaN,a\n2,null,1.5,null\n3,2,0.5,c\n4,3,-2,a\n5,1,3.25,b\n6,5,NaN,d\n7,null,1.5,a\n8,2,0,null\n9,2,-0.5,c\n10,4,2,b\n11,1,0.5,a\n12,3,7,e\n13,null,1,d\n14,0,NaN,b\n15,5,-2,null\n16,4,0.5,a\n17,4,3.25,c\n18,1,9.5,b\n19,2,0,e\n20,3,1.5,a\n21,0,-1,null\n22,null,2,d\n23,5,0.5,c\n",
        ["loc-k-1-3"] = "k,id,x,s\n1,1,NaN,a\n1,5,3.25,b\n1,11,0.5,a\n1,18,9.5,b\n2,3,0.5,c\n2,8,0,null\n2,9,-0.5,c\n2,19,0,e\n3,0,0.5,b\n3,4,-2,a\n3,12,7,e\n3,20,1.5,a\n",
        ["loc-k-4"] = "k,id,x,s\n4,10,2,b\n4,16,0.5,a\n4,17,3.25,c\n",
        ["loc-s-b-d"] = "s,id,k,x\nb,0,3,0.5\nb,5,1,3.25\nb,10,4,2\nb,14,0,NaN\nb,18,1,9.5\nc,3,2,0.5\nc,9,2,-0.5\nc,17,4,3.25\nc,23,5,0.5\nd,6,5,NaN\nd,13,null,1\nd,22,null,2\n",
        ["loc-x-0-2"] = "x,id,k,s\n0,8,2,null\n0,19,2,e\n0.5,0,3,b\n0.5,3,2,c\n0.5,11,1,a\n0.5,16,4,a\n0.5,23,5,c\n1,13,null,d\n1.5,2,null,null\n1.5,7,null,a\n1.5,20,3,a\n2,10,4,b\n2,22,null,d\n",
        ["reset-after-setindex-s"] = "s,id,k,x\na,1,1,NaN\na,4,3,-2\na,7,null,1.5\na,11,1,0.5\na,16,4,0.5\na,20,3,1.5\nb,0,3,0.5\nb,5,1,3.25\nb,10,4,2\nb,14,0,NaN\nb,18,1,9.5\nc,3,2,0.5\nc,9,2,-0.5\nc,17,4,3.25\nc,23,5,0.5\nd,6,5,NaN\nd,13,null,1\nd,22,null,2\ne,12,3,7\ne,19,2,0\nnull,2,null,1.5\nnull,8,2,0\nnull,15,5,-2\nnull,21,0,-1\n",
        ["reset-drop-after-setindex-k"] = "id,x,s\n14,NaN,b\n21,-1,null\n1,NaN,a\n5,3.25,b\n11,0.5,a\n18,9.5,b\n3,0.5,c\n8,0,null\n9,-0.5,c\n19,0,e\n0,0.5,b\n4,-2,a\n12,7,e\n20,1.5,a\n10,2,b\n16,0.5,a\n17,3.25,c\n6,NaN,d\n15,-2,null\n23,0.5,c\n2,1.5,null\n7,1.5,a\n13,1,d\n22,2,d\n",
        ["reset-range"] = "index,id,k,x,s\n0,0,3,0.5,b\n1,1,1,NaN,a\n2,2,null,1.5,null\n3,3,2,0.5,c\n4,4,3,-2,a\n5,5,1,3.25,b\n6,6,5,NaN,d\n7,7,null,1.5,a\n8,8,2,0,null\n9,9,2,-0.5,c\n10,10,4,2,b\n11,11,1,0.5,a\n12,12,3,7,e\n13,13,null,1,d\n14,14,0,NaN,b\n15,15,5,-2,null\n16,16,4,0.5,a\n17,17,4,3.25,c\n18,18,1,9.5,b\n19,19,2,0,e\n20,20,3,1.5,a\n21,21,0,-1,null\n22,22,null,2,d\n23,23,5,0.5,c\n",
    };
}
