namespace DaskSharp;

/// <summary>How a transform is scaled, as NumPy's <c>norm</c>: 1/n on the inverse ("backward", the default), 1/√n both ways ("ortho"), or 1/n on the forward ("forward").</summary>
public enum FftNorm
{
    /// <summary>No scaling forward, 1/n on the inverse (NumPy's default).</summary>
    Backward,

    /// <summary>1/√n both ways: the transform is unitary.</summary>
    Ortho,

    /// <summary>1/n forward, none on the inverse.</summary>
    Forward,
}
