using System.Globalization;
using System.Text.Json;

namespace Dissect.Cli.Tests;

/// <summary>One Tarantool iproto message as <c>dissect -T json</c> shows it: a "tarantool" object of a frame's layers.</summary>
internal sealed class TarantoolMessage(int frame, int stream, int srcPort, double epoch, JsonElement root)
{
    public int Frame { get; } = frame;

    public int Stream { get; } = stream;

    public int SrcPort { get; } = srcPort;

    /// <summary>frame.time_epoch of the frame that completed the message (the capture's record time).</summary>
    public double Epoch { get; } = epoch;

    public JsonElement Root { get; } = root;

    public int? Type => Get("tnt.type") is { } t ? int.Parse(t.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) : null;

    public ulong? Sync => GetUInt("tnt.sync");

    public bool IsResponse => Get("tnt.response") == "1";

    public string? Get(string key) => First(Root, key);

    public ulong? GetUInt(string key)
    {
        string? s = Get(key);
        if (s is null)
        {
            return null;
        }

        return s.StartsWith("0x", StringComparison.Ordinal)
            ? ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>Every value of <paramref name="key"/> in the message, in tree order.</summary>
    public List<string> All(string key)
    {
        var list = new List<string>();
        Collect(Root, key, list);
        return list;
    }

    /// <summary>The subtree (object) of <paramref name="key"/>, or of <c>key_tree</c> when the field has a value.</summary>
    public JsonElement? Subtree(string key) => FindObject(Root, key);

    public static List<string> AllIn(JsonElement e, string key)
    {
        var list = new List<string>();
        Collect(e, key, list);
        return list;
    }

    private static string? First(JsonElement e, string key)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == key && p.Value.ValueKind == JsonValueKind.String)
            {
                return p.Value.GetString();
            }

            if (p.Value.ValueKind == JsonValueKind.Object && First(p.Value, key) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static void Collect(JsonElement e, string key, List<string> into)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (p.Name == key && p.Value.ValueKind == JsonValueKind.String)
            {
                into.Add(p.Value.GetString()!);
            }
            else if (p.Value.ValueKind == JsonValueKind.Object)
            {
                Collect(p.Value, key, into);
            }
        }
    }

    private static JsonElement? FindObject(JsonElement e, string key)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in e.EnumerateObject())
        {
            if ((p.Name == key || p.Name == key + "_tree") && p.Value.ValueKind == JsonValueKind.Object)
            {
                return p.Value;
            }

            if (p.Value.ValueKind == JsonValueKind.Object && FindObject(p.Value, key) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Runs <c>dissect -r CAPTURE -Y tarantool -T json</c> and returns every iproto message in frame order.</summary>
    public static List<TarantoolMessage> Read(string capture, out JsonDocument document, params string[] extra)
    {
        var run = CliRunner.Run(["-r", capture, "-Y", "tarantool", "-T", "json", .. extra]);
        Assert.True(run.ExitCode == 0, $"dissect exited {run.ExitCode}: {run.Stderr}");
        document = JsonDocument.Parse(run.Stdout);
        var list = new List<TarantoolMessage>();
        foreach (var packet in document.RootElement.EnumerateArray())
        {
            var layers = packet.GetProperty("_source").GetProperty("layers");
            int frame = int.Parse(layers.GetProperty("frame").GetProperty("frame.number").GetString()!, CultureInfo.InvariantCulture);
            double epoch = double.Parse(layers.GetProperty("frame").GetProperty("frame.time_epoch").GetString()!, CultureInfo.InvariantCulture);
            var tcp = layers.GetProperty("tcp");
            int stream = int.Parse(tcp.GetProperty("tcp.stream").GetString()!, CultureInfo.InvariantCulture);
            int src = int.Parse(tcp.GetProperty("tcp.srcport").GetString()!, CultureInfo.InvariantCulture);
            foreach (var p in layers.EnumerateObject())
            {
                if (p.Name == "tarantool")
                {
                    list.Add(new TarantoolMessage(frame, stream, src, epoch, p.Value));
                }
            }
        }

        return list;
    }
}
