using System.CommandLine;
using Dissect.Cli.Capture;
using Dissect.Cli.Output;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Core.Pipeline;
using Dissectors.Core.Reassembly;
using Dissectors.Filter;
using Dissectors.Protocols;
using D = Dissect.Cli.Commands.DissectCommandDefinition;

namespace Dissect.Cli.Commands;

/// <summary>
/// The main command: read captures, dissect, filter, write. stdout carries data only; warnings and
/// the damage summary go to stderr. Returns one of <see cref="ExitCodes"/>.
/// </summary>
internal static class DissectCommand
{
    public static int Run(ParseResult parse) => Run(parse, Console.OpenStandardOutput(), Console.Error);

    public static int Run(ParseResult parse, Stream stdout, TextWriter stderr)
    {
        if (parse.GetValue(D.Glossary) is { } glossary)
        {
            return glossary is "fields" or "values" or "protocols"
                ? FieldsCommand.Run(null, glossary, stdout, stderr)
                : Fail(stderr, ExitCodes.Usage, $"-G {glossary} is not supported; use -G fields, -G values or -G protocols");
        }

        var files = new List<string>(parse.GetValue(D.Files) ?? []);
        files.AddRange(parse.GetValue(D.Read) ?? []);
        string? iface = parse.GetValue(D.Interface);
        if (files.Count == 0 && iface is null)
        {
            stderr.WriteLine("dissect: no capture file given. Usage: dissect FILE... [options]; see dissect --help.");
            return ExitCodes.Usage;
        }

        if (!TryBuildOutputOptions(parse, out var output, out string? optionError))
        {
            return Fail(stderr, ExitCodes.Usage, optionError!);
        }

        if (!Preferences.TryParse(parse.GetValue(D.Preference) ?? [], out var preferences, out string? prefError))
        {
            return Fail(stderr, ExitCodes.Usage, prefError!);
        }

        int? count = parse.GetValue(D.Count);
        if (count is <= 0)
        {
            return Fail(stderr, ExitCodes.Usage, "-c needs a positive number of packets");
        }

        if (parse.GetValue(D.Threads) is <= 0 or > 64)
        {
            return Fail(stderr, ExitCodes.Usage, "--threads needs a number of threads from 1 to 64");
        }

        if (parse.GetValue(D.CountOnly) && string.IsNullOrWhiteSpace(parse.GetValue(D.Filter)) && parse.GetValue(D.Write) is null
            && !parse.GetValue(D.Strict) && (parse.GetValue(D.DecodeAs) ?? []).Length == 0)
        {
            // Nothing reads a field: the answer is the number of records, like capinfos -c, and no
            // dissector needs to run. (With --strict the frames are dissected, so that malformed PDUs
            // can fail the run.)
            return CountRecords(files, iface, parse.GetValue(D.CaptureFilter), count, stdout, stderr);
        }

        var engine = CreateEngine(parse, preferences, stderr, out int engineError);
        if (engine is null)
        {
            return engineError;
        }

        CompiledFilter? filter = null;
        string? filterText = parse.GetValue(D.Filter);
        if (!string.IsNullOrWhiteSpace(filterText))
        {
            if (!DisplayFilter.TryCompile(filterText, engine.Registry, out filter, out FilterError? fe))
            {
                stderr.Write(fe!.Render(filterText));
                stderr.WriteLine();
                return ExitCodes.Usage;
            }
        }

        if (!OutputFactory.TryValidateFields(output, engine.Registry, out string? fieldError))
        {
            return Fail(stderr, ExitCodes.Usage, fieldError!);
        }

        if (output.Hex && output.Format is OutputFormat.Json or OutputFormat.Jsonl && output.Fields.Count == 0)
        {
            stderr.WriteLine("dissect: -x with -T json: the \"*_raw\" members tshark adds (hex, offset, length, bitmask, type) are not written yet; writing JSON without them");
        }

        bool countOnly = parse.GetValue(D.CountOnly);
        string? writePath = parse.GetValue(D.Write);

        // tshark: with -w nothing is printed unless -P asks for summaries or -x for hex dumps.
        bool printSummary = !countOnly && (writePath is null || output.PrintSummary || output.Hex);
        var needs = OutputFactory.Needs(output, printSummary);
        var limits = new ReassemblyLimits
        {
            MaxBytesPerStream = parse.GetValue(D.StreamBudget) ?? 64L * 1024 * 1024,
            MaxBytesTotal = parse.GetValue(D.TotalBudget) ?? 512L * 1024 * 1024,
        };
        var pipeline = CreatePipeline(engine, needs, limits, output, filter);
        if (parse.GetValue(D.TwoPass))
        {
            if (iface is not null || files.Contains("-"))
            {
                return Fail(stderr, ExitCodes.Usage, "-2 reads the input twice: it needs capture files, not standard input or a live interface");
            }

            if (!RunFirstPass(engine, files, parse.GetValue(D.CaptureFilter), count, limits))
            {
                return Fail(stderr, ExitCodes.BadInput, "-2: the first pass could not read the input");
            }

            pipeline.Frame.SecondPass = true;
        }

        if (countOnly && writePath is null && iface is null && !parse.GetValue(D.TwoPass) && parse.GetValue(D.CaptureFilter) is null)
        {
            int workers = ParallelCount.Workers(parse.GetValue(D.Threads), files, pipeline, filter);
            if (workers > 1)
            {
                // Another engine, filter and pipeline like the first, whose messages are already out.
                (DissectionEngine, FramePipeline, CompiledFilter?) Fresh()
                {
                    var e = CreateEngine(parse, preferences, TextWriter.Null, out _)!;
                    CompiledFilter? f = null;
                    if (filter is not null)
                    {
                        DisplayFilter.TryCompile(filterText!, e.Registry, out f, out _);
                    }

                    return (e, CreatePipeline(e, needs, limits, output, f), f);
                }

                var split = ParallelCount.Run(workers, pipeline, filter, () =>
                {
                    var (_, p, f) = Fresh();
                    return (p, f);
                }, files, count);
                if (split is not null)
                {
                    return FinishSplitCount(split, parse.GetValue(D.Strict), filter is not null, stdout, stderr);
                }

                // Stopped (an IP fragment, say): count again on one thread, from fresh state.
                (engine, pipeline, filter) = Fresh();
            }
        }

        using var sink = new OutputSink(stdout);
        IFrameWriter? writer = printSummary ? OutputFactory.Create(output, sink, engine.Registry) : null;
        var view = new FrameView(pipeline.Tree, pipeline.Columns, pipeline.Frame, engine.Core);

        CaptureOutput? capture = null;
        var run = new RunState();
        try
        {
            if (writePath is not null && !CaptureOutput.TryCreate(writePath, out capture, out string? werr))
            {
                return Fail(stderr, ExitCodes.BadInput, werr!);
            }

            var inputs = Inputs.Open(files, iface, parse.GetValue(D.CaptureFilter), count, stderr, out int openError);
            if (openError != ExitCodes.Ok)
            {
                return openError;
            }

            foreach (var input in inputs)
            {
                using var source = input.Open(stderr, out int code);
                if (source is null)
                {
                    run.InputErrors++;
                    run.WorstInputError = code;
                    continue;
                }

                // A pcap file's records are read without an interface call each.
                var pcap = source as PcapReader;
                while (!run.Done(count) && (pcap is not null ? pcap.TryRead(out CaptureRecord record) : source.TryRead(out record)))
                {
                    run.Read++;
                    if (input.Bpf is { } bpf && !bpf.Matches(record))
                    {
                        continue;
                    }

                    pipeline.LookAhead(source, run.Read);
                    pipeline.Process(record, run.Read, source);
                    if (filter is not null && !filter.Matches(pipeline.Tree))
                    {
                        continue;
                    }

                    run.Matched++;
                    view.DeltaDisplayedNs = pipeline.Frame.DeltaDisplayedNs;
                    pipeline.MarkDisplayed();
                    writer?.Write(view);
                    capture?.Write(record, stderr);
                    sink.MaybeFlush();
                }

                foreach (string w in source.Warnings)
                {
                    stderr.WriteLine($"dissect: {w}");
                    run.Truncated++;
                }
            }

            pipeline.Finish();
            if (run.Read > 0 || run.InputErrors == 0)
            {
                // Nothing could be read at all: like tshark, no output document (no "[]" for JSON).
                writer?.Complete();
            }
            if (countOnly)
            {
                sink.Buffer.Append(run.Matched);
                sink.Buffer.Append((byte)'\n');
            }

            sink.Flush();
        }
        catch (IOException ex) when (IsBrokenPipe(ex))
        {
            // The reader went away (dissect ... | head): stop quietly, as tshark does.
            return ExitCodes.Ok;
        }
        finally
        {
            capture?.Dispose();
        }

        return Outcome(pipeline.Damage, run, parse.GetValue(D.Strict), filter is not null, stderr);
    }

    /// <summary>The damage report and the exit code of a finished run.</summary>
    private static int Outcome(DamageCounters damage, RunState run, bool strict, bool filtered, TextWriter stderr)
    {
        ReportDamage(damage, run, stderr);
        if (run.InputErrors > 0 && run.Read == 0)
        {
            return run.WorstInputError;
        }

        if (strict && (damage.Any || run.Truncated > 0 || run.InputErrors > 0))
        {
            return ExitCodes.Damage;
        }

        if (filtered && run.Matched == 0)
        {
            return ExitCodes.NoMatch;
        }

        return run.InputErrors > 0 ? run.WorstInputError : ExitCodes.Ok;
    }

    /// <summary>The end of a <c>--count</c> run split between threads: the same output and exit codes as one thread's.</summary>
    private static int FinishSplitCount(ParallelCount.Result r, bool strict, bool filtered, Stream stdout, TextWriter stderr)
    {
        stderr.Write(r.Messages);
        try
        {
            WriteCount(stdout, r.Matched);
        }
        catch (IOException ex) when (IsBrokenPipe(ex))
        {
            return ExitCodes.Ok;
        }

        var run = new RunState { Read = r.Read, Matched = r.Matched, Truncated = r.Truncated, InputErrors = r.InputErrors, WorstInputError = r.WorstInputError };
        return Outcome(r.Damage, run, strict, filtered, stderr);
    }

    /// <summary>The pipeline that keeps what the outputs and the filter need.</summary>
    private static FramePipeline CreatePipeline(DissectionEngine engine, OutputNeeds needs, ReassemblyLimits limits, OutputOptions output, CompiledFilter? filter)
    {
        var pipeline = new FramePipeline(engine, new PipelineOptions
        {
            BuildAll = needs.BuildAll,
            Labels = needs.Labels,
            Columns = needs.Columns,
            Addresses = needs.Addresses,
            Limits = limits,
        });
        if (!needs.BuildAll)
        {
            foreach (FieldId id in OutputFactory.InterestingFields(output, engine.Registry))
            {
                pipeline.SetInterest(id);
            }

            if (filter is not null)
            {
                foreach (FieldId id in filter.ReferencedFields)
                {
                    pipeline.SetInterest(id);
                }
            }
        }

        return pipeline;
    }

    /// <summary>
    /// The engine for this run: every module, with the protocols -d/--disable-protocol name turned off or
    /// moved. Null with the exit code when a rule is wrong (the message is on <paramref name="stderr"/>).
    /// </summary>
    private static DissectionEngine? CreateEngine(ParseResult parse, Preferences preferences, TextWriter stderr, out int error)
    {
        error = ExitCodes.Ok;
        var engine = DissectionEngine.Create(ProtocolCatalog.CreateAll());
        if (!preferences.TcpDesegment && engine.Modules.Count > 0)
        {
            // Only payload a dissector claims is reassembled; with dissectors registered, FALSE would change
            // tshark's output for their streams, and dissect has no per-segment mode for them.
            stderr.WriteLine("dissect: -o tcp.desegment_tcp_streams:FALSE is not applied: dissect always reassembles PDUs for its protocol dissectors");
        }

        foreach (string names in parse.GetValue(D.DisableProtocol) ?? [])
        {
            foreach (string name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // tshark accepts any name silently; dissect says when a name turns nothing off.
                if (!engine.Table.Disable(name))
                {
                    stderr.WriteLine(engine.Registry.TryGet(name, out _)
                        ? $"dissect: --disable-protocol {name}: only database protocol dissectors can be turned off; ignored"
                        : $"dissect: --disable-protocol {name}: dissect has no such protocol dissector; ignored");
                }
            }
        }

        foreach (string rule in parse.GetValue(D.DecodeAs) ?? [])
        {
            if (!engine.TryAddDecodeAs(rule, out string ruleError))
            {
                error = Fail(stderr, ExitCodes.Usage, ruleError);
                return null;
            }
        }

        return engine;
    }

    /// <summary>
    /// The first pass of <c>-2</c>: every frame through a pipeline that keeps no fields, with the modules
    /// recording their forward links. Messages are left to the second pass, which reads the same input.
    /// </summary>
    private static bool RunFirstPass(DissectionEngine engine, IReadOnlyList<string> files, string? captureFilter, int? count, ReassemblyLimits limits)
    {
        foreach (var m in engine.Modules)
        {
            if (m is IForwardLinks links)
            {
                links.RecordResponseLinks = true;
            }
        }

        var first = new FramePipeline(engine, new PipelineOptions { BuildAll = false, Labels = false, Columns = false, Addresses = false, Limits = limits });
        var inputs = Inputs.Open(files, null, captureFilter, count, TextWriter.Null, out int openError);
        if (openError != ExitCodes.Ok)
        {
            return false;
        }

        uint read = 0;
        foreach (var input in inputs)
        {
            using var source = input.Open(TextWriter.Null, out _);
            if (source is null)
            {
                continue;
            }

            while ((count is null || read < count) && source.TryRead(out CaptureRecord record))
            {
                read++;
                if (input.Bpf is { } bpf && !bpf.Matches(record))
                {
                    continue;
                }

                first.Process(record, read, source);
            }
        }

        first.Finish();
        return true;
    }

    private static int CountRecords(IReadOnlyList<string> files, string? iface, string? captureFilter, int? count, Stream stdout, TextWriter stderr)
    {
        var inputs = Inputs.Open(files, iface, captureFilter, count, stderr, out int openError);
        if (openError != ExitCodes.Ok)
        {
            return openError;
        }

        long n = 0;
        int errors = 0, worst = ExitCodes.BadInput, warnings = 0;
        foreach (var input in inputs)
        {
            using var source = input.Open(stderr, out int code);
            if (source is null)
            {
                errors++;
                worst = code;
                continue;
            }

            if (input.Bpf is null)
            {
                while ((count is null || n < count) && source.TrySkip())
                {
                    n++;
                }
            }
            else
            {
                while ((count is null || n < count) && source.TryRead(out CaptureRecord record))
                {
                    if (input.Bpf.Matches(record))
                    {
                        n++;
                    }
                }
            }

            foreach (string w in source.Warnings)
            {
                stderr.WriteLine($"dissect: {w}");
                warnings++;
            }
        }

        WriteCount(stdout, n);
        if (warnings > 0)
        {
            stderr.WriteLine($"dissect: damage: {warnings} capture warning{(warnings == 1 ? "" : "s")}; {n} frames read");
        }

        return errors > 0 && n == 0 ? worst : ExitCodes.Ok;
    }

    /// <summary>The answer of <c>--count</c>: the number and a newline.</summary>
    private static void WriteCount(Stream stdout, long n)
    {
        stdout.Write(System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        stdout.Flush();
    }

    private static bool IsBrokenPipe(IOException ex) =>
        ex.HResult == 32 || ex.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);

    private static void ReportDamage(DamageCounters d, RunState run, TextWriter stderr)
    {
        if (!d.Any && run.Truncated == 0)
        {
            return;
        }

        var parts = new List<string>();
        if (run.Truncated > 0)
        {
            parts.Add(Plural(run.Truncated, "capture warning", "capture warnings"));
        }

        if (d.Malformed > 0)
        {
            parts.Add(Plural(d.Malformed, "malformed frame or PDU", "malformed frames or PDUs"));
        }

        if (d.ShortFrames > 0)
        {
            parts.Add(Plural(d.ShortFrames, "frame cut short by the snap length", "frames cut short by the snap length"));
        }

        if (d.Gaps > 0)
        {
            parts.Add($"{Plural(d.Gaps, "stream gap", "stream gaps")} ({d.GapBytes} bytes not captured)");
        }

        if (d.BudgetDrops > 0)
        {
            parts.Add(Plural(d.BudgetDrops, "PDU dropped over the reassembly limit", "PDUs dropped over the reassembly limit"));
        }

        if (d.Unfinished > 0)
        {
            parts.Add(Plural(d.Unfinished, "stream ended inside a PDU", "streams ended inside a PDU"));
        }

        if (d.DissectorBugs > 0)
        {
            parts.Add(Plural(d.DissectorBugs, "dissector bug (please report)", "dissector bugs (please report)"));
        }

        stderr.WriteLine($"dissect: damage: {string.Join(", ", parts)}; {run.Read} frames read");
    }

    private static string Plural(long n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine("dissect: " + message);
        return code;
    }

    /// <summary>Parses -T, -V, -O, -e and -E into <see cref="OutputOptions"/> with tshark's rules.</summary>
    internal static bool TryBuildOutputOptions(ParseResult parse, out OutputOptions options, out string? error)
    {
        options = new OutputOptions();
        error = null;
        string format = (parse.GetValue(D.Format) ?? "text").ToLowerInvariant();
        OutputFormat f;
        switch (format)
        {
            case "text":
                f = OutputFormat.Text;
                break;
            case "fields":
                f = OutputFormat.Fields;
                break;
            case "json":
                f = OutputFormat.Json;
                break;
            case "jsonl":
            case "ndjson":
                f = OutputFormat.Jsonl;
                break;
            default:
                error = $"-T {format} is not supported; use text, fields, json or jsonl";
                return false;
        }

        var fields = parse.GetValue(D.Fields) ?? [];
        if (f == OutputFormat.Fields && fields.Length == 0)
        {
            error = "-T fields was specified, but no fields were specified with -e";
            return false;
        }

        if (fields.Length > 0 && f == OutputFormat.Text)
        {
            error = "-e requires -T fields, -T json or -T jsonl";
            return false;
        }

        if (f == OutputFormat.Fields && parse.GetValue(D.Hex))
        {
            // tshark refuses this combination too (exit 1 there, usage here).
            error = "Raw packet hex data can only be printed as text or JSON (-x cannot be combined with -T fields)";
            return false;
        }

        bool header = false;
        string separator = "\t", aggregator = ",";
        QuoteMode quote = QuoteMode.None;
        Occurrence occurrence = Occurrence.All;
        foreach (string opt in parse.GetValue(D.FieldOptions) ?? [])
        {
            int eq = opt.IndexOf('=');
            string key = eq < 0 ? opt : opt[..eq];
            string value = eq < 0 ? "" : opt[(eq + 1)..];
            switch (key)
            {
                case "header":
                    if (value is not ("y" or "n"))
                    {
                        error = $"invalid -E header value \"{value}\"; use y or n";
                        return false;
                    }

                    header = value == "y";
                    break;
                case "separator":
                    separator = value switch { "/t" => "\t", "/s" => " ", _ => value };
                    if (separator.Length == 0)
                    {
                        error = "-E separator needs a value (/t, /s or a character)";
                        return false;
                    }

                    break;
                case "aggregator":
                    aggregator = value switch { "/s" => " ", _ => value };
                    if (aggregator.Length == 0)
                    {
                        error = "-E aggregator needs a value (, or /s or a character)";
                        return false;
                    }

                    break;
                case "quote":
                    switch (value)
                    {
                        case "d":
                            quote = QuoteMode.Double;
                            break;
                        case "s":
                            quote = QuoteMode.Single;
                            break;
                        case "n":
                            quote = QuoteMode.None;
                            break;
                        default:
                            error = $"invalid -E quote value \"{value}\"; use d, s or n";
                            return false;
                    }

                    break;
                case "occurrence":
                    switch (value)
                    {
                        case "f":
                            occurrence = Occurrence.First;
                            break;
                        case "l":
                            occurrence = Occurrence.Last;
                            break;
                        case "a":
                            occurrence = Occurrence.All;
                            break;
                        default:
                            error = $"invalid -E occurrence value \"{value}\"; use f, l or a";
                            return false;
                    }

                    break;
                case "bom":
                    break;
                default:
                    error = $"invalid -E option \"{opt}\"; use header, separator, quote, occurrence or aggregator";
                    return false;
            }
        }

        var tree = new List<string>();
        foreach (string o in parse.GetValue(D.TreeProtocols) ?? [])
        {
            tree.AddRange(o.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries));
        }

        options = new OutputOptions
        {
            Format = f,
            Verbose = parse.GetValue(D.Verbose),
            TreeProtocols = tree,
            Fields = fields,
            Header = header,
            Separator = separator,
            Quote = quote,
            Occurrence = occurrence,
            Aggregator = aggregator,
            Hex = parse.GetValue(D.Hex),
            PrintSummary = parse.GetValue(D.PrintSummary),
        };
        return true;
    }

    private sealed class RunState
    {
        public uint Read;
        public long Matched;
        public long Truncated;
        public int InputErrors;
        public int WorstInputError = ExitCodes.BadInput;

        public bool Done(int? count) => count is { } c && Read >= c;
    }
}
