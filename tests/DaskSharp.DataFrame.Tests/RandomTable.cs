using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// A random table of an int64 key k, a string s and a double v, each null one time in
/// <c>nullOneIn</c>, with the same values as plain arrays for the LINQ references to read.
/// </summary>
internal static class RandomTable
{
    public static (RecordBatch Table, long?[] K, string?[] S, double?[] V) Make(int seed, int maxRows, int keys, int letters, int valueSteps, double step, int nullOneIn, int valueNullOneIn)
    {
        var random = new Random(seed);
        int n = random.Next(0, maxRows);
        var k = new long?[n];
        var s = new string?[n];
        var v = new double?[n];
        var kb = new Int64Array.Builder();
        var sb = new StringArray.Builder();
        var vb = new DoubleArray.Builder();
        for (int i = 0; i < n; i++)
        {
            k[i] = random.Next(nullOneIn) == 0 ? null : random.Next(keys);
            s[i] = random.Next(nullOneIn) == 0 ? null : ((char)('a' + random.Next(letters))).ToString();
            v[i] = random.Next(valueNullOneIn) == 0 ? null : random.Next(-valueSteps, valueSteps) * step;
            if (k[i] is { } kv) { kb.Append(kv); } else { kb.AppendNull(); }
            if (s[i] is { } sv) { sb.Append(sv); } else { sb.AppendNull(); }
            if (v[i] is { } vv) { vb.Append(vv); } else { vb.AppendNull(); }
        }

        var schema = new Schema([new Field("k", Int64Type.Default, true), new Field("s", StringType.Default, true), new Field("v", DoubleType.Default, true)], null);
        return (new RecordBatch(schema, [kb.Build(), sb.Build(), vb.Build()], n), k, s, v);
    }
}
