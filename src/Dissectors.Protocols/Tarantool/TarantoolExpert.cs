using Dissectors.Core.Expert;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Tarantool;

/// <summary>Tarantool expert items (dissect's own; Wireshark has no Tarantool dissector).</summary>
internal sealed class TarantoolExpert
{
    public TarantoolExpert(FieldRegistry r)
    {
        Truncated = r.AddExpert("tnt.truncated", "Message ends inside a MsgPack value", ExpertGroup.Malformed, ExpertSeverity.Error);
        BadMsgPack = r.AddExpert("tnt.bad_msgpack", "Invalid MsgPack (reserved byte 0xc1 or wrong type)", ExpertGroup.Malformed, ExpertSeverity.Error);
        CountTooLarge = r.AddExpert("tnt.count_too_large", "MsgPack length or element count larger than the bytes left", ExpertGroup.Malformed, ExpertSeverity.Error);
        TooDeep = r.AddExpert("tnt.too_deep", "MsgPack nesting deeper than dissect follows", ExpertGroup.Undecoded, ExpertSeverity.Warning);
        HeaderNotMap = r.AddExpert("tnt.header_not_map", "Header is not a MsgPack map", ExpertGroup.Malformed, ExpertSeverity.Error);
        BodyNotMap = r.AddExpert("tnt.body_not_map", "Body is not a MsgPack map", ExpertGroup.Malformed, ExpertSeverity.Error);
        TrailingBytes = r.AddExpert("tnt.trailing_bytes", "Bytes after the body map", ExpertGroup.Protocol, ExpertSeverity.Note);
        BadLength = r.AddExpert("tnt.bad_length", "Packet length is not a MsgPack unsigned integer or is above the limit: resynchronising", ExpertGroup.Malformed, ExpertSeverity.Error);
        BadExtSize = r.AddExpert("tnt.bad_ext_size", "Extension value has the wrong size for its type", ExpertGroup.Malformed, ExpertSeverity.Warning);
        ErrorResponse = r.AddExpert("tnt.error_response", "Error response", ExpertGroup.ResponseCode, ExpertSeverity.Note);
        TooManyValues = r.AddExpert("tnt.too_many_values", "Too many MsgPack values in one message: the rest is summarised", ExpertGroup.Undecoded, ExpertSeverity.Note);
        NoGreeting = r.AddExpert("tnt.greeting_missing", "Capture starts mid-connection: no greeting seen", ExpertGroup.Sequence, ExpertSeverity.Chat);
        BadGreeting = r.AddExpert("tnt.bad_greeting", "Greeting does not have the expected two lines", ExpertGroup.Malformed, ExpertSeverity.Warning);
        Unparsed = r.AddExpert("tnt.unparsed", "Bytes that are not an iproto message (after a gap)", ExpertGroup.Reassemble, ExpertSeverity.Warning);
    }

    public ExpertDef Truncated { get; }
    public ExpertDef BadMsgPack { get; }
    public ExpertDef CountTooLarge { get; }
    public ExpertDef TooDeep { get; }
    public ExpertDef HeaderNotMap { get; }
    public ExpertDef BodyNotMap { get; }
    public ExpertDef TrailingBytes { get; }
    public ExpertDef BadLength { get; }
    public ExpertDef BadExtSize { get; }
    public ExpertDef ErrorResponse { get; }
    public ExpertDef TooManyValues { get; }
    public ExpertDef NoGreeting { get; }
    public ExpertDef BadGreeting { get; }
    public ExpertDef Unparsed { get; }
}
