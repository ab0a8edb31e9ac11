using Dissectors.Core.Fields;

namespace Dissectors.Core.Expert;

/// <summary>
/// A registered expert item (Wireshark's <c>ei_register_info</c>): its abbreviation is also a filterable
/// field, and each occurrence adds <c>_ws.expert</c> with message, severity and group.
/// </summary>
public sealed class ExpertDef
{
    internal ExpertDef(int index, FieldId field, string abbrev, string message, ExpertGroup group, ExpertSeverity severity)
    {
        Index = index;
        Field = field;
        Abbrev = abbrev;
        Message = message;
        Group = group;
        Severity = severity;
    }

    /// <summary>Position in the registry's expert list.</summary>
    public int Index { get; }

    /// <summary>The FT_NONE field under which the item is filterable.</summary>
    public FieldId Field { get; }

    public string Abbrev { get; }

    /// <summary>Default message, used when an occurrence gives none of its own.</summary>
    public string Message { get; }

    public ExpertGroup Group { get; }

    public ExpertSeverity Severity { get; }

    /// <summary>True for items that mean "this data is malformed" (they also add <c>_ws.malformed</c>-style counts).</summary>
    public bool IsMalformed => Group == ExpertGroup.Malformed;

    public override string ToString() => Abbrev;
}
