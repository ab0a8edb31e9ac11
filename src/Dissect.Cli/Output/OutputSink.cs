using Dissectors.Core.Buffers;

namespace Dissect.Cli.Output;

/// <summary>
/// Buffered UTF-8 output: writers append to <see cref="Buffer"/> and the sink flushes to the stream in
/// large blocks (no per-line writes).
/// </summary>
public sealed class OutputSink : IDisposable
{
    private const int FlushThreshold = 256 * 1024;
    private readonly Stream _stream;
    private readonly bool _ownsStream;

    public OutputSink(Stream stream, bool ownsStream = false)
    {
        _stream = stream;
        _ownsStream = ownsStream;
    }

    public Utf8Builder Buffer { get; } = new(FlushThreshold + 64 * 1024);

    /// <summary>Flushes once enough has been buffered; call after each frame.</summary>
    public void MaybeFlush()
    {
        if (Buffer.Length >= FlushThreshold)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (Buffer.Length > 0)
        {
            _stream.Write(Buffer.Span);
            Buffer.Clear();
        }

        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
