using Dissect.Cli.Capture;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Core.Pipeline;
using Dissectors.Filter;

namespace Dissect.Cli.Commands;

/// <summary>
/// <c>--count</c> on several cores. Each worker reads the whole input itself, with a pipeline of its own (its
/// own engine, modules, conversations and compiled filter), and dissects only the frames of the conversations
/// whose <see cref="FlowShard"/> hash falls to it (an even split of the hash, see <see cref="FlowShard.OwnerOf"/>);
/// frames of no conversation go to worker 0. Every worker passes over the others' frames with
/// <see cref="FramePipeline.Skip"/>, so frame numbers and capture-wide times are those of a single-threaded
/// run, and each conversation is dissected whole, in order, by one worker. No frame is copied or handed
/// between threads (handing frames over cost more than it saved; their copies also arrive in the other
/// core's cache cold), but the file's bytes are read from the page cache once for all workers
/// (<see cref="SharedBlocks"/>): that copy was a sixth of a split run's time when each worker made its own.
/// The records of each shared block are listed once, by the first worker to enter it, with each one's flow
/// class and owner (<see cref="BlockIndex"/>): the others then pass over the frames they do not dissect without
/// parsing a header or classifying a frame again (that walk had been a third of each worker's instructions).
/// <para>
/// That gives the single-threaded answer only when nothing counted depends on more than one conversation,
/// so the split is refused (and the caller runs on one thread) when the filter reads a stream index
/// (<c>tcp.stream</c>, <c>udp.stream</c>: numbered across conversations), <c>frame.time_delta_displayed</c>
/// (depends on which earlier frames matched), or anything a module keeps across conversations (CQL bodies:
/// prepared statements). An IP fragment found while running (its packet's conversation is only known after
/// reassembly) stops every worker; the caller then counts again on one thread, which is invisible since
/// nothing is printed before the end. Input that cannot be read twice (standard input) is never split.
/// </para>
/// </summary>
internal static class ParallelCount
{
    /// <summary>Below this much input the second engine and the threads cost more than they save.</summary>
    internal const long MinBytes = 4L * 1024 * 1024;

    private static int s_finishedSplits;

    /// <summary>Split runs that finished (and so gave the answer) since the process started; for tests.</summary>
    internal static int FinishedSplits => Volatile.Read(ref s_finishedSplits);

    private static long s_indexedRuns;

    /// <summary>Runs of records taken from a block index (see <see cref="BlockIndex"/>) since the process started; for tests.</summary>
    internal static long IndexedRuns => Interlocked.Read(ref s_indexedRuns);

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
    /// unless --threads asks otherwise. Large frames are dissected about as fast as they are read, and every
    /// worker reads the whole file: the MySQL benchmark (14 KB frames of result-set rows) took 0.061-0.076 s
    /// on one thread with read-ahead against 0.067-0.072 s split on two cores, while the CQL (440-byte frames)
    /// and Scylla (95-byte) ones gain a third and more from the split.
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
            if (length == 0)
            {
                // Empty, or not a regular file (a named pipe, a process substitution's /dev/fd path): it can
                // be read only once, and opening it here would already take what the run needs.
                return false;
            }

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
    /// Counts on <paramref name="workers"/> threads (this one and workers − 1 more), each with a pipeline of
    /// its own: <paramref name="first"/> here, the others from <paramref name="makeWorker"/>. Null when the
    /// split had to stop (an IP fragment, a worker that failed): nothing has been written then.
    /// </summary>
    internal static Result? Run(int workers, FramePipeline first, CompiledFilter? firstFilter,
        Func<(FramePipeline Pipeline, CompiledFilter? Filter)> makeWorker,
        IReadOnlyList<string> files, int? count)
    {
        var stop = new StopFlag();
        // Each file is read once for all workers (see SharedBlocks); a worker that cannot join reads it alone.
        var shared = new SharedBlocks[files.Count];
        for (int i = 0; i < shared.Length; i++)
        {
            shared[i] = new SharedBlocks(workers);
        }

        var all = new Worker[workers];
        all[0] = new Worker(0, workers, first, firstFilter, stop, shared);
        for (int i = 1; i < workers; i++)
        {
            var (p, f) = makeWorker();
            all[i] = new Worker(i, workers, p, f, stop, shared);
        }

        // The closed conversations one thread would remember are shared out: each worker sees about
        // 1/workers of the closes, so a conversation is forgotten after about as many later closes across
        // the capture as on one thread (not workers times as many), and the pools start reusing as soon.
        foreach (var w in all)
        {
            var table = w.Pipeline.Conversations;
            table.MaxClosedKept = Math.Max(1, table.MaxClosedKept / workers);
        }

        var threads = new Thread[workers - 1];
        for (int i = 1; i < workers; i++)
        {
            var w = all[i];
            // The main thread's stack size: dissectors recurse (nested CQL types) to their own depth caps.
            threads[i - 1] = new Thread(() => w.RunGuarded(files, count), 16 * 1024 * 1024) { IsBackground = true, Name = $"dissect worker {i}" };
            threads[i - 1].Start();
        }

        all[0].RunGuarded(files, count);
        foreach (var t in threads)
        {
            t.Join();
        }

        if (stop.Stopped)
        {
            return null;
        }

        Interlocked.Increment(ref s_finishedSplits);
        var w0 = all[0];
        var result = new Result
        {
            Read = w0.Read,
            Truncated = w0.Truncated,
            InputErrors = w0.InputErrors,
            WorstInputError = w0.WorstInputError,
            Messages = w0.Messages.ToString(),
        };
        foreach (var w in all)
        {
            result.Matched += w.Matched;
            result.Damage.Add(w.Pipeline.Damage);
        }

        return result;
    }

    private sealed class StopFlag
    {
        private volatile bool _stopped;

        public bool Stopped => _stopped;

        public void Stop() => _stopped = true;
    }

    /// <summary>
    /// One worker: reads every input itself, dissects the frames of its own conversations and passes over
    /// the rest as counted runs (<see cref="FramePipeline.Skip"/>), ending a run on every 256th frame, where
    /// a single run retires closed conversations with that frame's time.
    /// </summary>
    private sealed class Worker(int index, int workers, FramePipeline pipeline, CompiledFilter? filter, StopFlag stop, SharedBlocks[] shared)
    {
        public FramePipeline Pipeline { get; } = pipeline;

        public StringWriter Messages { get; } = new();

        public uint Read;
        public long Matched;
        public long Truncated;
        public int InputErrors;
        public int WorstInputError = ExitCodes.BadInput;

        private int _skipped;
        private long _skipFirst;
        private long _skipLast;

        public void RunGuarded(IReadOnlyList<string> files, int? count)
        {
            try
            {
                Run(files, count);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The single-threaded run that follows meets the same input and reports it its own way.
                stop.Stop();
            }
            finally
            {
                // However this worker ends, the others must not wait for it at a shared block.
                foreach (var blocks in shared)
                {
                    blocks.Leave(index);
                }
            }
        }

        private void Run(IReadOnlyList<string> files, int? count)
        {
            var inputs = Inputs.Open(files, null, null, count, Messages, out int openError);
            if (openError != ExitCodes.Ok)
            {
                stop.Stop();
                return;
            }

            var p = Pipeline;
            for (int fileIndex = 0; fileIndex < inputs.Count; fileIndex++)
            {
                var input = inputs[fileIndex];
                var blocks = fileIndex < shared.Length ? shared[fileIndex] : null;
                // A read-ahead thread per worker only where there is a core for it (never on two cores:
                // there a third thread cost more than the copy it moves, CQL and Scylla benchmarks); shared
                // blocks instead where the file allows (the source leaves them when it is disposed).
                using var source = input.Open(Messages, out int code, readAhead: 2 * workers <= Environment.ProcessorCount, blocks, index);
                if (source is null)
                {
                    blocks?.Leave(index);
                    InputErrors++;
                    WorstInputError = code;
                    continue;
                }

                var pcap = source as PcapReader;
                while (true)
                {
                    // Once per shared block: the records another reader listed (or this one lists now) are
                    // taken from the list, with no header parsed or frame classified again.
                    if (count is null && pcap is not null && pcap.TryTakeIndex(out BlockIndex? list, out int first, out long fileBase))
                    {
                        if (!RunIndexed(pcap, list!, first, fileBase))
                        {
                            return;
                        }

                        continue;
                    }

                    if ((count is not null && Read >= count) || !(pcap is not null ? pcap.TryRead(out CaptureRecord record) : source.TryRead(out record)))
                    {
                        break;
                    }

                    uint number = ++Read;
                    int owner = 0;
                    // The look-ahead of four frames before classified this frame already, as a rule.
                    if (!p.TryClassified(number, out ShardKind kind, out ulong hash))
                    {
                        kind = FlowShard.Classify(record.LinkType, record.Data.Span, out hash);
                    }

                    p.LookAhead(source, number, index, workers);
                    switch (kind)
                    {
                        case ShardKind.Flow:
                            owner = FlowShard.OwnerOf(hash, workers);
                            break;
                        case ShardKind.Unsplittable:
                            stop.Stop();
                            return;
                    }

                    if ((number & 0xFF) == 0 && stop.Stopped)
                    {
                        // Another worker gave up (an IP fragment, a failure): the run is counted again anyway.
                        return;
                    }

                    if (owner != index)
                    {
                        Skip(number, record.TimestampNs);
                        continue;
                    }

                    FlushSkip();
                    p.Process(record, number, source);
                    if (filter is null || filter.Matches(p.Tree))
                    {
                        Matched++;
                    }
                }

                foreach (string w in source.Warnings)
                {
                    Messages.WriteLine($"dissect: {w}");
                    Truncated++;
                }

                // Done with this file, whether or not its source read the shared blocks.
                blocks?.Leave(index);
            }

            FlushSkip();
            p.Finish();
        }

        /// <summary>
        /// The records of a block index from entry <paramref name="i"/> on, as the loop in <see cref="Run"/> takes
        /// them one by one; false when the worker must stop (an IP fragment, another worker's stop).
        /// </summary>
        private bool RunIndexed(PcapReader pcap, BlockIndex list, int i, long fileBase)
        {
            var p = Pipeline;
            var entries = list.Entries;
            int n = list.Count;
            int start = i;
            // j: the last of this worker's entries handed to the look-ahead, which runs four of them ahead of
            // the one dissected; the three after the first are handed over first.
            int j = NextOwned(entries, i, n);
            for (int d = 1; d <= 3 && j < n; d++)
            {
                j = NextOwned(entries, j + 1, n);
                if (j < n)
                {
                    p.PrimeOwned(d, entries[j].Kind, entries[j].Hash, pcap.IndexedFrame(list, j));
                }
            }

            for (; i < n; i++)
            {
                ref readonly var e = ref entries[i];
                uint number = ++Read;
                if (e.Kind == ShardKind.Unsplittable)
                {
                    stop.Stop();
                    return false;
                }

                if ((number & 0xFF) == 0 && stop.Stopped)
                {
                    return false;
                }

                if (e.Owner != index)
                {
                    Skip(number, e.TimestampNs);
                    continue;
                }

                FlushSkip();
                j = j < n ? NextOwned(entries, j + 1, n) : n;
                if (j < n)
                {
                    p.LookAheadOwned(true, entries[j].Kind, entries[j].Hash, pcap.IndexedFrame(list, j));
                }
                else
                {
                    p.LookAheadOwned(false, ShardKind.None, 0, default);
                }

                var record = pcap.IndexedRecord(list, i, fileBase);
                if (e.Kind == ShardKind.Flow)
                {
                    p.ProcessFlow(record, number, e.Hash);
                }
                else
                {
                    p.Process(record, number);
                }

                if (filter is null || filter.Matches(p.Tree))
                {
                    Matched++;
                }
            }

            pcap.EndIndexed(list, start);
            Interlocked.Increment(ref s_indexedRuns);
            return true;
        }

        /// <summary>The first of this worker's entries from <paramref name="from"/> on, or <paramref name="n"/>.</summary>
        private int NextOwned(BlockIndex.Entry[] entries, int from, int n)
        {
            while (from < n && entries[from].Owner != index)
            {
                from++;
            }

            return from;
        }

        /// <summary>Frame <paramref name="number"/>, stamped <paramref name="ns"/>, is another worker's: one more in the run passed over.</summary>
        private void Skip(uint number, long ns)
        {
            if (_skipped == 0)
            {
                _skipFirst = ns;
            }

            _skipped++;
            _skipLast = ns;
            if ((number & 0xFF) == 0)
            {
                FlushSkip();
            }
        }

        private void FlushSkip()
        {
            if (_skipped > 0)
            {
                Pipeline.Skip(_skipped, _skipFirst, _skipLast);
                _skipped = 0;
            }
        }
    }
}
