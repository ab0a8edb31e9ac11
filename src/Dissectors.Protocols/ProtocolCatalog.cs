using Dissectors.Core.Dissection;
using Dissectors.Protocols.Cql;
using Dissectors.Protocols.MySql;
using Dissectors.Protocols.Scylla;
using Dissectors.Protocols.Tarantool;

namespace Dissectors.Protocols;

/// <summary>
/// The protocol modules dissect ships, in registration order (which fixes field ids and the order
/// heuristics run in). Each protocol's issue adds its module here.
/// </summary>
public static class ProtocolCatalog
{
    /// <summary>Fresh module instances (modules hold per-run state such as prepared statements).</summary>
    public static IReadOnlyList<IProtocolModule> CreateAll() =>
        [new CqlModule(), new ScyllaModule(), new MySqlModule(), new TarantoolModule()];
}
