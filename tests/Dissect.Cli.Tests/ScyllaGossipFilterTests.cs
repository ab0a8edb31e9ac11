using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>The README's gossip filter over a built capture: one IDL-shaped SYN, one that is not.</summary>
public class ScyllaGossipFilterTests
{
    [Fact]
    public void EndpointFilter_SelectsTheDecodedSyn_AndPrintsGenerationAndVersion()
    {
        byte[] syn = Hex.Parse("""
            2a 00 00 00                    # gossip_digest_syn frame size 42
            04 00 00 00 70 72 6f 64        # cluster_id "prod"
            02 00 00 00 4d 33              # partitioner "M3"
            01 00 00 00                    # 1 digest
              14 00 00 00                  #   frame size 20: the 4 extra bytes are a newer member, skipped
              01 00 00 0a                  #   10.0.0.1
              01 f1 53 65                  #   generation 1700000001
              2a 00 00 00                  #   max_version 42
              ff ff ff ff
            """);
        byte[] notIdl = Hex.Parse("2e000000 0000");
        var rpc = new TcpFlowBuilder(clientPort: 40002, serverPort: 7000).Handshake();
        rpc.Send(true, [.. "SSTARRPC"u8, 0, 0, 0, 0]);
        rpc.Send(true, Request(6, 1, syn));
        rpc.Send(true, Request(6, 2, notIdl));

        using var dir = new TempDir();
        string path = dir.Write("gossip.pcap", TestCaptures.Pcap(rpc.Frames));
        var r = CliRunner.Run(path, "-Y", "scylla.gossip.endpoint == 10.0.0.1", "-T", "fields",
            "-e", "scylla.msg_id", "-e", "scylla.gossip.cluster_id", "-e", "scylla.gossip.generation", "-e", "scylla.gossip.version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("1\tprod\t1700000001\t42\n", Encoding.UTF8.GetString(r.Stdout));
        var note = CliRunner.Run(path, "-Y", "scylla.body.not_idl", "-T", "fields", "-e", "scylla.msg_id");
        Assert.Equal("2\n", Encoding.UTF8.GetString(note.Stdout));
    }

    /// <summary>A request without the timeout (the negotiation above offers no features).</summary>
    private static byte[] Request(ulong verb, ulong msgId, byte[] body)
    {
        var b = new byte[20 + body.Length];
        BitConverter.TryWriteBytes(b.AsSpan(0), verb);
        BitConverter.TryWriteBytes(b.AsSpan(8), msgId);
        BitConverter.TryWriteBytes(b.AsSpan(16), (uint)body.Length);
        body.CopyTo(b, 20);
        return b;
    }
}
