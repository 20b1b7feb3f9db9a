namespace DaskSharp.Arrays;

/// <summary>Small dense factorisations of one chunk: Householder QR and one-sided Jacobi SVD.</summary>
internal static class Decompositions
{
    /// <summary>Thin QR of an m × n matrix (m ≥ n): Q is m × n with orthonormal columns, R is n × n upper triangular.</summary>
    public static (NDArray<double> Q, NDArray<double> R) Qr(NDArray<double> a)
    {
        int m = a.Shape[0];
        int n = a.Shape[1];
        if (m < n)
        {
            throw new ArgumentException($"QR of a {m} × {n} block: tall-and-skinny QR needs every block to have at least as many rows as columns.");
        }

        double[,] w = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                w[i, j] = a[i, j];
            }
        }

        var reflectors = new double[n][];
        for (int k = 0; k < n; k++)
        {
            // Householder vector v that maps w[k.., k] onto a multiple of e_k.
            double norm = 0;
            for (int i = k; i < m; i++)
            {
                norm += w[i, k] * w[i, k];
            }

            norm = Math.Sqrt(norm);
            double alpha = w[k, k] > 0 ? -norm : norm;
            var v = new double[m - k];
            for (int i = k; i < m; i++)
            {
                v[i - k] = w[i, k];
            }

            v[0] -= alpha;
            double vnorm = Math.Sqrt(v.Sum(x => x * x));
            if (vnorm > 0)
            {
                for (int i = 0; i < v.Length; i++)
                {
                    v[i] /= vnorm;
                }

                for (int j = k; j < n; j++)
                {
                    double dot = 0;
                    for (int i = k; i < m; i++)
                    {
                        dot += v[i - k] * w[i, j];
                    }

                    for (int i = k; i < m; i++)
                    {
                        w[i, j] -= 2 * v[i - k] * dot;
                    }
                }
            }

            reflectors[k] = v;
        }

        var r = new NDArray<double>(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                r[i, j] = w[i, j];
            }
        }

        // Q = H0 H1 … H(n-1) applied to the first n columns of the identity.
        double[,] q = new double[m, n];
        for (int i = 0; i < n; i++)
        {
            q[i, i] = 1;
        }

        for (int k = n - 1; k >= 0; k--)
        {
            double[] v = reflectors[k];
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++)
                {
                    dot += v[i - k] * q[i, j];
                }

                for (int i = k; i < m; i++)
                {
                    q[i, j] -= 2 * v[i - k] * dot;
                }
            }
        }

        var qa = new NDArray<double>(m, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                qa[i, j] = q[i, j];
            }
        }

        return (qa, r);
    }

    /// <summary>SVD of a small square matrix by one-sided Jacobi rotations: a = U diag(S) Vᵀ, S descending.</summary>
    public static (NDArray<double> U, NDArray<double> S, NDArray<double> Vt) Svd(NDArray<double> a)
    {
        int m = a.Shape[0];
        int n = a.Shape[1];
        double[,] w = new double[m, n];
        double[,] v = new double[n, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                w[i, j] = a[i, j];
            }
        }

        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 60; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < m; i++)
                    {
                        alpha += w[i, p] * w[i, p];
                        beta += w[i, q] * w[i, q];
                        gamma += w[i, p] * w[i, q];
                    }

                    if (Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    off = Math.Max(off, Math.Abs(gamma) / Math.Sqrt(alpha * beta));
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
                    double c = 1 / Math.Sqrt(1 + (t * t));
                    double s = c * t;
                    for (int i = 0; i < m; i++)
                    {
                        double wp = w[i, p];
                        w[i, p] = (c * wp) - (s * w[i, q]);
                        w[i, q] = (s * wp) + (c * w[i, q]);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        double vp = v[i, p];
                        v[i, p] = (c * vp) - (s * v[i, q]);
                        v[i, q] = (s * vp) + (c * v[i, q]);
                    }
                }
            }

            if (off < 1e-15)
            {
                break;
            }
        }

        // Singular values are the column norms; order them largest first.
        double[] sigma = [.. Enumerable.Range(0, n).Select(j => Math.Sqrt(Enumerable.Range(0, m).Sum(i => w[i, j] * w[i, j])))];
        int[] order = [.. Enumerable.Range(0, n).OrderByDescending(j => sigma[j])];
        var u = new NDArray<double>(m, n);
        var sv = new NDArray<double>(n);
        var vt = new NDArray<double>(n, n);
        for (int k = 0; k < n; k++)
        {
            int j = order[k];
            sv[k] = sigma[j];
            for (int i = 0; i < m; i++)
            {
                u[i, k] = sigma[j] > 0 ? w[i, j] / sigma[j] : 0;
            }

            for (int i = 0; i < n; i++)
            {
                vt[k, i] = v[i, j];
            }
        }

        return (u, sv, vt);
    }
}
