using System.Text.Json;

namespace Dissect.Cli.Tests;

/// <summary>
/// Compares a value the recording client logged (JSON) with the value dissect shows for it. dissect's
/// text form (<c>[1, "Berlin", 100]</c>) is JSON for the values the samples hold, so short values are
/// parsed and compared structurally (numbers as doubles: the client's JSON writer prints 14 digits, dissect
/// prints the shortest round-trip form). A string the log abbreviates as <c>{"strlen":N,"char":"x"}</c>
/// is compared with the MsgPack leaves of dissect's tree instead, as dissect abbreviates long text.
/// </summary>
internal static class TarantoolValueMatch
{
    public static string? Mismatch(JsonElement expected, TarantoolMessage m, string key)
    {
        string? text = m.Get(key);
        if (text is null)
        {
            return $"frame {m.Frame}: no {key} (expected {expected.GetRawText()})";
        }

        if (HasPlaceholder(expected))
        {
            var tree = m.Subtree(key);
            if (tree is null)
            {
                return $"frame {m.Frame}: {key} has no MsgPack tree";
            }

            var want = new List<string>();
            Leaves(expected, want);
            var got = new List<string>();
            TreeLeaves(tree.Value, got);
            return want.SequenceEqual(got) ? null
                : $"frame {m.Frame}: {key} leaves [{Short(got)}], expected [{Short(want)}]";
        }

        JsonDocument actual;
        try
        {
            actual = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return $"frame {m.Frame}: {key} = {text} is not the expected {expected.GetRawText()}";
        }

        using (actual)
        {
            return Same(expected, actual.RootElement) ? null
                : $"frame {m.Frame}: {key} = {text}, expected {expected.GetRawText()}";
        }
    }

    public static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            double x = a.GetDouble(), y = b.GetDouble();
            return x == y || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y));
        }

        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Array:
                {
                    if (a.GetArrayLength() != b.GetArrayLength())
                    {
                        return false;
                    }

                    using var ea = a.EnumerateArray();
                    using var eb = b.EnumerateArray();
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!Same(ea.Current, eb.Current))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case JsonValueKind.Object:
                {
                    var pa = a.EnumerateObject().ToList();
                    var pb = b.EnumerateObject().ToList();
                    return pa.Count == pb.Count
                        && pa.All(p => pb.Any(q => q.Name == p.Name && Same(p.Value, q.Value)));
                }

            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true; // true, false, null: the kinds already match
        }
    }

    private static bool HasPlaceholder(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.TryGetProperty("strlen", out _) || e.EnumerateObject().Any(p => HasPlaceholder(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasPlaceholder),
        _ => false,
    };

    /// <summary>The log's value as a leaf list: "array N", "uint 5", "str x*204800".</summary>
    private static void Leaves(JsonElement e, List<string> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                into.Add($"array {e.GetArrayLength()}");
                foreach (var x in e.EnumerateArray())
                {
                    Leaves(x, into);
                }

                break;
            case JsonValueKind.Object when e.TryGetProperty("strlen", out var n):
                into.Add($"str {e.GetProperty("char").GetString()}*{n.GetInt32()}");
                Assert.True(n.GetInt32() > 1, "a strlen placeholder stands for a long string");
                break;
            case JsonValueKind.Number:
                into.Add($"uint {e.GetRawText()}");
                break;
            case JsonValueKind.String:
                into.Add(StrLeaf(e.GetString()!));
                break;
            default:
                into.Add("other " + e.GetRawText());
                break;
        }
    }

    /// <summary>dissect's MsgPack tree as the same leaf list (a string of one repeated char as char*length).</summary>
    private static void TreeLeaves(JsonElement tree, List<string> into)
    {
        foreach (var p in tree.EnumerateObject())
        {
            string? v = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            switch (p.Name)
            {
                case "tnt.mp.array":
                    into.Add($"array {v}");
                    break;
                case "tnt.mp.uint":
                    into.Add($"uint {v}");
                    break;
                case "tnt.mp.str":
                    into.Add(StrLeaf(v!));
                    break;
                default:
                    if (p.Value.ValueKind == JsonValueKind.Object)
                    {
                        TreeLeaves(p.Value, into);
                    }
                    else
                    {
                        into.Add($"{p.Name} {v}");
                    }

                    break;
            }
        }
    }

    private static string StrLeaf(string s) => s.Length > 1 && s.All(c => c == s[0]) ? $"str {s[0]}*{s.Length}" : $"str {s}*1";

    private static string Short(List<string> leaves) =>
        string.Join(", ", leaves.Select(l => l.Length > 40 ? l[..40] + "…" : l));
}
