using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Filter.Evaluation;

namespace Dissectors.Filter;

/// <summary>
/// A display filter ready to run: <see cref="Matches"/> evaluates it against a frame's tree without
/// allocating. Not thread-safe (it reuses its buffers); compile one per thread.
/// </summary>
public sealed class CompiledFilter
{
    private readonly TestNode _root;
    private readonly EvalContext _ctx;

    internal CompiledFilter(string text, TestNode root, byte[][] constants, IReadOnlyList<FieldId> referenced)
    {
        Text = text;
        _root = root;
        _ctx = new EvalContext(constants);
        ReferencedFields = referenced;
    }

    public string Text { get; }

    /// <summary>Fields (and protocols) the filter reads: the tree must keep them.</summary>
    public IReadOnlyList<FieldId> ReferencedFields { get; }

    public bool Matches(FieldTree tree)
    {
        _ctx.Tree = tree;
        _ctx.Reset();
        return _root.Evaluate(_ctx);
    }
}
