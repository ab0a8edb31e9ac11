using Dissect.Cli.Commands;

namespace Dissect.Cli.Tests;

/// <summary>What one in-process run of dissect produced.</summary>
internal sealed record CliResult(int ExitCode, byte[] Stdout, string Stderr);

/// <summary>Runs the CLI in-process (no child process), capturing stdout as bytes and stderr as text.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int code = DissectApp.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToArray(), stderr.ToString());
    }
}
