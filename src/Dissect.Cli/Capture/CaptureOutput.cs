using Dissectors.Core.Capture;

namespace Dissect.Cli.Capture;

/// <summary><c>-w OUT</c>: frames that pass the filter, written as they are read.</summary>
internal sealed class CaptureOutput : IDisposable
{
    private readonly CaptureWriter _writer;
    private bool _warned;

    private CaptureOutput(CaptureWriter writer) => _writer = writer;

    public static bool TryCreate(string path, out CaptureOutput? output, out string? error)
    {
        output = null;
        if (!CaptureWriter.TryCreate(path, out var writer, out string e))
        {
            error = e;
            return false;
        }

        output = new CaptureOutput(writer!);
        error = null;
        return true;
    }

    public void Write(in CaptureRecord record, TextWriter stderr)
    {
        if (!_writer.TryWrite(record, out string error) && !_warned)
        {
            _warned = true;
            stderr.WriteLine("dissect: -w: " + error);
        }
    }

    public void Dispose() => _writer.Dispose();
}
