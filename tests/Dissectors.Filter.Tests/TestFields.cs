using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Filter.Tests;

/// <summary>
/// A registry with the core fields (as the CLI builds it) plus a "t" protocol holding one field of every
/// field type, and a frame builder that places values in the frame bytes so that slices and
/// <c>contains</c> see them as a dissector would leave them.
/// </summary>
internal sealed class TestFields
{
    public TestFields()
    {
        Registry = new FieldRegistry();
        Core = new CoreFields(Registry);
        var r = Registry;
        Proto = r.AddProtocol("t", "Test protocol", "T");
        Bool = r.AddBoolean("t.bool", "Bool");
        FlagBit = r.AddBoolean("t.flag", "Flag bit", bits: 8, bitmask: 0x04);
        Char = r.Add("t.char", "Char", FieldType.Char);
        U8 = r.Add("t.u8", "U8", FieldType.UInt8);
        U16 = r.Add("t.u16", "U16", FieldType.UInt16);
        U24 = r.Add("t.u24", "U24", FieldType.UInt24);
        U32 = r.Add("t.u32", "U32", FieldType.UInt32);
        U40 = r.Add("t.u40", "U40", FieldType.UInt40);
        U48 = r.Add("t.u48", "U48", FieldType.UInt48);
        U56 = r.Add("t.u56", "U56", FieldType.UInt56);
        U64 = r.Add("t.u64", "U64", FieldType.UInt64);
        I8 = r.Add("t.i8", "I8", FieldType.Int8);
        I16 = r.Add("t.i16", "I16", FieldType.Int16);
        I24 = r.Add("t.i24", "I24", FieldType.Int24);
        I32 = r.Add("t.i32", "I32", FieldType.Int32);
        I40 = r.Add("t.i40", "I40", FieldType.Int40);
        I48 = r.Add("t.i48", "I48", FieldType.Int48);
        I56 = r.Add("t.i56", "I56", FieldType.Int56);
        I64 = r.Add("t.i64", "I64", FieldType.Int64);
        Masked = r.Add("t.masked", "Masked", FieldType.UInt16, bitmask: 0x0FF0);
        Opcode = r.Add("t.opcode", "Opcode", FieldType.UInt8, FieldBase.Dec,
            ValueStrings.From((1, "STARTUP"), (7, "QUERY"), (8, "RESULT"), (10, "EXECUTE"), (20, "Use Database")));
        Float = r.Add("t.float", "Float", FieldType.Float);
        Double = r.Add("t.double", "Double", FieldType.Double);
        Str = r.Add("t.str", "String", FieldType.String);
        Bytes = r.Add("t.bytes", "Bytes", FieldType.Bytes);
        IPv4 = r.Add("t.ipv4", "IPv4", FieldType.IPv4);
        IPv6 = r.Add("t.ipv6", "IPv6", FieldType.IPv6);
        Mac = r.Add("t.mac", "MAC", FieldType.Ether);
        Abs = r.Add("t.abs", "Absolute time", FieldType.AbsoluteTime);
        Rel = r.Add("t.rel", "Relative time", FieldType.RelativeTime);
        FrameRef = r.Add("t.frame", "Frame reference", FieldType.FrameNum);
        Label = r.Add("t.label", "Label", FieldType.None);
        Guid = r.Add("t.guid", "GUID", FieldType.Guid);
        Other = r.AddProtocol("u", "Other test protocol", "U");
        OtherU8 = r.Add("u.u8", "U8", FieldType.UInt8);
        r.Freeze();
        Tree = new FieldTree(Registry, Core);
    }

    public FieldRegistry Registry { get; }

    public CoreFields Core { get; }

    public FieldTree Tree { get; }

    public FieldId Proto { get; }

    public FieldId Bool { get; }

    public FieldId FlagBit { get; }

    public FieldId Char { get; }

    public FieldId U8 { get; }

    public FieldId U16 { get; }

    public FieldId U24 { get; }

    public FieldId U32 { get; }

    public FieldId U40 { get; }

    public FieldId U48 { get; }

    public FieldId U56 { get; }

    public FieldId U64 { get; }

    public FieldId I8 { get; }

    public FieldId I16 { get; }

    public FieldId I24 { get; }

    public FieldId I32 { get; }

    public FieldId I40 { get; }

    public FieldId I48 { get; }

    public FieldId I56 { get; }

    public FieldId I64 { get; }

    public FieldId Masked { get; }

    public FieldId Opcode { get; }

    public FieldId Float { get; }

    public FieldId Double { get; }

    public FieldId Str { get; }

    public FieldId Bytes { get; }

    public FieldId IPv4 { get; }

    public FieldId IPv6 { get; }

    public FieldId Mac { get; }

    public FieldId Abs { get; }

    public FieldId Rel { get; }

    public FieldId FrameRef { get; }

    public FieldId Label { get; }

    public FieldId Guid { get; }

    public FieldId Other { get; }

    public FieldId OtherU8 { get; }

    public CompiledFilter Compile(string text)
    {
        Assert.True(DisplayFilter.TryCompile(text, Registry, out var filter, out var error), $"{text}: {error?.Message}");
        return filter!;
    }

    public FilterError Reject(string text)
    {
        Assert.False(DisplayFilter.TryCompile(text, Registry, out _, out var error), $"{text} compiled");
        return error!;
    }

    /// <summary>Starts a frame of <paramref name="frame"/> bytes with the "t" protocol open over all of it.</summary>
    public Frame Begin(byte[] frame)
    {
        Tree.BeginFrame(frame);
        return new Frame(this, Tree.Open(Proto, 0, frame.Length));
    }

    /// <summary>One frame being built; <see cref="Done"/> closes the protocol.</summary>
    public readonly struct Frame(TestFields f, int protocolNode)
    {
        public FieldTree Tree => f.Tree;

        public Frame U(FieldId id, ulong value, int offset = 0, int length = 1)
        {
            f.Tree.AddUInt(id, offset, length, value);
            return this;
        }

        public Frame I(FieldId id, long value, int offset = 0, int length = 1)
        {
            f.Tree.AddInt(id, offset, length, value);
            return this;
        }

        public Frame B(FieldId id, int offset, int length)
        {
            f.Tree.AddBytes(id, offset, length);
            return this;
        }

        public FieldTree Done()
        {
            f.Tree.Close(protocolNode);
            return f.Tree;
        }
    }
}
