using System.Buffers.Binary;
using Dissectors.Core.Buffers;

namespace Dissectors.Core.Dissection;

/// <summary>Kinds of address shown in the Source/Destination columns.</summary>
public enum AddressKind : byte
{
    None,
    Ether,
    IPv4,
    IPv6,
}

/// <summary>
/// The summary-line columns of one frame (Protocol, Source, Destination, Info), filled by the dissectors
/// as tshark's <c>col_*</c> calls do. Reused from frame to frame.
/// </summary>
public sealed class Columns
{
    private readonly byte[] _src = new byte[16];
    private readonly byte[] _dst = new byte[16];
    private int _fence;

    /// <summary>The Info column as UTF-8.</summary>
    public Utf8Builder Info { get; } = new(512);

    /// <summary>
    /// Short name of the innermost protocol (<c>TCP</c>, <c>CQL</c>): the Protocol column, also named in
    /// malformed-packet labels; kept only when <see cref="KeepsProtocol"/>.
    /// </summary>
    public string Protocol
    {
        get => _protocol;
        set
        {
            // Every layer sets it on every frame: a GC write barrier each, for nothing when nothing shows it.
            if (KeepsProtocol)
            {
                _protocol = value;
            }
        }
    }

    private string _protocol = "";

    /// <summary>Whether <see cref="Protocol"/> keeps what it is set to (false when neither columns nor labels are shown).</summary>
    public bool KeepsProtocol { get; set; } = true;

    public AddressKind SourceKind { get; private set; }

    public AddressKind DestinationKind { get; private set; }

    public ReadOnlySpan<byte> SourceAddress => _src.AsSpan(0, Width(SourceKind));

    public ReadOnlySpan<byte> DestinationAddress => _dst.AsSpan(0, Width(DestinationKind));

    /// <summary>When false (no summary or Info output) dissectors may skip building the Info text.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether <see cref="SetAddresses"/> keeps the addresses (false when nothing will show them: --count).</summary>
    public bool KeepsAddresses { get; set; } = true;

    private static int Width(AddressKind k) => k switch
    {
        AddressKind.Ether => 6,
        AddressKind.IPv4 => 4,
        AddressKind.IPv6 => 16,
        _ => 0,
    };

    public void Reset()
    {
        Info.Clear();
        _fence = 0;
        Protocol = "";
        SourceKind = DestinationKind = AddressKind.None;
    }

    /// <summary>
    /// The frame's source and destination: the addresses of <paramref name="kind"/> at
    /// <paramref name="sourceOffset"/> and <paramref name="destinationOffset"/> in <paramref name="header"/>.
    /// Called for every frame by the link and network layers; does nothing (not even the slicing) unless
    /// <see cref="KeepsAddresses"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void SetAddresses(AddressKind kind, ReadOnlySpan<byte> header, int sourceOffset, int destinationOffset)
    {
        if (KeepsAddresses)
        {
            CopyAddresses(kind, header[sourceOffset..], header[destinationOffset..]);
        }
    }

    // Fixed-size copies, no Memmove call.
    private void CopyAddresses(AddressKind kind, ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst)
    {
        SourceKind = DestinationKind = kind;
        switch (kind)
        {
            case AddressKind.IPv4:
                BinaryPrimitives.WriteUInt32LittleEndian(_src, BinaryPrimitives.ReadUInt32LittleEndian(src));
                BinaryPrimitives.WriteUInt32LittleEndian(_dst, BinaryPrimitives.ReadUInt32LittleEndian(dst));
                break;
            case AddressKind.Ether:
                BinaryPrimitives.WriteUInt32LittleEndian(_src, BinaryPrimitives.ReadUInt32LittleEndian(src));
                BinaryPrimitives.WriteUInt16LittleEndian(_src.AsSpan(4), BinaryPrimitives.ReadUInt16LittleEndian(src[4..]));
                BinaryPrimitives.WriteUInt32LittleEndian(_dst, BinaryPrimitives.ReadUInt32LittleEndian(dst));
                BinaryPrimitives.WriteUInt16LittleEndian(_dst.AsSpan(4), BinaryPrimitives.ReadUInt16LittleEndian(dst[4..]));
                break;
            case AddressKind.IPv6:
                BinaryPrimitives.WriteUInt64LittleEndian(_src, BinaryPrimitives.ReadUInt64LittleEndian(src));
                BinaryPrimitives.WriteUInt64LittleEndian(_src.AsSpan(8), BinaryPrimitives.ReadUInt64LittleEndian(src[8..]));
                BinaryPrimitives.WriteUInt64LittleEndian(_dst, BinaryPrimitives.ReadUInt64LittleEndian(dst));
                BinaryPrimitives.WriteUInt64LittleEndian(_dst.AsSpan(8), BinaryPrimitives.ReadUInt64LittleEndian(dst[8..]));
                break;
        }
    }

    /// <summary>Replaces the Info text after the fence (tshark's <c>col_set_str</c>/<c>col_add_str</c>).</summary>
    public void SetInfo(ReadOnlySpan<char> text)
    {
        Info.Length = _fence;
        Info.Append(text);
    }

    public void SetInfo(ReadOnlySpan<byte> utf8)
    {
        Info.Length = _fence;
        Info.Append(utf8);
    }

    /// <summary>Clears the Info text after the fence (<c>col_clear</c>).</summary>
    public void ClearInfo() => Info.Length = _fence;

    public void AppendInfo(ReadOnlySpan<char> text) => Info.Append(text);

    /// <summary>Appends with a separator when the column already has text after the fence (<c>col_append_sep_str</c>).</summary>
    public void AppendInfoSeparated(ReadOnlySpan<char> separator, ReadOnlySpan<char> text)
    {
        if (Info.Length > _fence)
        {
            Info.Append(separator);
        }

        Info.Append(text);
    }

    /// <summary>Protects the current Info text from later <see cref="SetInfo(ReadOnlySpan{char})"/> calls (<c>col_set_fence</c>).</summary>
    public void SetFence() => _fence = Info.Length;

    public int Fence => _fence;
}
