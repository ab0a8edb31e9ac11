namespace Dissectors.Filter.Evaluation;

/// <summary>A compiled logical test.</summary>
internal abstract class TestNode
{
    public abstract bool Evaluate(EvalContext ctx);
}
