using Dissectors.Core.Pipeline;

namespace Dissectors.Core.Capture;

/// <summary>
/// The records of one shared block (<see cref="SharedBlocks"/>) as one walk over its headers found them, with
/// each record's <see cref="FlowShard"/> class and owner, so that the other readers of a split count pass over
/// the records they do not dissect without parsing or classifying them again. Built by the first reader to
/// enter the block, from where that reader stood, and kept with the block until its slot is reused.
/// <para>
/// It lists only records that <see cref="PcapReader.TryRead"/> would return without a word: whole in the block,
/// of an acceptable length, with a valid timestamp. It ends before the first record that is not (the end of
/// the block, damage), which the readers then read the usual way.
/// </para>
/// </summary>
public sealed class BlockIndex
{
    public struct Entry
    {
        /// <summary>Where the record header is in the block's array.</summary>
        public int Offset;

        /// <summary>Captured length (the record's data follows its 16-byte header).</summary>
        public int Length;

        public long TimestampNs;
        public ulong Hash;
        public uint OriginalLength;
        public ShardKind Kind;

        /// <summary>The worker that dissects it (<see cref="FlowShard.OwnerOf"/>; 0 for a frame of no flow).</summary>
        public byte Owner;
    }

    private Entry[] _entries = new Entry[4096];

    /// <summary>The array offset the walk started from (where the reader that built it stood).</summary>
    public int Start { get; private set; }

    /// <summary>The array offset just past the last listed record (<see cref="Start"/> when none).</summary>
    public int End { get; private set; }

    public int Count { get; private set; }

    public Entry[] Entries => _entries;

    /// <summary>How many workers the owners are counted among.</summary>
    public int Workers { get; private set; } = 1;

    internal void Clear(int start, int workers)
    {
        Start = start;
        Workers = workers;
        End = start;
        Count = 0;
    }

    internal ref Entry Add()
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        return ref _entries[Count++];
    }

    internal void Close(int end) => End = end;

    /// <summary>The entry whose record starts at <paramref name="offset"/>, or −1 (looked for near the start: a reader asks once per block, one or two records in).</summary>
    public int Find(int offset)
    {
        var e = _entries;
        for (int i = 0; i < Count; i++)
        {
            if (e[i].Offset == offset)
            {
                return i;
            }

            if (e[i].Offset > offset)
            {
                break;
            }
        }

        return -1;
    }
}
