using Dissectors.Core.Capture;

namespace Dissectors.Core.Tests.Capture;

/// <summary>
/// Reading ahead on a second thread must hand out exactly the bytes a plain read does, in the same
/// pieces, whatever the record sizes (straddling blocks, longer than the head room, longer than a block)
/// and however the stream returns data.
/// </summary>
public class ByteSourcePrefetchTests
{
    /// <summary>Returns at most <see cref="_chunk"/> bytes per Read, like a pipe or a gzip stream.</summary>
    private sealed class TrickleStream(byte[] data, int chunk, int failAt = -1) : Stream
    {
        private readonly int _chunk = chunk;
        private int _pos;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (failAt >= 0 && _pos >= failAt)
            {
                throw new IOException("disk went away");
            }

            int n = Math.Min(Math.Min(count, _chunk), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Data(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>Consumes the stream in pieces of the given sizes; returns the bytes seen and whether each Ensure succeeded.</summary>
    private static (byte[] Seen, List<bool> Ok) Consume(Stream s, IEnumerable<int> pieces, bool prefetch, int firstRead = 16)
    {
        using var src = new ByteSource(s, ownsStream: true);
        var seen = new MemoryStream();
        var ok = new List<bool>();
        Assert.True(src.Ensure(firstRead));
        seen.Write(src.Peek(firstRead));
        src.Skip(firstRead);
        if (prefetch)
        {
            // Also when the first read buffered more than the head room (a file's first read fills the buffer).
            src.StartPrefetch();
            Assert.True(src.ReadingAhead);
        }

        foreach (int n in pieces)
        {
            bool got = src.Ensure(n);
            ok.Add(got);
            if (!got)
            {
                seen.Write(src.Peek(src.Buffered));
                break;
            }

            long before = src.Position;
            seen.Write(src.PeekMemory(0, n).Span);
            src.Skip(n);
            Assert.Equal(before + n, src.Position);
        }

        return (seen.ToArray(), ok);
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        // total length, largest piece, stream chunk
        { 5_000_000, 1_500, 1 << 20 },        // packets: many blocks, records straddle block edges
        { 5_000_000, 1_500, 7_777 },          // a stream that trickles
        { 3_000_000, 300_000, 1 << 20 },      // records longer than the head room
        { 6_000_000, 2_500_000, 65_536 },     // records longer than a whole block
        { 100, 40, 1 << 20 },                 // smaller than one block
        { 12_000_000, 20_000, 1 << 21 },      // a first read of 2 MiB (more than the head room), blocks of 4 MiB
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PrefetchedReadsMatchPlainReads(int total, int largest, int chunk)
    {
        var data = Data(total, total ^ largest);
        var rng = new Random(largest);
        var pieces = new List<int>();
        for (int sum = 16; sum < total + 1000;)
        {
            int n = rng.Next(1, largest + 1);
            pieces.Add(n);
            sum += n;
        }

        var plain = Consume(new TrickleStream(data, chunk), pieces, prefetch: false);
        var ahead = Consume(new TrickleStream(data, chunk), pieces, prefetch: true);
        Assert.Equal(data, plain.Seen);
        Assert.Equal(plain.Ok, ahead.Ok);
        Assert.Equal(plain.Seen, ahead.Seen);
    }

    [Fact]
    public void AReadFailureOnTheReaderThreadSurfacesInEnsure()
    {
        var data = Data(4_000_000, 3);
        using var src = new ByteSource(new TrickleStream(data, 1 << 16, failAt: 2_500_000), ownsStream: true);
        Assert.True(src.Ensure(16));
        src.Skip(16);
        src.StartPrefetch();
        var ex = Assert.Throws<IOException>(() =>
        {
            while (src.Ensure(1000))
            {
                src.Skip(1000);
            }
        });
        Assert.Equal("disk went away", ex.Message);
        Assert.True(src.Position <= 2_500_000);
    }

    [Fact]
    public void DisposingWhileTheReaderThreadIsBusyIsSafe()
    {
        var data = Data(3_000_000, 5);
        var src = new ByteSource(new TrickleStream(data, 1024), ownsStream: true);
        Assert.True(src.Ensure(16));
        src.StartPrefetch();
        src.Dispose();
    }
}
