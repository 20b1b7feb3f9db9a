using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;

namespace DaskSharp;

/// <summary>
/// Dask's configuration (<c>dask.config</c>): dotted, case-insensitive keys where <c>_</c> and
/// <c>-</c> are the same (<c>"num_workers"</c> is <c>"num-workers"</c>). A value is looked up in
/// scoped overrides (innermost first), then global settings, then <c>DASK_*</c> environment
/// variables, then the defaults.
/// </summary>
/// <remarks>
/// Scoped overrides follow the async flow of the code that made them (an <see cref="AsyncLocal{T}"/>),
/// so two tests or two requests running at once do not see each other's settings; a
/// <c>dask.config.set</c> without a <c>with</c> block is <see cref="SetGlobal"/>.
/// Environment variables follow Dask: <c>DASK_NUM_WORKERS=2</c> is <c>num-workers</c>,
/// and a double underscore nests, <c>DASK_ARRAY__CHUNK_SIZE=64MiB</c> is <c>array.chunk-size</c>.
/// </remarks>
/// <example><code>
/// using (DaskConfig.Set("scheduler", "sync"))
/// {
///     int v = delayed.Compute();   // runs on the single-threaded scheduler
/// }
/// </code></example>
public static class DaskConfig
{
    private static readonly AsyncLocal<ImmutableDictionary<string, object?>?> s_scoped = new();
    private static readonly ConcurrentDictionary<string, object?> s_global = new(StringComparer.Ordinal);
    private static readonly Lazy<ImmutableDictionary<string, object?>> s_environment = new(() => ReadEnvironment(Environment.GetEnvironmentVariables()));

    private static readonly ImmutableDictionary<string, object?> s_defaults = new Dictionary<string, object?>
    {
        ["scheduler"] = "threads",
        ["num-workers"] = null,
        ["optimization.fuse.active"] = true,
        ["optimization.fuse.ave-width"] = 1,
        ["array.chunk-size"] = "128MiB",
        ["tokenize.ensure-deterministic"] = false,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Sets <paramref name="key"/> until the returned scope is disposed.</summary>
    public static IDisposable Set(string key, object? value) => Set(new Dictionary<string, object?> { [key] = value });

    /// <summary>Sets several keys until the returned scope is disposed.</summary>
    public static IDisposable Set(IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ImmutableDictionary<string, object?>? previous = s_scoped.Value;
        ImmutableDictionary<string, object?> next = previous ?? ImmutableDictionary.Create<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            next = next.SetItem(Normalize(key), value);
        }

        s_scoped.Value = next;
        return new Scope(previous);
    }

    /// <summary>Sets <paramref name="key"/> for the whole process (until changed again).</summary>
    public static void SetGlobal(string key, object? value) => s_global[Normalize(key)] = value;

    /// <summary>Removes a global setting made with <see cref="SetGlobal"/>.</summary>
    public static void ClearGlobal(string key) => s_global.TryRemove(Normalize(key), out _);

    /// <summary>The raw value of <paramref name="key"/>, or false when no layer sets it.</summary>
    public static bool TryGet(string key, out object? value)
    {
        string k = Normalize(key);
        if (s_scoped.Value is { } scoped && scoped.TryGetValue(k, out value))
        {
            return true;
        }

        if (s_global.TryGetValue(k, out value) || s_environment.Value.TryGetValue(k, out value) || s_defaults.TryGetValue(k, out value))
        {
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The value of <paramref name="key"/> converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">when nothing sets the key.</exception>
    public static T Get<T>(string key)
    {
        if (!TryGet(key, out object? value))
        {
            throw new KeyNotFoundException($"The configuration has no key '{Normalize(key)}'.");
        }

        return Convert<T>(key, value);
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/> when unset or null.</summary>
    public static T Get<T>(string key, T defaultValue) =>
        TryGet(key, out object? value) && value is not null ? Convert<T>(key, value) : defaultValue;

    /// <summary>Dask's key normalisation: lower case, <c>_</c> as <c>-</c>.</summary>
    public static string Normalize(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key.Trim().ToLowerInvariant().Replace('_', '-');
    }

    internal static ImmutableDictionary<string, object?> ReadEnvironment(IDictionary variables)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is string name && name.StartsWith("DASK_", StringComparison.Ordinal) && name.Length > 5)
            {
                string key = Normalize(name[5..].Replace("__", ".", StringComparison.Ordinal));
                builder[key] = ParseLiteral(entry.Value as string ?? string.Empty);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Environment values are literals, as Dask's <c>ast.literal_eval</c>: numbers, booleans, None.</summary>
    internal static object? ParseLiteral(string text)
    {
        string t = text.Trim();
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
        {
            return l is >= int.MinValue and <= int.MaxValue ? (object)(int)l : l;
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return d;
        }

        return t switch
        {
            "True" or "true" => true,
            "False" or "false" => false,
            "None" or "null" => null,
            _ => t,
        };
    }

    private static T Convert<T>(string key, object? value)
    {
        if (value is T typed)
        {
            return typed;
        }

        Type target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            if (value is string s && target != typeof(string))
            {
                value = ParseLiteral(s);
                if (value is T parsed)
                {
                    return parsed;
                }
            }

            return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture)!;
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new InvalidCastException(
                $"The configuration value of '{Normalize(key)}' is '{value}', which is not a {typeof(T).Name}.", e);
        }
    }

    private sealed class Scope(ImmutableDictionary<string, object?>? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                s_scoped.Value = previous;
            }
        }
    }
}
