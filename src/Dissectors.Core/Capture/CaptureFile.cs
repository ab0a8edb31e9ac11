using System.IO.Compression;

namespace Dissectors.Core.Capture;

/// <summary>
/// Opens capture files by content, not by name: pcap (either byte order, µs or ns), pcapng, and either
/// of them gzip-compressed. "-" is standard input. Errors are one line each, meant for the user.
/// </summary>
public static class CaptureFile
{
    private const int GzipMagic = 0x8B1F;

    /// <summary>Whether a file starts with the gzip magic number.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && (head[0] | (head[1] << 8)) == GzipMagic;

    /// <summary>Files smaller than this are read without a read-ahead thread (its buffers would outweigh the file).</summary>
    public const long ReadAheadMinBytes = 4L << 20;

    /// <summary>
    /// Opens a file (or "-" for stdin). On failure <paramref name="error"/> says why, and no exception escapes.
    /// With <paramref name="readAhead"/> a file of <see cref="ReadAheadMinBytes"/> or more is read ahead on a
    /// thread of its own, which pays when a core would otherwise sit idle: pass false when every core
    /// already dissects (a split count).
    /// </summary>
    /// <param name="shared">Blocks this file is read from together with other readers (a split count), as
    /// reader <paramref name="reader"/>; the caller leaves them when done, joined or not.</param>
    public static bool TryOpen(string path, out ICaptureSource? source, out string error, bool readAhead = true, SharedBlocks? shared = null, int reader = 0)
    {
        const int SharedFirstRead = 64 * 1024;
        source = null;
        if (path == "-")
        {
            return TryOpen(Console.OpenStandardInput(), "standard input", ownsStream: true, out source, out error);
        }

        try
        {
            if (Directory.Exists(path))
            {
                error = $"\"{path}\" is a directory, not a capture file";
                return false;
            }

            if (!File.Exists(path))
            {
                error = $"The file \"{path}\" doesn't exist.";
                return false;
            }

            var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            // A named pipe (or a process substitution's /dev/fd path) has no length: read it ahead like stdin.
            bool ahead = readAhead && (!fs.CanSeek || fs.Length >= ReadAheadMinBytes);
            // A reader of shared blocks reads only the file's start by itself (the format's header), so that it
            // can join them however small they are.
            var src = shared is null ? new ByteSource(fs, ownsStream: true) : new ByteSource(fs, ownsStream: true, Math.Min(shared.BlockSize, SharedFirstRead));
            return TryOpen(src, fs, ownsStream: true, path, ahead, out source, out error, shared, reader);
        }
        catch (UnauthorizedAccessException)
        {
            error = $"The file \"{path}\" could not be opened: permission denied.";
            return false;
        }
        catch (IOException ex)
        {
            error = $"The file \"{path}\" could not be read: {ex.Message}";
            return false;
        }
    }

    /// <summary>Opens a capture from a stream (stdin, tests). The stream need not be seekable.</summary>
    public static bool TryOpen(Stream stream, string name, bool ownsStream, out ICaptureSource? source, out string error)
    {
        return TryOpen(new ByteSource(stream, ownsStream), stream, ownsStream, name, readAhead: true, out source, out error);
    }

    private static bool TryOpen(ByteSource src, Stream stream, bool ownsStream, string name, bool readAhead, out ICaptureSource? source, out string error,
        SharedBlocks? shared = null, int reader = 0)
    {
        source = null;
        error = "";
        try
        {
            if (!src.Ensure(4))
            {
                error = stream is SafeGzipStream { Broken: true }
                    ? $"The file \"{name}\" is gzip-compressed but its compressed data is damaged."
                    : src.Buffered == 0
                    ? $"The file \"{name}\" is empty; it is not a capture file."
                    : $"The file \"{name}\" is too short to be a capture file ({src.Buffered} bytes).";
                src.Dispose();
                return false;
            }

            var head = src.Peek(4);
            if (IsGzip(head))
            {
                // Re-read through gzip: replay what was buffered, then the rest of the stream.
                var prefix = src.Peek(src.Buffered).ToArray();
                var compressed = new PrefixedStream(prefix, stream, ownsStream);
                var gz = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false);
                return TryOpen(new SafeGzipStream(gz), name, ownsStream: true, out source, out error);
            }

            if (PcapReader.IsPcap(head))
            {
                source = PcapReader.TryOpen(name, src, out error);
            }
            else if (PcapngReader.HasMagic(head))
            {
                source = PcapngReader.TryOpen(name, src, out error);
            }
            else
            {
                error = $"The file \"{name}\" isn't a capture file in a format dissect understands (pcap or pcapng, optionally gzip-compressed; it starts with {Convert.ToHexString(head)}).";
            }

            if (source is null)
            {
                src.Dispose();
                return false;
            }

            if (shared is not null && src.JoinShared(shared, reader))
            {
                return true;
            }

            if (readAhead)
            {
                src.StartPrefetch();
            }

            return true;
        }
        catch (IOException ex)
        {
            src.Dispose();
            error = $"The file \"{name}\" could not be read: {ex.Message}";
            return false;
        }
        catch (InvalidDataException ex)
        {
            src.Dispose();
            error = $"The file \"{name}\" is damaged: {ex.Message}";
            return false;
        }
    }

    /// <summary>Bytes already read from a stream, followed by the rest of it (for non-seekable input).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest, bool ownsRest) : Stream
    {
        private int _prefixPos;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_prefixPos < prefix.Length)
            {
                int n = Math.Min(count, prefix.Length - _prefixPos);
                Buffer.BlockCopy(prefix, _prefixPos, buffer, offset, n);
                _prefixPos += n;
                return n;
            }

            return rest.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsRest)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Turns the decompressor's "corrupt data" exceptions into the end of the stream, so a damaged
    /// gzip file ends like a truncated capture instead of aborting the run.</summary>
    private sealed class SafeGzipStream(Stream inner) : Stream
    {
        private bool _broken;

        public bool Broken => _broken;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_broken)
            {
                return 0;
            }

            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (InvalidDataException)
            {
                _broken = true;
                return 0;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
