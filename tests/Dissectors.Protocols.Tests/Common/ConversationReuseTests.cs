using System.Collections;
using System.Reflection;
using Dissectors.Core.Buffers;
using Dissectors.Core.Capture;
using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.Common;

/// <summary>
/// Pooling: a forgotten conversation's objects (its info and its dissector) are reused for a later one.
/// A reused dissector must behave exactly like a new one, so every capture is dissected twice with every
/// closed conversation forgotten at once: with pooling and without. Every frame's fields, labels and
/// Info column must be the same.
/// </summary>
public class ConversationReuseTests
{
    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Paths.Samples, "*.pcap").Order())
        {
            data.Add(Path.GetFileName(f));
        }

        if (Paths.Corpus is { } corpus)
        {
            foreach (string f in Directory.GetFiles(corpus, "*.pcap", SearchOption.AllDirectories).Order())
            {
                data.Add(Path.GetRelativePath(corpus, f));
            }
        }

        return data;
    }

    private static string PathOf(string name) =>
        File.Exists(Paths.Sample(name)) ? Paths.Sample(name) : Path.Combine(Paths.Corpus!, name);

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryFrame_IsTheSame_WithAndWithoutReusedDissectors(string capture)
    {
        var (fresh, _) = Dissect(PathOf(capture), pooled: 0);
        var (reused, _) = Dissect(PathOf(capture), pooled: ConversationTable.DefaultMaxPooled);
        Assert.Equal(fresh.Count, reused.Count);
        for (int i = 0; i < fresh.Count; i++)
        {
            Assert.True(fresh[i] == reused[i], $"{capture} frame {i + 1}:\nnew dissectors:\n{fresh[i]}\nreused:\n{reused[i]}");
        }
    }

    [Theory]
    [InlineData("mariadb_session.pcap")]
    [InlineData("tarantool_session.pcap")]
    [InlineData("cql/cqltrace_simple_v3.pcap")]
    [InlineData("scylla/scylla_gossip_3_nodes.pcap")]
    public void Dissectors_AreReused_WhenConversationsAreForgotten(string capture)
    {
        if (!File.Exists(Paths.Sample(capture)) && Paths.Corpus is null)
        {
            return;
        }

        // Without this the comparison above would prove nothing.
        Assert.True(Dissect(PathOf(capture), pooled: ConversationTable.DefaultMaxPooled).Reuses > 0);
        Assert.Equal(0, Dissect(PathOf(capture), pooled: 0).Reuses);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void AReusedDissector_HoldsTheStateOfANewOne(string capture)
    {
        // Conversations in the state their traffic left them in (kept, not forgotten).
        var engine = DissectionEngine.Create(ProtocolCatalog.CreateAll());
        var pipeline = new FramePipeline(engine, new PipelineOptions { BuildAll = true });
        Run(pipeline, PathOf(capture));
        int compared = 0;
        foreach (var conv in pipeline.Conversations.Snapshot())
        {
            if (conv.Dissector is not { } used || conv.Module is not { } module)
            {
                continue;
            }

            var fresh = module.CreateStreamDissector(conv.Info);
            Assert.True(used.TryReuse(conv.Info), $"{used.GetType().Name} does not reuse");
            string? diff = StateDiff(fresh, used, used.GetType().Name, []);
            Assert.True(diff is null, $"{capture} stream {conv.StreamIndex}: {diff}");
            compared++;
        }

        Assert.True(compared > 0 || !pipeline.Conversations.Snapshot().Any(c => c.Dissector is not null));
    }

    private static (List<string> Frames, long Reuses) Dissect(string path, int pooled)
    {
        var engine = DissectionEngine.Create(ProtocolCatalog.CreateAll());
        var pipeline = new FramePipeline(engine, new PipelineOptions { BuildAll = true, ClosedConversationsKept = 0, PooledConversations = pooled });
        var frames = Run(pipeline, path, retireEachFrame: true);
        return (frames, pipeline.Conversations.DissectorsReused);
    }

    private static List<string> Run(FramePipeline pipeline, string path, bool retireEachFrame = false)
    {
        Assert.True(CaptureFile.TryOpen(path, out var source, out string error, readAhead: false), error);
        var frames = new List<string>();
        using (source)
        {
            uint n = 0;
            var sb = new Utf8Builder(64);
            var text = new System.Text.StringBuilder();
            while (source!.TryRead(out CaptureRecord record))
            {
                pipeline.Process(record, ++n, source);
                if (retireEachFrame)
                {
                    // The pipeline forgets every 256 frames; here every closed conversation goes at once.
                    pipeline.Conversations.Retire(record.TimestampNs);
                }

                var tree = pipeline.Tree;
                text.Clear().Append(pipeline.Columns.Info.ToString()).Append('\n');
                for (int i = 0; i < tree.Count; i++)
                {
                    sb.Clear();
                    FieldFormatter.AppendFieldValue(tree, i, sb);
                    text.Append(tree.DefOf(i).Abbrev).Append(" = ").Append(sb.ToString()).Append(" | ")
                        .Append(System.Text.Encoding.UTF8.GetString(tree.LabelOf(i))).Append('\n');
                }

                frames.Add(text.ToString());
            }
        }

        pipeline.Finish();
        return frames;
    }

    /// <summary>
    /// Where <paramref name="reused"/>'s fields differ from <paramref name="fresh"/>'s, following the
    /// objects each owns; null when they hold the same state. Objects both share (the module, its
    /// scratch) are equal by reference. A buffer the reused one kept, emptied, where a new one has none
    /// yet, is the same state.
    /// </summary>
    internal static string? StateDiff(object? fresh, object? reused, string path, HashSet<object> seen)
    {
        if (ReferenceEquals(fresh, reused))
        {
            return null;
        }

        if (fresh is null || reused is null)
        {
            object present = fresh ?? reused!;
            return present is Array a && AllDefault(a) ? null : $"{path}: {Show(fresh)} (new) against {Show(reused)} (reused)";
        }

        Type t = fresh.GetType();
        if (t != reused.GetType())
        {
            return $"{path}: {t.Name} against {reused.GetType().Name}";
        }

        if (t.IsPrimitive || t.IsEnum || fresh is string || fresh is decimal)
        {
            return fresh.Equals(reused) ? null : $"{path}: {fresh} (new) against {reused} (reused)";
        }

        if (!t.IsValueType && !seen.Add(reused))
        {
            return null;
        }

        if (fresh is Array fa)
        {
            var ra = (Array)reused;
            // A kept buffer may be longer; what a new one holds must match and the rest be empty.
            if (ra.Length < fa.Length)
            {
                return $"{path}: length {fa.Length} (new) against {ra.Length} (reused)";
            }

            for (int i = 0; i < ra.Length; i++)
            {
                object? re = ra.GetValue(i);
                object? fe = i < fa.Length ? fa.GetValue(i) : (re is null ? null : Activator.CreateInstance(re.GetType()));
                if (StateDiff(fe, re, $"{path}[{i}]", seen) is { } d)
                {
                    return d;
                }
            }

            return null;
        }

        if (fresh is ICollection fc)
        {
            var rc = (ICollection)reused;
            return fc.Count == rc.Count ? null : $"{path}: {fc.Count} items (new) against {rc.Count} (reused)";
        }

        for (Type? k = t; k is not null && k != typeof(object); k = k.BaseType)
        {
            foreach (var f in k.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (StateDiff(f.GetValue(fresh), f.GetValue(reused), $"{path}.{f.Name}", seen) is { } d)
                {
                    return d;
                }
            }
        }

        return null;
    }

    private static bool AllDefault(Array a)
    {
        foreach (object? e in a)
        {
            if (e is not null && !e.Equals(e.GetType().IsValueType ? Activator.CreateInstance(e.GetType()) : null))
            {
                return false;
            }
        }

        return true;
    }

    private static string Show(object? o) => o is null ? "null" : o is Array a ? $"{o.GetType().Name}({a.Length})" : o.ToString() ?? "?";
}
