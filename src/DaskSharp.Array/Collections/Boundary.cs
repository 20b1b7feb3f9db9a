namespace DaskSharp;

/// <summary>How <c>MapOverlap</c> fills the margin beyond the array's edges (Dask's <c>boundary</c>).</summary>
public enum Boundary
{
    /// <summary>No margin at the edges: edge blocks are only extended inwards.</summary>
    None,

    /// <summary>Wrap around: the margin comes from the opposite edge.</summary>
    Periodic,

    /// <summary>Mirror the edge, edge element included (<c>x[1], x[0] | x[0], x[1], …</c>).</summary>
    Reflect,

    /// <summary>Repeat the edge element.</summary>
    Nearest,

    /// <summary>A constant (given as <c>constant</c>).</summary>
    Constant,
}
