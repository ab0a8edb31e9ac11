namespace Dissectors.Core.Capture;

/// <summary>Limits that keep a damaged capture from making the reader allocate or loop without bound.</summary>
public static class CaptureLimits
{
    /// <summary>Largest record accepted. Longer lengths are treated as corruption (the rest of the file is unreadable).</summary>
    public const int MaxRecordLength = 16 * 1024 * 1024;

    /// <summary>Largest pcapng block accepted.</summary>
    public const int MaxBlockLength = MaxRecordLength + 1024 * 1024;
}
