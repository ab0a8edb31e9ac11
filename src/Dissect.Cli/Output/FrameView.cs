using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>What a writer sees of one dissected frame. Reused for every frame.</summary>
public sealed class FrameView
{
    public FrameView(FieldTree tree, Columns columns, FrameInfo info, CoreFields core)
    {
        Tree = tree;
        Columns = columns;
        Info = info;
        Core = core;
    }

    public FieldTree Tree { get; }

    public Columns Columns { get; }

    public FrameInfo Info { get; }

    public CoreFields Core { get; }

    public FieldRegistry Registry => Tree.Registry;

    /// <summary>Time since the previous frame that was written (<c>frame.time_delta_displayed</c>), ns.</summary>
    public long DeltaDisplayedNs { get; set; }
}
