using Dissectors.Filter.Parsing;

namespace Dissectors.Filter.Evaluation;

/// <summary>
/// <c>value[ranges]</c>: the selected bytes of each value. One range stays a view of the original
/// bytes; several ranges are joined in the scratch buffer. A range outside the value gives an empty
/// value, as in tshark 4.0: <c>x[5:2] == x[9:2]</c> and <c>x[5:2] == ""</c> hold for a 1-byte x, while the
/// bare test <c>x[5:2]</c> does not (<see cref="ValueExistsNode"/> wants a non-empty slice).
/// </summary>
internal sealed class SliceNode : ValueNode
{
    private readonly ValueNode _inner;
    private readonly SliceRange[] _ranges;

    public SliceNode(ValueNode inner, IReadOnlyList<SliceRange> ranges, VKind kind)
        : base(kind)
    {
        _inner = inner;
        _ranges = [.. ranges];
    }

    public override void Evaluate(EvalContext ctx)
    {
        _inner.Evaluate(ctx);
        Values.Clear();
        var src = _inner.Values;
        for (int i = 0; i < src.Count; i++)
        {
            ref FValue v = ref src[i];
            if (!v.HasBytes)
            {
                continue;
            }

            int length = ctx.BytesOf(v).Length;
            if (_ranges.Length == 1)
            {
                var r = v;
                r.Kind = Kind;
                if (Resolve(_ranges[0], length, out int s, out int n))
                {
                    r.Offset = v.Offset + s;
                    r.Length = n;
                }
                else
                {
                    r.Length = 0;
                }

                Values.Add(r);
                continue;
            }

            int total = 0;
            bool ok = true;
            foreach (var range in _ranges)
            {
                if (!Resolve(range, length, out _, out int n))
                {
                    ok = false;
                    break;
                }

                total += n;
            }

            if (!ok)
            {
                Values.Add(new FValue { Kind = Kind, Origin = Origin.Scratch, Offset = ctx.ScratchUsed, Length = 0, Node = v.Node, Prefix = -1 });
                continue;
            }

            int off = ctx.Allocate(total, out Span<byte> dest);
            var bytes = ctx.BytesOf(v);
            int o = 0;
            foreach (var range in _ranges)
            {
                Resolve(range, length, out int s, out int n);
                bytes.Slice(s, n).CopyTo(dest[o..]);
                o += n;
            }

            Values.Add(new FValue { Kind = Kind, Origin = Origin.Scratch, Offset = off, Length = total, Node = v.Node, Prefix = -1 });
        }
    }

    private static bool Resolve(SliceRange r, int length, out int start, out int count)
    {
        start = r.Start < 0 ? length + r.Start : r.Start;
        count = r.Length ?? length - start;
        if (start < 0 || count <= 0 || start + count > length)
        {
            return false;
        }

        return true;
    }
}
