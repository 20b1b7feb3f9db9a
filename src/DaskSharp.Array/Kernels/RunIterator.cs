namespace DaskSharp.Arrays;

/// <summary>
/// Walks several strided operands of one shape in row-major order, one inner run at a time: the
/// runs are as long as possible because axes that are laid out back to back in every operand are
/// merged first (a contiguous array of any rank is one run). Kernels then process each run as a
/// span, or as a span against a broadcast scalar when an operand's inner stride is 0.
/// </summary>
internal sealed class RunIterator
{
    private readonly int[] _shape;
    private readonly int[][] _strides;
    private readonly int[] _start;
    private readonly int[] _offsets;
    private readonly int[] _index;
    private bool _started;
    private bool _done;

    public RunIterator(ReadOnlySpan<int> shape, int[][] strides, int[] offsets)
    {
        (_shape, _strides) = Coalesce(shape, strides);
        _start = offsets;
        _offsets = (int[])offsets.Clone();
        _index = new int[Math.Max(_shape.Length - 1, 0)];
        _done = NDArray<byte>.ShapeSize(shape) == 0;
    }

    /// <summary>Elements in each run.</summary>
    public int Length => _shape.Length == 0 ? 1 : _shape[^1];

    /// <summary>Operand <paramref name="k"/>'s stride inside a run (0 for a broadcast operand).</summary>
    public int InnerStride(int k) => _shape.Length == 0 ? 0 : _strides[k][^1];

    /// <summary>Operand <paramref name="k"/>'s offset at the start of the current run.</summary>
    public int Offset(int k) => _offsets[k];

    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        if (!_started)
        {
            _started = true;
            return true;
        }

        // Odometer over the outer axes.
        for (int d = _index.Length - 1; d >= 0; d--)
        {
            if (++_index[d] < _shape[d])
            {
                for (int k = 0; k < _offsets.Length; k++)
                {
                    _offsets[k] += _strides[k][d];
                }

                return true;
            }

            for (int k = 0; k < _offsets.Length; k++)
            {
                _offsets[k] -= _strides[k][d] * (_shape[d] - 1);
            }

            _index[d] = 0;
        }

        _done = true;
        return false;
    }

    /// <summary>Drops length-1 axes and merges neighbours that are contiguous in every operand.</summary>
    private static (int[] Shape, int[][] Strides) Coalesce(ReadOnlySpan<int> shape, int[][] strides)
    {
        var s = new List<int>();
        var st = new List<int>[strides.Length];
        for (int k = 0; k < strides.Length; k++)
        {
            st[k] = [];
        }

        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            bool merge = s.Count > 0;
            for (int k = 0; k < strides.Length && merge; k++)
            {
                merge = st[k][^1] == strides[k][d] * shape[d];
            }

            if (merge)
            {
                s[^1] *= shape[d];
                for (int k = 0; k < strides.Length; k++)
                {
                    st[k][^1] = strides[k][d];
                }
            }
            else
            {
                s.Add(shape[d]);
                for (int k = 0; k < strides.Length; k++)
                {
                    st[k].Add(strides[k][d]);
                }
            }
        }

        return ([.. s], [.. st.Select(l => l.ToArray())]);
    }
}
