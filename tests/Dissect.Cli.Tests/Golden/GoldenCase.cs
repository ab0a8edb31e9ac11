using System.IO.Compression;
using System.Text.RegularExpressions;
using Dissectors.Testing;

namespace Dissect.Cli.Tests.Golden;

/// <summary>
/// One comparison: a sample capture, one of tshark's expected files for it, and the dissect arguments
/// that correspond to the tshark command that made the file (see samples/make_expected.sh and
/// samples/*.expected.sh). Cases are discovered from the files in samples/, so a new capture with
/// expected outputs is compared without touching the tests.
/// </summary>
internal sealed partial record GoldenCase(string Sample, string ExpectedFile, string Mode)
{
    /// <summary>
    /// The expected-file kinds and the tshark options that made them. The core.* files were made with the
    /// database dissectors disabled (make_expected.sh's <c>off</c> list); dissect runs with the same
    /// <c>--disable-protocol</c> options, read from that script.
    /// </summary>
    private static readonly (string Suffix, string Mode)[] s_kinds =
    [
        (".core.summary.tshark.txt", "summary"),
        (".core.verbose.tshark.txt.gz", "verbose"),
        (".core.json.tshark.txt.gz", "json"),
        (".core.hex.tshark.txt.gz", "hex"),
        (".summary.tshark.txt", "summary-all-dissectors"),
        (".tcp.tshark.tsv", "tcp-fields"),
        (".tshark.tsv", "made-by"),
    ];

    public string Id => $"{Sample} {Mode}";

    public string ExpectedPath => Path.Combine(Paths.Samples, ExpectedFile);

    /// <summary>Every case in samples/, ordered by name (stable test ids).</summary>
    public static IReadOnlyList<GoldenCase> All()
    {
        var cases = new List<GoldenCase>();
        foreach (string path in Directory.EnumerateFiles(Paths.Samples).Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            if (TryClassify(file, out string? sample, out string? mode) && CaptureOf(sample) is not null)
            {
                cases.Add(new GoldenCase(sample, file, mode));
            }
        }

        return cases;
    }

    /// <summary>tshark output files in samples/ that no case covers (a new kind needs a mode here).</summary>
    public static IReadOnlyList<string> Unclassified()
    {
        var left = new List<string>();
        foreach (string path in Directory.EnumerateFiles(Paths.Samples).Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            if (file.Contains(".tshark.", StringComparison.Ordinal)
                && (!TryClassify(file, out string? sample, out _) || CaptureOf(sample) is null))
            {
                left.Add(file);
            }
        }

        return left;
    }

    public static GoldenCase Find(string id) => All().Single(c => c.Id == id);

    private static bool TryClassify(string file, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? sample,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? mode)
    {
        foreach (var (suffix, m) in s_kinds)
        {
            if (file.EndsWith(suffix, StringComparison.Ordinal) && file.Length > suffix.Length)
            {
                sample = file[..^suffix.Length];
                mode = m;
                return true;
            }
        }

        sample = null;
        mode = null;
        return false;
    }

    private static string? CaptureOf(string sample)
    {
        foreach (string ext in new[] { ".pcap", ".pcapng", ".pcap.gz", ".pcapng.gz" })
        {
            string p = Path.Combine(Paths.Samples, sample + ext);
            if (File.Exists(p))
            {
                return p;
            }
        }

        return null;
    }

    public string CapturePath => CaptureOf(Sample) ?? throw new FileNotFoundException("no capture for sample " + Sample);

    /// <summary>The expected output as bytes (gunzipped), with any leading comment lines the scripts add removed.</summary>
    public byte[] ExpectedBytes()
    {
        byte[] raw = ReadAll(ExpectedPath);
        return Mode is "tcp-fields" or "made-by" ? raw.AsSpan(FirstLineLength(raw)).ToArray() : raw;
    }

    /// <summary>The dissect command line equivalent to the tshark one that made the expected file.</summary>
    public string[] Arguments()
    {
        string cap = CapturePath;
        switch (Mode)
        {
            case "summary":
                return ["-r", cap, .. DisabledByScript()];
            case "summary-all-dissectors":
                return ["-r", cap];
            case "verbose":
                return ["-r", cap, "-V", .. DisabledByScript()];
            case "json":
                return ["-r", cap, "-T", "json", .. DisabledByScript()];
            case "hex":
                return ["-r", cap, "-x", .. DisabledByScript()];
            case "tcp-fields":
                {
                    // make_expected.sh: "# filter: F" then tshark -Y F -T fields -E header=y -E separator=/t -e ...
                    var (comment, header) = CommentAndHeader();
                    const string prefix = "# filter: ";
                    Assert.StartsWith(prefix, comment, StringComparison.Ordinal);
                    var args = new List<string> { "-r", cap, "-Y", comment[prefix.Length..], "-T", "fields", "-E", "header=y", "-E", "separator=/t" };
                    AddFields(args, header);
                    return [.. args];
                }

            case "made-by":
                {
                    // "# made by: tshark VERSION -r FILE OPTIONS..." (the -e list is the header line).
                    var (comment, header) = CommentAndHeader();
                    var m = MadeByPattern().Match(comment);
                    Assert.True(m.Success, $"{ExpectedFile}: first line is not '# made by: tshark ... -r FILE ...': {comment}");
                    var args = new List<string> { "-r", cap };
                    args.AddRange(m.Groups["options"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    AddFields(args, header);
                    return [.. args];
                }

            default:
                throw new InvalidOperationException("unknown mode " + Mode);
        }
    }

    private static readonly Lazy<string[]> s_disabled = new(ReadDisabledByScript);

    /// <summary>
    /// The <c>--disable-protocol</c> options of make_expected.sh's <c>off=(...)</c> array, reduced to the
    /// protocols dissect registers (tshark ignores unknown names; dissect would only add a warning line).
    /// Read once per test run.
    /// </summary>
    public static string[] DisabledByScript() => s_disabled.Value;

    private static string[] ReadDisabledByScript()
    {
        string script = File.ReadAllText(Path.Combine(Paths.Samples, "make_expected.sh"));
        var m = OffArrayPattern().Match(script);
        Assert.True(m.Success, "samples/make_expected.sh has no off=(...) array of --disable-protocol options");
        string[] all = m.Groups[1].Value.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var module in Dissectors.Protocols.ProtocolCatalog.CreateAll())
        {
            known.Add(module.Name);
        }

        var kept = new List<string>();
        for (int i = 0; i + 1 < all.Length; i += 2)
        {
            if (known.Contains(all[i + 1]))
            {
                kept.Add(all[i]);
                kept.Add(all[i + 1]);
            }
        }

        return [.. kept];
    }

    [GeneratedRegex(@"\boff=\(([^)]*)\)")]
    private static partial Regex OffArrayPattern();

    private static void AddFields(List<string> args, string header)
    {
        foreach (string f in header.Split('\t'))
        {
            args.Add("-e");
            args.Add(f);
        }
    }

    private (string Comment, string Header) CommentAndHeader()
    {
        string text = System.Text.Encoding.UTF8.GetString(ReadAll(ExpectedPath));
        string[] lines = text.Split('\n', 3);
        Assert.True(lines.Length >= 2, $"{ExpectedFile}: needs a comment line and a header line");
        return (lines[0], lines[1]);
    }

    private static int FirstLineLength(byte[] raw)
    {
        int nl = Array.IndexOf(raw, (byte)'\n');
        return nl < 0 ? raw.Length : nl + 1;
    }

    internal static byte[] ReadAll(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }

        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    [GeneratedRegex(@"^# made by: tshark .*? -r \S+(?<options>( .*)?)$")]
    private static partial Regex MadeByPattern();
}
