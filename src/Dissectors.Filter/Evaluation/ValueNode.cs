namespace Dissectors.Filter.Evaluation;

/// <summary>A compiled value expression. Each node owns its output list; evaluation allocates nothing.</summary>
internal abstract class ValueNode
{
    protected ValueNode(VKind kind) => Kind = kind;

    /// <summary>The kind of every value this node produces.</summary>
    public VKind Kind { get; }

    /// <summary>The result of the last <see cref="Evaluate"/>.</summary>
    public ValueList Values { get; } = new();

    /// <summary>
    /// The field whose type literals compared with this value take (a field, or the leftmost field of
    /// an arithmetic expression); null for functions and constants.
    /// </summary>
    public virtual Dissectors.Core.Fields.FieldDef? TypeDef => null;

    /// <summary>True for nodes whose value does not depend on the frame.</summary>
    public virtual bool IsConstant => false;

    /// <summary>Fills <see cref="Values"/> for the current frame.</summary>
    public abstract void Evaluate(EvalContext ctx);
}
