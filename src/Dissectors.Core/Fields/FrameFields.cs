namespace Dissectors.Core.Fields;

/// <summary>Fields of the <c>frame</c> pseudo-protocol.</summary>
public sealed class FrameFields
{
    public FrameFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("frame", "Frame", "Frame");
        EncapType = r.Add("frame.encap_type", "Encapsulation type", FieldType.Int16, FieldBase.Dec, values: CoreValues.FrameEncapType);
        Time = r.Add("frame.time", "Arrival Time", FieldType.AbsoluteTime, blurb: "Absolute time when this frame was captured");
        OffsetShift = r.Add("frame.offset_shift", "Time shift for this packet", FieldType.RelativeTime, blurb: "Time shift applied to this packet");
        TimeEpoch = r.Add("frame.time_epoch", "Epoch Time", FieldType.RelativeTime, blurb: "Epoch time when this frame was captured");
        TimeDelta = r.Add("frame.time_delta", "Time delta from previous captured frame", FieldType.RelativeTime);
        TimeDeltaDisplayed = r.Add("frame.time_delta_displayed", "Time delta from previous displayed frame", FieldType.RelativeTime);
        TimeRelative = r.Add("frame.time_relative", "Time since reference or first frame", FieldType.RelativeTime, blurb: "Time relative to time reference or first frame");
        Number = r.Add("frame.number", "Frame Number", FieldType.UInt32, FieldBase.Dec);
        Len = r.Add("frame.len", "Frame length on the wire", FieldType.UInt32, FieldBase.Dec);
        CapLen = r.Add("frame.cap_len", "Frame length stored into the capture file", FieldType.UInt32, FieldBase.Dec);
        Marked = r.AddBoolean("frame.marked", "Frame is marked", bits: 0, blurb: "Frame is marked in the GUI");
        Ignored = r.AddBoolean("frame.ignored", "Frame is ignored", bits: 0, blurb: "Frame is ignored by the dissectors");
        Protocols = r.Add("frame.protocols", "Protocols in frame", FieldType.String, blurb: "Protocols carried by this frame");
        InterfaceId = r.Add("frame.interface_id", "Interface id", FieldType.UInt32, FieldBase.Dec);
        InterfaceName = r.Add("frame.interface_name", "Interface name", FieldType.String, blurb: "The friendly name for this interface");
        Comment = r.Add("frame.comment", "Comment", FieldType.String);
        PacketFlags = r.Add("frame.packet_flags", "Packet flags", FieldType.UInt32, FieldBase.Hex);
        PacketFlagsDirection = r.Add("frame.packet_flags_direction", "Direction", FieldType.UInt32, FieldBase.Hex, values: CoreValues.FramePacketFlagsDirection, bitmask: 0x3);
        FileOff = r.Add("frame.file_off", "File Offset", FieldType.Int64, FieldBase.Dec);
        SectionNumber = r.Add("frame.section_number", "Section number", FieldType.UInt32, FieldBase.Dec, blurb: "The number of the file section this frame is in");
        LenLtCaplen = r.Add("frame.len_lt_caplen", "Frame length is less than captured length", FieldType.None);
    }

    public FieldId Protocol { get; }

    public FieldId EncapType { get; }

    public FieldId Time { get; }

    public FieldId OffsetShift { get; }

    public FieldId TimeEpoch { get; }

    public FieldId TimeDelta { get; }

    public FieldId TimeDeltaDisplayed { get; }

    public FieldId TimeRelative { get; }

    public FieldId Number { get; }

    public FieldId Len { get; }

    public FieldId CapLen { get; }

    public FieldId Marked { get; }

    public FieldId Ignored { get; }

    public FieldId Protocols { get; }

    public FieldId InterfaceId { get; }

    public FieldId InterfaceName { get; }

    public FieldId Comment { get; }

    public FieldId PacketFlags { get; }

    public FieldId PacketFlagsDirection { get; }

    public FieldId FileOff { get; }

    public FieldId SectionNumber { get; }

    public FieldId LenLtCaplen { get; }
}
