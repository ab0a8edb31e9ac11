namespace Dissectors.Protocols.Scylla;

/// <summary>Verb ids dissect decodes a body for (ScyllaDB's <c>messaging_verb</c>).</summary>
internal static class ScyllaVerbs
{
    public const ulong Mutation = 1;
    public const ulong MutationDone = 2;
    public const ulong ReadData = 3;
    public const ulong ReadMutationData = 4;
    public const ulong ReadDigest = 5;
    public const ulong GossipDigestSyn = 6;
    public const ulong GossipDigestAck = 7;
    public const ulong GossipDigestAck2 = 8;
    public const ulong CounterMutation = 23;
    public const ulong MutationFailed = 24;
    public const ulong HintMutation = 42;
}
