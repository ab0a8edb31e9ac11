namespace Dissectors.Filter.Evaluation;

/// <summary>A literal converted at compile time to the type it is compared with.</summary>
internal sealed class ConstNode : ValueNode
{
    public ConstNode(FValue value)
        : base(value.Kind)
    {
        Values.Add(value);
    }

    public override bool IsConstant => true;

    public FValue Value => Values[0];

    public override void Evaluate(EvalContext ctx)
    {
        // The single value was added once at compile time.
    }
}
