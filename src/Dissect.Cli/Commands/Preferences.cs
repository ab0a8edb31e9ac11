namespace Dissect.Cli.Commands;

/// <summary>
/// <c>-o NAME:VALUE</c> in tshark's preference syntax (value after the first colon, spaces around it
/// ignored). dissect knows few preferences; an unknown name is an error (exit 2) rather than silently
/// ignored, so a command line copied from tshark never means something else here.
/// </summary>
internal sealed class Preferences
{
    private const string TcpDesegmentName = "tcp.desegment_tcp_streams";

    /// <summary>The preference names <c>-o</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Known = [TcpDesegmentName];

    /// <summary>
    /// <c>tcp.desegment_tcp_streams</c> (tshark's default TRUE): whether TCP payload is reassembled into PDUs
    /// for the protocol dissectors. dissect's pipeline always reassembles for the dissectors that claim a
    /// stream; for payload no dissector claims (shown as data) the setting changes nothing, in tshark too.
    /// </summary>
    public bool TcpDesegment { get; private set; } = true;

    public static bool TryParse(IEnumerable<string> flags, out Preferences prefs, out string? error)
    {
        prefs = new Preferences();
        error = null;
        foreach (string flag in flags)
        {
            int colon = flag.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"Invalid -o flag \"{flag}\"; use -o NAME:VALUE, e.g. -o {TcpDesegmentName}:FALSE";
                return false;
            }

            string name = flag[..colon].Trim();
            string value = flag[(colon + 1)..].Trim();
            switch (name)
            {
                case TcpDesegmentName:
                    if (!TryParseBool(value, out bool on))
                    {
                        error = $"Invalid -o flag \"{flag}\": {name} takes TRUE or FALSE";
                        return false;
                    }

                    prefs.TcpDesegment = on;
                    break;
                default:
                    error = $"Invalid -o flag \"{flag}\": unknown preference \"{name}\" (dissect knows: {string.Join(", ", Known)})";
                    return false;
            }
        }

        return true;
    }

    // tshark writes booleans as TRUE/FALSE; any case is accepted. (tshark 4.0 silently takes anything
    // else as FALSE; dissect rejects it instead.)
    private static bool TryParseBool(string value, out bool on)
    {
        on = value.Equals("TRUE", StringComparison.OrdinalIgnoreCase);
        return on || value.Equals("FALSE", StringComparison.OrdinalIgnoreCase);
    }
}
