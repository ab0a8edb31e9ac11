namespace Dissectors.Protocols.Scylla;

/// <summary>Verb ids dissect decodes a body for (ScyllaDB's <c>messaging_verb</c>).</summary>
internal static class ScyllaVerbs
{
    public const ulong Mutation = 1;
    public const ulong ReadData = 3;
}
