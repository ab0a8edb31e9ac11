namespace Dissectors.Core.Fields;

/// <summary>
/// The fields of the protocols the core decodes itself: frame, link layers, IP, TCP, UDP, data and
/// Wireshark's expert pseudo-protocols. Built once per <see cref="FieldRegistry"/>, in a fixed order.
/// </summary>
public sealed class CoreFields
{
    public CoreFields(FieldRegistry r)
    {
        Frame = new FrameFields(r);
        Eth = new EthFields(r);
        Vlan = new VlanFields(r);
        Sll = new SllFields(r);
        Null = new NullFields(r);
        IPv4 = new IPv4Fields(r);
        IPv6 = new IPv6Fields(r);
        Tcp = new TcpFields(r);
        Udp = new UdpFields(r);
        Data = new DataFields(r);
        Ws = new WsFields(r);
        Ethertype = r.AddProtocol("ethertype", "Ethertype", "Ethertype");
        Raw = r.AddProtocol("raw", "Raw packet data", "Raw");
    }

    public FrameFields Frame { get; }

    public EthFields Eth { get; }

    public VlanFields Vlan { get; }

    public SllFields Sll { get; }

    public NullFields Null { get; }

    public IPv4Fields IPv4 { get; }

    public IPv6Fields IPv6 { get; }

    public TcpFields Tcp { get; }

    public UdpFields Udp { get; }

    public DataFields Data { get; }

    public WsFields Ws { get; }

    /// <summary>The "ethertype" pseudo-layer Wireshark lists in <c>frame.protocols</c> after Ethernet/SLL/VLAN.</summary>
    public FieldId Ethertype { get; }

    /// <summary>Wireshark's protocol for raw-IP link types.</summary>
    public FieldId Raw { get; }
}
