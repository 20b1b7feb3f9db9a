using System.CommandLine;
using DaskSharp.Distributed.Comm;

namespace DaskSharp.Cli;

/// <summary>distributed's <c>--tls-ca-file --tls-cert --tls-key</c>, shared by both commands.</summary>
internal sealed class TlsArguments
{
    public Option<string?> CaFile { get; } = new("--tls-ca-file") { Description = "CA cert(s) file for TLS (in PEM format)" };

    public Option<string?> Cert { get; } = new("--tls-cert") { Description = "certificate file for TLS (in PEM format)" };

    public Option<string?> Key { get; } = new("--tls-key") { Description = "private key file for TLS (in PEM format)" };

    public void AddTo(Command command)
    {
        command.Options.Add(CaFile);
        command.Options.Add(Cert);
        command.Options.Add(Key);
    }

    /// <summary>The TLS options, or null when none of the files is given.</summary>
    /// <exception cref="ArgumentException">when only some are given.</exception>
    public TlsOptions? Read(ParseResult parse)
    {
        string? ca = parse.GetValue(CaFile), cert = parse.GetValue(Cert), key = parse.GetValue(Key);
        if (ca is null && cert is null && key is null)
        {
            return null;
        }

        return ca is null || cert is null || key is null
            ? throw new ArgumentException("TLS needs all of --tls-ca-file, --tls-cert and --tls-key.")
            : TlsOptions.FromPemFiles(ca, cert, key);
    }

    /// <summary>The same options for a child process (the nanny's worker).</summary>
    public void CopyTo(ParseResult parse, Dictionary<string, string> options)
    {
        foreach (Option<string?> option in new[] { CaFile, Cert, Key })
        {
            if (parse.GetValue(option) is { } value)
            {
                options[option.Name] = value;
            }
        }
    }
}
