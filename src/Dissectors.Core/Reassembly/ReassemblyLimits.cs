namespace Dissectors.Core.Reassembly;

/// <summary>
/// Memory budgets for TCP reassembly, shared by every stream of a run. A stream that would go over its
/// own budget, or push the run over the total, drops what it was waiting for (an incomplete PDU or
/// out-of-order segments): the bytes become a gap and the dissector resynchronises after it.
/// </summary>
public sealed class ReassemblyLimits
{
    /// <summary>Bytes one stream direction may hold (partial PDU plus out-of-order segments).</summary>
    public long MaxBytesPerStream { get; init; } = 64L * 1024 * 1024;

    /// <summary>Bytes all streams together may hold.</summary>
    public long MaxBytesTotal { get; init; } = 512L * 1024 * 1024;

    /// <summary>Out-of-order bytes a direction may queue behind a hole before the hole is declared lost.</summary>
    public long MaxOutOfOrderBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Segments a direction may queue behind a hole before the hole is declared lost.</summary>
    public int MaxOutOfOrderSegments { get; init; } = 256;

    /// <summary>Capture time a hole may stay open while later segments of the same direction arrive.</summary>
    public long HoleTimeoutNs { get; init; } = 200_000_000;

    /// <summary>Bytes currently held by all streams.</summary>
    public long BytesInUse { get; internal set; }

    /// <summary>Highest <see cref="BytesInUse"/> seen (reported by benchmarks and tests).</summary>
    public long PeakBytesInUse { get; private set; }

    internal bool TryReserve(long bytes)
    {
        if (BytesInUse + bytes > MaxBytesTotal)
        {
            return false;
        }

        BytesInUse += bytes;
        if (BytesInUse > PeakBytesInUse)
        {
            PeakBytesInUse = BytesInUse;
        }

        return true;
    }

    internal void Release(long bytes) => BytesInUse -= bytes;
}
