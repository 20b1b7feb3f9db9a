namespace DaskSharp.CodeShippingContracts;

/// <summary>A user's interface, as xunit's <c>IClassFixture&lt;T&gt;</c> is to a test class.</summary>
public interface IShape
{
    /// <summary>The shape's area.</summary>
    int Area { get; }
}
