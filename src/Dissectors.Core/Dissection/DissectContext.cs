using Dissectors.Core.Conversations;
using Dissectors.Core.Expert;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Dissection;

/// <summary>
/// Everything a dissector needs while dissecting one PDU of one frame. A single instance is reused for
/// every PDU; dissectors must not keep it.
/// </summary>
public sealed class DissectContext
{
    public DissectContext(FieldTree tree, Columns columns, FrameInfo frame, CoreFields core)
    {
        Tree = tree;
        Columns = columns;
        Frame = frame;
        Core = core;
    }

    public FieldTree Tree { get; }

    public Columns Columns { get; }

    public FrameInfo Frame { get; }

    public CoreFields Core { get; }

    /// <summary>The conversation of the PDU being dissected.</summary>
    public ConversationInfo Conversation { get; internal set; } = null!;

    /// <summary>0 for the first PDU in this frame, 1 for the second, ...</summary>
    public int PduIndexInFrame { get; internal set; }

    /// <summary>Absolute stream offset of the PDU's first byte in its direction (for dissectors that track positions).</summary>
    public long StreamOffset { get; internal set; }

    /// <summary>True when the PDU came straight from this frame's payload (not reassembled from several segments).</summary>
    public bool PduInFrame { get; internal set; }

    /// <summary>Number of PDUs judged malformed so far in the run (for the damage summary).</summary>
    public long MalformedCount { get; private set; }

    /// <summary>Adds an expert item at a PDU-relative offset.</summary>
    public void Expert(ExpertDef def, int offset, int length, string? message = null)
    {
        if (def.IsMalformed)
        {
            MalformedCount++;
        }

        Tree.AddExpert(def, offset, length, message);
    }

    /// <summary>
    /// Marks the rest of the PDU malformed (<c>_ws.malformed</c>), as Wireshark does when a dissector
    /// runs out of bytes or finds an impossible value. Dissection of this PDU should stop; the stream goes on.
    /// </summary>
    public void Malformed(int offset, int length, string? message = null)
    {
        MalformedCount++;
        var ws = Core.Ws;
        int node = Tree.Open(ws.Malformed, offset, length);
        Tree.SetLabel(node, message is null ? "[Malformed Packet: " + Columns.Protocol + "]" : "[Malformed Packet: " + message + "]");
        Tree.AddExpert(ws.MalformedExpert, offset, length, message is null ? null : "Malformed Packet: " + message);
        Tree.Close(node);
    }

    internal void CountMalformed() => MalformedCount++;
}
