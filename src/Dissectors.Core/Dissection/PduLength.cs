namespace Dissectors.Core.Dissection;

/// <summary>What a stream dissector says about the bytes at the head of a stream direction.</summary>
public enum PduLengthKind : byte
{
    /// <summary>The next PDU is <see cref="PduLength.Length"/> bytes long.</summary>
    Complete,
    /// <summary>Not enough bytes to tell; call again once at least <see cref="PduLength.Length"/> bytes are buffered.</summary>
    NeedMore,
    /// <summary>The bytes cannot be the start of a PDU (impossible length, bad magic): a desync.</summary>
    Invalid,
    /// <summary>This conversation is not the dissector's protocol at all; fall back to data.</summary>
    NotMine,
}

/// <summary>
/// The answer of <see cref="IStreamDissector.GetPduLength"/>. Lengths are 64-bit so header arithmetic on
/// 32-bit wire lengths cannot wrap; <see cref="FromTotal"/> turns anything above the protocol's maximum
/// into <see cref="PduLengthKind.Invalid"/> before any byte is buffered for it.
/// </summary>
public readonly record struct PduLength(PduLengthKind Kind, long Length, string? Reason = null)
{
    public static PduLength Complete(long length) => new(PduLengthKind.Complete, length);

    /// <summary>Need at least <paramref name="atLeast"/> bytes in total (not additional).</summary>
    public static PduLength NeedMore(long atLeast) => new(PduLengthKind.NeedMore, atLeast);

    public static PduLength Invalid(string reason) => new(PduLengthKind.Invalid, 0, reason);

    public static PduLength NotMine(string reason) => new(PduLengthKind.NotMine, 0, reason);

    /// <summary>A complete length, or Invalid when it is below <paramref name="min"/> or above <paramref name="max"/>.</summary>
    public static PduLength FromTotal(long total, long max, long min = 1) =>
        total < min ? Invalid($"length {total} is below the minimum {min}")
        : total > max ? Invalid($"length {total} exceeds the limit {max}")
        : Complete(total);
}
