namespace Dissectors.Core.Capture;

/// <summary>
/// Buffered forward reading over a stream for the capture readers: records are read into one reusable
/// buffer and handed out as slices, so reading allocates nothing per record. Works on non-seekable
/// streams (stdin, gzip). Tracks the absolute offset for messages.
/// <para>
/// With <see cref="StartPrefetch"/> the next block is read (and, for gzip, decompressed) on a second
/// thread while the current one is dissected: the copy out of the page cache or the inflating then costs
/// the dissecting thread nothing. The stream is touched by one thread at a time (the reader thread fills
/// a block only between a request and its hand-over); its exceptions surface in <see cref="Ensure"/> as
/// they would without prefetching. The reader is a thread of its own, not a thread-pool task: a host
/// whose pool is busy (tests running in parallel, a server) must not stall the dissection.
/// </para>
/// </summary>
internal sealed class ByteSource : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;
    // Prefetch blocks: a block is read behind a head room where the unread tail of the previous block is
    // copied, so a record that straddles two blocks is contiguous without moving the new block. 4 MiB: with
    // 1 MiB blocks the hand-overs between the threads cost the MySQL benchmark 0.071-0.075 s against
    // 0.061-0.065 s (8 MiB: no faster).
    private const int PrefetchBlock = 4 << 20;
    private const int PrefetchHeadroom = 256 * 1024;
    private readonly Stream _stream;
    private readonly bool _owns;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private byte[]? _next;
    private Prefetcher? _reader;
    private bool _reading;

    public ByteSource(Stream stream, bool ownsStream, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _owns = ownsStream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Whether a read-ahead thread is running (tests).</summary>
    internal bool ReadingAhead => _reader is not null;

    /// <summary>Absolute offset of the next unread byte.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes available without reading more.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// Makes at least <paramref name="count"/> bytes available; false if the input ends first (then
    /// <see cref="Buffered"/> says how many there were). Grows the buffer for records larger than it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Ensure(int count) => _end - _start >= count || Fill(count);

    /// <summary><see cref="Ensure"/> when the buffer holds fewer than <paramref name="count"/> bytes.</summary>
    private bool Fill(int count)
    {
        if (_shared is not null)
        {
            return FillShared(count);
        }

        while (_reading)
        {
            if (!TakePrefetched())
            {
                break;
            }

            if (_end - _start >= count)
            {
                return true;
            }
        }

        if (count > _buffer.Length)
        {
            var bigger = new byte[Math.Max(count, _buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = bigger;
        }
        else if (_start + count > _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count && !_eof)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n <= 0)
            {
                _eof = true;
                break;
            }

            _end += n;
        }

        return _end - _start >= count;
    }

    // Shared blocks (a split count): the blocks' owner, this reader's index, the block held (−1: still
    // the private buffer), and the file the blocks are read from when this reader is the first to need one.
    private SharedBlocks? _shared;
    private int _sharedReader;
    private long _block = -1;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _file;

    /// <summary>
    /// Reads from <paramref name="shared"/>'s blocks from now on, as reader <paramref name="reader"/>, instead of
    /// from the stream: only for a file (the blocks are read by offset), called, like <see cref="StartPrefetch"/>,
    /// once the format is known and before more than the first block was read. False (and nothing changes)
    /// otherwise; the caller must then <see cref="SharedBlocks.Leave"/> for this reader itself.
    /// </summary>
    public bool JoinShared(SharedBlocks shared, int reader)
    {
        if (_shared is not null || _reader is not null || _stream is not FileStream fs || Position + Buffered > shared.BlockSize)
        {
            return false;
        }

        _file = fs.SafeFileHandle;
        _shared = shared;
        _sharedReader = reader;
        return true;
    }

    /// <summary><see cref="Fill"/> from the shared blocks: moves to the next block, or leaves them for a record too large for the head room.</summary>
    private bool FillShared(int count)
    {
        var shared = _shared!;
        while (true)
        {
            int unread = _end - _start;
            if (unread >= count)
            {
                return true;
            }

            if (_eof)
            {
                return false;
            }

            // The unread bytes (the start of a record) must fit in the next block's head room, and the record in
            // the head room and a block; a bigger one is read privately, as is everything after it.
            if (unread > shared.Headroom || count > shared.Headroom + shared.BlockSize)
            {
                Detach();
                return Fill(count);
            }

            long next = _block + 1;
            long at = Position;
            // The unread bytes are the previous block's last (none when coming from the private buffer, whose
            // bytes block 0 holds as well).
            var data = shared.Take(_sharedReader, next, _block >= 0 ? _buffer : null, _block >= 0 ? unread : 0, _file!, out int n);
            _buffer = data;
            _start = shared.Headroom + (int)(at - (next * shared.BlockSize));
            _end = shared.Headroom + n;
            _block = next;
            _entryStart = _start;
            _eof = n < shared.BlockSize;
        }
    }

    // Where this reader's records began in the block held (the start of the record that straddled into it).
    private int _entryStart;

    /// <summary>The shared block this reader holds, or −1 (not reading shared blocks, or not yet).</summary>
    internal long SharedBlock => _shared is null ? -1 : _block;

    /// <summary>
    /// The record index of the shared block held (see <see cref="SharedBlocks.Index"/>), walked from where this
    /// reader entered the block; null when not reading shared blocks or when the index does not fit this reader.
    /// </summary>
    internal BlockIndex? SharedIndex(Action<byte[], int, int, BlockIndex> build) =>
        _shared is { } shared && _block >= 0 ? shared.Index(_block, _entryStart, build) : null;

    /// <summary>Stops reading shared blocks: the unread bytes go into a private buffer and the stream goes on after them.</summary>
    private void Detach()
    {
        var shared = _shared!;
        int unread = _end - _start;
        var own = new byte[Math.Max(DefaultBufferSize, unread * 2)];
        Buffer.BlockCopy(_buffer, _start, own, 0, unread);
        _buffer = own;
        _start = 0;
        _end = unread;
        _stream.Position = Position + unread;
        _eof = false;
        _shared = null;
        shared.Leave(_sharedReader);
    }

    /// <summary>
    /// Reads ahead on a second thread from now on. Call once the format is known (the gzip check re-reads
    /// what is buffered, which prefetching would have moved past).
    /// </summary>
    public void StartPrefetch()
    {
        if (_reader is not null || _eof)
        {
            return;
        }

        // Rebuild the buffer in the prefetch layout, so that it can later take its turn as the block read
        // into: the unread bytes end at the head room's end, or further on when the first read buffered more.
        int unread = _end - _start;
        int room = Math.Max(PrefetchHeadroom, unread);
        var current = new byte[room + PrefetchBlock];
        Buffer.BlockCopy(_buffer, _start, current, room - unread, unread);
        _buffer = current;
        _start = room - unread;
        _end = room;
        _next = new byte[PrefetchHeadroom + PrefetchBlock];
        BeginRead();
    }

    private void BeginRead()
    {
        _reader ??= new Prefetcher(_stream);
        _reader.Request(_next!);
        _reading = true;
    }

    /// <summary>The reader thread: fills one block per request, hands it over, waits for the next request.</summary>
    private sealed class Prefetcher : IDisposable
    {
        private readonly Stream _stream;
        private readonly SemaphoreSlim _requested = new(0);
        private readonly SemaphoreSlim _filled = new(0);
        private readonly Thread _thread;
        private byte[]? _target;
        private int _count;
        private Exception? _error;
        private volatile bool _stop;

        public Prefetcher(Stream stream)
        {
            _stream = stream;
            _thread = new Thread(Run) { IsBackground = true, Name = "dissect capture reader" };
            _thread.Start();
        }

        public void Request(byte[] target)
        {
            _target = target;
            _requested.Release();
        }

        /// <summary>Waits for the requested block: its length, or the reader's exception rethrown here.</summary>
        public int Take()
        {
            _filled.Wait();
            if (_error is { } e)
            {
                _error = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
            }

            return _count;
        }

        /// <summary>Ends the thread (after the block in progress, if any, which is dropped).</summary>
        public void Stop(bool blockRequested)
        {
            if (blockRequested)
            {
                _filled.Wait();
            }

            _stop = true;
            _requested.Release();
            _thread.Join();
            Dispose();
        }

        public void Dispose()
        {
            _requested.Dispose();
            _filled.Dispose();
        }

        private void Run()
        {
            while (true)
            {
                _requested.Wait();
                if (_stop)
                {
                    return;
                }

                var target = _target!;
                int filled = 0;
                try
                {
                    while (filled < PrefetchBlock)
                    {
                        int n = _stream.Read(target, PrefetchHeadroom + filled, PrefetchBlock - filled);
                        if (n <= 0)
                        {
                            break;
                        }

                        filled += n;
                    }
                }
                catch (Exception e)
                {
                    _error = e;
                }

                _count = filled;
                _filled.Release();
            }
        }
    }

    /// <summary>
    /// Appends the block being read to the unread bytes. False when prefetching has stopped (the end, or a
    /// record longer than the head room: then the synchronous path takes over with a buffer that grows).
    /// </summary>
    private bool TakePrefetched()
    {
        _reading = false;
        int n = _reader!.Take();
        var block = _next!;
        int unread = _end - _start;
        if (unread <= PrefetchHeadroom)
        {
            Buffer.BlockCopy(_buffer, _start, block, PrefetchHeadroom - unread, unread);
            _next = _buffer;
            _buffer = block;
            _start = PrefetchHeadroom - unread;
            _end = PrefetchHeadroom + n;
        }
        else
        {
            // A record larger than the head room straddles blocks: join into one buffer, read on synchronously.
            var joined = new byte[unread + n + PrefetchBlock];
            Buffer.BlockCopy(_buffer, _start, joined, 0, unread);
            Buffer.BlockCopy(block, PrefetchHeadroom, joined, unread, n);
            _buffer = joined;
            _start = 0;
            _end = unread + n;
            _next = null;
            if (n == 0)
            {
                _eof = true;
            }

            return false;
        }

        if (n == 0)
        {
            _eof = true;
            _next = null;
            return false;
        }

        BeginRead();
        return true;
    }

    /// <summary>The buffer the unread bytes are in, from <see cref="Start"/> to <see cref="End"/> (valid until the next Ensure or Skip).</summary>
    internal byte[] Array => _buffer;

    internal int Start => _start;

    internal int End => _end;

    /// <summary>The next <paramref name="count"/> bytes, which <see cref="Ensure"/> must have made available.</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    /// <summary>The next <paramref name="count"/> bytes as memory (valid until the next Ensure).</summary>
    public ReadOnlyMemory<byte> PeekMemory(int offset, int count) => _buffer.AsMemory(_start + offset, count);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Skip(int count)
    {
        _start += count;
        Position += count;
    }

    /// <summary>Skips <paramref name="count"/> bytes that may be more than fit in the buffer; false if the input ends first.</summary>
    public bool SkipLong(long count)
    {
        while (count > 0)
        {
            if (Buffered == 0 && !Ensure(1))
            {
                return false;
            }

            int n = (int)Math.Min(count, Buffered);
            Skip(n);
            count -= n;
        }

        return true;
    }

    /// <summary>True when every byte has been consumed and the stream is exhausted.</summary>
    public bool AtEnd => _start == _end && (_eof || !Ensure(1));

    public void Dispose()
    {
        _shared?.Leave(_sharedReader);
        _shared = null;

        if (_reader is { } reader)
        {
            // The reader thread owns the stream until its block is done; its failure no longer matters.
            reader.Stop(_reading);
            _reader = null;
            _reading = false;
        }

        if (_owns)
        {
            _stream.Dispose();
        }
    }
}
