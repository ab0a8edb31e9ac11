using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// GOSSIP_DIGEST_SYN / ACK / ACK2 bodies, read by ScyllaDB's IDL rules (idl/gossip_digest.idl.hh,
/// serializer_impl.hh, gms/inet_address_serializer.hh; all integers little-endian):
/// <code>
///  class (not final): | size u32 (counts its own 4 bytes) | members | [members of newer versions] |
///  sstring: | len u32 | bytes |       vector / map: | count u32 | elements |
///  inet_address: | u32 IPv4 in host order | or | 0xffffffff | IPv6 (16) |
///  SYN:  { cluster_id sstring | partitioner sstring | digests vector&lt;gossip_digest&gt; | [group0_id UUID (16), 5.4+] }
///  ACK:  { digests vector&lt;gossip_digest&gt; | map&lt;inet_address, endpoint_state&gt; }
///  ACK2: { map&lt;inet_address, endpoint_state&gt; }
///  gossip_digest:   { endpoint inet_address | generation i32 | max_version i32 }
///  endpoint_state:  { heart_beat_state { generation i32 | version i32 } | map&lt;application_state i32, versioned_value { value sstring | version i32 }&gt; }
/// </code>
/// The body is decoded only when every size, length and count fits exactly (the outer frame size equals
/// the body length, nested frames end inside their parent); otherwise only the note is added to the
/// body's scylla.payload, so a body from another release or another tool never yields made-up cluster
/// names or endpoints.
/// </summary>
internal sealed partial class ScyllaDissector
{
    private const uint Ipv6Marker = 0xFFFF_FFFF;
    private const int Ipv6Size = 16;
    private const int GossipDigestMinSize = 16;  // frame size + IPv4 + generation + version
    private const int EndpointStateMinSize = 24; // address + frame size + heart beat frame + map count
    private const int AppStateMinSize = 16;      // key + frame + empty string + version

    /// <summary>True when <paramref name="body"/> is a GOSSIP_DIGEST_* body that follows the IDL exactly.</summary>
    private static bool IsGossipBody(ReadOnlySpan<byte> body, ulong verb) => WalkGossip(null, body, 0, verb);

    private void DissectGossip(DissectContext ctx, ReadOnlySpan<byte> body, int at, ulong verb)
    {
        if (!IsGossipBody(body, verb))
        {
            ctx.Expert(_e.NotIdl, at, body.Length);
            return;
        }

        WalkGossip(this, body, at, verb, ctx);
    }

    /// <summary>
    /// Walks a gossip body; with <paramref name="d"/> null it only checks the layout (no fields), otherwise
    /// it adds the fields (the layout has been checked, so nothing fails half-way).
    /// </summary>
    private static bool WalkGossip(ScyllaDissector? d, ReadOnlySpan<byte> b, int at, ulong verb, DissectContext? ctx = null)
    {
        if (b.Length < 4 || ScyllaHeader.U32(b, 0) != (uint)b.Length)
        {
            return false;
        }

        var t = ctx?.Tree;
        int end = b.Length;
        int off = 4;
        if (verb == ScyllaVerbs.GossipDigestSyn)
        {
            if (!TryString(b, ref off, end, out int cs, out int cl) || !TryString(b, ref off, end, out int ps, out int pl))
            {
                return false;
            }

            if (d is not null)
            {
                t!.AddBytes(d._f.GossipClusterId, at + cs - 4, cl + 4, at + cs, cl);
                t.AddBytes(d._f.GossipPartitioner, at + ps - 4, pl + 4, at + ps, pl);
                if (ctx!.Columns.Enabled)
                {
                    d._text.Append(", cluster="u8);
                    d._text.Append(b.Slice(cs, Math.Min(cl, 64)));
                }
            }
        }

        if (verb != ScyllaVerbs.GossipDigestAck2 && !WalkDigests(d, ctx, b, at, ref off, end))
        {
            return false;
        }

        if (verb != ScyllaVerbs.GossipDigestSyn && !WalkEndpointStates(d, ctx, b, at, ref off, end))
        {
            return false;
        }

        // group0_id (5.4+) follows the digests; members a newer release appended after it are skipped.
        if (verb == ScyllaVerbs.GossipDigestSyn && end - off >= UuidSize)
        {
            d?.AddGroup0(ctx!, at + off);
        }

        return true;
    }

    private void AddGroup0(DissectContext ctx, int offset) => ctx.Tree.AddBytes(_f.GossipGroup0Id, offset, UuidSize);

    private static bool WalkDigests(ScyllaDissector? d, DissectContext? ctx, ReadOnlySpan<byte> b, int at, ref int off, int end)
    {
        if (end - off < 4)
        {
            return false;
        }

        uint count = ScyllaHeader.U32(b, off);
        if (count > (uint)(end - off - 4) / GossipDigestMinSize)
        {
            return false;
        }

        d?.AddCount(ctx!, d._f.GossipDigestCount, at + off, count);
        off += 4;
        for (uint i = 0; i < count; i++)
        {
            int start = off;
            if (!TryFrame(b, ref off, end, out int frameEnd) || !TryAddress(b, ref off, frameEnd, out int addr, out int alen)
                || frameEnd - off < 8)
            {
                return false;
            }

            if (d is not null)
            {
                var t = ctx!.Tree;
                int node = t.Open(d._f.GossipDigest, at + start, frameEnd - start);
                d.AddAddress(ctx, b, at, addr, alen);
                t.AddInt(d._f.GossipGeneration, at + off, 4, (int)ScyllaHeader.U32(b, off));
                t.AddInt(d._f.GossipMaxVersion, at + off + 4, 4, (int)ScyllaHeader.U32(b, off + 4));
                t.Close(node);
            }

            off = frameEnd;
        }

        return true;
    }

    private static bool WalkEndpointStates(ScyllaDissector? d, DissectContext? ctx, ReadOnlySpan<byte> b, int at, ref int off, int end)
    {
        if (end - off < 4)
        {
            return false;
        }

        uint count = ScyllaHeader.U32(b, off);
        if (count > (uint)(end - off - 4) / EndpointStateMinSize)
        {
            return false;
        }

        d?.AddCount(ctx!, d._f.GossipEndpointStateCount, at + off, count);
        off += 4;
        for (uint i = 0; i < count; i++)
        {
            int start = off;
            if (!TryAddress(b, ref off, end, out int addr, out int alen) || !TryFrame(b, ref off, end, out int stateEnd))
            {
                return false;
            }

            int hb = off;
            if (!TryFrame(b, ref off, stateEnd, out int hbEnd) || hbEnd - off < 8)
            {
                return false;
            }

            int node = -1;
            if (d is not null)
            {
                var t = ctx!.Tree;
                node = t.Open(d._f.GossipEndpointState, at + start, stateEnd - start);
                d.AddAddress(ctx, b, at, addr, alen);
                int hbNode = t.Open(d._f.GossipHeartBeat, at + hb, hbEnd - hb);
                t.AddInt(d._f.GossipHeartBeatGeneration, at + off, 4, (int)ScyllaHeader.U32(b, off));
                t.AddInt(d._f.GossipHeartBeatVersion, at + off + 4, 4, (int)ScyllaHeader.U32(b, off + 4));
                t.Close(hbNode);
            }

            off = hbEnd;
            if (stateEnd - off < 4)
            {
                return false;
            }

            uint states = ScyllaHeader.U32(b, off);
            if (states > (uint)(stateEnd - off - 4) / AppStateMinSize)
            {
                return false;
            }

            off += 4;
            for (uint j = 0; j < states; j++)
            {
                int key = off;
                if (stateEnd - off < 4)
                {
                    return false;
                }

                off += 4;
                if (!TryFrame(b, ref off, stateEnd, out int vvEnd) || !TryString(b, ref off, vvEnd, out int vs, out int vl) || vvEnd - off < 4)
                {
                    return false;
                }

                if (d is not null)
                {
                    var t = ctx!.Tree;
                    uint state = ScyllaHeader.U32(b, key);
                    int sn = t.Open(d._f.GossipAppState, at + key, vvEnd - key, state);
                    if (sn >= 0 && t.WantsText)
                    {
                        t.SetLabel(sn, ScyllaValues.ApplicationState.TryGetName(state, out string name) ? name : "Unknown application state");
                    }

                    t.AddUInt(d._f.GossipAppStateId, at + key, 4, state);
                    t.AddBytes(d._f.GossipAppValue, at + vs - 4, vl + 4, at + vs, vl);
                    t.AddInt(d._f.GossipAppVersion, at + off, 4, (int)ScyllaHeader.U32(b, off));
                    t.Close(sn);
                }

                off = vvEnd;
            }

            // Members of a newer endpoint_state stay inside its frame.
            off = stateEnd;
            if (d is not null)
            {
                ctx!.Tree.Close(node);
            }
        }

        return true;
    }

    private void AddCount(DissectContext ctx, Dissectors.Core.Fields.FieldId field, int offset, uint count) =>
        ctx.Tree.AddUInt(field, offset, 4, count);

    private void AddAddress(DissectContext ctx, ReadOnlySpan<byte> b, int at, int addr, int alen)
    {
        var t = ctx.Tree;
        if (alen == 4)
        {
            // Written as a little-endian u32 holding the address in host order (127.0.0.1 = 0x7f000001).
            t.AddIPv4(_f.GossipEndpoint, at + addr, ScyllaHeader.U32(b, addr));
        }
        else
        {
            t.AddBytes(_f.GossipEndpointIPv6, at + addr - 4, Ipv6Size + 4, at + addr, Ipv6Size);
        }
    }

    /// <summary>A class frame: its u32 size counts itself and must end inside <paramref name="end"/>.</summary>
    private static bool TryFrame(ReadOnlySpan<byte> b, ref int off, int end, out int frameEnd)
    {
        frameEnd = 0;
        if (end - off < 4)
        {
            return false;
        }

        uint size = ScyllaHeader.U32(b, off);
        if (size < 4 || size > (uint)(end - off))
        {
            return false;
        }

        frameEnd = off + (int)size;
        off += 4;
        return true;
    }

    private static bool TryString(ReadOnlySpan<byte> b, ref int off, int end, out int start, out int length)
    {
        start = length = 0;
        if (end - off < 4)
        {
            return false;
        }

        uint len = ScyllaHeader.U32(b, off);
        if (len > (uint)(end - off - 4))
        {
            return false;
        }

        start = off + 4;
        length = (int)len;
        off = start + length;
        return true;
    }

    /// <summary>An inet_address: <paramref name="addr"/> is where the 4 IPv4 or 16 IPv6 bytes start.</summary>
    private static bool TryAddress(ReadOnlySpan<byte> b, ref int off, int end, out int addr, out int length)
    {
        addr = length = 0;
        if (end - off < 4)
        {
            return false;
        }

        if (ScyllaHeader.U32(b, off) != Ipv6Marker)
        {
            addr = off;
            length = 4;
            off += 4;
            return true;
        }

        if (end - off < 4 + Ipv6Size)
        {
            return false;
        }

        addr = off + 4;
        length = Ipv6Size;
        off += 4 + Ipv6Size;
        return true;
    }
}
