using System.Diagnostics;
using System.Text;
using Dissect.Cli.Commands;

namespace Dissect.Cli.Tests;

/// <summary>What one in-process run of <c>dissect</c> produced.</summary>
internal sealed class CliRunResult(string[] args, int exitCode, byte[] stdout, string stderr, long allocatedBytes, TimeSpan elapsed)
{
    public string[] Args { get; } = args;

    public int ExitCode { get; } = exitCode;

    public byte[] StdoutBytes { get; } = stdout;

    public string Stdout { get; } = Encoding.UTF8.GetString(stdout);

    public string Stderr { get; } = stderr;

    /// <summary>Bytes allocated by the thread that ran dissect (the whole run is on that thread).</summary>
    public long AllocatedBytes { get; } = allocatedBytes;

    public TimeSpan Elapsed { get; } = elapsed;

    public string CommandLine => "dissect " + string.Join(' ', Args);

    /// <summary>A description for assertion messages: the command, the exit code and stderr.</summary>
    public string Describe(string context = "") =>
        $"{context}{(context.Length > 0 ? ": " : "")}{CommandLine} -> exit {ExitCode}; stderr:\n{Stderr}";
}

/// <summary>
/// Runs <c>dissect</c> in-process on its own thread with a time budget, so a hang fails the test instead
/// of stalling the run, and measures what the run allocated.
/// </summary>
internal static class CliRun
{
    /// <summary>Generous: every capture used by the tests takes milliseconds.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(10);

    public static CliRunResult Run(params string[] args) => Run(args, "", DefaultBudget);

    public static CliRunResult Run(string[] args, string context, TimeSpan budget)
    {
        var task = Task.Factory.StartNew(() => RunHere(args), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try
        {
            finished = task.Wait(budget);
        }
        catch (AggregateException ex)
        {
            Assert.Fail($"{context}: dissect {string.Join(' ', args)} threw {ex.InnerException}");
            throw;
        }

        if (!finished)
        {
            Assert.Fail($"{context}: dissect {string.Join(' ', args)} did not finish within {budget.TotalSeconds} s");
        }

        return task.Result;
    }

    private static CliRunResult RunHere(string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int code = DissectApp.Run(args, stdout, stderr);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return new CliRunResult(args, code, stdout.ToArray(), stderr.ToString(), allocated, clock.Elapsed);
    }
}
