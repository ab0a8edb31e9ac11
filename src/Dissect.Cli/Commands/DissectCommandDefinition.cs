using System.CommandLine;

namespace Dissect.Cli.Commands;

/// <summary>
/// Options of the main command. Spellings follow tshark so muscle memory carries over
/// (<c>-r</c>, <c>-Y</c>, <c>-T fields</c>/<c>-Tfields</c>, repeated <c>-e</c> and <c>-E</c>, <c>-V</c>,
/// <c>-O</c>, <c>-x</c>, <c>-c</c>, <c>-w</c>, <c>-d</c>).
/// </summary>
internal static class DissectCommandDefinition
{
    public static readonly Argument<string[]> Files = new("FILE")
    {
        Description = "Capture files (pcap, pcapng, optionally gzip-compressed) read one after another; '-' reads standard input.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<string[]> Read = new("--read-file", "-r")
    {
        Description = "Capture file to read (tshark's -r); may be repeated.",
        HelpName = "FILE",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<string?> Filter = new("--filter", "-Y")
    {
        Description = "Display filter in Wireshark's language, e.g. \"cql.opcode == QUERY\" or 'mysql.query contains \"orders\"'.",
        HelpName = "EXPR",
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-V")
    {
        Description = "Print the full field tree of every frame.",
    };

    public static readonly Option<string[]> TreeProtocols = new("-O")
    {
        Description = "Print the tree only for these protocols (comma-separated, e.g. -O cql,tcp).",
        HelpName = "PROTOCOLS",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<string?> Format = new("--format", "-T")
    {
        Description = "Output format: text (default), fields, json, jsonl.",
        HelpName = "text|fields|json|jsonl",
    };

    public static readonly Option<string[]> Fields = new("--field", "-e")
    {
        Description = "Field to print with -T fields (repeatable), e.g. -e frame.number -e cql.opcode.",
        HelpName = "FIELD",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<string[]> FieldOptions = new("-E")
    {
        Description = "Field output option (repeatable): header=y|n, separator=/t|/s|CHAR, quote=d|s|n, occurrence=f|l|a, aggregator=,|/s|CHAR.",
        HelpName = "OPTION=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<int?> Count = new("-c")
    {
        Description = "Stop after reading N packets.",
        HelpName = "N",
    };

    public static readonly Option<bool> Hex = new("-x")
    {
        Description = "Print a hex and ASCII dump of each frame (and of reassembled data): alone it replaces the summary lines (add -P to keep them), with -V it follows the tree.",
    };

    public static readonly Option<string?> Write = new("-w")
    {
        Description = "Write the frames that pass the filter to a capture file (pcapng if the name ends in .pcapng, else pcap).",
        HelpName = "OUT",
    };

    public static readonly Option<string[]> DecodeAs = new("--decode-as", "-d")
    {
        Description = "Decode a TCP port as a protocol (repeatable), e.g. -d tcp.port==19042,cql.",
        HelpName = "tcp.port==N,PROTO",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<string[]> DisableProtocol = new("--disable-protocol")
    {
        Description = "Turn a protocol dissector off (repeatable, or comma-separated), as tshark does: its payload shows as data, e.g. --disable-protocol mysql.",
        HelpName = "PROTO",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<bool> TwoPass = new("-2", "--two-pass")
    {
        Description = "Two passes, like tshark -2: the first reads the files through, so requests show the frame of their response (cql.response_in). Needs files (not stdin or -i).",
    };

    public static readonly Option<bool> CountOnly = new("--count")
    {
        Description = "Print only the number of frames that passed the filter (like grep -c).",
    };

    public static readonly Option<int?> Threads = new("--threads")
    {
        Description = "Threads for --count (default: one per core, at most 4; 1 for one). A capture is split by conversation only when what the filter reads belongs to single conversations; otherwise, below 4 MiB of input, and for frames averaging 4 KiB or more, one thread counts.",
        HelpName = "N",
    };

    public static readonly Option<bool> Strict = new("--strict")
    {
        Description = "Exit with code 4 when the input was damaged (truncated file, malformed PDUs, lost segments).",
    };

    public static readonly Option<string?> Interface = new("--interface", "-i")
    {
        Description = "Capture live from a network interface (needs libpcap).",
        HelpName = "NAME",
    };

    public static readonly Option<string?> CaptureFilter = new("--capture-filter", "-f")
    {
        Description = "BPF capture filter for live capture and files (needs libpcap), e.g. \"tcp port 9042\".",
        HelpName = "BPF",
    };

    public static readonly Option<string?> Glossary = new("-G")
    {
        Description = "Print a glossary like tshark: fields, values, protocols.",
        HelpName = "fields|values|protocols",
    };

    public static readonly Option<bool> PrintSummary = new("-P")
    {
        Description = "Print summary lines even when writing with -w, or before the tree (-V) or hex dump (-x).",
    };

    public static readonly Option<long?> StreamBudget = new("--max-stream-buffer")
    {
        Description = "Most bytes one TCP direction may hold while reassembling (default 64 MiB).",
        HelpName = "BYTES",
    };

    public static readonly Option<long?> TotalBudget = new("--max-reassembly-memory")
    {
        Description = "Most bytes all TCP streams together may hold while reassembling (default 512 MiB).",
        HelpName = "BYTES",
    };

    public static readonly Option<string[]> Preference = new("-o")
    {
        Description = "Set a preference in tshark's syntax (repeatable); dissect knows tcp.desegment_tcp_streams:TRUE|FALSE.",
        HelpName = "NAME:VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<bool> NameResolution = new("-n")
    {
        Description = "Disable name resolution (accepted for tshark compatibility; dissect never resolves names).",
    };

    public static RootCommand Create()
    {
        var root = new RootCommand(Help.Description)
        {
            Files, Read, Filter, Verbose, TreeProtocols, Format, Fields, FieldOptions, Count, Hex, Write, DecodeAs, DisableProtocol, TwoPass,
            CountOnly, Threads, Strict, Interface, CaptureFilter, Glossary, PrintSummary, StreamBudget, TotalBudget, Preference, NameResolution,
        };
        root.Subcommands.Add(FieldsCommand.Create());
        root.SetAction(DissectCommand.Run);
        return root;
    }
}
