namespace Dissect.Cli.Commands;

/// <summary>Entry point wiring: parses the command line and runs the chosen command.</summary>
internal static class DissectApp
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("dissect: the command line is being wired up");
        return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Usage;
    }
}
