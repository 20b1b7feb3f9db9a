using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DaskSharp.Arrays;

/// <summary>
/// Copies between arrays of the same shape and any strides. A 2-d transpose (the common
/// non-contiguous case) is copied in 64 × 64 tiles so both sides stay in cache.
/// </summary>
internal static class StridedCopy
{
    private const int Tile = 64;

    public static void Copy<T>(NDArray<T> source, NDArray<T> destination)
        where T : unmanaged
    {
        if (!source.Shape.SequenceEqual(destination.Shape))
        {
            throw new ArgumentException($"Cannot copy shape {NDArray<T>.ShapeText(source.Shape)} into {NDArray<T>.ShapeText(destination.Shape)}.");
        }

        if (source.Rank == 2 && source.Strides[1] != 1 && destination.Strides[1] == 1)
        {
            CopyTiled(source, destination);
            return;
        }

        var runs = new RunIterator(source.Shape, [source.StridesArray, destination.StridesArray], [source.Offset, destination.Offset]);
        T[] src = source.Data;
        T[] dst = destination.Data;
        while (runs.MoveNext())
        {
            int n = runs.Length;
            int s = runs.InnerStride(0);
            int d = runs.InnerStride(1);
            int so = runs.Offset(0);
            int dof = runs.Offset(1);
            if (s == 1 && d == 1)
            {
                src.AsSpan(so, n).CopyTo(dst.AsSpan(dof, n));
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    dst[dof + (i * d)] = src[so + (i * s)];
                }
            }
        }
    }

    private static void CopyTiled<T>(NDArray<T> source, NDArray<T> destination)
        where T : unmanaged
    {
        int rows = source.Shape[0];
        int cols = source.Shape[1];
        int sr = source.Strides[0];
        int sc = source.Strides[1];
        int dr = destination.Strides[0];
        ref T src = ref MemoryMarshal.GetArrayDataReference(source.Data);
        ref T dst = ref MemoryMarshal.GetArrayDataReference(destination.Data);
        int so = source.Offset;
        int dof = destination.Offset;
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, cols);

                // Walk the tile along the source's unit-stride axis when it has one (a transpose).
                if (sr == 1)
                {
                    for (int j = j0; j < j1; j++)
                    {
                        ref T s0 = ref Unsafe.Add(ref src, so + (j * sc));
                        ref T d0 = ref Unsafe.Add(ref dst, dof + j);
                        for (int i = i0; i < i1; i++)
                        {
                            Unsafe.Add(ref d0, i * dr) = Unsafe.Add(ref s0, i);
                        }
                    }
                }
                else
                {
                    for (int i = i0; i < i1; i++)
                    {
                        ref T s0 = ref Unsafe.Add(ref src, so + (i * sr));
                        ref T d0 = ref Unsafe.Add(ref dst, dof + (i * dr));
                        for (int j = j0; j < j1; j++)
                        {
                            Unsafe.Add(ref d0, j) = Unsafe.Add(ref s0, j * sc);
                        }
                    }
                }
            }
        }
    }
}
