using Dissectors.Core.Conversations;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Dissection;

/// <summary>
/// A protocol: it registers its fields, then declares how it is found (ports, heuristics), and makes
/// one <see cref="IStreamDissector"/> per conversation. Shared state across conversations (prepared
/// statements per server) belongs to the module instance.
/// </summary>
public interface IProtocolModule
{
    /// <summary>Filter name of the protocol (<c>cql</c>), used by <c>-d tcp.port==N,cql</c>.</summary>
    string Name { get; }

    /// <summary>Adds the protocol's fields and expert items. Called once, before the registry is frozen.</summary>
    void RegisterFields(FieldRegistry registry);

    /// <summary>Declares default ports and heuristics. Called once, after every module registered its fields.</summary>
    void RegisterHandoffs(DissectorTable table);

    /// <summary>Makes the dissector for a new conversation.</summary>
    IStreamDissector CreateStreamDissector(ConversationInfo conversation);

    /// <summary>
    /// Looks at the first payload bytes of a conversation on a port nobody registered. Must not throw
    /// or read past the span. <paramref name="fromServer"/> is a guess when the server side is unknown.
    /// </summary>
    HeuristicResult Heuristic(ReadOnlySpan<byte> data, bool fromServer) => HeuristicResult.NotMine;

    /// <summary>
    /// Whether building what <paramref name="tree"/> keeps reads state one conversation left for another
    /// (CQL: statements prepared on one connection and executed on another). A run is only split between
    /// threads by conversation when no module says so. Called once per run, after the interest is set.
    /// </summary>
    bool SharesStateAcrossConversations(FieldTree tree) => false;
}
