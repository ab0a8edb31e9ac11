namespace Dissectors.Core.Capture;

/// <summary>Limits that keep a damaged capture from making the reader allocate or loop without bound.</summary>
public static class CaptureLimits
{
    /// <summary>Largest record accepted. Longer lengths are treated as corruption (the rest of the file is unreadable).</summary>
    public const int MaxRecordLength = 16 * 1024 * 1024;

    /// <summary>Largest pcapng block accepted.</summary>
    public const int MaxBlockLength = MaxRecordLength + 1024 * 1024;

    /// <summary>
    /// A record's wire length from its unsigned 32-bit field: never less than what was captured, and at most
    /// <see cref="int.MaxValue"/> (tshark: wiretap shows any larger orig_len as 2147483647).
    /// </summary>
    internal static int OriginalLength(uint original, uint captured) => (int)Math.Min(Math.Max(original, captured), int.MaxValue);
}
