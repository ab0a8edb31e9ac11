using System.Runtime.InteropServices;
using Dissectors.Core.Conversations;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// Query texts seen in the run, interned by content so a request can carry a small id to its response
/// (and a prepared statement to its EXECUTEs) instead of a copy. Bounded by <see cref="CqlLimits.MaxTextBytes"/>;
/// past that, new texts are simply not remembered.
/// </summary>
internal sealed class CqlTextStore
{
    private readonly Dictionary<ulong, int> _byHash = [];
    private readonly List<byte[]> _texts = [];
    private long _bytes;

    public int Count => _texts.Count;

    /// <summary>The id of <paramref name="utf8"/>, adding it if new; -1 when the store is full.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        ulong h = CqlHash.Of(utf8);
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHash, h, out bool exists);
        if (exists)
        {
            return _texts[slot].AsSpan().SequenceEqual(utf8) ? slot : -1;
        }

        if (_bytes + utf8.Length > CqlLimits.MaxTextBytes)
        {
            _byHash.Remove(h);
            return -1;
        }

        slot = _texts.Count;
        _texts.Add(utf8.ToArray());
        _bytes += utf8.Length;
        return slot;
    }

    public ReadOnlySpan<byte> Get(int id) => (uint)id < (uint)_texts.Count ? _texts[id] : default;
}

/// <summary>A prepared statement as its PREPARE result described it.</summary>
internal sealed class CqlPreparedStatement
{
    public required byte[] Id { get; init; }

    /// <summary>Query text id in <see cref="CqlTextStore"/>, -1 when the PREPARE request was not captured.</summary>
    public int TextId { get; set; } = -1;

    /// <summary>Raw bound-variable metadata (from its flags to the end of its column specs), or null.</summary>
    public byte[]? Variables { get; set; }

    /// <summary>Raw result metadata (Rows metadata layout), or null.</summary>
    public byte[]? Result { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// Prepared statements of the run, per server: drivers prepare on one connection and execute on another,
/// and a statement id is only valid on the node that prepared it. A lookup that misses on the server falls
/// back to the same id prepared on another node (Cassandra's id is a digest of the statement, so the
/// metadata is the same). Bounded by <see cref="CqlLimits.MaxPreparedStatements"/>.
/// </summary>
internal sealed class CqlPreparedStore
{
    private readonly Dictionary<(Endpoint Server, ulong Id), int> _byServer = [];
    private readonly Dictionary<ulong, int> _byId = [];
    private readonly List<CqlPreparedStatement> _items = [];

    public int Count => _items.Count;

    public CqlPreparedStatement Get(int index) => _items[index];

    /// <summary>Index of the statement <paramref name="id"/> prepared on <paramref name="server"/> (or elsewhere), -1 if unknown.</summary>
    public int Find(in Endpoint server, ReadOnlySpan<byte> id)
    {
        ulong h = CqlHash.Of(id);
        if (_byServer.TryGetValue((server, h), out int i) && _items[i].Id.AsSpan().SequenceEqual(id))
        {
            return i;
        }

        if (_byId.TryGetValue(h, out i) && _items[i].Id.AsSpan().SequenceEqual(id))
        {
            return i;
        }

        return -1;
    }

    /// <summary>Index of the statement for (<paramref name="server"/>, <paramref name="id"/>), created if new; -1 when full.</summary>
    public int GetOrAdd(in Endpoint server, ReadOnlySpan<byte> id)
    {
        ulong h = CqlHash.Of(id);
        if (_byServer.TryGetValue((server, h), out int i))
        {
            return _items[i].Id.AsSpan().SequenceEqual(id) ? i : -1;
        }

        if (_items.Count >= CqlLimits.MaxPreparedStatements)
        {
            return -1;
        }

        _items.Add(new CqlPreparedStatement { Id = id.ToArray() });
        i = _items.Count - 1;
        _byServer[(server, h)] = i;
        _byId[h] = i;
        return i;
    }
}

/// <summary>64-bit FNV-1a, for keying byte strings (collisions are checked by comparing the bytes).</summary>
internal static class CqlHash
{
    public static ulong Of(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in data)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }
}
