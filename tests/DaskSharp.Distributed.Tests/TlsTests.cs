using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;

namespace DaskSharp.Distributed.Tests;

/// <summary>tls:// comms: mutual TLS with the cluster's own CA, on real loopback sockets.</summary>
public sealed class TlsTests
{
    private static int Inc(int x) => x + 1;

    [Fact]
    public async Task AClusterOnTlsComputes_AndRefusesPeersWhoseCertificateTheCaDidNotSign()
    {
        using X509Certificate2 ca = CreateCa("dask-test-ca", out RSA caKey);
        using X509Certificate2 otherCa = CreateCa("someone-else", out RSA otherKey);
        TlsOptions member = new(Issue(ca, caKey, "member"), ca);
        TlsOptions stranger = new(Issue(otherCa, otherKey, "stranger"), ca);

        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tls://127.0.0.1:0", Tls = member });
        Assert.StartsWith("tls://127.0.0.1:", scheduler.Address, StringComparison.Ordinal);
        await using Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Tls = member, Threads = 1 });
        Assert.StartsWith("tls://127.0.0.1:", worker.Address, StringComparison.Ordinal);
        using var client = new Client(scheduler.Address, secret: scheduler.Secret, tls: member);
        Assert.Equal(Enumerable.Range(1, 200), client.Gather(client.Map(Inc, Enumerable.Range(0, 200))));

        // A certificate from another CA, a plain TCP peer, and a client without TLS options are all turned away.
        await Assert.ThrowsAnyAsync<Exception>(() => Comms.ConnectAsync(scheduler.Address, scheduler.Secret, tls: stranger));
        await Assert.ThrowsAnyAsync<Exception>(() => Comms.ConnectAsync(scheduler.Address.Replace("tls://", "tcp://", StringComparison.Ordinal), scheduler.Secret));
        var noTls = await Assert.ThrowsAsync<AuthenticationException>(() => Comms.ConnectAsync(scheduler.Address, scheduler.Secret));
        Assert.Contains("needs TLS", noTls.Message, StringComparison.Ordinal);
        // The plain TCP peer is dropped when its TLS handshake times out (5 s); no event announces a refusal.
        await Eventually.True(() => scheduler.RefusedConnections >= 3, TimeSpan.FromSeconds(30), "the scheduler to refuse the stranger, the plain TCP peer and the client without TLS");

        Assert.Equal(3, scheduler.RefusedConnections);
        Assert.Equal(42, client.Submit(Inc, 41).Result(TimeSpan.FromSeconds(30)));
        caKey.Dispose();
        otherKey.Dispose();
    }

    private static X509Certificate2 CreateCa(string name, out RSA key)
    {
        key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, string name)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var generator = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        using X509Certificate2 issued = request.Create(ca.SubjectName, generator, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
