namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// pandas' rolling windows over one column of doubles (NaN for missing): the window bounds (rows
/// [start, end) for each row) and the aggregations, written to give pandas 1.5.3's floats bit for
/// bit: sums and means are Kahan-compensated running sums, variance is Welford's running update
/// (both add the entering rows and remove the leaving ones, restarting when a window shares no row
/// with the one before), and a run of equal values gives that value exactly (pandas' GH#42064).
/// </summary>
internal static class RollingKernels
{
    /// <summary>The last <paramref name="window"/> rows up to each row (pandas' FixedWindowIndexer).</summary>
    public static (int[] Start, int[] End) FixedBounds(int rows, int window)
    {
        var start = new int[rows];
        var end = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            end[i] = i + 1;
            start[i] = Math.Max(0, i + 1 - window);
        }

        return (start, end);
    }

    /// <summary>The rows within <paramref name="window"/> ns before each row, (t − window, t] (pandas' VariableWindowIndexer, closed right).</summary>
    /// <exception cref="ArgumentException">when the index decreases anywhere (pandas: "index must be monotonic").</exception>
    public static (int[] Start, int[] End) TimeBounds(ReadOnlySpan<long> index, long window)
    {
        int n = index.Length;
        var start = new int[n];
        var end = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && index[i] < index[i - 1])
            {
                throw new ArgumentException("A rolling time window needs an index that increases within each partition (pandas: index must be monotonic).");
            }

            end[i] = i + 1;
            long lower = index[i] - window;
            int s = i == 0 ? 0 : start[i - 1];
            while (s < i && index[s] <= lower)
            {
                s++;
            }

            start[i] = s;
        }

        return (start, end);
    }

    /// <summary>Aggregation <paramref name="how"/> of each window; NaN where fewer than <paramref name="minPeriods"/> values are in it.</summary>
    public static double[] Apply(string how, ReadOnlySpan<double> values, int[] start, int[] end, int minPeriods) => how switch
    {
        "sum" => Sum(values, start, end, minPeriods, mean: false),
        "mean" => Sum(values, start, end, minPeriods, mean: true),
        "count" => Count(values, start, end, minPeriods),
        "var" => Var(values, start, end, minPeriods),
        "std" => Sqrt(Var(values, start, end, minPeriods)),
        "min" => MinMax(values, start, end, minPeriods, max: false),
        "max" => MinMax(values, start, end, minPeriods, max: true),
        _ => throw new ArgumentException($"Unknown rolling aggregation '{how}'.", nameof(how)),
    };

    /// <summary>A running aggregation over a sliding window: rows enter and leave, or it restarts from a window's first row.</summary>
    private interface IWindow
    {
        void Restart(double first);

        void Add(double value);

        void Remove(double value);

        double Value();
    }

    // pandas' walk of the windows (roll_sum, roll_mean, roll_var): a window that shares no row with
    // the one before starts afresh; otherwise the rows that left are removed and those that came added.
    private static double[] Roll<TWindow>(ReadOnlySpan<double> values, int[] start, int[] end, TWindow window)
        where TWindow : struct, IWindow
    {
        var output = new double[start.Length];
        for (int i = 0; i < start.Length; i++)
        {
            int s = start[i], e = end[i];
            if (i == 0 || s >= end[i - 1])
            {
                window.Restart(s < values.Length ? values[s] : double.NaN);
                for (int j = s; j < e; j++)
                {
                    window.Add(values[j]);
                }
            }
            else
            {
                for (int j = start[i - 1]; j < s; j++)
                {
                    window.Remove(values[j]);
                }

                for (int j = end[i - 1]; j < e; j++)
                {
                    window.Add(values[j]);
                }
            }

            output[i] = window.Value();
        }

        return output;
    }

    private static double[] Sum(ReadOnlySpan<double> values, int[] start, int[] end, int minPeriods, bool mean) =>
        Roll(values, start, end, new SumWindow(minPeriods, mean));

    // Kahan sums added and removed separately (pandas' roll_sum / roll_mean).
    private struct SumWindow(int minPeriods, bool mean) : IWindow
    {
        private double _sum, _addComp, _removeComp, _previous;
        private long _nobs, _negatives, _same;

        public void Restart(double first)
        {
            _sum = _addComp = _removeComp = 0;
            _nobs = _negatives = _same = 0;
            _previous = first;
        }

        public void Add(double value) => AddSum(value, ref _nobs, ref _sum, ref _addComp, ref _negatives, ref _same, ref _previous);

        public void Remove(double value) => RemoveSum(value, ref _nobs, ref _sum, ref _removeComp, ref _negatives);

        public readonly double Value() => mean ? MeanOf(minPeriods, _nobs, _negatives, _sum, _same, _previous) : SumOf(minPeriods, _nobs, _sum, _same, _previous);
    }

    private static void AddSum(double value, ref long nobs, ref double sum, ref double compensation, ref long negatives, ref long same, ref double previous)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        nobs++;
        double y = value - compensation;
        double t = sum + y;
        compensation = t - sum - y;
        sum = t;
        negatives += double.IsNegative(value) ? 1 : 0;
        same = value == previous ? same + 1 : 1;
        previous = value;
    }

    private static void RemoveSum(double value, ref long nobs, ref double sum, ref double compensation, ref long negatives)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        nobs--;
        double y = -value - compensation;
        double t = sum + y;
        compensation = t - sum - y;
        sum = t;
        negatives -= double.IsNegative(value) ? 1 : 0;
    }

    private static double SumOf(int minPeriods, long nobs, double sum, long same, double previous) =>
        nobs == 0 && minPeriods == 0 ? 0
        : nobs >= minPeriods ? (same >= nobs ? previous * nobs : sum)
        : double.NaN;

    private static double MeanOf(int minPeriods, long nobs, long negatives, double sum, long same, double previous)
    {
        if (nobs < minPeriods || nobs == 0)
        {
            return double.NaN;
        }

        double result = sum / nobs;
        return same >= nobs ? previous
            : negatives == 0 && result < 0 ? 0 // all positive: rounding must not make it negative
            : negatives == nobs && result > 0 ? 0
            : result;
    }

    // pandas counts with roll_sum over notna as 0/1; the sums of ones are exact, so a count is all it needs.
    private static double[] Count(ReadOnlySpan<double> values, int[] start, int[] end, int minPeriods)
    {
        var output = new double[start.Length];
        for (int i = 0; i < start.Length; i++)
        {
            int n = end[i] - start[i], valid = 0;
            for (int j = start[i]; j < end[i]; j++)
            {
                valid += double.IsNaN(values[j]) ? 0 : 1;
            }

            // Every row of the window is an observation of the 0/1 column: min_periods tests the rows, the value counts the non-missing.
            output[i] = n == 0 && minPeriods == 0 ? 0 : n >= minPeriods ? valid : double.NaN;
        }

        return output;
    }

    // Welford's running mean and sum of squared deviations, Kahan-compensated (pandas' roll_var, ddof 1).
    private static double[] Var(ReadOnlySpan<double> values, int[] start, int[] end, int minPeriods) =>
        Roll(values, start, end, new VarWindow(Math.Max(minPeriods, 1)));

    private struct VarWindow(int minPeriods) : IWindow
    {
        private double _nobs, _mean, _ssq, _addComp, _removeComp, _previous;
        private long _same;

        public void Restart(double first)
        {
            _previous = first;
            _same = 0;
            _mean = _ssq = _nobs = _addComp = _removeComp = 0;
        }

        public void Add(double value) => AddVar(value, ref _nobs, ref _mean, ref _ssq, ref _addComp, ref _same, ref _previous);

        public void Remove(double value) => RemoveVar(value, ref _nobs, ref _mean, ref _ssq, ref _removeComp);

        // ddof 1: more than one value.
        public readonly double Value() => _nobs >= minPeriods && _nobs > 1 ? (_same >= _nobs ? 0 : _ssq / (_nobs - 1)) : double.NaN;
    }

    private static void AddVar(double value, ref double nobs, ref double mean, ref double ssq, ref double compensation, ref long same, ref double previous)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        nobs++;
        same = value == previous ? same + 1 : 1;
        previous = value;
        double previousMean = mean - compensation;
        double y = value - compensation;
        double t = y - mean;
        compensation = t + mean - y;
        mean = nobs != 0 ? mean + (t / nobs) : 0;
        ssq += (value - previousMean) * (value - mean);
    }

    private static void RemoveVar(double value, ref double nobs, ref double mean, ref double ssq, ref double compensation)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        nobs--;
        if (nobs != 0)
        {
            double previousMean = mean - compensation;
            double y = value - compensation;
            double t = y - mean;
            compensation = t + mean - y;
            mean -= t / nobs;
            ssq -= (value - previousMean) * (value - mean);
        }
        else
        {
            mean = 0;
            ssq = 0;
        }
    }

    // pandas' zsqrt: a variance rounded below zero is a deviation of 0.
    private static double[] Sqrt(double[] variances)
    {
        for (int i = 0; i < variances.Length; i++)
        {
            double v = variances[i];
            variances[i] = v < 0 ? 0 : Math.Sqrt(v);
        }

        return variances;
    }

    // A monotonic queue of candidate rows (pandas' roll_min/roll_max): a newer value at least as good
    // evicts older ones, and a missing value is evicted by any value that follows it.
    private static double[] MinMax(ReadOnlySpan<double> values, int[] start, int[] end, int minPeriods, bool max)
    {
        int n = start.Length;
        var output = new double[n];
        var queue = new int[Math.Max(1, values.Length)];
        int head = 0, tail = 0; // queue[head..tail): rows in order, never more than one pass over the rows
        int nobs = 0, firstInWindow = n == 0 ? 0 : start[0];
        for (int i = 0; i < n; i++)
        {
            for (int k = i == 0 ? start[0] : end[i - 1]; k < end[i]; k++)
            {
                double v = values[k];
                double compared = v;
                if (double.IsNaN(v))
                {
                    compared = max ? double.NegativeInfinity : double.PositiveInfinity;
                }
                else
                {
                    nobs++;
                }

                while (tail > head)
                {
                    double back = values[queue[tail - 1]];
                    if (!double.IsNaN(back) && (max ? compared < back : compared > back))
                    {
                        break;
                    }

                    tail--;
                }

                queue[tail++] = k;
            }

            while (tail > head && queue[head] < start[i])
            {
                head++;
            }

            for (; firstInWindow < start[i]; firstInWindow++)
            {
                nobs -= double.IsNaN(values[firstInWindow]) ? 0 : 1;
            }

            output[i] = tail > head && end[i] - start[i] > 0 && nobs >= minPeriods ? values[queue[head]] : double.NaN;
        }

        return output;
    }
}
