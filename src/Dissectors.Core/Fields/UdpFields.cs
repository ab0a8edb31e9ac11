namespace Dissectors.Core.Fields;

/// <summary>UDP fields.</summary>
public sealed class UdpFields
{
    public UdpFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("udp", "User Datagram Protocol", "UDP");
        Srcport = r.Add("udp.srcport", "Source Port", FieldType.UInt16, FieldBase.PortUdp);
        Dstport = r.Add("udp.dstport", "Destination Port", FieldType.UInt16, FieldBase.PortUdp);
        Port = r.Add("udp.port", "Source or Destination Port", FieldType.UInt16, FieldBase.PortUdp);
        Length = r.Add("udp.length", "Length", FieldType.UInt16, FieldBase.Dec, blurb: "Length in octets including this header and the data");
        Checksum = r.Add("udp.checksum", "Checksum", FieldType.UInt16, FieldBase.Hex, blurb: "Details at: https://www.wireshark.org/docs/wsug_html_chunked/ChAdvChecksums.html");
        ChecksumStatus = r.Add("udp.checksum.status", "Checksum Status", FieldType.UInt8, values: CoreValues.IPv4ChecksumStatus);
        Stream = r.Add("udp.stream", "Stream index", FieldType.UInt32, FieldBase.Dec);
        Payload = r.Add("udp.payload", "Payload", FieldType.Bytes);
        TimeRelative = r.Add("udp.time_relative", "Time since first frame", FieldType.RelativeTime, blurb: "Time relative to first frame in this UDP stream");
        TimeDelta = r.Add("udp.time_delta", "Time since previous frame", FieldType.RelativeTime, blurb: "Time delta from previous frame in this UDP stream");
    }

    public FieldId Protocol { get; }

    public FieldId Srcport { get; }

    public FieldId Dstport { get; }

    public FieldId Port { get; }

    public FieldId Length { get; }

    public FieldId Checksum { get; }

    public FieldId ChecksumStatus { get; }

    public FieldId Stream { get; }

    public FieldId Payload { get; }

    public FieldId TimeRelative { get; }

    public FieldId TimeDelta { get; }
}
