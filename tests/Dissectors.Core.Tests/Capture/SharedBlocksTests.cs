using Dissectors.Core.Capture;

namespace Dissectors.Core.Tests.Capture;

/// <summary>
/// Readers of one file through <see cref="SharedBlocks"/>, each on its own thread, must each see exactly the
/// file's bytes in the pieces they ask for, whatever the pieces (straddling blocks, longer than the head
/// room, longer than a block), with each block read from the file once, and none may wait for a reader that
/// stopped early. Small blocks and few slots make every case happen in a small file.
/// </summary>
public sealed class SharedBlocksTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dissect-shared-{Guid.NewGuid():N}.bin");

    public void Dispose() => File.Delete(_path);

    private byte[] WriteFile(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(_path, data);
        return data;
    }

    /// <summary>Piece sizes like records: mostly small, some longer than the head room, a few longer than a block.</summary>
    private static List<int> Pieces(int seed, int headroom, int block)
    {
        var rng = new Random(seed);
        var pieces = new List<int>();
        for (int i = 0; i < 4000; i++)
        {
            int kind = rng.Next(100);
            pieces.Add(kind switch
            {
                < 85 => 1 + rng.Next(Math.Max(1, headroom / 2)),
                < 95 => headroom - 8 + rng.Next(16),
                < 99 => block - 16 + rng.Next(32),
                _ => block + headroom + rng.Next(64),
            });
        }

        return pieces;
    }

    /// <summary>Reads the file through a source that joins <paramref name="shared"/>; stops after <paramref name="stopAfter"/> pieces.</summary>
    private byte[] Read(SharedBlocks shared, int reader, IReadOnlyList<int> pieces, int stopAfter = int.MaxValue, bool mustJoin = true)
    {
        var fs = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        using var src = new ByteSource(fs, ownsStream: true, bufferSize: 64);
        var seen = new MemoryStream();
        // As a capture reader does: a first look at the head, then the blocks.
        Assert.True(src.Ensure(16));
        bool joined = src.JoinShared(shared, reader);
        Assert.Equal(mustJoin, joined);
        for (int i = 0; i < pieces.Count && i < stopAfter; i++)
        {
            int want = pieces[i];
            if (!src.Ensure(want))
            {
                seen.Write(src.Peek(src.Buffered));
                src.Skip(src.Buffered);
                Assert.True(src.AtEnd);
                break;
            }

            seen.Write(src.Peek(want));
            src.Skip(want);
        }

        if (stopAfter == int.MaxValue && !src.AtEnd)
        {
            // More file than pieces: the rest in one go.
            while (src.Ensure(1))
            {
                seen.Write(src.Peek(src.Buffered));
                src.Skip(src.Buffered);
            }
        }

        return seen.ToArray();
    }

    private static T[] OnThreads<T>(int n, Func<int, T> body)
    {
        var tasks = Enumerable.Range(0, n).Select(i => Task.Factory.StartNew(() => body(i), TaskCreationOptions.LongRunning)).ToArray();
        Assert.True(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), "a reader waited for ever");
        return tasks.Select(t => t.Result).ToArray();
    }

    [Theory]
    [InlineData(2, 4096, 1024, 2, 300_000, 1)]
    [InlineData(2, 4096, 1024, 3, 300_000, 2)]
    [InlineData(3, 4096, 2048, 4, 400_000, 3)]
    [InlineData(2, 8192, 1024, 8, 8192 * 40, 4)]
    [InlineData(4, 2048, 512, 3, 250_000, 5)]
    public void EveryReader_SeesTheWholeFile_InItsPieces(int readers, int block, int headroom, int slots, int length, int seed)
    {
        var data = WriteFile(length, seed);
        var shared = new SharedBlocks(readers, block, headroom, slots);
        var pieces = Pieces(seed, headroom, block);
        var seen = OnThreads(readers, r => Read(shared, r, pieces));
        foreach (var s in seen)
        {
            Assert.Equal(data.Length, s.Length);
            Assert.True(data.AsSpan().SequenceEqual(s));
        }
    }

    [Fact]
    public void Blocks_AreReadOnce_ForAllReaders()
    {
        // Pieces that never outgrow the head room: nobody leaves the shared blocks.
        const int block = 4096, headroom = 1024;
        var data = WriteFile(block * 50 + 123, 7);
        var shared = new SharedBlocks(2, block, headroom, 4);
        var pieces = Enumerable.Range(0, 20_000).Select(i => 1 + (i * 37 % 900)).ToList();
        var seen = OnThreads(2, r => Read(shared, r, pieces));
        Assert.All(seen, s => Assert.True(data.AsSpan().SequenceEqual(s)));
        Assert.Equal(51, shared.BlocksRead);
    }

    [Fact]
    public void ReadersWithDifferentPieces_StillSeeTheirBytes()
    {
        var data = WriteFile(200_000, 11);
        var shared = new SharedBlocks(2, 4096, 1024, 3);
        var seen = OnThreads(2, r => Read(shared, r, Pieces(100 + r, 1024, 4096)));
        Assert.All(seen, s => Assert.True(data.AsSpan().SequenceEqual(s)));
    }

    [Fact]
    public void AReaderThatStopsEarly_DoesNotHoldUpTheOthers()
    {
        var data = WriteFile(500_000, 13);
        var shared = new SharedBlocks(3, 4096, 1024, 2);
        var pieces = Enumerable.Range(0, 5000).Select(i => 50 + (i % 400)).ToList();
        var seen = OnThreads(3, r => Read(shared, r, pieces, stopAfter: r == 1 ? 10 : int.MaxValue));
        Assert.True(data.AsSpan().SequenceEqual(seen[0]));
        Assert.True(data.AsSpan().SequenceEqual(seen[2]));
        Assert.True(data.AsSpan(0, seen[1].Length).SequenceEqual(seen[1]));
    }

    [Fact]
    public void AReaderThatNeverJoins_MustLeave_AndThenHoldsUpNobody()
    {
        var data = WriteFile(300_000, 17);
        var shared = new SharedBlocks(2, 4096, 1024, 2);
        shared.Leave(1);
        var seen = Read(shared, 0, Enumerable.Range(0, 3000).Select(i => 100 + (i % 200)).ToList());
        Assert.True(data.AsSpan().SequenceEqual(seen));
    }

    [Fact]
    public void AFileAnExactNumberOfBlocksLong_EndsCleanly()
    {
        var data = WriteFile(4096 * 8, 19);
        var shared = new SharedBlocks(2, 4096, 1024, 3);
        var seen = OnThreads(2, r => Read(shared, r, Enumerable.Range(0, 1000).Select(_ => 512).ToList()));
        Assert.All(seen, s => Assert.True(data.AsSpan().SequenceEqual(s)));
    }

    [Fact]
    public void ASourceThatReadTooMuchAlready_DoesNotJoin()
    {
        WriteFile(100_000, 23);
        var shared = new SharedBlocks(1, 4096, 1024, 2);
        var fs = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        using var src = new ByteSource(fs, ownsStream: true, bufferSize: 8192);
        Assert.True(src.Ensure(16));
        Assert.False(src.JoinShared(shared, 0));
    }
}
