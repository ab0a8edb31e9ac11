namespace Dissectors.Core.Conversations;

/// <summary>How the server side of a conversation was determined.</summary>
public enum ServerSide : byte
{
    /// <summary>Unknown: the first sender is treated as the client.</summary>
    Guessed,
    /// <summary>A SYN (without ACK) came from the client.</summary>
    Syn,
    /// <summary>One port is the protocol's registered or decode-as port.</summary>
    Port,
    /// <summary>The dissector recognised a server-only message (a greeting).</summary>
    Content,
}

/// <summary>
/// Facts about a TCP conversation that dissectors may read. One object per conversation; when the
/// conversation is forgotten the object is reused, with its <see cref="TcpConversation"/>, for a later one
/// (a dissector may keep it only as long as it belongs to that conversation).
/// </summary>
public sealed class ConversationInfo
{
    public ConversationInfo(uint streamIndex, Endpoint client, Endpoint server, ServerSide how, uint firstFrame, long startNs) =>
        Reset(streamIndex, client, server, how, firstFrame, startNs);

    /// <summary>Makes the object describe a new conversation (pooling).</summary>
    internal void Reset(uint streamIndex, Endpoint client, Endpoint server, ServerSide how, uint firstFrame, long startNs)
    {
        StreamIndex = streamIndex;
        Client = client;
        Server = server;
        ServerSide = how;
        FirstFrame = firstFrame;
        StartNs = startNs;
    }

    /// <summary><c>tcp.stream</c>.</summary>
    public uint StreamIndex { get; private set; }

    public Endpoint Client { get; private set; }

    public Endpoint Server { get; private set; }

    public ServerSide ServerSide { get; private set; }

    public uint FirstFrame { get; private set; }

    public long StartNs { get; private set; }

    /// <summary>Swaps client and server (a dissector found the first sender was the server).</summary>
    public void SwapRoles(ServerSide how)
    {
        (Client, Server) = (Server, Client);
        ServerSide = how;
    }

    /// <summary>Sets which side is the server once a better reason is known.</summary>
    internal void SetServer(Endpoint server, ServerSide how)
    {
        if (server != Server)
        {
            (Client, Server) = (Server, Client);
        }

        ServerSide = how;
    }
}
