using Dissectors.Testing;

namespace Dissectors.Core.Tests.Reassembly;

public class DisableProtocolTests
{
    [Fact]
    public void DisabledModule_GetsNoConversation_AndItsPayloadIsData_EvenWithDecodeAs()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, TlvModule.Pdu(10, 0x11));
        var h = new PipelineHarness();
        Assert.True(h.Engine.Table.Disable("TLV"));
        Assert.True(h.Engine.TryAddDecodeAs("tcp.port==9999,tlv", out _));
        h.Run(flow.Frames);

        Assert.Empty(h.Module.Pdus);
        Assert.Equal("eth:ethertype:ip:tcp:data", h.Protocols[3]);
        Assert.True(h.Engine.Registry.TryGet("tlv.length", out _), "a disabled protocol's fields stay known to filters");
    }

    [Fact]
    public void DisablingAnUnknownName_ChangesNothing()
    {
        var flow = new TcpFlowBuilder().Handshake();
        flow.Send(true, TlvModule.Pdu(10, 0x11));
        var h = new PipelineHarness();
        Assert.False(h.Engine.Table.Disable("mysql"));
        h.Run(flow.Frames);

        Assert.Single(h.Module.Pdus);
    }
}
