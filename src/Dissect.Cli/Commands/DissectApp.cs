using System.CommandLine;

namespace Dissect.Cli.Commands;

/// <summary>Entry point wiring: parses the command line and runs the chosen command.</summary>
internal static class DissectApp
{
    public static int Run(string[] args) => Run(args, Console.OpenStandardOutput(), Console.Error);

    /// <summary>Runs with explicit output streams (used by the in-process tests).</summary>
    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var root = DissectCommandDefinition.Create();
        if (args.Length == 0)
        {
            args = ["--help"];
        }

        // No response files: tshark has none, and "-Y @tcp.payload ..." must reach the filter compiler.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                stderr.WriteLine("dissect: " + e.Message);
            }

            stderr.WriteLine("Run 'dissect --help' for usage and examples.");
            return ExitCodes.Usage;
        }

        if (parse.CommandResult.Command == root && parse.Action is not System.CommandLine.Help.HelpAction
            && parse.Action is not System.CommandLine.Invocation.ParseErrorAction && !IsVersion(parse))
        {
            try
            {
                return DissectCommand.Run(parse, stdout, stderr);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                stderr.WriteLine($"dissect: internal error: {ex.GetType().Name}: {ex.Message} (please report this with the command line)");
                return ExitCodes.Usage;
            }
        }

        if (parse.CommandResult.Command.Name == "fields" && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            // Run here rather than through Invoke so that the caller's streams are used (in-process tests).
            return FieldsCommand.Run(parse.GetValue(FieldsCommand.Protocol), "fields", stdout, stderr);
        }

        var config = new InvocationConfiguration { Output = new StreamWriter(stdout) { AutoFlush = true }, Error = stderr };
        return parse.Invoke(config);
    }

    private static bool IsVersion(ParseResult parse) => parse.Action is not null && parse.Action.GetType().Name.Contains("Version", StringComparison.Ordinal);
}
