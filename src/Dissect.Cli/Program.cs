namespace Dissect.Cli;

internal static class Program
{
    private static int Main(string[] args) => Commands.DissectApp.Run(args);
}
