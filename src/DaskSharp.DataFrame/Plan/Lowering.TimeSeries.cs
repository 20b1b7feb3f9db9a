using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

// Lowering of Resample (a task a cut partition) and Overlap (Dask's map_overlap: small tasks take
// the neighbours' rows a partition needs, so only those rows travel to its task).
internal sealed partial class Lowering
{
    private static readonly Func<ResampleSpec, long, long, bool, Partition, Partition> s_resample = TimeSeriesTasks.Resample;
    private static readonly Func<int, Partition, Partition> s_tailRows = TimeSeriesTasks.TailRows;
    private static readonly Func<int, Partition, Partition> s_headRows = TimeSeriesTasks.HeadRows;
    private static readonly Func<long, Partition[], Partition, Partition> s_tailTime = TimeSeriesTasks.TailTime;
    private static readonly Func<OverlapSpec, Partition[], Partition[], Partition, Partition> s_overlap = TimeSeriesTasks.Overlap;

    private void AddTimeSeries(FrameExpr expr)
    {
        switch (expr)
        {
            case Resample r:
                Add(r.Input);
                for (int i = 0; i < r.NPartitions; i++)
                {
                    (long start, long end, bool endIncluded) = r.Bins(i);
                    _tasks.Add(new Key(r.Name, i), TaskSpec.Call(s_resample, r.Spec, start, end, endIncluded, TaskArg.Ref(new Key(r.Input.Name, i))));
                }

                break;
            case Overlap o:
                Overlapped(o);
                break;
        }
    }

    private void Overlapped(Overlap o)
    {
        Add(o.Input);
        OverlapSpec spec = o.Spec;
        int n = o.NPartitions;
        for (int i = 0; i < n; i++)
        {
            var before = new List<Key>(1);
            if (i > 0 && spec.BeforeNanos > 0)
            {
                var key = new Key("overlap-prepend-" + o.Name, i - 1);
                _tasks.Add(key, TaskSpec.Call(s_tailTime, spec.BeforeNanos, Refs(Enumerable.Range(o.FirstBefore(i), i - o.FirstBefore(i)).Select(p => new Key(o.Input.Name, p))), TaskArg.Ref(new Key(o.Input.Name, i))));
                before.Add(key);
            }
            else if (i > 0 && spec.BeforeRows > 0)
            {
                var key = new Key("overlap-prepend-" + o.Name, i - 1);
                _tasks.Add(key, TaskSpec.Call(s_tailRows, spec.BeforeRows, TaskArg.Ref(new Key(o.Input.Name, i - 1))));
                before.Add(key);
            }

            var after = new List<Key>(1);
            if (i < n - 1 && spec.AfterRows > 0)
            {
                var key = new Key("overlap-append-" + o.Name, i + 1);
                _tasks.Add(key, TaskSpec.Call(s_headRows, spec.AfterRows, TaskArg.Ref(new Key(o.Input.Name, i + 1))));
                after.Add(key);
            }

            _tasks.Add(new Key(o.Name, i), TaskSpec.Call(s_overlap, spec, Refs(before), Refs(after), TaskArg.Ref(new Key(o.Input.Name, i))));
        }
    }
}
