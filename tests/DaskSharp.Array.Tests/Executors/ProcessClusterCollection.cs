using DaskSharp.Tests;

namespace DaskSharp.Array.Tests.Executors;

/// <summary>
/// The test classes that run on worker processes share one cluster: the fixture registers its client
/// under one scheduler name, so two clusters side by side would take that name from each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessClusterCollection : ICollectionFixture<ProcessClusterFixture>
{
    public const string Name = "Array process cluster";
}
