namespace Dissectors.Core.Fields;

/// <summary>
/// Names for integer values (Wireshark's <c>value_string</c>, <c>val64_string</c> and <c>range_string</c>).
/// Small dense key ranges are an array lookup; sparse keys are a binary search. Built once, then read-only.
/// </summary>
public sealed class ValueStrings
{
    private readonly long[] _keys;
    private readonly string[] _names;
    private readonly string?[]? _dense;
    private readonly long _denseBase;
    private readonly (long Min, long Max, string Name)[] _ranges;
    private Dictionary<string, long>? _byName;
    private HashSet<string>? _ambiguous;

    private ValueStrings(long[] keys, string[] names, (long, long, string)[] ranges)
    {
        _keys = keys;
        _names = names;
        _ranges = ranges;
        if (keys.Length > 0)
        {
            long span = keys[^1] - keys[0];
            if (span >= 0 && span < 512 && span < keys.Length * 4L)
            {
                _denseBase = keys[0];
                _dense = new string?[span + 1];
                for (int i = 0; i < keys.Length; i++)
                {
                    _dense[keys[i] - _denseBase] ??= names[i];
                }
            }
        }

    }

    /// <summary>Builds the reverse (name → value) index on first use: only filter compilation needs it.</summary>
    private void EnsureNames()
    {
        if (_byName is not null)
        {
            return;
        }

        var byName = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < _keys.Length; i++)
        {
            AddName(byName, ambiguous, _names[i], _keys[i]);
        }

        foreach (var (min, max, name) in _ranges)
        {
            if (min == max)
            {
                AddName(byName, ambiguous, name, min);
            }
        }

        _ambiguous = ambiguous;
        _byName = byName;
    }

    private static void AddName(Dictionary<string, long> byName, HashSet<string> ambiguous, string name, long key)
    {
        if (byName.TryGetValue(name, out long existing))
        {
            if (existing != key)
            {
                ambiguous.Add(name);
            }
        }
        else
        {
            byName[name] = key;
        }
    }

    /// <summary>Pairs in the order given; the first name of a duplicated key wins (as in Wireshark).</summary>
    public static ValueStrings From(params (long Value, string Name)[] pairs)
    {
        // A stable sort by value (insertion sort: tables are small and mostly sorted already).
        var keys = new long[pairs.Length];
        var names = new string[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            long k = pairs[i].Value;
            string n = pairs[i].Name;
            int j = i - 1;
            while (j >= 0 && keys[j] > k)
            {
                keys[j + 1] = keys[j];
                names[j + 1] = names[j];
                j--;
            }

            keys[j + 1] = k;
            names[j + 1] = n;
        }

        return new ValueStrings(keys, names, []);
    }

    public static ValueStrings FromRanges(params (long Min, long Max, string Name)[] ranges) => new([], [], ranges);

    public static ValueStrings FromEnum<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var pairs = new (long, string)[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            pairs[i] = (Convert.ToInt64(values[i], System.Globalization.CultureInfo.InvariantCulture), values[i].ToString());
        }


        return From(pairs);
    }

    public int Count => _keys.Length + _ranges.Length;

    public bool IsRange => _ranges.Length > 0;

    /// <summary>All (value, name) pairs, sorted by value (for <c>dissect values</c>).</summary>
    public IEnumerable<(long Value, string Name)> Pairs
    {
        get
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                yield return (_keys[i], _names[i]);
            }
        }
    }

    public IReadOnlyList<(long Min, long Max, string Name)> Ranges => _ranges;

    public bool TryGetName(long value, out string name)
    {
        if (_dense is not null)
        {
            long idx = value - _denseBase;
            if ((ulong)idx < (ulong)_dense.Length && _dense[idx] is { } d)
            {
                name = d;
                return true;
            }
        }
        else if (_keys.Length > 0)
        {
            int i = Array.BinarySearch(_keys, value);
            if (i >= 0)
            {
                while (i > 0 && _keys[i - 1] == value)
                {
                    i--;
                }

                name = _names[i];
                return true;
            }
        }

        foreach (var (min, max, rname) in _ranges)
        {
            if (value >= min && value <= max)
            {
                name = rname;
                return true;
            }
        }

        name = "";
        return false;
    }

    /// <summary>Reverse lookup for display filters: case-insensitive, fails when the name is ambiguous.</summary>
    public bool TryGetValue(string name, out long value, out bool ambiguous)
    {
        EnsureNames();
        ambiguous = _ambiguous!.Contains(name);
        if (!ambiguous && _byName!.TryGetValue(name, out value))
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Ranges whose name matches (a range-string name selects its whole range in filters).</summary>
    public bool TryGetRange(string name, out long min, out long max)
    {
        foreach (var (rmin, rmax, rname) in _ranges)
        {
            if (string.Equals(rname, name, StringComparison.OrdinalIgnoreCase))
            {
                min = rmin;
                max = rmax;
                return true;
            }
        }

        min = max = 0;
        return false;
    }

    public IEnumerable<string> Names
    {
        get
        {
            foreach (string n in _names)
            {
                yield return n;
            }

            foreach (var r in _ranges)
            {
                yield return r.Name;
            }
        }
    }
}

/// <summary>Labels for the two values of a boolean (Wireshark's <c>true_false_string</c>).</summary>
public sealed record TrueFalseStrings(string TrueText, string FalseText)
{
    public static readonly TrueFalseStrings TrueFalse = new("True", "False");
    public static readonly TrueFalseStrings SetNotSet = new("Set", "Not set");
    public static readonly TrueFalseStrings YesNo = new("Yes", "No");
}
