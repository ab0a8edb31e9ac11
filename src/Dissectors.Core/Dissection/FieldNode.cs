namespace Dissectors.Core.Dissection;

/// <summary>Per-node flags.</summary>
[Flags]
public enum NodeFlags : ushort
{
    None = 0,
    /// <summary>Shown in brackets: the value was computed, not read from the bytes.</summary>
    Generated = 1,
    /// <summary>Not shown in the tree, still filterable.</summary>
    Hidden = 2,
    /// <summary>The node has its own label text in the label arena.</summary>
    HasLabel = 4,
    /// <summary>An expert-info occurrence: <see cref="FieldNode.Value"/> is the expert index.</summary>
    Expert = 8,
    /// <summary>The label replaces only the value part ("Name: label") rather than the whole line.</summary>
    LabelIsValue = 16,
    /// <summary>Append the label after the normal rendering ("Name: value label").</summary>
    LabelAppend = 32,
}

/// <summary>
/// One item of the per-frame field tree. The tree is a flat array in pre-order: a node's descendants
/// are the nodes between it and <see cref="End"/>. Values live in <see cref="Value"/> (integers, IPv4,
/// MAC, doubles as bits, times in ns) or in a byte range of a data source (strings, bytes, IPv6, GUIDs).
/// </summary>
public struct FieldNode
{
    public int Field;
    public int Parent;
    /// <summary>One past the last descendant.</summary>
    public int End;
    /// <summary>Next node of the same field in this frame, or -1.</summary>
    public int NextSame;
    /// <summary>Where the node's bytes are: a data-source index (0 = the frame, 1 = the frame arena).</summary>
    public int Offset;
    public int Length;
    public ulong Value;
    /// <summary>For byte-valued fields: where the value bytes are (may differ from the node's span).</summary>
    public int ValueOffset;
    public int ValueLength;
    public int LabelOffset;
    public int LabelLength;
    public NodeFlags Flags;
    public byte Source;
    public byte ValueSource;
    /// <summary>Which occurrence of the node's protocol in this frame it belongs to (1-based), for <c>ip.addr#2</c>.</summary>
    public byte Layer;
}
