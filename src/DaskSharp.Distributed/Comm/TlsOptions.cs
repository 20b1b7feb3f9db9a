using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// Mutual TLS for <c>tls://</c> comms, as distributed's <c>tls-ca-file</c>, <c>tls-cert</c> and
/// <c>tls-key</c>: every endpoint presents <see cref="Certificate"/> (with its private key) and
/// accepts only peers whose certificate chains to <see cref="CertificateAuthority"/>.
/// </summary>
public sealed record TlsOptions(X509Certificate2 Certificate, X509Certificate2 CertificateAuthority)
{
    /// <summary>Loads PEM files: the CA certificate, this endpoint's certificate and its private key.</summary>
    public static TlsOptions FromPemFiles(string caFile, string certFile, string keyFile) =>
        new(X509Certificate2.CreateFromPemFile(certFile, keyFile), X509CertificateLoader.LoadCertificateFromFile(caFile));

    /// <summary>True when <paramref name="certificate"/> chains to the CA (and nothing else is wrong but the CA being private).</summary>
    internal bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    internal SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificate = Certificate,
        ClientCertificateRequired = true,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors),
    };

    internal SslClientAuthenticationOptions ClientOptions(string host) => new()
    {
        TargetHost = host,
        ClientCertificates = [Certificate],
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        // Peers are identified by the cluster's CA, not by host names (workers listen on many addresses).
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors & ~SslPolicyErrors.RemoteCertificateNameMismatch),
    };
}
