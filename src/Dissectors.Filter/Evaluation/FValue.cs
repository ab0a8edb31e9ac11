using Dissectors.Core.Dissection;

namespace Dissectors.Filter.Evaluation;

/// <summary>The kinds of value a filter expression produces.</summary>
internal enum VKind : byte
{
    /// <summary>No value: existence only (FT_NONE).</summary>
    None,
    UInt,
    Int,
    Double,
    /// <summary>Absolute time, ns since the epoch, in <see cref="FValue.I"/>.</summary>
    AbsTime,
    /// <summary>Relative time, ns, in <see cref="FValue.I"/>.</summary>
    RelTime,
    /// <summary>IPv4 address (host order) in <see cref="FValue.U"/>; bytes available too.</summary>
    IPv4,
    /// <summary>IPv6 address as 16 bytes.</summary>
    IPv6,
    /// <summary>MAC address (48 bits) in <see cref="FValue.U"/>; bytes available too.</summary>
    Ether,
    /// <summary>A byte string (FT_BYTES, protocols, slices, GUIDs).</summary>
    Bytes,
    /// <summary>A UTF-8 string.</summary>
    String,
}

/// <summary>Where a value's bytes are.</summary>
internal enum Origin : byte
{
    None,
    /// <summary>A data source of the frame's tree (<see cref="FValue.Source"/>).</summary>
    Tree,
    /// <summary>A compile-time constant (<see cref="FValue.Source"/> indexes the filter's constant table).</summary>
    Constant,
    /// <summary>The evaluation scratch buffer (computed bytes: concatenated slices, lower(), string()).</summary>
    Scratch,
}

/// <summary>One value during evaluation; a plain struct kept in reusable lists (no allocation per frame).</summary>
internal struct FValue
{
    public VKind Kind;
    public Origin Origin;
    public ushort Source;
    /// <summary>CIDR prefix length of a constant address, or -1.</summary>
    public short Prefix;
    public int Offset;
    public int Length;
    public ulong U;
    public long I;
    public double D;
    /// <summary>The tree node this value came from, or -1.</summary>
    public int Node;

    public static FValue Number(ulong v) => new() { Kind = VKind.UInt, U = v, I = (long)v, D = v, Node = -1, Prefix = -1 };

    public static FValue Signed(long v) => new() { Kind = VKind.Int, I = v, U = (ulong)v, D = v, Node = -1, Prefix = -1 };

    public static FValue Real(double v) => new() { Kind = VKind.Double, D = v, Node = -1, Prefix = -1 };

    public readonly bool IsNumeric => Kind is VKind.UInt or VKind.Int or VKind.Double or VKind.AbsTime or VKind.RelTime;

    public readonly bool HasBytes => Origin != Origin.None;
}

/// <summary>A growable list of values owned by one expression node, cleared per evaluation.</summary>
internal sealed class ValueList
{
    private FValue[] _items = new FValue[8];

    public int Count { get; private set; }

    public ref FValue this[int i] => ref _items[i];

    public void Clear() => Count = 0;

    public void Add(in FValue v)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = v;
    }
}

/// <summary>Per-evaluation state: the frame's tree, the constants and scratch space for computed bytes.</summary>
internal sealed class EvalContext
{
    private byte[] _scratch = new byte[4096];
    private char[] _chars = new char[1024];

    public EvalContext(byte[][] constants) => Constants = constants;

    public FieldTree Tree { get; set; } = null!;

    public byte[][] Constants { get; }

    public int ScratchUsed { get; private set; }

    public void Reset() => ScratchUsed = 0;

    public ReadOnlySpan<byte> BytesOf(in FValue v) => v.Origin switch
    {
        Origin.Tree => Slice(Tree.SourceBytes((byte)v.Source), v.Offset, v.Length),
        Origin.Constant => Constants[v.Source].AsSpan(v.Offset, v.Length),
        Origin.Scratch => _scratch.AsSpan(v.Offset, v.Length),
        _ => default,
    };

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> s, int offset, int length)
    {
        if ((uint)offset > (uint)s.Length)
        {
            return default;
        }

        return s.Slice(offset, Math.Min(length, s.Length - offset));
    }

    /// <summary>Reserves scratch bytes (valid for this evaluation); returns their offset.</summary>
    public int Allocate(int length, out Span<byte> span)
    {
        if (ScratchUsed + length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, ScratchUsed + length));
        }

        int off = ScratchUsed;
        ScratchUsed += length;
        span = _scratch.AsSpan(off, length);
        return off;
    }

    /// <summary>Gives back the tail of the last allocation (when fewer bytes were written than reserved).</summary>
    public void Trim(int offset, int used) => ScratchUsed = offset + used;

    /// <summary>
    /// One char per byte (Latin-1) for regex matching: tshark 4.0 runs PCRE2 without UTF mode, so "." is one
    /// byte and a UTF-8 "·" is two; the pattern is mapped the same way (<see cref="Binding.Literals.RegexText"/>).
    /// </summary>
    public ReadOnlySpan<char> Chars(ReadOnlySpan<byte> bytes)
    {
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            _chars[i] = (char)bytes[i];
        }

        return _chars.AsSpan(0, bytes.Length);
    }
}
