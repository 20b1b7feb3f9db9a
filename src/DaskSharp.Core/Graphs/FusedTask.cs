namespace DaskSharp.Graphs;

/// <summary>
/// A linear chain of tasks folded into one node by the optimiser: the steps run in order on one
/// thread, each seeing the results of the steps before it, and only the last result leaves.
/// Chains of any length run in a loop, never by recursion.
/// </summary>
public sealed class FusedTask : GraphNode
{
    private readonly Key[] _stepKeys;
    private readonly GraphNode[] _steps;
    private readonly Key[] _dependencies;

    /// <summary>A chain of <paramref name="steps"/> (each reading only the previous step or <paramref name="externalDependencies"/>).</summary>
    public FusedTask(Key[] stepKeys, GraphNode[] steps, Key[] externalDependencies)
    {
        ArgumentNullException.ThrowIfNull(stepKeys);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(externalDependencies);
        if (stepKeys.Length != steps.Length || steps.Length == 0)
        {
            throw new ArgumentException($"A fused task needs one key per step and at least one step ({stepKeys.Length} keys, {steps.Length} steps).", nameof(steps));
        }

        _stepKeys = stepKeys;
        _steps = steps;
        _dependencies = externalDependencies;
    }

    /// <summary>The keys folded into this task, in execution order; the last is the task's own key.</summary>
    public IReadOnlyList<Key> StepKeys => _stepKeys;

    /// <summary>The folded tasks, in execution order.</summary>
    public IReadOnlyList<GraphNode> Steps => _steps;

    /// <inheritdoc/>
    public override IReadOnlyList<Key> Dependencies => _dependencies;

    /// <inheritdoc/>
    public override object? Execute(IValueLookup values)
    {
        var chain = new ChainLookup(values);
        object? result = null;
        for (int i = 0; i < _steps.Length; i++)
        {
            try
            {
                result = _steps[i].Execute(chain);
            }
            catch (Exception e) when (e is not FusedTaskException)
            {
                throw new FusedTaskException(_stepKeys[i], e);
            }

            chain.Push(_stepKeys[i], result);
        }

        return result;
    }

    internal override GraphNode Rename(IReadOnlyDictionary<Key, Key> renames)
    {
        var steps = new GraphNode[_steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = _steps[i].Rename(renames);
        }

        return new FusedTask(_stepKeys, steps, _dependencies.Select(d => renames.TryGetValue(d, out Key? r) ? r : d).Distinct().ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => $"Fused({_steps.Length} tasks: {_stepKeys[0]} … {_stepKeys[^1]})";

    /// <summary>
    /// Resolves a step's references. A fused chain only folds a task into its single dependent, so
    /// each step reads the step just before it (or results from outside); earlier step results are
    /// dropped as the chain moves on, as the scheduler would release them.
    /// </summary>
    private sealed class ChainLookup(IValueLookup outer) : IValueLookup
    {
        private Key? _lastKey;
        private object? _lastValue;

        public void Push(Key key, object? value)
        {
            _lastKey = key;
            _lastValue = value;
        }

        public object? Get(Key key) => _lastKey is not null && _lastKey.Equals(key) ? _lastValue : outer.Get(key);
    }
}

/// <summary>A step inside a fused task failed; carries the step's own key to the scheduler.</summary>
internal sealed class FusedTaskException(Key key, Exception inner) : Exception(inner.Message, inner)
{
    public Key Key { get; } = key;
}
