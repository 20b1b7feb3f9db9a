namespace DaskSharp.Distributed.Scheduling;

/// <summary>
/// All tasks whose keys share a prefix, e.g. <c>inc</c> for <c>inc-3f2a…-7</c> (distributed's
/// <c>TaskPrefix</c>): their run-time average, which placement uses, and counts by state kept as
/// tasks move, so the dashboard and <c>/metrics</c> read progress without walking every task.
/// </summary>
public sealed class TaskPrefix
{
    private static readonly int StateCount = Enum.GetValues<TaskState>().Length;
    private readonly int[] _active = new int[StateCount];
    private readonly long[] _totals = new long[StateCount];

    internal TaskPrefix(string name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The key prefix.</summary>
    public string Name { get; }

    /// <summary>The order in which the scheduler first saw this prefix (the dashboard colours by it).</summary>
    public int Index { get; }

    /// <summary>
    /// The running average of measured run times in seconds (each measurement weighs half, as
    /// distributed's <c>duration_average</c>), or null before the first.
    /// </summary>
    public double? DurationAverage { get; private set; }

    /// <summary>The running average of its results' sizes in bytes (weighted as <see cref="DurationAverage"/>), or null before the first.</summary>
    public double? ResultBytesAverage { get; private set; }

    /// <summary>Seconds of compute measured by workers for this prefix, in total.</summary>
    public double ComputeSeconds { get; private set; }

    /// <summary>Times one of its tasks was running on a worker that died.</summary>
    public long Suspicious { get; internal set; }

    /// <summary>
    /// Tasks of this prefix in <paramref name="state"/> now. <see cref="TaskState.Forgotten"/> counts
    /// the tasks forgotten since the prefix last had none alive (distributed's task groups), so a
    /// finished computation still reads as done until all of it is gone.
    /// </summary>
    public int Count(TaskState state) => _active[(int)state];

    /// <summary>Transitions into <paramref name="state"/> since the scheduler started (a Prometheus counter).</summary>
    public long TotalInto(TaskState state) => _totals[(int)state];

    /// <summary>Tasks alive or forgotten in the current group (the progress bar's length).</summary>
    public int Total
    {
        get
        {
            int sum = 0;
            foreach (int n in _active)
            {
                sum += n;
            }

            return sum;
        }
    }

    internal void Created() => _active[(int)TaskState.Released]++;

    internal void Moved(TaskState from, TaskState to)
    {
        _active[(int)from]--;
        _active[(int)to]++;
        _totals[(int)to]++;
        if (to == TaskState.Forgotten && _active[(int)TaskState.Forgotten] == Total)
        {
            _active[(int)TaskState.Forgotten] = 0; // all gone: the next computation starts a fresh bar
        }
    }

    internal void Finished(long nbytes) =>
        ResultBytesAverage = ResultBytesAverage is { } average ? (0.5 * average) + (0.5 * nbytes) : nbytes;

    internal void Measured(double seconds)
    {
        DurationAverage = DurationAverage is { } average ? (0.5 * average) + (0.5 * seconds) : seconds;
        ComputeSeconds += seconds;
    }
}
