using System.Collections.Concurrent;
using Dissect.Cli.Capture;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Core.Pipeline;
using Dissectors.Filter;

namespace Dissect.Cli.Commands;

/// <summary>
/// <c>--count</c> on several cores. Each worker reads the whole input with a pipeline of its own (its own
/// engine, modules, conversations and compiled filter) and dissects only the frames of the conversations
/// given to it; frames of no conversation go to worker 0. A conversation is given by its
/// <see cref="FlowShard"/> hash's bucket: the first frame of a bucket not seen before gives the bucket to
/// the least busy worker for the rest of the run (see <see cref="Reader.OwnerOf"/>). Every worker passes
/// over the others' frames with <see cref="FramePipeline.Skip"/>, so frame numbers and capture-wide times
/// are those of a single-threaded run, and each conversation is dissected whole, in order, by one worker.
/// <para>
/// That gives the single-threaded answer only when nothing counted depends on more than one conversation,
/// so the split is refused (and the caller runs on one thread) when the filter reads a stream index
/// (<c>tcp.stream</c>, <c>udp.stream</c>: numbered across conversations), <c>frame.time_delta_displayed</c>
/// (depends on which earlier frames matched), or anything a module keeps across conversations (CQL bodies:
/// prepared statements). An IP fragment found while running (its packet's conversation is only known after
/// reassembly) stops every worker; the caller then counts again on one thread, which is invisible since
/// nothing is printed before the end.
/// </para>
/// </summary>
internal static class ParallelCount
{
    /// <summary>
    /// Tests: give conversations out by an even split of the hash instead of by load, so that on captures too
    /// small for any worker to fall behind this thread still dissects a share of them in place.
    /// </summary>
    internal static bool ByHashForTests;

    /// <summary>Below this much input the second engine and the threads cost more than they save.</summary>
    internal const long MinBytes = 4L * 1024 * 1024;

    private static int s_finishedSplits;

    /// <summary>Split runs that finished (and so gave the answer) since the process started; for tests.</summary>
    internal static int FinishedSplits => Volatile.Read(ref s_finishedSplits);

    /// <summary>The result of a split run: what the single-threaded loop would have counted.</summary>
    internal sealed class Result
    {
        public uint Read;
        public long Matched;
        public long Truncated;
        public int InputErrors;
        public int WorstInputError = ExitCodes.BadInput;
        public DamageCounters Damage { get; } = new();
        public string Messages = "";
    }

    /// <summary>
    /// A capture whose first MiB of records averages this much or more is counted on one thread with read-ahead,
    /// unless --threads asks otherwise. Splitting costs the reading thread a copy of every frame it hands
    /// over, which for large frames outweighs what the other worker saves: the MySQL benchmark (14 KB
    /// frames of result-set rows) took 0.061-0.065 s on one thread against 0.072-0.085 s split on two cores,
    /// while the CQL (440-byte frames) and Scylla (95-byte) ones gain a third and more from the split.
    /// </summary>
    internal const int LargeFrames = 4096;

    /// <summary>How many workers to use for this run, or 1 when it must not be split (see the class summary).</summary>
    internal static int Workers(int? requested, IReadOnlyList<string> files, FramePipeline pipeline, CompiledFilter? filter)
    {
        int n = requested ?? Math.Min(Environment.ProcessorCount, 4);
        if (n <= 1)
        {
            return 1;
        }

        long bytes = 0, meanRecord = 0;
        for (int i = 0; i < files.Count; i++)
        {
            // The first file's start is also sampled for its frame sizes.
            if (files[i] == "-" || !Probe(files[i], i == 0 ? SampleBytes : 2, out long length, out long mean))
            {
                return 1;
            }

            bytes += length;
            meanRecord = i == 0 ? mean : meanRecord;
        }

        if (requested is null && (bytes < MinBytes || meanRecord >= LargeFrames))
        {
            return 1;
        }

        var reg = pipeline.Engine.Registry;
        if (filter is not null)
        {
            foreach (FieldId id in filter.ReferencedFields)
            {
                string name = reg[id].Abbrev;
                if (name is "tcp.stream" or "udp.stream" or "frame.time_delta_displayed")
                {
                    return 1;
                }
            }
        }

        foreach (var m in pipeline.Engine.Modules)
        {
            if (m.SharesStateAcrossConversations(pipeline.Tree))
            {
                return 1;
            }
        }

        return n;
    }

    /// <summary>How much of the first file is read to learn its frame sizes.</summary>
    private const int SampleBytes = 1 << 20;

    /// <summary>
    /// Whether <paramref name="path"/> is a regular file that is not gzip-compressed (each worker would
    /// decompress it all again), from its first <paramref name="sample"/> bytes; also its length and the mean
    /// length of the pcap records in those bytes (<see cref="PcapReader.MeanRecordLength"/>, 0 when unknown).
    /// </summary>
    internal static bool Probe(string path, int sample, out long length, out long meanRecord)
    {
        length = 0;
        meanRecord = 0;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return false;
            }

            length = info.Length;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var head = new byte[Math.Min(sample, Math.Max(length, 2))];
            int n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (CaptureFile.IsGzip(head.AsSpan(0, n)))
            {
                return false;
            }

            meanRecord = PcapReader.MeanRecordLength(head.AsSpan(0, n));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="workers"/> workers. The calling thread is worker 0 and the only reader: it
    /// dissects its own frames where they lie in the read buffer and hands every other worker a copy of that
    /// worker's frames, in batches, with the runs of frames in between reduced to (count, first and last
    /// time). <paramref name="makeWorker"/> builds the other workers' pipelines. Null when the run had to stop
    /// (an IP fragment, a worker that failed): nothing has been written then.
    /// </summary>
    internal static Result? Run(int workers, FramePipeline first, CompiledFilter? firstFilter,
        Func<(FramePipeline Pipeline, CompiledFilter? Filter)> makeWorker,
        IReadOnlyList<string> files, int? count)
    {
        var stop = new StopFlag();
        var others = new Consumer[workers - 1];
        for (int i = 0; i < others.Length; i++)
        {
            var (p, f) = makeWorker();
            others[i] = new Consumer(p, f, stop);
        }

        var threads = new Thread[others.Length];
        for (int i = 0; i < others.Length; i++)
        {
            var c = others[i];
            // The main thread's stack size: dissectors recurse (nested CQL types) to their own depth caps.
            threads[i] = new Thread(c.Run, 16 * 1024 * 1024) { IsBackground = true, Name = $"dissect worker {i + 1}" };
            threads[i].Start();
        }

        var reader = new Reader(first, firstFilter, others, stop);
        try
        {
            reader.Run(files, count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The single-threaded run that follows meets the same input and reports it its own way.
            stop.Stop();
        }
        finally
        {
            foreach (var c in others)
            {
                c.Complete();
            }

            foreach (var t in threads)
            {
                t.Join();
            }

            foreach (var c in others)
            {
                c.Dispose();
            }
        }

        if (stop.Stopped)
        {
            return null;
        }

        Interlocked.Increment(ref s_finishedSplits);
        var result = new Result
        {
            Read = reader.Read,
            Truncated = reader.Truncated,
            InputErrors = reader.InputErrors,
            WorstInputError = reader.WorstInputError,
            Messages = reader.Messages.ToString(),
            Matched = reader.Matched,
        };
        result.Damage.Add(first.Damage);
        foreach (var c in others)
        {
            result.Matched += c.Matched;
            result.Damage.Add(c.Pipeline.Damage);
        }

        return result;
    }

    private sealed class StopFlag
    {
        private volatile bool _stopped;

        public bool Stopped => _stopped;

        public void Stop() => _stopped = true;
    }

    /// <summary>One entry of a batch: a frame to dissect (its bytes in the arena) or a run of frames to pass over.</summary>
    private struct Item
    {
        public uint Number;
        /// <summary>Frames passed over (then only the two times count), or 0 for a frame to dissect.</summary>
        public int SkipCount;
        public long FirstNs;
        public long LastNs;
        public CaptureRecord Record;
        public bool IsPcapng;
        public int Section;
        public string? InterfaceName;
    }

    private sealed class Batch
    {
        public const int MaxItems = 2048;
        public const int ArenaBytes = 256 * 1024;

        public readonly Item[] Items = new Item[MaxItems];
        public byte[] Arena = new byte[ArenaBytes];
        public int Count;
        public int Used;

        public bool Fits(int bytes) => Count < MaxItems - 1 && Used + bytes <= Arena.Length;
    }

    /// <summary>A worker other than 0: dissects the frames it is sent, in order.</summary>
    private sealed class Consumer(FramePipeline pipeline, CompiledFilter? filter, StopFlag stop) : IDisposable
    {
        public void Dispose() => _full.Dispose();

        private readonly BlockingCollection<Batch> _full = new(boundedCapacity: 4);
        private readonly ConcurrentBag<Batch> _free = [];
        private Batch? _filling;
        private int _pendingSkip;
        private long _skipFirst;
        private long _skipLast;

        public FramePipeline Pipeline { get; } = pipeline;

        public long Matched;

        // ---- the reader's side -----------------------------------------------------------------

        /// <summary>A frame this worker does not dissect: folded into the run of such frames.</summary>
        public void Pass(uint number, long ns)
        {
            if (_pendingSkip == 0)
            {
                _skipFirst = ns;
            }

            _pendingSkip++;
            _skipLast = ns;
            if ((number & 0xFF) == 0)
            {
                // A run ends on every 256th frame, where a single run retires closed conversations with that frame's time.
                FlushSkip();
            }
        }

        /// <summary>Batches handed over and not yet taken by the worker.</summary>
        public int Backlog => _full.Count;

        public void Send(in CaptureRecord record, uint number, bool pcapng, int section, string? interfaceName)
        {
            FlushSkip();
            var data = record.Data.Span;
            var b = Filling(data.Length);
            data.CopyTo(b.Arena.AsSpan(b.Used));
            var copy = new CaptureRecord(record.TimestampNs, record.CapturedLength, record.OriginalLength, record.InterfaceId, record.LinkType,
                b.Arena.AsMemory(b.Used, data.Length), record.FileOffset, record.Comment, record.PacketFlags);
            b.Used += data.Length;
            b.Items[b.Count++] = new Item { Number = number, Record = copy, IsPcapng = pcapng, Section = section, InterfaceName = interfaceName };
        }

        private void FlushSkip()
        {
            if (_pendingSkip == 0)
            {
                return;
            }

            var b = Filling(0);
            b.Items[b.Count++] = new Item { SkipCount = _pendingSkip, FirstNs = _skipFirst, LastNs = _skipLast };
            _pendingSkip = 0;
        }

        private Batch Filling(int bytes)
        {
            if (_filling is { } f && f.Fits(bytes))
            {
                return f;
            }

            if (_filling is not null)
            {
                Hand(_filling);
            }

            if (!_free.TryTake(out var b))
            {
                b = new Batch();
            }

            if (b.Arena.Length < bytes)
            {
                b.Arena = new byte[bytes];
            }

            b.Count = 0;
            b.Used = 0;
            _filling = b;
            return b;
        }

        private void Hand(Batch b)
        {
            // A worker that failed stops taking; the reader must not wait for it.
            while (!stop.Stopped && !_full.TryAdd(b, 50))
            {
            }
        }

        /// <summary>No more frames: what is pending goes out and the worker finishes.</summary>
        public void Complete()
        {
            if (!stop.Stopped)
            {
                FlushSkip();
                if (_filling is { Count: > 0 } f)
                {
                    Hand(f);
                }
            }

            _filling = null;
            _full.CompleteAdding();
        }

        // ---- the worker's side -----------------------------------------------------------------

        public void Run()
        {
            try
            {
                var p = Pipeline;
                foreach (var b in _full.GetConsumingEnumerable())
                {
                    if (stop.Stopped)
                    {
                        continue;
                    }

                    for (int i = 0; i < b.Count; i++)
                    {
                        ref Item it = ref b.Items[i];
                        if (it.SkipCount > 0)
                        {
                            p.Skip(it.SkipCount, it.FirstNs, it.LastNs);
                            continue;
                        }

                        p.Process(it.Record, it.Number, it.IsPcapng, it.Section, it.InterfaceName);
                        if (filter is null || filter.Matches(p.Tree))
                        {
                            Matched++;
                        }

                        it = default;
                    }

                    _free.Add(b);
                }

                if (!stop.Stopped)
                {
                    p.Finish();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                stop.Stop();
                foreach (var _ in _full.GetConsumingEnumerable())
                {
                }
            }
        }
    }

    /// <summary>
    /// The owner of a new bucket given the other workers' backlogs (worker i + 1 has backlogs[i] batches
    /// waiting): the least busy of them if it has at most one batch waiting, ties taken in turn from
    /// <paramref name="next"/>; else 0, this thread.
    /// </summary>
    internal static int Choose(ReadOnlySpan<int> backlogs, ref int next)
    {
        int n = backlogs.Length;
        next = next + 1 < n ? next + 1 : 0;
        int best = 0, least = int.MaxValue;
        for (int k = 0; k < n; k++)
        {
            int i = next + k < n ? next + k : next + k - n;
            if (backlogs[i] < least)
            {
                least = backlogs[i];
                best = i + 1;
            }
        }

        return least <= 1 ? best : 0;
    }

    /// <summary>Worker 0: reads every input, dissects its own frames and sends the others theirs.</summary>
    private sealed class Reader(FramePipeline pipeline, CompiledFilter? filter, Consumer[] others, StopFlag stop)
    {
        public StringWriter Messages { get; } = new();

        public uint Read;
        public long Matched;
        public long Truncated;
        public int InputErrors;
        public int WorstInputError = ExitCodes.BadInput;

        // Which worker owns each bucket of flow hashes (worker + 1; 0 while no frame of the bucket was seen).
        // A bucket never changes hands, so every frame of a conversation goes to one worker; many buckets per
        // conversation keep the later choices free while the run is young; 64 KiB, so the lookup made for
        // every frame stays in the cache (a 1 MiB table cost this thread 4.6% of the run in misses).
        private const int BucketBits = 16;
        private readonly byte[] _owners = new byte[1 << BucketBits];
        private int _next;

        /// <summary>
        /// The worker of a flow hash. A new bucket goes to the other worker with the fewest batches waiting if
        /// it has at most one waiting (it keeps up), and to this thread otherwise: the reader also reads,
        /// classifies and copies every frame, and how much that costs next to dissecting them differs by
        /// protocol and frame size (a fixed even split left this thread with 54–70% of the work on two cores),
        /// so the share follows what each side is actually able to take.
        /// </summary>
        internal int OwnerOf(ulong hash)
        {
            if (ByHashForTests)
            {
                return (int)((hash >> 32) * (ulong)(others.Length + 1) >> 32);
            }

            ref byte o = ref _owners[(int)(hash >> (64 - BucketBits))];
            if (o == 0)
            {
                Span<int> backlogs = stackalloc int[others.Length];
                for (int i = 0; i < others.Length; i++)
                {
                    backlogs[i] = others[i].Backlog;
                }

                o = (byte)(ParallelCount.Choose(backlogs, ref _next) + 1);
            }

            return o - 1;
        }

        public void Run(IReadOnlyList<string> files, int? count)
        {
            var inputs = Inputs.Open(files, null, null, count, Messages, out int openError);
            if (openError != ExitCodes.Ok)
            {
                stop.Stop();
                return;
            }

            var p = pipeline;
            foreach (var input in inputs)
            {
                // No read-ahead thread when every core already runs a worker: a third thread on two cores
                // cost more than the copy it moves (CQL and Scylla benchmarks).
                using var source = input.Open(Messages, out int code, readAhead: others.Length + 1 < Environment.ProcessorCount);
                if (source is null)
                {
                    InputErrors++;
                    WorstInputError = code;
                    continue;
                }

                while ((count is null || Read < count) && source.TryRead(out CaptureRecord record))
                {
                    uint number = ++Read;
                    int owner = 0;
                    switch (FlowShard.Classify(record.LinkType, record.Data.Span, out ulong hash))
                    {
                        case ShardKind.Flow:
                            owner = OwnerOf(hash);
                            break;
                        case ShardKind.Unsplittable:
                            stop.Stop();
                            return;
                    }

                    long ns = record.TimestampNs;
                    if (owner == 0)
                    {
                        foreach (var c in others)
                        {
                            c.Pass(number, ns);
                        }

                        p.Process(record, number, source.IsPcapng, source.SectionNumber, source.InterfaceName(record.InterfaceId));
                        if (filter is null || filter.Matches(p.Tree))
                        {
                            Matched++;
                        }

                        continue;
                    }

                    if ((number & 0x3FF) == 0 && stop.Stopped)
                    {
                        return;
                    }

                    for (int i = 0; i < others.Length; i++)
                    {
                        if (i + 1 == owner)
                        {
                            others[i].Send(record, number, source.IsPcapng, source.SectionNumber, source.InterfaceName(record.InterfaceId));
                        }
                        else
                        {
                            others[i].Pass(number, ns);
                        }
                    }

                    p.Skip(1, ns, ns);
                }

                foreach (string w in source.Warnings)
                {
                    Messages.WriteLine($"dissect: {w}");
                    Truncated++;
                }
            }

            p.Finish();
        }
    }
}
