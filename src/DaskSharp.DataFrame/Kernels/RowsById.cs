namespace DaskSharp.DataFrames.Kernels;

/// <summary>Rows grouped by their key id, in row order within an id (a counting sort).</summary>
internal readonly struct RowsById
{
    private readonly int[] _start;
    private readonly int[] _rows;

    /// <summary>Groups the rows 0.. of <paramref name="ids"/> (each in 0..<paramref name="count"/>).</summary>
    public RowsById(ReadOnlySpan<int> ids, int count)
    {
        _start = new int[count + 1];
        foreach (int id in ids)
        {
            _start[id + 1]++;
        }

        for (int i = 0; i < count; i++)
        {
            _start[i + 1] += _start[i];
        }

        _rows = new int[ids.Length];
        int[] next = (int[])_start.Clone();
        for (int row = 0; row < ids.Length; row++)
        {
            _rows[next[ids[row]]++] = row;
        }
    }

    /// <summary>The rows of <paramref name="id"/>, in row order.</summary>
    public ReadOnlySpan<int> Of(int id) => _rows.AsSpan(_start[id], _start[id + 1] - _start[id]);
}
