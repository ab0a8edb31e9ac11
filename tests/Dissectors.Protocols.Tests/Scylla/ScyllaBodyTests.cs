using Dissectors.Protocols.Tests.Cql;
using static Dissectors.Protocols.Tests.Scylla.Rpc;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>
/// Verb bodies built from ScyllaDB's IDL (idl/gossip_digest.idl.hh, idl/storage_proxy.idl.hh) and the
/// serializer rules (serializer_impl.hh: a non-final class is preceded by a u32 size that counts itself;
/// strings, vectors and maps by a u32 length or count; gms/inet_address_serializer.hh: IPv4 as a
/// little-endian u32, IPv6 after a 0xffffffff marker). All integers little-endian.
/// </summary>
public class ScyllaBodyTests
{
    private static DissectedFrame RunRequest(ulong verb, byte[] body)
    {
        var (c, s) = TimeoutNegotiation();
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        flow.Send(true, Request(verb, 11, body));
        var h = new ScyllaHarness();
        var f = h.Run(flow.Frames)[^1];
        Assert.Equal(0, h.DissectorBugs);
        return f;
    }

    // SYN with cluster "prod", partitioner "M3", a digest for 10.0.0.1 and one for 2001:db8::1, and group0_id.
    internal static readonly byte[] Syn = H("""
        56 00 00 00                                        # gossip_digest_syn frame size 86 (counts itself)
        04 00 00 00  70 72 6f 64                           # cluster_id "prod"
        02 00 00 00  4d 33                                 # partitioner "M3"
        02 00 00 00                                        # 2 digests
          10 00 00 00                                      #   gossip_digest frame size 16
          01 00 00 0a                                      #   endpoint 10.0.0.1 (u32 0x0a000001, little-endian)
          01 f1 53 65                                      #   generation 1700000001
          2a 00 00 00                                      #   max_version 42
          20 00 00 00                                      #   gossip_digest frame size 32
          ff ff ff ff                                      #   IPv6 marker
          20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  #   endpoint 2001:db8::1
          02 f1 53 65                                      #   generation 1700000002
          07 00 00 00                                      #   max_version 7
        11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00    # group0_id (5.4+)
        """);

    [Fact]
    public void GossipDigestSyn_FollowingTheIdl_ShowsClusterPartitionerAndDigests()
    {
        var f = RunRequest(6, Syn);
        Assert.Equal("prod", f.Value("scylla.gossip.cluster_id"));
        Assert.Equal("M3", f.Value("scylla.gossip.partitioner"));
        Assert.Equal("2", f.Value("scylla.gossip.digests"));
        Assert.Equal(["10.0.0.1"], f.Values("scylla.gossip.endpoint"));
        Assert.Equal(["2001:db8::1"], f.Values("scylla.gossip.endpoint_ipv6"));
        Assert.Equal(["1700000001", "1700000002"], f.Values("scylla.gossip.generation"));
        Assert.Equal(["42", "7"], f.Values("scylla.gossip.version"));
        Assert.Equal("112233445566778899aabbccddeeff00", f.Value("scylla.gossip.group0_id"));
        Assert.Equal(2, f.Values("scylla.gossip.digest").Length);
        // tshark shows the body as one scylla.payload; that stays, so its filters and -e output still match.
        Assert.Equal([Convert.ToHexStringLower(Syn)], f.Values("scylla.payload"));
        Assert.False(f.Has("_ws.expert"));
        Assert.Equal("Request GOSSIP_DIGEST_SYN (msg_id=11, cluster=prod)", f.Info);
    }

    [Fact]
    public void GossipDigestSyn_FromBeforeGroup0_HasNoGroup0Id()
    {
        // The same message as a pre-5.4 node writes it: no group0_id, so the frame is 16 bytes shorter.
        byte[] body = [.. U32(70), .. Syn.AsSpan(4, 66)];
        var f = RunRequest(6, body);
        Assert.Equal("prod", f.Value("scylla.gossip.cluster_id"));
        Assert.Equal(["42", "7"], f.Values("scylla.gossip.version"));
        Assert.False(f.Has("scylla.gossip.group0_id"));
        Assert.False(f.Has("_ws.expert"));
    }

    internal static readonly byte[] Ack2 = H("""
        49 00 00 00                    # gossip_digest_ack2 frame size 73
        01 00 00 00                    # 1 endpoint state
          02 00 00 c0                  #   key: endpoint 192.0.0.2
          3d 00 00 00                  #   endpoint_state frame size 61
            0c 00 00 00                #     heart_beat_state frame size 12
            05 00 00 00                #     generation 5
            09 00 00 00                #     version 9
            02 00 00 00                #     2 application states
              00 00 00 00              #       STATUS
              12 00 00 00              #       versioned_value frame size 18
              06 00 00 00 4e 4f 52 4d 41 4c  # "NORMAL"
              03 00 00 00              #       version 3
              03 00 00 00              #       DC
              0f 00 00 00              #       versioned_value frame size 15
              03 00 00 00 64 63 31     #       "dc1"
              04 00 00 00              #       version 4
        """);

    [Fact]
    public void GossipDigestAck2_ShowsEndpointStates_HeartBeatAndApplicationStates()
    {
        var body = Ack2;
        var f = RunRequest(8, body);
        Assert.Equal("1", f.Value("scylla.gossip.endpoint_states"));
        Assert.Equal("192.0.0.2", f.Value("scylla.gossip.endpoint"));
        Assert.Equal("5", f.Value("scylla.gossip.heart_beat.generation"));
        Assert.Equal("9", f.Value("scylla.gossip.heart_beat.version"));
        Assert.Equal(["STATUS", "DC"], f.Labels("scylla.gossip.app_state"));
        Assert.Equal(["0", "3"], f.Values("scylla.gossip.app_state.id"));
        Assert.Equal(["NORMAL", "dc1"], f.Values("scylla.gossip.app_state.value"));
        Assert.Equal(["3", "4"], f.Values("scylla.gossip.app_state.version"));
        Assert.False(f.Has("scylla.gossip.cluster_id"));
        Assert.False(f.Has("_ws.expert"));
    }

    [Fact]
    public void GossipDigestAck_HasDigestsThenEndpointStates()
    {
        var body = H("""
            34 00 00 00                    # gossip_digest_ack frame size 52
            01 00 00 00                    # 1 digest
              10 00 00 00  01 00 00 7f  01 00 00 00  02 00 00 00   # 127.0.0.1, generation 1, max_version 2
            01 00 00 00                    # 1 endpoint state
              01 00 00 7f                  #   127.0.0.1
              14 00 00 00                  #   endpoint_state frame size 20
                0c 00 00 00  01 00 00 00  02 00 00 00              # heart beat: generation 1, version 2
                00 00 00 00                #   no application states
            """);
        var f = RunRequest(7, body);
        Assert.Equal(["127.0.0.1", "127.0.0.1"], f.Values("scylla.gossip.endpoint"));
        Assert.Equal("2", f.Value("scylla.gossip.version"));
        Assert.Equal("2", f.Value("scylla.gossip.heart_beat.version"));
        Assert.False(f.Has("scylla.gossip.app_state"));
        Assert.False(f.Has("_ws.expert"));
    }

    [Theory]
    // The stand-in corpus layout: the size does not count itself (68 for 72 bytes), cluster name without a length.
    [InlineData("44000000636c757374657231040000007f00000101f153656500000000000000040000007f00000202f153656600000000000000040000007f00000303f153656700000000000000")]
    // A frame size one too large, and one too small.
    [InlineData("0f000000 04000000 70726f64 00000000 00000000 00")]
    [InlineData("0d000000 04000000 70726f64 00000000 00000000")]
    // A string length past the end.
    [InlineData("14000000 ff000000 70726f64 00000000 00000000")]
    // A digest count the body cannot hold.
    [InlineData("14000000 00000000 00000000 ffffff0f 00000000")]
    // A digest frame that claims more than its parent.
    [InlineData("20000000 00000000 00000000 01000000 40000000 01000000 02000000 03000000")]
    public void GossipBody_ThatBreaksTheIdl_StaysBytes_WithANote(string hex)
    {
        var body = H(hex);
        var f = RunRequest(6, body);
        Assert.False(f.Has("scylla.gossip.cluster_id"));
        Assert.False(f.Has("scylla.gossip.endpoint"));
        Assert.Equal([Convert.ToHexStringLower(body)], f.Values("scylla.payload"));
        Assert.True(f.Has("scylla.body.not_idl"));
    }

    [Fact]
    public void GossipBody_TruncatedAtEveryLength_NeverDecodesHalfAMessage()
    {
        for (int n = 0; n < Syn.Length; n++)
        {
            // Keep the size equal to the shortened length, so only the inner checks can refuse it.
            var body = Syn[..n];
            if (n >= 4)
            {
                U32((uint)n).CopyTo(body, 0);
            }

            var f = RunRequest(6, body);
            bool decoded = f.Has("scylla.gossip.cluster_id");
            // From the pre-group0 length (70) on, the digests are complete and the message decodes.
            Assert.Equal(n >= 70, decoded);
            Assert.Equal(!decoded, f.Has("scylla.body.not_idl"));
        }
    }

    [Fact]
    public void MutationDone_ShowsShardAndResponseId_AndTheWholeBodyStaysThePayload()
    {
        var body = H("""
            03 00 00 00                    # shard 3
            39 30 00 00 00 00 00 00        # response_id 12345
            10 00 00 00 01 00 00 00 00 00 00 00   # view update backlog (3.1+), not decoded
            """);
        var f = RunRequest(2, body);
        Assert.Equal("3", f.Value("scylla.shard"));
        Assert.Equal("12345", f.Value("scylla.response_id"));
        Assert.Equal([Convert.ToHexStringLower(body)], f.Values("scylla.payload"));
        Assert.Equal("Request MUTATION_DONE (msg_id=11, response_id=12345)", f.Info);
    }

    [Fact]
    public void MutationFailed_AddsTheNumberFailed_AndAShortBodyIsTruncated()
    {
        var f = RunRequest(24, H("""
            01 00 00 00                    # shard 1
            07 00 00 00 00 00 00 00        # response_id 7
            02 00 00 00 00 00 00 00        # num_failed 2
            """));
        Assert.Equal("1", f.Value("scylla.shard"));
        Assert.Equal("7", f.Value("scylla.response_id"));
        Assert.Equal("2", f.Value("scylla.num_failed"));
        Assert.Single(f.Values("scylla.payload"));

        var shortOne = RunRequest(24, H("01 00 00 00 07 00 00 00 00 00 00 00"));
        Assert.False(shortOne.Has("scylla.num_failed"));
        Assert.True(shortOne.Has("scylla.truncated"));
    }

    [Fact]
    public void ReadDigest_AndReadMutationData_ShowTheReadCommandPrefix()
    {
        var body = H("""
            30 00 00 00                                        # read_command frame size
            ea 11 0f 44 50 9e ef aa 00 00 00 00 00 00 23 8a    # table id
            5c 1a b0 de 00 00 10 00 80 00 00 00 00 00 be ef    # schema version
            aa bb                                              # rest: slice, limits, range
            """);
        foreach (ulong verb in new ulong[] { 5, 4 })
        {
            var f = RunRequest(verb, body);
            Assert.Equal("48", f.Value("scylla.read_command.size"));
            Assert.Equal("ea110f44509eefaa000000000000238a", f.Value("scylla.read_command.table_id"));
            Assert.Equal("5c1ab0de00001000800000000000beef", f.Value("scylla.read_command.schema_version"));
            Assert.Equal([Convert.ToHexStringLower(body)], f.Values("scylla.payload"));
            // tshark's READ_DATA fields stay READ_DATA's, so its filters select the same frames.
            Assert.False(f.Has("scylla.read_data.table_id"));
            Assert.EndsWith("table_id=ea110f44509eefaa000000000000238a)", f.Info, StringComparison.Ordinal);
        }
    }

    private static readonly byte[] FrozenMutation = H("""
        33 00 00 00                                        # frozen_mutation bytes length 51
        33 00 00 00                                        # mutation frame size 51
        ea 11 0f 44 50 9e ef aa 00 00 00 00 00 00 23 8a    # table id
        5c 1a b0 de 00 00 10 00 80 00 00 00 00 00 be ef    # schema id
        07 00 00 00                                        # partition key frame 7
        01 00 00 00                                        # 1 component
        03 00 00 00 68 65 68                               # "heh"
        """);

    [Fact]
    public void HintMutation_StartsWithTheFrozenMutation_AsMutationDoes()
    {
        byte[] body = [.. FrozenMutation, .. H("01 02")];
        var f = RunRequest(42, body);
        Assert.Equal([Convert.ToHexStringLower(body)], f.Values("scylla.payload"));
        Assert.Equal("ea110f44509eefaa000000000000238a", f.Value("scylla.mut.table_id"));
        Assert.Equal("686568", f.Value("scylla.mut.pkey"));
        Assert.Equal("Request HINT_MUTATION (msg_id=11, table_id=ea110f44509eefaa000000000000238a, pkey=686568)", f.Info);
    }

    [Fact]
    public void CounterMutation_ShowsEveryFrozenMutation()
    {
        byte[] body = [.. U32(2), .. FrozenMutation, .. FrozenMutation, .. H("05 00 00 00")];
        var f = RunRequest(23, body);
        Assert.Equal("2", f.Value("scylla.counter_mutation.count"));
        Assert.Equal(["686568", "686568"], f.Values("scylla.mut.pkey"));
        Assert.Equal([Convert.ToHexStringLower(body)], f.Values("scylla.payload"));

        var lying = RunRequest(23, [.. U32(1_000_000), .. FrozenMutation]);
        Assert.True(lying.Has("scylla.truncated"));
    }

    [Fact]
    public void SeededMutations_OfIdlBodies_NeverBreakTheDissector()
    {
        (ulong Verb, byte[] Body)[] seeds = [(6, Syn), (8, Ack2), (7, Ack2), (23, [.. U32(2), .. FrozenMutation, .. FrozenMutation]), (24, H("01000000 0700000000000000 0200000000000000"))];
        for (int i = 0; i < 300; i++)
        {
            var rnd = new Random(i);
            var (verb, seed) = seeds[i % seeds.Length];
            var body = (byte[])seed.Clone();
            if (rnd.Next(2) == 0 && body.Length >= 4)
            {
                // A lying size, length or count somewhere in the body.
                int at = rnd.Next(0, body.Length - 3);
                U32(rnd.Next(3) switch { 0 => uint.MaxValue, 1 => 0x7fff_ffff, _ => (uint)rnd.Next(0, 256) }).CopyTo(body, at);
            }
            else
            {
                for (int n = rnd.Next(1, 4); n > 0; n--)
                {
                    body[rnd.Next(body.Length)] ^= (byte)(1 << rnd.Next(8));
                }
            }

            var f = RunRequest(verb, body[..rnd.Next(body.Length / 2, body.Length + 1)]);   // RunRequest asserts no dissector bug
            // A decoded gossip body never shows more endpoints than its bytes can hold.
            Assert.True(f.Values("scylla.gossip.endpoint").Length * 4 <= body.Length, $"seed {i}");
        }
    }
}
