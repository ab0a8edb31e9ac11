namespace Dissectors.Core.Capture;

/// <summary>
/// Buffered forward reading over a stream for the capture readers: records are read into one reusable
/// buffer and handed out as slices, so reading allocates nothing per record. Works on non-seekable
/// streams (stdin, gzip). Tracks the absolute offset for messages.
/// </summary>
internal sealed class ByteSource : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;
    private readonly Stream _stream;
    private readonly bool _owns;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

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
        if (_owns)
        {
            _stream.Dispose();
        }
    }
}
