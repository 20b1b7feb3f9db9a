using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The test classes that run on the process cluster share one: each class fixture would start its
/// own and register it under the same scheduler name, and the first to finish would unregister it
/// under the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessClusterCollection : ICollectionFixture<ProcessClusterFixture>
{
    public const string Name = "process-cluster";
}
