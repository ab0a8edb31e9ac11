using Dissectors.Core.Capture;
using SharpPcap.LibPcap;

namespace Dissect.Cli.Capture;

/// <summary>A compiled BPF capture filter (libpcap syntax) applied to frames read from files.</summary>
internal sealed class BpfFilter : IDisposable
{
    private readonly BpfProgram _program;

    private BpfFilter(BpfProgram program) => _program = program;

    public static bool TryCreate(string expression, LinkType linkType, out BpfFilter? filter, out string error)
    {
        filter = null;
        error = "";
        try
        {
            var program = BpfProgram.TryCreate((PacketDotNet.LinkLayers)(int)linkType, expression, 1, 0);
            if (program is null)
            {
                error = $"\"{expression}\" is not a valid capture filter (BPF syntax, e.g. \"tcp port 9042\")";
                return false;
            }

            filter = new BpfFilter(program);
            return true;
        }
        catch (Exception ex) when (LibPcap.IsMissing(ex))
        {
            error = LibPcap.Missing;
            return false;
        }
    }

    public bool Matches(in CaptureRecord record) => _program.Matches(record.Data.Span);

    public void Dispose() => _program.Dispose();
}
