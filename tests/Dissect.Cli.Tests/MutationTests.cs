using System.Globalization;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// Seeded mutations of every sample capture through the whole command, in several output modes: no
/// exception escapes, every run ends within its time budget and a bounded allocation, the exit code is the
/// documented one, and every complete record of the mutated file is shown exactly once.
/// </summary>
/// <remarks>
/// CI runs <see cref="DefaultSeedsPerSample"/> seeds per sample. DISSECT_FUZZ_ITERATIONS=N runs N seeds
/// per sample (long local runs); DISSECT_FUZZ_SEED=S replays one seed. A failing case is saved under the
/// temp directory and named in the message.
/// </remarks>
public sealed class MutationTests : IDisposable
{
    private const int DefaultSeedsPerSample = 24;
    private const long AllocationSlackBytes = 64L * 1024 * 1024;

    private static readonly string[][] s_strictModes =
    [
        ["--strict"],
        ["--strict", "-T", "jsonl"],
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Every classic pcap in samples/, found at run time so that a new sample is fuzzed too.</summary>
    public static TheoryData<string> Samples
    {
        get
        {
            var data = new TheoryData<string>();
            var files = Directory.GetFiles(Paths.Samples, "*.pcap");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string f in files)
            {
                data.Add(Path.GetFileName(f));
            }

            return data;
        }
    }

    /// <summary>
    /// The shared corpus's Tarantool captures (real Tarantool 2.6 servers and clients: auth, CRUD, errors, a 200 KB
    /// tuple, pipelining, pushes, replication, SQL, IPv6 over SLL2), read from ../shared/corpus beside the checkout.
    /// </summary>
    public static TheoryData<string> CorpusTarantool
    {
        get
        {
            var data = new TheoryData<string>();
            if (Paths.Corpus is not { } corpus || !Directory.Exists(Path.Combine(corpus, "tarantool")))
            {
                return data;
            }

            var files = Directory.GetFiles(Path.Combine(corpus, "tarantool"), "*.pcap");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string f in files)
            {
                data.Add(Path.GetFileName(f));
            }

            return data;
        }
    }

    [Fact]
    public void SamplesFolder_HoldsPcapFilesToMutate()
    {
        Assert.NotEmpty(Samples);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void MutatedSample_NeverCrashesOrHangs_AndShowsEveryCompleteRecord(string sample)
    {
        byte[] original = File.ReadAllBytes(Paths.Sample(sample));
        PcapMutator[] all = sample.StartsWith("tarantool", StringComparison.Ordinal) ? [.. PcapMutators.All, PcapMutators.MsgPackLengths] : PcapMutators.All;
        Fuzz(sample, original, all, Expectation.ForPcap);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void MutatedSampleAsPcapng_NeverCrashesOrHangs_AndShowsEveryCompleteBlock(string sample)
    {
        byte[] original = PcapngLayout.FromPcap(File.ReadAllBytes(Paths.Sample(sample)));
        Fuzz(Path.ChangeExtension(sample, ".pcapng"), original, PcapngMutators.All, Expectation.ForPcapng);
    }

    [CorpusTheory("tarantool")]
    [MemberData(nameof(CorpusTarantool))]
    public void MutatedCorpusTarantoolCapture_NeverCrashesOrHangs_AndShowsEveryCompleteRecord(string capture)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(Paths.Corpus!, "tarantool", capture));
        Fuzz("corpus-" + capture, original, [.. PcapMutators.All, PcapMutators.MsgPackLengths], Expectation.ForPcap);
    }

    /// <summary>Every seed rewrites MsgPack lengths and counts inside the iproto bytes (the other mutators mostly hit other bytes).</summary>
    [CorpusTheory("tarantool")]
    [MemberData(nameof(CorpusTarantool))]
    public void CorpusTarantoolCaptureWithLyingMsgPackLengths_NeverCrashesOrHangs_AndShowsEveryCompleteRecord(string capture)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(Paths.Corpus!, "tarantool", capture));
        Fuzz("corpus-msgpack-" + capture, original, [PcapMutators.MsgPackLengths], Expectation.ForPcap);
    }

    [CorpusTheory("tarantool")]
    [MemberData(nameof(CorpusTarantool))]
    public void MutatedCorpusTarantoolCaptureAsPcapng_NeverCrashesOrHangs_AndShowsEveryCompleteBlock(string capture)
    {
        byte[] original = PcapngLayout.FromPcap(File.ReadAllBytes(Path.Combine(Paths.Corpus!, "tarantool", capture)));
        Fuzz("corpus-" + Path.ChangeExtension(capture, ".pcapng"), original, PcapngMutators.All, Expectation.ForPcapng);
    }

    private void Fuzz(string sample, byte[] original, PcapMutator[] all, Func<byte[], Expectation> expect)
    {
        var intact = expect(original);
        Assert.False(intact.NotACapture || intact.ReaderWarns, $"{sample} itself is damaged");
        var baseline = MeasureBaseline(sample, original, intact.Frames);
        foreach (int seed in Seeds())
        {
            var rng = new Random(Mix(sample, seed));
            var applied = new List<string>();
            byte[] bytes = original;
            var mutators = new List<PcapMutator> { all[seed % all.Length] };
            while (rng.Next(3) == 0 && mutators.Count < 3)
            {
                mutators.Add(all[rng.Next(all.Length)]);
            }

            foreach (var m in mutators)
            {
                (bytes, string detail) = m.Apply(bytes, rng);
                applied.Add($"{m.Name} ({detail})");
            }

            string context = $"{sample} seed {seed}: {string.Join(" then ", applied)} [replay: DISSECT_FUZZ_SEED={seed}]";
            CheckMutant(sample, seed, bytes, expect(bytes), context, baseline);
        }
    }

    private void CheckMutant(string sample, int seed, byte[] bytes, Expectation expected, string context, Dictionary<string, long> baseline)
    {
        string path = _dir.Write($"{seed}-{sample}", bytes);
        int expectedFrames = expected.Frames;
        try
        {
            foreach (var mode in FrameCounts.Modes)
            {
                var r = CliRun.Run([.. mode.Args, path], context, CliRun.DefaultBudget);
                CheckCommon(r, context);
                Check(r.ExitCode == (expected.NotACapture ? ExitCodes.BadInput : ExitCodes.Ok), r, context, "wrong exit code");
                int shown = CountFrames(mode, r, context);
                Check(shown == expectedFrames, r, context, $"{mode.Name}: {shown} frames shown, the file holds {expectedFrames} complete records");
                Check(r.AllocatedBytes <= (4 * baseline[mode.Name]) + AllocationSlackBytes, r, context,
                    $"{mode.Name}: allocated {r.AllocatedBytes / 1024} KiB, the intact sample needs {baseline[mode.Name] / 1024} KiB");
                if (expected.DamagedTail && !expected.NotACapture)
                {
                    Check(r.Stderr.Contains($"dissect: damage: ", StringComparison.Ordinal)
                        && r.Stderr.Contains($"; {expectedFrames} frames read", StringComparison.Ordinal), r, context, "no damage summary for a damaged tail");
                }

                if (expected.BadMicroseconds > 0)
                {
                    Check(r.Stderr.Contains("microsecond field of", StringComparison.Ordinal), r, context, "a microsecond field past one second is not reported");
                }

                if (mode.Name == "count" && !expected.ReaderWarns && !expected.NotACapture)
                {
                    Check(r.Stderr.Length == 0, r, context, "counting an undamaged file printed warnings");
                }
            }

            foreach (string[] strict in s_strictModes)
            {
                var r = CliRun.Run([.. strict, path], context, CliRun.DefaultBudget);
                CheckCommon(r, context);

                // Without capture warnings, --strict may still fail the run for malformed frames or gaps.
                bool exitOk = expected.NotACapture ? r.ExitCode == ExitCodes.BadInput
                    : expected.ReaderWarns ? r.ExitCode == ExitCodes.Damage
                    : r.ExitCode is ExitCodes.Ok or ExitCodes.Damage;
                Check(exitOk, r, context, "wrong exit code with --strict");
                int shown = strict.Contains("jsonl") ? r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : FrameCounts.Summary(r.Stdout);
                Check(shown == expectedFrames, r, context, $"--strict: {shown} frames shown, the file holds {expectedFrames} complete records");
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{context}: {ex}\nsaved as {Keep($"{seed}-{sample}", bytes)}");
        }
    }

    /// <summary>Checks every run must pass: no bug guard fired, stderr holds only "dissect: " lines.</summary>
    private static void CheckCommon(CliRunResult r, string context)
    {
        Check(!r.Stderr.Contains("internal error", StringComparison.OrdinalIgnoreCase), r, context, "internal error");
        Check(!r.Stderr.Contains("dissector bug", StringComparison.OrdinalIgnoreCase), r, context, "dissector bug counted");
        Check(!r.Stdout.Contains("Dissector bug", StringComparison.Ordinal), r, context, "dissector bug in the tree");
        foreach (string line in r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Check(line.StartsWith("dissect: ", StringComparison.Ordinal), r, context, $"stray stderr line \"{line}\"");
        }
    }

    private static int CountFrames(OutputMode mode, CliRunResult r, string context)
    {
        if (r.ExitCode == ExitCodes.BadInput && r.Stdout.Length == 0)
        {
            // Nothing could be read: no output document at all (tshark prints no JSON array either).
            return 0;
        }

        try
        {
            return mode.CountFrames(r.Stdout);
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or System.Text.Json.JsonException or FormatException)
        {
            Check(false, r, context, $"{mode.Name} output unreadable: {ex.Message}");
            return -1;
        }
    }

    private static void Check(bool ok, CliRunResult r, string context, string what)
    {
        if (!ok)
        {
            string path = r.Args[^1];
            string kept = Keep(Path.GetFileName(path), File.ReadAllBytes(path));
            Assert.Fail($"{what}\n{r.Describe(context)}\nmutated file saved as {kept}");
        }
    }

    /// <summary>Allocation of the intact sample per mode, the yardstick for "reads without bound".</summary>
    private Dictionary<string, long> MeasureBaseline(string sample, byte[] original, int frames)
    {
        string path = _dir.Write("intact-" + sample, original);
        var baseline = new Dictionary<string, long>();
        foreach (var mode in FrameCounts.Modes)
        {
            var r = CliRun.Run([.. mode.Args, path], sample, CliRun.DefaultBudget);
            Assert.True(r.ExitCode == ExitCodes.Ok, r.Describe(sample));
            Assert.Equal(frames, mode.CountFrames(r.Stdout));
            baseline[mode.Name] = r.AllocatedBytes;
        }

        return baseline;
    }

    /// <summary>What the test's own walk of a mutated file says dissect must do with it.</summary>
    private sealed record Expectation(bool NotACapture, int Frames, bool DamagedTail, int BadMicroseconds)
    {
        public bool ReaderWarns => DamagedTail || BadMicroseconds > 0;

        public static Expectation ForPcap(byte[] file)
        {
            var l = PcapLayout.Read(file);
            return new(l.NotACapture, l.Records.Count, l.DamagedTail, l.BadMicroseconds);
        }

        public static Expectation ForPcapng(byte[] file)
        {
            var l = PcapngLayout.Read(file);
            return new(l.NotACapture, l.Packets, l.DamagedTail, 0);
        }
    }

    private static IEnumerable<int> Seeds()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("DISSECT_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out int one))
        {
            return [one];
        }

        int n = int.TryParse(Environment.GetEnvironmentVariable("DISSECT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v
            : DefaultSeedsPerSample;
        return Enumerable.Range(0, n);
    }

    /// <summary>A seed per (sample, seed) that does not depend on string hashing, which is randomized per process.</summary>
    private static int Mix(string sample, int seed)
    {
        uint h = 2166136261;
        foreach (char c in sample)
        {
            h = (h ^ c) * 16777619;
        }

        return (int)(h ^ (uint)(seed * 0x9E3779B1));
    }

    private static string Keep(string name, byte[] bytes)
    {
        string p = Path.Combine(Path.GetTempPath(), "dissect-mutant-" + name);
        File.WriteAllBytes(p, bytes);
        return p;
    }
}
