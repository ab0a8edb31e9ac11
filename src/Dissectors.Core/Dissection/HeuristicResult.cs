namespace Dissectors.Core.Dissection;

/// <summary>A heuristic's verdict on the first payload bytes of a conversation.</summary>
public enum HeuristicResult : byte
{
    NotMine,
    Mine,
    /// <summary>Too few bytes to decide; ask again with more.</summary>
    NeedMore,
}
