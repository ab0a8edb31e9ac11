using Dissectors.Core.Reassembly;

namespace Dissectors.Core.Pipeline;

/// <summary>Per-run settings of a <see cref="FramePipeline"/>.</summary>
public sealed class PipelineOptions
{
    /// <summary>Build every field (tree or JSON output). When false, only interesting fields are kept.</summary>
    public bool BuildAll { get; init; } = true;

    /// <summary>Render labels (tree output).</summary>
    public bool Labels { get; init; } = true;

    /// <summary>Fill the Info column (summary output, <c>_ws.col.Info</c>).</summary>
    public bool Columns { get; init; } = true;

    /// <summary>Keep each frame's source and destination address (<see cref="Dissection.Columns.SourceAddress"/>): output shows them even without the other columns.</summary>
    public bool Addresses { get; init; } = true;

    public ReassemblyLimits Limits { get; init; } = new();

    /// <summary>Closed TCP conversations remembered before the oldest is forgotten (<see cref="Conversations.ConversationTable.MaxClosedKept"/>).</summary>
    public int ClosedConversationsKept { get; init; } = Conversations.ConversationTable.DefaultMaxClosedKept;

    /// <summary>Forgotten conversations' objects kept for reuse (<see cref="Conversations.ConversationTable.MaxPooled"/>); 0 turns pooling off.</summary>
    public int PooledConversations { get; init; } = Conversations.ConversationTable.DefaultMaxPooled;

    /// <summary>Most tree nodes one frame may have.</summary>
    public int MaxNodesPerFrame { get; init; } = 1_000_000;
}
