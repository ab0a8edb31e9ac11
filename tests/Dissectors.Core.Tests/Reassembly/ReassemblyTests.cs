using Dissectors.Core.Dissection;
using Dissectors.Core.Reassembly;
using Dissectors.Testing;

namespace Dissectors.Core.Tests.Reassembly;

public class ReassemblyTests
{
    private static readonly byte[] s_pdu1 = TlvModule.Pdu(10, 0x11);
    private static readonly byte[] s_pdu2 = TlvModule.Pdu(17, 0x22);
    private static readonly byte[] s_stream = [.. s_pdu1, .. s_pdu2];

    [Fact]
    public void InOrder_OnePduPerSegment_EachDissectedInItsFrame()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, s_pdu1);
        flow.Send(false, s_pdu2);
        var h = new PipelineHarness();
        h.Run(flow.Frames);

        Assert.Equal(2, h.Module.Pdus.Count);
        Assert.Equal((4u, Direction.ToServer), (h.Module.Pdus[0].Frame, h.Module.Pdus[0].Direction));
        Assert.Equal((5u, Direction.ToClient), (h.Module.Pdus[1].Frame, h.Module.Pdus[1].Direction));
        Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
        Assert.Equal("eth:ethertype:ip:tcp:tlv", h.Protocols[3]);
        Assert.Equal(0, h.Pipeline.Damage.DissectorBugs);
    }

    [Fact]
    public void StreamSplitAtEveryByteOffset_PdusAreWholeAndBelongToTheFrameWithTheirLastByte()
    {
        for (int k = 1; k < s_stream.Length; k++)
        {
            var flow = new TcpFlowBuilder().Handshake();
            flow.Send(true, s_stream.AsSpan(0, k));
            flow.Send(true, s_stream.AsSpan(k));
            var h = new PipelineHarness();
            h.Run(flow.Frames);

            Assert.Equal(2, h.Module.Pdus.Count);
            Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
            Assert.Equal(s_pdu2, h.Module.Pdus[1].Pdu);
            uint firstDone = k >= s_pdu1.Length ? 4u : 5u;
            Assert.Equal(firstDone, h.Module.Pdus[0].Frame);
            Assert.Equal(5u, h.Module.Pdus[1].Frame);
        }
    }

    [Fact]
    public void StreamSplitIntoThreeSegmentsAtEveryPair_PdusAreWhole()
    {
        for (int i = 1; i < s_stream.Length - 1; i++)
        {
            for (int j = i + 1; j < s_stream.Length; j++)
            {
                var flow = new TcpFlowBuilder().Handshake();
                flow.Send(true, s_stream.AsSpan(0, i));
                flow.Send(true, s_stream.AsSpan(i, j - i));
                flow.Send(true, s_stream.AsSpan(j));
                var h = new PipelineHarness();
                h.Run(flow.Frames);
                Assert.Equal(2, h.Module.Pdus.Count);
                Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
                Assert.Equal(s_pdu2, h.Module.Pdus[1].Pdu);
            }
        }
    }

    [Fact]
    public void ManyPdusInOneSegment_AllDissectedInThatFrame()
    {
        var flow = new TcpFlowBuilder().Handshake();
        var many = new List<byte>();
        for (int i = 0; i < 20; i++)
        {
            many.AddRange(TlvModule.Pdu(i, (byte)i));
        }

        flow.Send(true, many.ToArray());
        var h = new PipelineHarness();
        h.Run(flow.Frames);
        Assert.Equal(20, h.Module.Pdus.Count);
        Assert.All(h.Module.Pdus, p => Assert.Equal(4u, p.Frame));
        Assert.Equal(20, h.Pipeline.Tree.CountOf(h.Module.Protocol));
    }

    [Fact]
    public void ReorderedSegments_AreDeliveredInSequenceOnceTheHoleFills()
    {
        var flow = new TcpFlowBuilder().Handshake();
        uint seq = flow.ClientSeq;
        flow.Segment(true, seq + (uint)s_pdu1.Length, flow.ServerSeq, TcpFlowBuilder.Psh | TcpFlowBuilder.Ack, s_pdu2);
        flow.Segment(true, seq, flow.ServerSeq, TcpFlowBuilder.Psh | TcpFlowBuilder.Ack, s_pdu1);
        var h = new PipelineHarness();
        h.Run(flow.Frames);

        Assert.Equal(2, h.Module.Pdus.Count);
        Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
        Assert.Equal(s_pdu2, h.Module.Pdus[1].Pdu);
        Assert.All(h.Module.Pdus, p => Assert.Equal(5u, p.Frame));
        Assert.Empty(h.Module.Gaps);
    }

    [Fact]
    public void Retransmission_IsNotDissectedTwice()
    {
        var flow = new TcpFlowBuilder().Handshake();
        uint seq = flow.ClientSeq;
        flow.Send(true, s_pdu1);
        flow.Segment(true, seq, flow.ServerSeq, TcpFlowBuilder.Psh | TcpFlowBuilder.Ack, s_pdu1);
        var h = new PipelineHarness();
        h.Run(flow.Frames, stepNs: 300_000_000);
        Assert.Single(h.Module.Pdus);
        Assert.True(h.Pipeline.Tree.Has(h.Engine.Core.Tcp.Retransmission.Field));
    }

    [Fact]
    public void OverlappingRetransmissionWithChangedBytes_AlreadyDeliveredBytesWin()
    {
        var flow = new TcpFlowBuilder().Handshake();
        uint seq = flow.ClientSeq;
        flow.Send(true, s_stream.AsSpan(0, 20));
        // Resend from 10 to the end, with bytes 10..19 changed: the first copy must be kept.
        var changed = s_stream.AsSpan(10).ToArray();
        changed.AsSpan(0, 10).Fill(0xEE);
        flow.Segment(true, seq + 10, flow.ServerSeq, TcpFlowBuilder.Psh | TcpFlowBuilder.Ack, changed);
        var h = new PipelineHarness();
        h.Run(flow.Frames);
        Assert.Equal(2, h.Module.Pdus.Count);
        Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
        Assert.Equal(s_pdu2, h.Module.Pdus[1].Pdu);
    }

    [Fact]
    public void SequenceNumbersWrappingPast2To32_AreReassembledAcrossTheWrap()
    {
        var flow = new TcpFlowBuilder(clientIsn: 0xFFFF_FFF0).Handshake();
        for (int k = 1; k < s_stream.Length; k += 3)
        {
            flow.ClientSeq = 0xFFFF_FFF1;
            var f = new TcpFlowBuilder(clientIsn: 0xFFFF_FFF0).Handshake();
            f.Send(true, s_stream.AsSpan(0, k));
            f.Send(true, s_stream.AsSpan(k));
            var h = new PipelineHarness();
            h.Run(f.Frames);
            Assert.Equal(2, h.Module.Pdus.Count);
            Assert.Equal(s_pdu2, h.Module.Pdus[1].Pdu);
        }
    }

    [Fact]
    public void CaptureStartingMidPdu_SkipsToTheNextPduStart()
    {
        var flow = new TcpFlowBuilder();
        var tail = s_pdu1.AsSpan(5).ToArray(); // no 0xAB in the tail of pdu1
        flow.Send(true, [.. tail, .. s_pdu2]);
        var h = new PipelineHarness();
        h.Run(flow.Frames);
        Assert.Single(h.Module.Pdus);
        Assert.Equal(s_pdu2, h.Module.Pdus[0].Pdu);
        Assert.True(h.Pipeline.Tree.Has(h.Engine.Core.Data.Data));
    }

    [Fact]
    public void LostSegment_BecomesAGap_AndTheDissectorResyncsAfterIt()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, s_pdu1.AsSpan(0, 5));
        uint lostSeq = flow.ClientSeq;
        flow.ClientSeq += (uint)(s_pdu1.Length - 5); // the rest of pdu1 was never captured
        flow.Send(true, s_pdu2);
        // The server acknowledges everything: the hole is a capture loss.
        flow.Segment(false, flow.ServerSeq, flow.ClientSeq, TcpFlowBuilder.Ack, []);
        flow.Send(true, s_pdu1);
        var h = new PipelineHarness();
        h.Run(flow.Frames);

        Assert.Single(h.Module.Gaps);
        Assert.Equal(s_pdu1.Length - 5, h.Module.Gaps[0].Lost);
        Assert.Equal(2, h.Module.Pdus.Count);
        Assert.Equal(s_pdu2, h.Module.Pdus[0].Pdu);
        Assert.Equal(s_pdu1, h.Module.Pdus[1].Pdu);
        Assert.Equal(1, h.Pipeline.Damage.Gaps);
        _ = lostSeq;
    }

    [Fact]
    public void ImpossibleLengthField_IsADesync_AndTheStreamResyncs()
    {
        var flow = new TcpFlowBuilder().Handshake();
        byte[] bogus = [TlvModule.Magic, 0xFF, 0xFF, 1, 2, 3];
        flow.Send(true, [.. bogus, .. s_pdu1]);
        flow.Send(true, s_pdu2);
        var h = new PipelineHarness();
        h.Run(flow.Frames);
        Assert.Equal(2, h.Module.Pdus.Count);
        Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
        Assert.Equal(s_pdu2, h.Module.Pdus[1].Pdu);
        Assert.Equal(0, h.Pipeline.Damage.DissectorBugs);
    }

    [Fact]
    public void PduLargerThanTheStreamBudget_IsSkippedWithoutBuffering_AndTheNextPduIsDissected()
    {
        var limits = new ReassemblyLimits { MaxBytesPerStream = 64 };
        var big = TlvModule.Pdu(500, 0x33);
        var flow = new TcpFlowBuilder().Handshake();
        for (int o = 0; o < big.Length; o += 100)
        {
            flow.Send(true, big.AsSpan(o, Math.Min(100, big.Length - o)));
        }

        flow.Send(true, s_pdu1);
        var h = new PipelineHarness(limits);
        h.Run(flow.Frames);
        Assert.Single(h.Module.Pdus);
        Assert.Equal(s_pdu1, h.Module.Pdus[0].Pdu);
        Assert.True(limits.PeakBytesInUse <= 64);
    }

    [Fact]
    public void OpenStreams_HoldNoReassemblyBuffer_OnceTheirSpanningPdusAreComplete()
    {
        // Many connections that stay open, each having had a PDU spanning segments: none of them may keep
        // the buffer of that PDU (it goes back to the pool), so memory does not grow with open connections.
        var limits = new ReassemblyLimits();
        var frames = new List<byte[]>();
        var big = TlvModule.Pdu(900, 7);
        for (ushort port = 2000; port < 2200; port++)
        {
            var f = new TcpFlowBuilder(clientPort: port).Handshake();
            f.Send(true, big.AsSpan(0, 400));
            f.Send(true, big.AsSpan(400));
            frames.AddRange(f.Frames);
        }

        var h = new PipelineHarness(limits);
        h.Run(frames);
        Assert.Equal(200, h.Module.Pdus.Count);
        Assert.Equal(0, limits.BytesInUse);
        Assert.True(limits.PeakBytesInUse > 0);
    }

    [Fact]
    public void TotalBudget_IsNeverExceeded_WithManyStreamsHoldingPartialPdus()
    {
        var limits = new ReassemblyLimits { MaxBytesTotal = 16 * 1024, MaxBytesPerStream = 8 * 1024 };
        var frames = new List<byte[]>();
        for (ushort port = 1000; port < 1100; port++)
        {
            var f = new TcpFlowBuilder(clientPort: port).Handshake();
            f.Send(true, TlvModule.Pdu(900, 1).AsSpan(0, 600));
            frames.AddRange(f.Frames);
        }

        var h = new PipelineHarness(limits);
        h.Run(frames);
        Assert.True(limits.PeakBytesInUse <= limits.MaxBytesTotal, $"peak {limits.PeakBytesInUse}");
        Assert.Equal(0, h.Pipeline.Damage.DissectorBugs);
    }

    [Fact]
    public void OnlyInterestingFields_AreKept_WhenNotBuildingEverything()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, s_pdu1);
        var h = new PipelineHarness(buildAll: false);
        h.Pipeline.SetInterest(h.Module.Length);
        h.Run(flow.Frames);
        var tree = h.Pipeline.Tree;
        Assert.True(tree.Has(h.Module.Length));
        Assert.False(tree.Has(h.Module.Payload));
        Assert.False(tree.Has(h.Engine.Core.Tcp.Seq));
        Assert.True(tree.Count <= 3, $"{tree.Count} nodes kept");
    }

    [Fact]
    public void FinOnBothSides_EndsTheConversation_AndReleasesItsBuffers()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, s_pdu1.AsSpan(0, 4));
        flow.Segment(true, flow.ClientSeq, flow.ServerSeq, TcpFlowBuilder.Fin | TcpFlowBuilder.Ack, []);
        flow.Segment(false, flow.ServerSeq, flow.ClientSeq + 1, TcpFlowBuilder.Fin | TcpFlowBuilder.Ack, []);
        var limits = new ReassemblyLimits();
        var h = new PipelineHarness(limits);
        h.Run(flow.Frames);
        Assert.Equal(1, h.Module.Ends);
        Assert.Equal(1, h.Pipeline.Damage.Unfinished);
        Assert.Equal(0, limits.BytesInUse);
    }
}
