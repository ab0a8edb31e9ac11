namespace Dissectors.Core.Dissection;

/// <summary>
/// Which module handles which TCP port, plus heuristics in registration order and user overrides
/// (<c>-d tcp.port==N,proto</c>). Decode-as wins over ports, ports over heuristics.
/// </summary>
public sealed class DissectorTable
{
    private readonly Dictionary<ushort, IProtocolModule> _ports = [];
    private readonly Dictionary<ushort, IProtocolModule?> _decodeAs = [];
    private readonly List<IProtocolModule> _heuristics = [];
    private readonly Dictionary<string, IProtocolModule> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<IProtocolModule> _disabled = [];

    public void AddModule(IProtocolModule module) => _byName[module.Name] = module;

    public void AddPort(ushort port, IProtocolModule module) => _ports[port] = module;

    public void AddHeuristic(IProtocolModule module) => _heuristics.Add(module);

    public IReadOnlyList<IProtocolModule> Heuristics => _heuristics;

    public bool TryGetModule(string name, out IProtocolModule module) => _byName.TryGetValue(name, out module!);

    public IEnumerable<string> ModuleNames => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Forces a port to a protocol; a null module means "data" (no dissector).</summary>
    public void DecodeAs(ushort port, IProtocolModule? module) =>
        _decodeAs[port] = module is not null && _disabled.Contains(module) ? null : module;

    /// <summary>
    /// The module for a conversation between two ports, and which port is the server's. Decode-as first
    /// (either port), then registered ports (lower port first when both match).
    /// </summary>
    public bool TryGetByPort(ushort portA, ushort portB, out IProtocolModule? module, out ushort serverPort)
    {
        if (_decodeAs.TryGetValue(portA, out module))
        {
            serverPort = portA;
            return true;
        }

        if (_decodeAs.TryGetValue(portB, out module))
        {
            serverPort = portB;
            return true;
        }

        ushort first = Math.Min(portA, portB), second = Math.Max(portA, portB);
        if (_ports.TryGetValue(first, out var m))
        {
            module = m;
            serverPort = first;
            return true;
        }

        if (_ports.TryGetValue(second, out m))
        {
            module = m;
            serverPort = second;
            return true;
        }

        module = null;
        serverPort = 0;
        return false;
    }

    public IReadOnlyDictionary<ushort, IProtocolModule> Ports => _ports;

    /// <summary>
    /// tshark's <c>--disable-protocol</c>: the module keeps its fields (filters naming them still compile and
    /// match nothing) but no port, heuristic or decode-as rule hands it a conversation any more; its
    /// payload shows as data. False when no module has that name.
    /// </summary>
    public bool Disable(string name)
    {
        if (!_byName.TryGetValue(name, out var module))
        {
            return false;
        }

        foreach (var port in _ports.Where(kv => ReferenceEquals(kv.Value, module)).Select(kv => kv.Key).ToList())
        {
            _ports.Remove(port);
        }

        foreach (var port in _decodeAs.Where(kv => ReferenceEquals(kv.Value, module)).Select(kv => kv.Key).ToList())
        {
            _decodeAs[port] = null;
        }

        _heuristics.RemoveAll(m => ReferenceEquals(m, module));
        _disabled.Add(module);
        return true;
    }

    /// <summary>True when <see cref="Disable"/> turned the module off.</summary>
    public bool IsDisabled(IProtocolModule module) => _disabled.Contains(module);
}
