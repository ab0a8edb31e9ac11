namespace Dissect.Cli.Capture;

/// <summary>The one-line explanation when libpcap (needed only for live capture and BPF) is missing.</summary>
internal static class LibPcap
{
    public const string Missing =
        "live capture and --capture-filter need libpcap, which is not installed; on Debian/Ubuntu: apt-get install libpcap0.8 (reading capture files does not need it)";

    /// <summary>True for the exceptions .NET raises when a native library cannot be loaded.</summary>
    public static bool IsMissing(Exception ex) =>
        ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
        || (ex is TypeInitializationException { InnerException: { } inner } && IsMissing(inner));
}
