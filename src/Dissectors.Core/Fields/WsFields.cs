using Dissectors.Core.Expert;

namespace Dissectors.Core.Fields;

/// <summary>Wireshark's pseudo-protocols for expert info and malformed data (<c>_ws.expert</c>, <c>_ws.malformed</c>).</summary>
public sealed class WsFields
{
    public WsFields(FieldRegistry r)
    {
        Expert = r.AddProtocol("_ws.expert", "Expert Info", "Expert");
        ExpertMessage = r.Add("_ws.expert.message", "Message", FieldType.String, blurb: "Wireshark expert information");
        ExpertGroup = r.Add("_ws.expert.group", "Group", FieldType.UInt32, FieldBase.None, values: ExpertValues.Group, blurb: "Wireshark expert group");
        ExpertSeverity = r.Add("_ws.expert.severity", "Severity level", FieldType.UInt32, FieldBase.None, values: ExpertValues.Severity, blurb: "Wireshark expert severity level");
        Malformed = r.AddProtocol("_ws.malformed", "Malformed Packet", "Malformed packet");
        MalformedExpert = r.AddExpert("_ws.malformed.expert", "Malformed Packet (Exception occurred)", Core.Expert.ExpertGroup.Malformed, Core.Expert.ExpertSeverity.Error);
        DissectorBug = r.AddExpert("_ws.malformed.dissector_bug", "Dissector bug", Core.Expert.ExpertGroup.Malformed, Core.Expert.ExpertSeverity.Error);
        ReassemblyError = r.AddExpert("_ws.malformed.reassembly", "Reassembly error", Core.Expert.ExpertGroup.Malformed, Core.Expert.ExpertSeverity.Error);
        Text = r.Add("_ws.text", "Text item", FieldType.None);
        Short = r.AddProtocol("_ws.short", "Short Frame", "Short frame");
        TooManyItems = r.AddExpert("_ws.too_many_items", "Too many items in this frame; the rest were dropped", Core.Expert.ExpertGroup.Malformed, Core.Expert.ExpertSeverity.Error);
    }

    public FieldId Expert { get; }

    public FieldId ExpertMessage { get; }

    public FieldId ExpertGroup { get; }

    public FieldId ExpertSeverity { get; }

    public FieldId Malformed { get; }

    public ExpertDef MalformedExpert { get; }

    public ExpertDef DissectorBug { get; }

    public ExpertDef ReassemblyError { get; }

    /// <summary>
    /// A text-only tree item (Wireshark's <c>proto_tree_add_text</c>/subtree headers such as "[Timestamps]"):
    /// it has a label and no value; JSON output uses the label as its key.
    /// </summary>
    public FieldId Text { get; }

    public FieldId Short { get; }

    public ExpertDef TooManyItems { get; }
}
