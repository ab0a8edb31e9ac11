using Microsoft.Win32.SafeHandles;

namespace Dissectors.Core.Capture;

/// <summary>
/// One capture file read once for several readers that each walk all of it (the workers of a split count,
/// which all read every record to find their own): block <c>k</c> holds the file's bytes from
/// <c>k * BlockSize</c>, after a head room that ends with the last bytes of block <c>k - 1</c> the readers
/// still needed when they moved on (at most <see cref="Headroom"/>), so a record that straddles two blocks is
/// whole in the second. The first reader to need a block reads it
/// (the kernel's copy from the page cache was a sixth of a split run's time, paid once per reader); the
/// others find it ready. A ring of <see cref="Slots"/> blocks is reused once every reader still reading is
/// past a block, so the readers stay within that many blocks of each other and memory is bounded.
/// </summary>
/// <remarks>
/// A reader that stops (the end of its run, an error, another worker's stop) must <see cref="Leave"/>, or
/// the others would wait for it once they are <see cref="Slots"/> blocks ahead; leaving twice is harmless.
/// A block that failed to read fails every reader that needs it.
/// </remarks>
public sealed class SharedBlocks
{
    private sealed class Slot
    {
        public long Block = long.MinValue;
        public byte[]? Data;
        public int Count;
        public bool Ready;
        public Exception? Error;

        // How many of the previous block's last bytes are in place before this block's own (see Take).
        public int HeadBytes;

        // The block's records (see BlockIndex): not asked for, being built by a reader, or built.
        public int IndexState;
        public BlockIndex? Index;
    }

    private const int IndexNone = 0, IndexBuilding = 1, IndexBuilt = 2;

    private readonly object _lock = new();
    private readonly Slot[] _slots;
    private readonly long[] _at;

    /// <param name="readers">How many readers will take part (each with its index, 0 to readers − 1).</param>
    /// <param name="blockSize">
    /// 512 KiB in a ring of 3 (the smallest block the head room allows): 2.3 MiB of buffers. A ring of eight
    /// 1 MiB blocks was 10 MiB that each run faulted in (a quarter of its page faults) and, allocated as large
    /// objects, set off two full collections; on the CQL benchmark the split count took 0.96x the time and
    /// 27 MB at its peak instead of 36 MB, and Scylla's took the same time.
    /// </param>
    public SharedBlocks(int readers, int blockSize = 512 * 1024, int headroom = (256 * 1024) + 16, int slots = 3)
    {
        if (readers < 1 || blockSize < 1 || headroom < 0 || headroom > blockSize || slots < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(readers), "one reader or more, head room no larger than a block, two slots or more");
        }

        BlockSize = blockSize;
        Headroom = headroom;
        _slots = new Slot[slots];
        for (int i = 0; i < slots; i++)
        {
            _slots[i] = new Slot();
        }

        _at = new long[readers];
        Array.Fill(_at, -1L);
    }

    /// <summary>Bytes of the file in each block.</summary>
    public int BlockSize { get; }

    /// <summary>Room in front of each block's own bytes for the end of the previous block.</summary>
    public int Headroom { get; }

    /// <summary>Blocks kept at once.</summary>
    public int Slots => _slots.Length;

    /// <summary>How many readers take part.</summary>
    public int Readers => _at.Length;

    /// <summary>How many blocks were read from the file (tests).</summary>
    internal long BlocksRead { get; private set; }

    /// <summary>How many block indexes were built (tests).</summary>
    internal long IndexesBuilt { get; private set; }

    /// <summary>
    /// Reader <paramref name="reader"/> moves on to block <paramref name="block"/> (the one after the block
    /// it held, whose array is <paramref name="previous"/>, or block 0), still needing the last <paramref name="tail"/>
    /// bytes of the previous block. Returns the block's array: its head room, which ends with those bytes, then
    /// <paramref name="count"/> file bytes from offset <c>block * BlockSize</c> (fewer than
    /// <see cref="BlockSize"/> at the end of the file). Reads it from <paramref name="file"/> when no other
    /// reader has; waits when the slot it goes in is still held by a reader <see cref="Slots"/> blocks behind.
    /// </summary>
    internal byte[] Take(int reader, long block, byte[]? previous, int tail, SafeFileHandle file, out int count)
    {
        var slot = _slots[(int)(block % _slots.Length)];
        bool load = false;
        lock (_lock)
        {
            while (true)
            {
                if (slot.Block == block)
                {
                    if (slot.Ready)
                    {
                        break;
                    }

                    if (slot.Error is { } e)
                    {
                        throw new IOException("a shared capture block could not be read: " + e.Message, e);
                    }
                }
                else if (TryClaim(slot, block))
                {
                    load = true;
                    break;
                }

                Monitor.Wait(_lock);
            }
        }

        if (load)
        {
            Load(slot, block, file);
        }

        Slot? ahead = null;
        lock (_lock)
        {
            if (tail > slot.HeadBytes && previous is not null)
            {
                // Only the bytes some reader still needs (the start of the record that straddles the blocks), not
                // the whole head room: copying all of it was a twentieth of a split CQL run's instructions.
                Buffer.BlockCopy(previous, Headroom + BlockSize - tail, slot.Data!, Headroom - tail, tail - slot.HeadBytes);
                slot.HeadBytes = tail;
            }

            // Only now is the previous block let go: its tail is in place.
            _at[reader] = block;
            if (slot.Count == BlockSize)
            {
                // The next block is read now, by whoever gets here first, so that the readers (which move
                // through the file at nearly the same pace) find it ready instead of waiting at its start
                // while one of them reads it.
                var next = _slots[(int)((block + 1) % _slots.Length)];
                if (TryClaim(next, block + 1))
                {
                    ahead = next;
                }
            }

            Monitor.PulseAll(_lock);
        }

        if (ahead is not null)
        {
            try
            {
                Load(ahead, block + 1, file);
            }
            catch (Exception) when (ahead.Error is not null)
            {
                // Kept on the slot: the reader that needs that block fails then, not this one now.
            }
        }

        count = slot.Count;
        return slot.Data!;
    }

    /// <summary>
    /// Takes <paramref name="slot"/> for <paramref name="block"/>, to be read by the caller, when it is empty or
    /// holds an older block every reader still reading is past (call under the lock).
    /// </summary>
    private bool TryClaim(Slot slot, long block)
    {
        if (slot.Block >= block || (slot.Block >= 0 && Lowest() <= slot.Block))
        {
            return false;
        }

        slot.Block = block;
        slot.Ready = false;
        slot.Error = null;
        slot.HeadBytes = 0;
        slot.IndexState = IndexNone;
        return true;
    }

    /// <summary>
    /// The record index of <paramref name="block"/> (which the caller holds, from <see cref="Take"/>), walked from
    /// array offset <paramref name="start"/>: the first reader to ask builds it with <paramref name="build"/>,
    /// readers asking meanwhile wait for it, later ones find it. Null when the index was walked from elsewhere
    /// (a reader whose records do not line up with the others' reads on by itself).
    /// </summary>
    internal BlockIndex? Index(long block, int start, Action<byte[], int, int, BlockIndex> build)
    {
        var slot = _slots[(int)(block % _slots.Length)];
        lock (_lock)
        {
            if (slot.Block != block || !slot.Ready)
            {
                return null;
            }

            while (slot.IndexState == IndexBuilding)
            {
                Monitor.Wait(_lock);
            }

            if (slot.IndexState == IndexBuilt)
            {
                return slot.Index!.Start == start ? slot.Index : null;
            }

            slot.IndexState = IndexBuilding;
            IndexesBuilt++;
        }

        var index = slot.Index ??= new BlockIndex();
        index.Clear(start, Readers);
        try
        {
            build(slot.Data!, start, Headroom + slot.Count, index);
        }
        finally
        {
            lock (_lock)
            {
                slot.IndexState = IndexBuilt;
                Monitor.PulseAll(_lock);
            }
        }

        return index;
    }

    private void Load(Slot slot, long block, SafeFileHandle file)
    {
        try
        {
            var data = slot.Data ??= new byte[Headroom + BlockSize];
            long offset = block * BlockSize;
            int filled = 0;
            while (filled < BlockSize)
            {
                int n = RandomAccess.Read(file, data.AsSpan(Headroom + filled, BlockSize - filled), offset + filled);
                if (n <= 0)
                {
                    break;
                }

                filled += n;
            }

            lock (_lock)
            {
                slot.Count = filled;
                slot.Ready = true;
                BlocksRead++;
                Monitor.PulseAll(_lock);
            }
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                slot.Error = e;
                Monitor.PulseAll(_lock);
            }

            throw;
        }
    }

    /// <summary>Reader <paramref name="reader"/> reads no more blocks: the others never wait for it.</summary>
    public void Leave(int reader)
    {
        lock (_lock)
        {
            _at[reader] = long.MaxValue;
            if (Lowest() == long.MaxValue)
            {
                // Everyone is done with this file: its blocks go (a run may have many files).
                foreach (var slot in _slots)
                {
                    slot.Data = null;
                    slot.Block = long.MinValue;
                    slot.Ready = false;
                    slot.Index = null;
                    slot.IndexState = IndexNone;
                }
            }

            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>The lowest block a reader still reading holds (−1: one has not started).</summary>
    private long Lowest()
    {
        long min = long.MaxValue;
        foreach (long at in _at)
        {
            min = Math.Min(min, at);
        }

        return min;
    }
}
