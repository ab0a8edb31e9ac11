using Dissectors.Core.Capture;

namespace Dissect.Cli.Capture;

/// <summary>One input of a run: a file (or stdin) or a live interface, opened when its turn comes.</summary>
internal sealed class Input
{
    private readonly string? _path;
    private readonly string? _interface;
    private readonly string? _captureFilter;
    private readonly int? _count;

    public Input(string? path, string? iface, string? captureFilter, int? count)
    {
        _path = path;
        _interface = iface;
        _captureFilter = captureFilter;
        _count = count;
    }

    /// <summary>A BPF filter applied to records read from files (live captures filter in the kernel).</summary>
    public BpfFilter? Bpf { get; private set; }

    /// <summary>
    /// Opens the input; null with an exit code when it cannot be read (the message is already on stderr).
    /// <paramref name="readAhead"/>: see <see cref="CaptureFile.TryOpen(string, out ICaptureSource?, out string, bool)"/>.
    /// </summary>
    /// <paramref name="shared"/>, <paramref name="reader"/>: the blocks a split count's workers read this file from together.
    public ICaptureSource? Open(TextWriter stderr, out int exitCode, bool readAhead = true, SharedBlocks? shared = null, int reader = 0)
    {
        exitCode = ExitCodes.Ok;
        if (_interface is not null)
        {
            if (!LiveCapture.TryOpen(_interface, _captureFilter, _count, out var live, out string liveError))
            {
                stderr.WriteLine("dissect: " + liveError);
                exitCode = ExitCodes.BadInput;
                return null;
            }

            return live;
        }

        if (!CaptureFile.TryOpen(_path!, out var source, out string error, readAhead, shared, reader))
        {
            stderr.WriteLine("dissect: " + error);
            exitCode = ExitCodes.BadInput;
            return null;
        }

        if (_captureFilter is not null)
        {
            if (!BpfFilter.TryCreate(_captureFilter, source!.LinkType, out var bpf, out string bpfError))
            {
                source.Dispose();
                stderr.WriteLine("dissect: " + bpfError);
                exitCode = ExitCodes.Usage;
                return null;
            }

            Bpf = bpf;
        }

        return source;
    }
}

/// <summary>Builds the list of inputs from the command line.</summary>
internal static class Inputs
{
    public static List<Input> Open(IReadOnlyList<string> files, string? iface, string? captureFilter, int? count, TextWriter stderr, out int error)
    {
        error = ExitCodes.Ok;
        var list = new List<Input>();
        if (iface is not null)
        {
            if (files.Count > 0)
            {
                stderr.WriteLine("dissect: give either capture files or --interface, not both");
                error = ExitCodes.Usage;
                return list;
            }

            list.Add(new Input(null, iface, captureFilter, count));
            return list;
        }

        int stdin = 0;
        foreach (string f in files)
        {
            stdin += f == "-" ? 1 : 0;
            list.Add(new Input(f, null, captureFilter, count));
        }

        if (stdin > 1)
        {
            stderr.WriteLine("dissect: standard input ('-') can be read only once");
            error = ExitCodes.Usage;
        }

        return list;
    }
}
