using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The frames the merge tests join, and pandas 1.5's answers for them (printed by Debian's pandas, as FrameCases.Canonical writes a frame).</summary>
internal static class MergeCases
{
    /// <summary>k (int64, a null, a repeat), a (int64), s (string, a null); index t = 1..5 when <paramref name="indexed"/>.</summary>
    public static RecordBatch LeftTable(bool indexed = false) =>
        Build(indexed ? [1, 2, 3, 4, 5] : null, ("k", new long?[] { 1, 2, null, 1, 3 }), ("a", new long?[] { 10, 20, 30, 40, 50 }), ("s", new string?[] { "a", "b", "c", null, "e" }));

    /// <summary>k (int64, a null, a repeat), b (float64), s (string, a null); index t = 2, 4, 6, 1, 9 when <paramref name="indexed"/>.</summary>
    public static RecordBatch RightTable(bool indexed = false) =>
        Build(indexed ? [2, 4, 6, 1, 9] : null, ("k", new long?[] { 2, 1, null, 4, 1 }), ("b", new double?[] { 0.5, 1.5, 2.5, 3.5, 4.5 }), ("s", new string?[] { "b", "a", "z", null, "a" }));

    /// <summary>
    /// pandas' merge of <see cref="LeftTable"/> and <see cref="RightTable"/> (k and a as pandas'
    /// nullable Int64), from:
    /// <c>L.merge(R, on="k", how=how)</c>, <c>on=["k","s"]</c>, <c>left_on="a", right_on="k"</c>, and
    /// <c>left_index=True, right_index=True, suffixes=("_l","_r")</c> with the t indexes.
    /// </summary>
    public static readonly Dictionary<string, string> Pandas = new()
    {
        ["on-k-inner"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n1,40,null,1.5,a\n1,40,null,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n",
        ["on-k-left"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,40,null,1.5,a\n1,40,null,4.5,a\n3,50,e,null,null\n",
        ["on-k-right"] = "k,a,s_x,b,s_y\n2,20,b,0.5,b\n1,10,a,1.5,a\n1,40,null,1.5,a\nnull,30,c,2.5,z\n4,null,null,3.5,null\n1,10,a,4.5,a\n1,40,null,4.5,a\n",
        ["on-k-outer"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n1,40,null,1.5,a\n1,40,null,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n3,50,e,null,null\n4,null,null,3.5,null\n",
        ["on-k-s-inner"] = "k,a,s,b\n1,10,a,1.5\n1,10,a,4.5\n2,20,b,0.5\n",
        ["on-k-s-left"] = "k,a,s,b\n1,10,a,1.5\n1,10,a,4.5\n2,20,b,0.5\nnull,30,c,null\n1,40,null,null\n3,50,e,null\n",
        ["on-k-s-right"] = "k,a,s,b\n2,20,b,0.5\n1,10,a,1.5\nnull,null,z,2.5\n4,null,null,3.5\n1,10,a,4.5\n",
        ["on-k-s-outer"] = "k,a,s,b\n1,10,a,1.5\n1,10,a,4.5\n2,20,b,0.5\nnull,30,c,null\n1,40,null,null\n3,50,e,null\nnull,null,z,2.5\n4,null,null,3.5\n",
        ["lefton-righton-inner"] = "k_x,a,s_x,k_y,b,s_y\n",
        ["lefton-righton-outer"] = "k_x,a,s_x,k_y,b,s_y\n1,10,a,null,null,null\n2,20,b,null,null,null\nnull,30,c,null,null,null\n1,40,null,null,null,null\n3,50,e,null,null,null\nnull,null,null,2,0.5,b\nnull,null,null,1,1.5,a\nnull,null,null,1,4.5,a\nnull,null,null,null,2.5,z\nnull,null,null,4,3.5,null\n",
        ["index-inner"] = "t,k_l,a,s_l,k_r,b,s_r\n1,1,10,a,4,3.5,null\n2,2,20,b,2,0.5,b\n4,1,40,null,1,1.5,a\n",
        ["index-left"] = "t,k_l,a,s_l,k_r,b,s_r\n1,1,10,a,4,3.5,null\n2,2,20,b,2,0.5,b\n3,null,30,c,null,null,null\n4,1,40,null,1,1.5,a\n5,3,50,e,null,null,null\n",
        ["index-right"] = "t,k_l,a,s_l,k_r,b,s_r\n2,2,20,b,2,0.5,b\n4,1,40,null,1,1.5,a\n6,null,null,null,null,2.5,z\n1,1,10,a,4,3.5,null\n9,null,null,null,1,4.5,a\n",
        ["index-outer"] = "t,k_l,a,s_l,k_r,b,s_r\n1,1,10,a,4,3.5,null\n2,2,20,b,2,0.5,b\n3,null,30,c,null,null,null\n4,1,40,null,1,1.5,a\n5,3,50,e,null,null,null\n6,null,null,null,null,2.5,z\n9,null,null,null,1,4.5,a\n",
    };

    /// <summary>
    /// Broadcast joins over several partitions (FromArrow's split: rows 0-1, 2-3, 4): Dask's
    /// answer, each big partition merged by pandas with the whole small side, concatenated; where
    /// the small side's unmatched rows are kept, they come last (pandas again: each big partition
    /// merged so as to keep its own rows, then the small rows no partition matched).
    /// </summary>
    public static readonly Dictionary<string, string> Broadcast = new()
    {
        ["bcast-right-inner"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,40,null,1.5,a\n1,40,null,4.5,a\n",
        ["bcast-right-left"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,40,null,1.5,a\n1,40,null,4.5,a\n3,50,e,null,null\n",
        ["bcast-right-outer"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,40,null,1.5,a\n1,40,null,4.5,a\n3,50,e,null,null\n4,null,null,3.5,null\n",
        ["bcast-right-right"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,10,a,4.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,40,null,1.5,a\n1,40,null,4.5,a\n4,null,null,3.5,null\n",
        ["bcast-left-inner"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,40,null,1.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,10,a,4.5,a\n1,40,null,4.5,a\n",
        ["bcast-left-right"] = "k,a,s_x,b,s_y\n2,20,b,0.5,b\n1,10,a,1.5,a\n1,40,null,1.5,a\nnull,30,c,2.5,z\n4,null,null,3.5,null\n1,10,a,4.5,a\n1,40,null,4.5,a\n",
        ["bcast-left-left"] = "k,a,s_x,b,s_y\n1,10,a,1.5,a\n1,40,null,1.5,a\n2,20,b,0.5,b\nnull,30,c,2.5,z\n1,10,a,4.5,a\n1,40,null,4.5,a\n3,50,e,null,null\n",
        ["bcast-left-outer"] = "k,a,s_x,b,s_y\n2,20,b,0.5,b\n1,10,a,1.5,a\n1,40,null,1.5,a\nnull,30,c,2.5,z\n4,null,null,3.5,null\n1,10,a,4.5,a\n1,40,null,4.5,a\n3,50,e,null,null\n",
    };

    public static RecordBatch Build(long[]? index, params (string Name, object Values)[] columns)
    {
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        if (index is not null)
        {
            fields.Add(new Field("t", Int64Type.Default, true));
            arrays.Add(new Int64Array.Builder().AppendRange(index).Build());
        }

        foreach ((string name, object values) in columns)
        {
            switch (values)
            {
                case long?[] l:
                    var lb = new Int64Array.Builder();
                    foreach (long? v in l) { if (v is { } x) { lb.Append(x); } else { lb.AppendNull(); } }
                    fields.Add(new Field(name, Int64Type.Default, true));
                    arrays.Add(lb.Build());
                    break;
                case int?[] n:
                    var nb = new Int32Array.Builder();
                    foreach (int? v in n) { if (v is { } x) { nb.Append(x); } else { nb.AppendNull(); } }
                    fields.Add(new Field(name, Int32Type.Default, true));
                    arrays.Add(nb.Build());
                    break;
                case double?[] d:
                    var db = new DoubleArray.Builder();
                    foreach (double? v in d) { if (v is { } x) { db.Append(x); } else { db.AppendNull(); } }
                    fields.Add(new Field(name, DoubleType.Default, true));
                    arrays.Add(db.Build());
                    break;
                case string?[] s:
                    var sb = new StringArray.Builder();
                    foreach (string? v in s) { if (v is null) { sb.AppendNull(); } else { sb.Append(v); } }
                    fields.Add(new Field(name, StringType.Default, true));
                    arrays.Add(sb.Build());
                    break;
                default:
                    throw new ArgumentException(name);
            }
        }

        return new RecordBatch(new Schema(fields, null), arrays, arrays[0].Length);
    }

    public static DaskDataFrame Left(int npartitions = 1, bool indexed = false) => Dd.FromArrow(LeftTable(indexed), npartitions, indexed ? "t" : null);

    public static DaskDataFrame Right(int npartitions = 1, bool indexed = false) => Dd.FromArrow(RightTable(indexed), npartitions, indexed ? "t" : null);
}
