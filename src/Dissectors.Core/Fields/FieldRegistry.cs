using Dissectors.Core.Expert;

namespace Dissectors.Core.Fields;

/// <summary>
/// Every field, protocol and expert item known to the process. Modules add theirs at start-up; then
/// <see cref="Freeze"/> makes it read-only (a plain dictionary: building a frozen one costs more start-up
/// time than its faster lookups save, since lookups happen only while compiling filters).
/// Registration order is fixed by the module list, so field ids are the same in every run.
/// </summary>
public sealed class FieldRegistry
{
    private readonly List<FieldDef?> _fields = [null]; // id 0 is "no field"
    // int, not FieldId, as the value: Dictionary<string, int> is precompiled in the runtime, a struct value is not.
    private readonly Dictionary<string, int> _byAbbrev = new(StringComparer.Ordinal);
    private readonly List<ExpertDef> _experts = [];
    private readonly Dictionary<string, ExpertDef> _expertByAbbrev = new(StringComparer.Ordinal);
    private bool _isFrozen;
    private FieldDef[] _defs = [];

    public bool IsFrozen => _isFrozen;

    /// <summary>Number of ids handed out, plus one for the unused id 0 (arrays indexed by id use this size).</summary>
    public int Count => IsFrozen ? _defs.Length : _fields.Count;

    public IReadOnlyList<ExpertDef> Experts => _experts;

    /// <summary>Registers a protocol (FT_PROTOCOL); fields whose abbreviation starts with "<paramref name="abbrev"/>." belong to it.</summary>
    /// <param name="nameOnlyParent">
    /// For a protocol Wireshark registers "in name only" under another (each TCP option under <c>tcp</c>):
    /// that protocol. See <see cref="FieldDef.NameOnlyParent"/>.
    /// </param>
    public FieldId AddProtocol(string abbrev, string name, string shortName, string? blurb = null, FieldId nameOnlyParent = default)
    {
        var id = AddCore(abbrev, name, FieldType.Protocol, FieldBase.None, 0, null, null, 0, blurb, null, FieldDisplay.None, shortName);
        _fields[id.Value]!.NameOnlyParent = nameOnlyParent;
        return id;
    }

    /// <param name="protocol">
    /// The owning protocol when the abbreviation's prefix names none (Wireshark registers the <c>mariadb.*</c>
    /// fields under <c>mysql</c>); by default the longest registered protocol prefixing the abbreviation.
    /// </param>
    public FieldId Add(string abbrev, string name, FieldType type, FieldBase fieldBase = FieldBase.None,
        ValueStrings? values = null, ulong bitmask = 0, string? blurb = null, string? unit = null,
        FieldDisplay display = FieldDisplay.None, FieldId protocol = default)
    {
        if (type == FieldType.Boolean)
        {
            throw new ArgumentException("use AddBoolean for booleans", nameof(type));
        }

        if (FieldTypes.IsInteger(type) && fieldBase == FieldBase.None && values is null)
        {
            fieldBase = FieldBase.Dec;
        }

        return AddCore(abbrev, name, type, fieldBase, bitmask, values, null, 0, blurb, unit, display, null, protocol);
    }

    /// <summary>A boolean; <paramref name="bits"/> is the width of the containing value (0 for a standalone flag).</summary>
    /// <param name="protocol">The owning protocol when the abbreviation's prefix names none (see <see cref="Add"/>).</param>
    public FieldId AddBoolean(string abbrev, string name, int bits = 0, ulong bitmask = 0, TrueFalseStrings? tfs = null,
        string? blurb = null, FieldDisplay display = FieldDisplay.None, FieldId protocol = default) =>
        AddCore(abbrev, name, FieldType.Boolean, FieldBase.None, bitmask, null, tfs, bits, blurb, null, display, null, protocol);

    /// <summary>Registers an expert item; its abbreviation becomes an FT_NONE field unless one already exists.</summary>
    public ExpertDef AddExpert(string abbrev, string message, ExpertGroup group, ExpertSeverity severity)
    {
        if (_expertByAbbrev.ContainsKey(abbrev))
        {
            throw new InvalidOperationException($"expert item {abbrev} registered twice");
        }

        FieldId field = _byAbbrev.TryGetValue(abbrev, out int existing)
            ? new FieldId(existing)
            : AddCore(abbrev, message, FieldType.None, FieldBase.None, 0, null, null, 0, null, null, FieldDisplay.None, null);
        var def = new ExpertDef(_experts.Count, field, abbrev, message, group, severity);
        _experts.Add(def);
        _expertByAbbrev[abbrev] = def;
        return def;
    }

    private FieldId AddCore(string abbrev, string name, FieldType type, FieldBase fieldBase, ulong bitmask,
        ValueStrings? values, TrueFalseStrings? tfs, int boolBits, string? blurb, string? unit, FieldDisplay display,
        string? shortName, FieldId owner = default)
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException("the field registry is frozen");
        }

        if (_byAbbrev.ContainsKey(abbrev))
        {
            throw new InvalidOperationException($"field {abbrev} registered twice");
        }

        if (owner.IsValid && (owner.Value >= _fields.Count || !_fields[owner.Value]!.IsProtocol))
        {
            throw new ArgumentException($"field {abbrev}: the owner given is not a registered protocol", nameof(owner));
        }

        var id = new FieldId(_fields.Count);
        FieldId protocol = type == FieldType.Protocol ? id : owner.IsValid ? owner : FindProtocol(abbrev);
        var def = new FieldDef(id, abbrev, name, type, fieldBase, bitmask, values, tfs, boolBits, blurb, protocol, unit,
            display, shortName);
        _fields.Add(def);
        _byAbbrev[abbrev] = id.Value;
        return id;
    }

    private FieldId FindProtocol(string abbrev)
    {
        // The longest registered protocol that is a dotted prefix of the abbreviation owns the field.
        int dot = abbrev.LastIndexOf('.');
        while (dot > 0)
        {
            if (_byAbbrev.TryGetValue(abbrev[..dot], out int p) && _fields[p]!.IsProtocol)
            {
                return new FieldId(p);
            }

            dot = abbrev.LastIndexOf('.', dot - 1);
        }

        if (abbrev.StartsWith("_ws.", StringComparison.Ordinal))
        {
            // Wireshark-internal items (the text-only "_ws.text") belong to no protocol.
            return FieldId.Invalid;
        }

        throw new InvalidOperationException($"field {abbrev} has no registered protocol");
    }

    public void Freeze()
    {
        if (IsFrozen)
        {
            return;
        }

        _defs = new FieldDef[_fields.Count];
        for (int i = 1; i < _fields.Count; i++)
        {
            _defs[i] = _fields[i]!;
        }

        _defs[0] = new FieldDef(FieldId.Invalid, "", "", FieldType.None, FieldBase.None, 0, null, null, 0, null,
            FieldId.Invalid, null, FieldDisplay.Hidden, null);
        _isFrozen = true;
    }

    public FieldDef this[FieldId id] => IsFrozen ? _defs[id.Value] : _fields[id.Value]!;

    public bool TryGet(string abbrev, out FieldId id)
    {
        bool found = _byAbbrev.TryGetValue(abbrev, out int v);
        id = new FieldId(v);
        return found;
    }

    public bool TryGetExpert(string abbrev, out ExpertDef def) => _expertByAbbrev.TryGetValue(abbrev, out def!);

    /// <summary>All fields in registration order (id 1 upward).</summary>
    public IEnumerable<FieldDef> All
    {
        get
        {
            for (int i = 1; i < Count; i++)
            {
                yield return this[new FieldId(i)];
            }
        }
    }

    public IEnumerable<string> Abbreviations => _byAbbrev.Keys;
}
