using System.Globalization;

namespace DaskSharp.Fuzz;

/// <summary>The <c>random</c> mode's options: <c>--seconds N --corpus DIR --crashes DIR --seed S</c>.</summary>
internal sealed class Options
{
    public Options(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i++])
            {
                case "--seconds": Seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--corpus": Corpus = value; break;
                case "--crashes": Crashes = value; break;
                case "--seed": Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i - 1]}");
            }
        }
    }

    public int Seconds { get; } = 60;

    /// <summary>The target's seeds; fuzz/corpus/&lt;target&gt; when not given.</summary>
    public string? Corpus { get; }

    /// <summary>Where crashing inputs go; fuzz/crashes/&lt;target&gt; when not given.</summary>
    public string? Crashes { get; }

    public int Seed { get; } = Environment.TickCount;
}
