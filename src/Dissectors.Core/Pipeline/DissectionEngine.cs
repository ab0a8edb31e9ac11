using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Pipeline;

/// <summary>
/// The process-wide, read-only part of dissection: the frozen field registry (core fields plus every
/// module's), the modules and the dissector table with default ports and heuristics. Built once; one
/// engine can serve several <see cref="FramePipeline"/>s.
/// </summary>
public sealed class DissectionEngine
{
    private DissectionEngine(FieldRegistry registry, CoreFields core, DissectorTable table, IReadOnlyList<IProtocolModule> modules)
    {
        Registry = registry;
        Core = core;
        Table = table;
        Modules = modules;
    }

    public FieldRegistry Registry { get; }

    public CoreFields Core { get; }

    public DissectorTable Table { get; }

    public IReadOnlyList<IProtocolModule> Modules { get; }

    /// <summary>Registers core fields, then each module's fields (in the order given), freezes, then handoffs.</summary>
    public static DissectionEngine Create(IEnumerable<IProtocolModule> modules)
    {
        var registry = new FieldRegistry();
        var core = new CoreFields(registry);
        var list = modules.ToList();
        foreach (var m in list)
        {
            m.RegisterFields(registry);
        }

        registry.Freeze();
        var table = new DissectorTable();
        foreach (var m in list)
        {
            table.AddModule(m);
        }

        foreach (var m in list)
        {
            m.RegisterHandoffs(table);
        }

        return new DissectionEngine(registry, core, table, list);
    }

    /// <summary>
    /// Applies a tshark-style decode-as rule: <c>tcp.port==N,proto</c>, <c>tcp.port==N-M,proto</c> or
    /// <c>tcp.port==N:count,proto</c>; proto "data" (or "none") turns dissection off for the port.
    /// </summary>
    public bool TryAddDecodeAs(string rule, out string error)
    {
        error = "";
        int comma = rule.LastIndexOf(',');
        int eq = rule.IndexOf("==", StringComparison.Ordinal);
        if (comma < 0 || eq < 0 || eq > comma)
        {
            error = $"\"{rule}\" is not a valid decode-as rule: use tcp.port==PORT,PROTOCOL (for example -d tcp.port==7000,scylla)";
            return false;
        }

        string selector = rule[..eq].Trim();
        string value = rule[(eq + 2)..comma].Trim();
        string proto = rule[(comma + 1)..].Trim();
        if (selector != "tcp.port")
        {
            error = $"decode-as selector \"{selector}\" is not supported; only tcp.port is (for example -d tcp.port==7000,scylla)";
            return false;
        }

        IProtocolModule? module = null;
        if (!proto.Equals("data", StringComparison.OrdinalIgnoreCase) && !proto.Equals("none", StringComparison.OrdinalIgnoreCase)
            && !Table.TryGetModule(proto, out module))
        {
            error = $"unknown protocol \"{proto}\" in decode-as rule; known: {string.Join(", ", Table.ModuleNames.Append("data"))}";
            return false;
        }

        int first, last;
        int colon = value.IndexOf(':');
        int dash = value.IndexOf('-');
        if (colon > 0 && int.TryParse(value[..colon], out first) && int.TryParse(value[(colon + 1)..], out int count) && count > 0)
        {
            last = first + count - 1;
        }
        else if (dash > 0 && int.TryParse(value[..dash], out first) && int.TryParse(value[(dash + 1)..], out last))
        {
        }
        else if (int.TryParse(value, out first))
        {
            last = first;
        }
        else
        {
            error = $"\"{value}\" is not a port or port range in decode-as rule \"{rule}\"";
            return false;
        }

        if (first < 0 || last > 65535 || last < first)
        {
            error = $"port range {value} is out of range in decode-as rule \"{rule}\"";
            return false;
        }

        for (int p = first; p <= last; p++)
        {
            Table.DecodeAs((ushort)p, module);
        }

        return true;
    }
}
