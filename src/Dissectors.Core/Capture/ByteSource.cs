namespace Dissectors.Core.Capture;

/// <summary>
/// Buffered forward reading over a stream for the capture readers: records are read into one reusable
/// buffer and handed out as slices, so reading allocates nothing per record. Works on non-seekable
/// streams (stdin, gzip). Tracks the absolute offset for messages.
/// <para>
/// With <see cref="StartPrefetch"/> the next block is read (and, for gzip, decompressed) on a second
/// thread while the current one is dissected: the copy out of the page cache or the inflating then costs
/// the dissecting thread nothing. The stream is touched by one thread at a time (the reader's task,
/// awaited before the main thread looks at the stream again); its exceptions surface in
/// <see cref="Ensure"/> as they would without prefetching.
/// </para>
/// </summary>
internal sealed class ByteSource : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;
    // Prefetch blocks: a block is read behind a head room where the unread tail of the previous block is
    // copied, so a record that straddles two blocks is contiguous without moving the new block.
    private const int PrefetchBlock = 1 << 20;
    private const int PrefetchHeadroom = 256 * 1024;
    private readonly Stream _stream;
    private readonly bool _owns;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private byte[]? _next;
    private Task<int>? _reading;

    public ByteSource(Stream stream, bool ownsStream, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _owns = ownsStream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Absolute offset of the next unread byte.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes available without reading more.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// Makes at least <paramref name="count"/> bytes available; false if the input ends first (then
    /// <see cref="Buffered"/> says how many there were). Grows the buffer for records larger than it.
    /// </summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        while (_reading is not null)
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

    /// <summary>
    /// Reads ahead on a second thread from now on. Call once the format is known (the gzip check re-reads
    /// what is buffered, which prefetching would have moved past).
    /// </summary>
    public void StartPrefetch()
    {
        if (_reading is not null || _eof)
        {
            return;
        }

        // Rebuild the buffer in the prefetch layout: the unread bytes end at the head room's end.
        int unread = _end - _start;
        if (unread > PrefetchHeadroom)
        {
            return;
        }

        var current = new byte[PrefetchHeadroom + PrefetchBlock];
        Buffer.BlockCopy(_buffer, _start, current, PrefetchHeadroom - unread, unread);
        _buffer = current;
        _start = PrefetchHeadroom - unread;
        _end = PrefetchHeadroom;
        _next = new byte[PrefetchHeadroom + PrefetchBlock];
        BeginRead();
    }

    private void BeginRead()
    {
        var target = _next!;
        var stream = _stream;
        _reading = Task.Run(() =>
        {
            int filled = 0;
            while (filled < PrefetchBlock)
            {
                int n = stream.Read(target, PrefetchHeadroom + filled, PrefetchBlock - filled);
                if (n <= 0)
                {
                    break;
                }

                filled += n;
            }

            return filled;
        });
    }

    /// <summary>
    /// Appends the block being read to the unread bytes. False when prefetching has stopped (the end, or a
    /// record longer than the head room: then the synchronous path takes over with a buffer that grows).
    /// </summary>
    private bool TakePrefetched()
    {
        int n = _reading!.GetAwaiter().GetResult();
        _reading = null;
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

    /// <summary>The next <paramref name="count"/> bytes, which <see cref="Ensure"/> must have made available.</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    /// <summary>The next <paramref name="count"/> bytes as memory (valid until the next Ensure).</summary>
    public ReadOnlyMemory<byte> PeekMemory(int offset, int count) => _buffer.AsMemory(_start + offset, count);

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
        if (_reading is { } reading)
        {
            // The reader thread owns the stream until its block is done; its failure no longer matters.
            try
            {
                reading.Wait();
            }
            catch (AggregateException)
            {
            }

            _reading = null;
        }

        if (_owns)
        {
            _stream.Dispose();
        }
    }
}
