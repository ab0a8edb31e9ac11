using static Dissectors.Protocols.Tests.Scylla.Rpc;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>Port 7001 (ScyllaDB's ssl_storage_port): TLS records are shown as encrypted data, never as RPC.</summary>
public class ScyllaTlsTests
{
    private const ushort TlsPort = 7001;

    // TLS record headers (RFC 8446 §5.1): content type, legacy version, length (big-endian).
    private static byte[] Record(byte type, int length) =>
        [type, 0x03, 0x03, (byte)(length >> 8), (byte)length, .. Enumerable.Repeat((byte)0xa5, length)];

    [Fact]
    public void Handshake_AndApplicationData_OnPort7001_AreTls_NotRpc()
    {
        var flow = Flow(serverPort: TlsPort);
        byte[] hello = [0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00];   // ClientHello record, legacy version 0x0301
        flow.Send(true, hello);
        flow.Send(false, [.. Record(22, 40), .. Record(20, 1)]);
        // Application data whose fragment happens to hold a plausible Seastar request header.
        flow.Send(true, [.. H("17 03 03 00 1c"), .. Request(6, 1, [])[..28]]);
        var h = new ScyllaHarness();
        var frames = h.Run(flow.Frames);
        var client = frames.First(f => f.Info.StartsWith("Handshake", StringComparison.Ordinal));
        Assert.Equal("Handshake (Scylla RPC over TLS, not decrypted)", client.Info);
        Assert.True(client.Has("scylla.tls"));
        Assert.Equal("160301000401000000", client.Value("data.data"));
        Assert.Equal("Handshake (Scylla RPC over TLS, not decrypted) | Change Cipher Spec (Scylla RPC over TLS, not decrypted)",
            frames[^2].Info);
        Assert.False(frames[^2].Has("scylla.tls"));
        var app = frames[^1];
        Assert.Equal("Application Data (Scylla RPC over TLS, not decrypted)", app.Info);
        Assert.False(app.Has("scylla"));
        Assert.False(app.Has("scylla.verb"));
        Assert.Equal(0, h.DissectorBugs);
        Assert.Equal(0, h.MalformedCount);
    }

    [Fact]
    public void CaptureStartingInsideARecord_IsStillEncryptedData()
    {
        var flow = MidConnection(serverPort: TlsPort);
        // The middle of a record, then a whole record: the first bytes even parse as an RPC request.
        flow.Send(true, Request(6, 1, [1, 2, 3, 4]));
        flow.Send(true, Record(23, 10));
        var frames = new ScyllaHarness().Run(flow.Frames);
        Assert.Equal("Encrypted data (Scylla RPC over TLS, not decrypted)", frames[^2].Info);
        Assert.False(frames[^2].Has("scylla.verb"));
        Assert.Equal("Application Data (Scylla RPC over TLS, not decrypted)", frames[^1].Info);
    }

    [Fact]
    public void PlainNegotiation_OnPort7001_IsStillDecodedAsRpc()
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow(serverPort: TlsPort);
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, Request(9, 3, []));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("Request GOSSIP_ECHO (msg_id=3)", f.Info);
        Assert.False(f.Has("scylla.tls"));
    }

    [Fact]
    public void ConnectionOnPort7001_StartingWithNeitherTlsNorRpc_IsData()
    {
        var flow = Flow(serverPort: TlsPort);
        flow.Send(true, H("ca 55 2d fa 00 00 00 0c 00 00 00 01"));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.False(f.Has("scylla.tls"));
        Assert.False(f.Has("scylla"));
        Assert.DoesNotContain("TLS", f.Info, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordSplitAcrossSegments_IsOnePdu()
    {
        var flow = Flow(serverPort: TlsPort);
        var rec = Record(22, 300);
        flow.Send(true, rec.AsSpan(0, 3));
        flow.Send(true, rec.AsSpan(3, 97));
        flow.Send(true, rec.AsSpan(100));
        var frames = new ScyllaHarness().Run(flow.Frames);
        Assert.Equal("Handshake (Scylla RPC over TLS, not decrypted)", frames[^1].Info);
        Assert.Equal(305 * 2, frames[^1].Value("data.data")!.Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PlainRpcFromEphemeralPort7001ToPort7000_IsRpc_NotTls(bool seenFromSyn)
    {
        var flow = seenFromSyn ? Flow(serverPort: Port, clientPort: TlsPort) : MidConnection(serverPort: Port, clientPort: TlsPort);
        if (seenFromSyn)
        {
            var (c, s) = TimeoutNegotiation();
            flow.Send(true, c);
            flow.Send(false, s);
        }

        flow.Send(true, Request(9, 4, [1, 2]));
        var f = new ScyllaHarness().Run(flow.Frames)[^1];
        Assert.Equal("9", f.Value("scylla.verb"));
        Assert.False(f.Has("scylla.tls"));
    }
}
