namespace Dissect.Cli;

/// <summary>Exit codes (DESIGN item 10).</summary>
public static class ExitCodes
{
    /// <summary>Done; with a filter, at least one frame matched.</summary>
    public const int Ok = 0;

    /// <summary>A display filter matched no frame.</summary>
    public const int NoMatch = 1;

    /// <summary>Bad usage or a filter that does not compile.</summary>
    public const int Usage = 2;

    /// <summary>Input missing, unreadable or not a capture.</summary>
    public const int BadInput = 3;

    /// <summary>Damage found (truncated file, malformed PDUs) and <c>--strict</c> was given.</summary>
    public const int Damage = 4;
}
