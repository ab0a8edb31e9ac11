using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>A built capture with ScyllaDB's encrypted inter-node port (7001) next to the plain one (7000).</summary>
public class ScyllaTlsPortTests
{
    [Fact]
    public void Port7001_IsShownAsTls_AndPort7000_AsScyllaRpc()
    {
        var tls = new TcpFlowBuilder(clientPort: 40001, serverPort: 7001).Handshake();
        tls.Send(true, [0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00]);   // ClientHello record
        // An application-data record whose fragment starts like a Seastar request header.
        tls.Send(true, [0x17, 0x03, 0x03, 0x00, 0x14, 6, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        var rpc = new TcpFlowBuilder(clientPort: 40002, serverPort: 7000).Handshake();
        rpc.Send(true, [.. "SSTARRPC"u8, 0, 0, 0, 0]);                             // negotiation, no features
        rpc.Send(true, [6, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);  // GOSSIP_DIGEST_SYN, msg id 2, empty

        using var dir = new TempDir();
        string path = dir.Write("scylla_tls.pcap", TestCaptures.Pcap([.. tls.Frames, .. rpc.Frames]));
        var r = CliRunner.Run(path, "-Y", "tcp.len > 0", "-T", "fields", "-e", "tcp.dstport", "-e", "_ws.col.Protocol", "-e", "_ws.col.Info");
        Assert.Equal(0, r.ExitCode);
        var lines = Encoding.UTF8.GetString(r.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "7001\tTLS\tHandshake (Scylla RPC over TLS, not decrypted)",
            "7001\tTLS\tApplication Data (Scylla RPC over TLS, not decrypted)",
            "7000\tScylla\tProtocol negotiation",
            "7000\tScylla\tRequest GOSSIP_DIGEST_SYN (msg_id=2)",
        ], lines);

        var scylla = CliRunner.Run(path, "-Y", "scylla.verb", "-T", "fields", "-e", "tcp.dstport");
        Assert.Equal("7000\n", Encoding.UTF8.GetString(scylla.Stdout));
        var note = CliRunner.Run(path, "-Y", "scylla.tls", "-T", "fields", "-e", "tcp.dstport");
        Assert.Equal("7001\n", Encoding.UTF8.GetString(note.Stdout));
    }
}
