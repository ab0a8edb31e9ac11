namespace Dissectors.Core.Dissection;

/// <summary>
/// Running totals of what went wrong in a run, for the one-line damage summary on stderr and
/// <c>--strict</c>. Updated by the decoders, the reassembler and <see cref="DissectContext"/>.
/// </summary>
public sealed class DamageCounters
{
    /// <summary>Frames or PDUs marked <c>_ws.malformed</c>.</summary>
    public long Malformed { get; set; }

    /// <summary>Frames cut short by the capture's snap length where a header needed more.</summary>
    public long ShortFrames { get; set; }

    /// <summary>Stream gaps: bytes of a TCP direction that were never captured.</summary>
    public long Gaps { get; set; }

    public long GapBytes { get; set; }

    /// <summary>Exceptions caught by the per-PDU guard (dissector bugs). Tests assert this stays 0.</summary>
    public long DissectorBugs { get; set; }

    /// <summary>PDUs the capture ended inside of.</summary>
    public long Unfinished { get; set; }

    /// <summary>Times a memory budget forced waiting bytes to be dropped.</summary>
    public long BudgetDrops { get; set; }

    /// <summary>IP fragments that could not be reassembled (dropped or never completed).</summary>
    public long FragmentsDropped { get; set; }

    public bool Any => Malformed + ShortFrames + Gaps + DissectorBugs + Unfinished + BudgetDrops + FragmentsDropped > 0;

    /// <summary>Adds another pipeline's counts (a run split between threads reports one total).</summary>
    public void Add(DamageCounters other)
    {
        Malformed += other.Malformed;
        ShortFrames += other.ShortFrames;
        Gaps += other.Gaps;
        GapBytes += other.GapBytes;
        DissectorBugs += other.DissectorBugs;
        Unfinished += other.Unfinished;
        BudgetDrops += other.BudgetDrops;
        FragmentsDropped += other.FragmentsDropped;
    }

    public void Reset()
    {
        Malformed = ShortFrames = Gaps = GapBytes = DissectorBugs = Unfinished = BudgetDrops = FragmentsDropped = 0;
    }
}
