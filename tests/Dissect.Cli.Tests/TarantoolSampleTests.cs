using System.Globalization;
using System.Text.Json;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// dissect over the Tarantool samples recorded by samples/tarantool_iproto.sh and samples/tarantool_replica.sh,
/// checked against what the recording client and replica wrote down (NAME.truth.jsonl): the sync, request
/// type, space, index, key, tuple, operations, function, expression, SQL text, statement id and bind values of
/// every request; the status, data, pushes, SQL rows/columns/row count and error code/type/message of every
/// response; the replication handshake, row stream LSNs and heartbeats. tshark has no Tarantool dissector,
/// so these logs are the independent oracle.
/// </summary>
public sealed class TarantoolSampleTests
{
    private const int ClientPort = 3301;

    /// <summary>Wire request types by the names the scripts log (iproto_constants.h). unprepare is PREPARE with a statement id.</summary>
    private static readonly Dictionary<string, int> s_types = new(StringComparer.Ordinal)
    {
        ["select"] = 0x01, ["insert"] = 0x02, ["replace"] = 0x03, ["update"] = 0x04, ["delete"] = 0x05,
        ["eval"] = 0x08, ["upsert"] = 0x09, ["call"] = 0x0a, ["execute"] = 0x0b, ["prepare"] = 0x0d,
        ["unprepare"] = 0x0d, ["ping"] = 0x40,
    };

    /// <summary>box.index iterator numbers (ITER_EQ = 0 … ITER_GT = 6).</summary>
    private static readonly Dictionary<string, int> s_iterators = new(StringComparer.Ordinal)
    {
        ["EQ"] = 0, ["REQ"] = 1, ["ALL"] = 2, ["LT"] = 3, ["LE"] = 4, ["GE"] = 5, ["GT"] = 6,
    };

    [Fact]
    public void IprotoSample_EveryLoggedRequestAndResponse_IsDissectedAsTheClientSentAndReceivedIt()
    {
        var log = ReadLog("tarantool_iproto");
        var msgs = TarantoolMessage.Read(Paths.Sample("tarantool_iproto.pcap"), out var doc);
        using (doc)
        {
            int stream = Assert.Single(msgs.Select(m => m.Stream).Distinct());
            CheckClientConversation(log, msgs.Where(m => m.Stream == stream).ToList());
        }
    }

    [Fact]
    public void IprotoSample_PipelinedCalls_AreAnsweredOutOfOrder_AndEachResponseFindsItsRequest()
    {
        // The script's slow(i, delay) sleeps (21 - i) * 2 ms: the last call sent is answered first.
        var log = ReadLog("tarantool_iproto");
        var slow = log.Where(e => e.TryGetProperty("function", out var f) && f.GetString() == "slow").ToList();
        Assert.Equal(20, slow.Count);
        var msgs = TarantoolMessage.Read(Paths.Sample("tarantool_iproto.pcap"), out var doc);
        using (doc)
        {
            var requestFrames = slow.Select(e => msgs.Single(m => !m.IsResponse && m.Sync == Sync(e)).Frame).Distinct().ToList();
            var responseFrames = slow.Select(e => msgs.Single(m => m.IsResponse && m.Sync == Sync(e)).Frame).ToList();
            Assert.True(requestFrames.Count < 20, "the 20 calls were written together (several per segment)");
            Assert.True(responseFrames.Max() < msgs.Last().Frame);
            for (int i = 1; i < 20; i++)
            {
                Assert.True(responseFrames[i] <= responseFrames[i - 1],
                    $"call {i + 1} (sleeping less) is answered in frame {responseFrames[i]}, after call {i} in frame {responseFrames[i - 1]}");
            }

            Assert.True(responseFrames[0] > responseFrames[19], "the first call's answer comes last");
        }
    }

    [Fact]
    public void IprotoSample_LargeTuple_IsOneMessageSpanningSegments_CompletedInItsLastFrame()
    {
        var log = ReadLog("tarantool_iproto");
        var insert = log.Single(e => e.TryGetProperty("tuple", out var t) && t.GetRawText().Contains("strlen", StringComparison.Ordinal)
            && e.GetProperty("request").GetString() == "insert");
        int strlen = insert.GetProperty("tuple")[1].GetProperty("strlen").GetInt32();
        var msgs = TarantoolMessage.Read(Paths.Sample("tarantool_iproto.pcap"), out var doc);
        using (doc)
        {
            var m = msgs.Single(x => !x.IsResponse && x.Sync == Sync(insert));
            Assert.True(m.GetUInt("tnt.size") > (ulong)strlen, $"tnt.size {m.GetUInt("tnt.size")} holds the {strlen}-byte string");

            // The frames before it in that direction carry the message's first bytes and no iproto message of their own.
            var tcp = CliRunner.Run("-r", Paths.Sample("tarantool_iproto.pcap"), "-T", "fields", "-e", "frame.number", "-e", "tcp.len",
                "-e", "tcp.srcport", "-e", "frame.protocols");
            var rows = System.Text.Encoding.UTF8.GetString(tcp.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t')).ToList();
            var previous = msgs.Last(x => x.Frame < m.Frame && x.SrcPort == m.SrcPort);
            var between = rows.Where(r => int.Parse(r[0], CultureInfo.InvariantCulture) > previous.Frame
                && int.Parse(r[0], CultureInfo.InvariantCulture) < m.Frame
                && int.Parse(r[2], CultureInfo.InvariantCulture) == m.SrcPort && r[1] != "0").ToList();
            Assert.True(between.Count >= 2, $"only {between.Count} segments before the last one");
            Assert.All(between, r => Assert.DoesNotContain("tarantool", r[3], StringComparison.Ordinal));
            long carried = between.Sum(r => long.Parse(r[1], CultureInfo.InvariantCulture));
            Assert.True(carried < strlen && carried > strlen / 2, $"{carried} bytes before the last segment");
        }
    }

    [Fact]
    public void ReplicaSample_JoinSubscribeRowsAndHeartbeats_MatchWhatTheReplicaAndClientLogged()
    {
        var log = ReadLog("tarantool_replica");
        var replica = log.First(e => e.GetProperty("who").GetString() == "replica" && e.TryGetProperty("instance_uuid", out _));
        var msgs = TarantoolMessage.Read(Paths.Sample("tarantool_replica.pcap"), out var doc);
        using (doc)
        {
            var join = Assert.Single(msgs, m => m.Type == 0x41);
            var repl = msgs.Where(m => m.Stream == join.Stream).ToList();
            var client = msgs.Where(m => m.Stream != join.Stream).ToList();
            Assert.Single(client.Select(m => m.Stream).Distinct());

            // The applier: VOTE, AUTH as repl, JOIN with the replica's uuid, SUBSCRIBE with its uuid and the replica set's.
            Assert.Contains(repl, m => m.Type == 0x44 && m.SrcPort != ClientPort);
            Assert.Contains(repl, m => m.Type == 0x07 && m.Get("tnt.user_name") == "repl");
            Assert.Equal(replica.GetProperty("instance_uuid").GetString(), join.Get("tnt.instance_uuid"));
            var subscribe = Assert.Single(repl, m => m.Type == 0x42);
            Assert.True(subscribe.Frame > join.Frame);
            Assert.Equal(replica.GetProperty("instance_uuid").GetString(), subscribe.Get("tnt.instance_uuid"));
            Assert.Equal(replica.GetProperty("replicaset_uuid").GetString(), subscribe.Get("tnt.replicaset_uuid"));

            // The join snapshot registers the replica in _cluster (space 320) as [id, uuid].
            var cluster = repl.Where(m => m.SrcPort == ClientPort && m.Frame < subscribe.Frame && m.GetUInt("tnt.space_id") == 320).ToList();
            Assert.Contains(cluster, m => m.Get("tnt.tuple") == $"[{replica.GetProperty("id").GetInt32()}, \"{replica.GetProperty("instance_uuid").GetString()}\"]");

            // Each write the client made is a row from the master with the master's replica id and the LSN the client read back.
            var writes = log.Where(e => e.TryGetProperty("lsn", out _)).ToList();
            Assert.Equal(6, writes.Count);
            var rows = repl.Where(m => m.SrcPort == ClientPort && m.Frame > subscribe.Frame && m.GetUInt("tnt.lsn") is not null).ToList();
            Assert.Equal(writes.Count, rows.Count);
            for (int i = 0; i < writes.Count; i++)
            {
                var w = writes[i];
                var request = log.Single(e => e.TryGetProperty("request", out _) && Sync(e) == Sync(w));
                var row = rows[i];
                Assert.Equal((ulong)w.GetProperty("lsn").GetInt64(), row.GetUInt("tnt.lsn"));
                Assert.Equal((ulong)w.GetProperty("replica_id").GetInt64(), row.GetUInt("tnt.replica_id"));
                Assert.Equal(s_types[request.GetProperty("request").GetString()!], row.Type);
                Assert.Equal((ulong)request.GetProperty("space").GetInt64(), row.GetUInt("tnt.space_id"));
                Assert.Null(TarantoolValueMatch.Mismatch(request.GetProperty("tuple"), row, "tnt.tuple"));
                Assert.Null(row.Sync);
            }

            // Idle for heartbeat_window_s with replication_timeout 0.1 s: the master sends heartbeats (timestamped
            // at the time of capture), the replica acknowledges with its vclock, the last one as it logged at the end.
            double window = log.Single(e => e.TryGetProperty("heartbeat_window_s", out _)).GetProperty("heartbeat_window_s").GetDouble();
            var beats = repl.Where(m => m.SrcPort == ClientPort && m.Frame > rows[^1].Frame && m.Type == 0 && m.Sync is null).ToList();
            Assert.True(beats.Count >= window / 0.1 / 2, $"{beats.Count} heartbeats in {window} s");
            Assert.All(beats, b => Assert.InRange(double.Parse(b.Get("tnt.timestamp")!, CultureInfo.InvariantCulture), b.Epoch - 1, b.Epoch + 1));
            var acks = repl.Where(m => m.SrcPort != ClientPort && m.Frame > subscribe.Frame).ToList();
            Assert.True(acks.Count >= beats.Count - 1);
            Assert.All(acks, a => Assert.Equal(0, a.Type));
            var vclock = log.Last(e => e.TryGetProperty("vclock", out _)).GetProperty("vclock");
            var last = acks[^1];
            var ids = last.All("tnt.vclock.replica_id");
            var lsns = last.All("tnt.vclock.lsn");
            Assert.Equal(vclock.EnumerateObject().Select(p => p.Name), ids);
            Assert.Equal(vclock.EnumerateObject().Select(p => p.Value.GetRawText()), lsns);

            // The client connection: every write and eval it logged.
            CheckClientConversation(log.Where(e => e.GetProperty("who").GetString() == "client").ToList(), client);
        }
    }

    /// <summary>
    /// Every logged request is found by sync with the logged values, every logged response and push likewise,
    /// and whatever else the conversation holds is net.box's own (AUTH, schema selects on system spaces).
    /// </summary>
    private static void CheckClientConversation(List<JsonElement> log, List<TarantoolMessage> msgs)
    {
        var requests = msgs.Where(m => m.Type is not null && !m.IsResponse).ToList();
        var responses = msgs.Where(m => m.IsResponse).ToList();
        var logged = new HashSet<ulong>();
        int checkedRequests = 0, checkedResponses = 0, checkedPushes = 0;
        foreach (var e in log)
        {
            if (e.TryGetProperty("request", out var name))
            {
                ulong sync = Sync(e);
                logged.Add(sync);
                var m = Assert.Single(requests, r => r.Sync == sync);
                CheckRequest(e, name.GetString()!, m);
                checkedRequests++;
            }
        }

        foreach (var group in log.Where(e => e.TryGetProperty("response", out _) || e.TryGetProperty("push", out _)).GroupBy(Sync))
        {
            var got = responses.Where(r => r.Sync == group.Key).ToList();
            var want = group.ToList();
            Assert.True(want.Count == got.Count, $"sync {group.Key}: {got.Count} responses, the client got {want.Count}");
            var request = requests.Single(r => r.Sync == group.Key);
            for (int i = 0; i < want.Count; i++)
            {
                CheckResponse(want[i], got[i], request);
                if (want[i].TryGetProperty("push", out _))
                {
                    checkedPushes++;
                }
                else
                {
                    checkedResponses++;
                }
            }
        }

        Assert.Equal(checkedRequests, checkedResponses);
        foreach (var r in requests.Where(r => !logged.Contains(r.Sync ?? ulong.MaxValue)))
        {
            bool netboxOwn = r.Type == 0x07 || (r.Type == 0x01 && r.GetUInt("tnt.space_id") < 512);
            Assert.True(netboxOwn, $"frame {r.Frame}: request type {r.Type} sync {r.Sync} is in no log line");
        }

        foreach (var r in responses.Where(r => !logged.Contains(r.Sync ?? ulong.MaxValue)))
        {
            Assert.True(r.Type == 0 && requests.Any(q => q.Sync == r.Sync && !logged.Contains(q.Sync!.Value)),
                $"frame {r.Frame}: response sync {r.Sync} answers no request");
        }

        Assert.True(checkedRequests >= 5, $"only {checkedRequests} requests checked");
    }

    private static void CheckRequest(JsonElement e, string name, TarantoolMessage m)
    {
        string where = $"{name} sync {m.Sync} (frame {m.Frame})";
        Assert.True(s_types[name] == m.Type, $"{where}: type {m.Type}");
        Assert.True(m.SrcPort != ClientPort, $"{where}: sent by the server");
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "space":
                    Assert.True((ulong)p.Value.GetInt64() == m.GetUInt("tnt.space_id"), $"{where}: space {m.GetUInt("tnt.space_id")}");
                    break;
                case "index":
                    // net.box leaves index 0 implicit or sends it; either way the index is p.Value.
                    Assert.True((ulong)p.Value.GetInt64() == (m.GetUInt("tnt.index_id") ?? 0), $"{where}: index {m.GetUInt("tnt.index_id")}");
                    break;
                case "limit":
                    Assert.True((ulong)p.Value.GetInt64() == m.GetUInt("tnt.limit"), $"{where}: limit {m.GetUInt("tnt.limit")}");
                    break;
                case "offset":
                    Assert.True((ulong)p.Value.GetInt64() == m.GetUInt("tnt.offset"), $"{where}: offset {m.GetUInt("tnt.offset")}");
                    break;
                case "iterator":
                    Assert.True((ulong)s_iterators[p.Value.GetString()!] == m.GetUInt("tnt.iterator"), $"{where}: iterator {m.GetUInt("tnt.iterator")}");
                    break;
                case "key":
                    Assert.Null(TarantoolValueMatch.Mismatch(p.Value, m, "tnt.key"));
                    break;
                case "tuple":
                    Assert.Null(TarantoolValueMatch.Mismatch(p.Value, m, "tnt.tuple"));
                    break;
                case "ops":
                    Assert.Null(TarantoolValueMatch.Mismatch(p.Value, m, "tnt.ops"));
                    break;
                case "function":
                    Assert.Equal(p.Value.GetString(), m.Get("tnt.function_name"));
                    break;
                case "expression":
                    Assert.Equal(p.Value.GetString(), m.Get("tnt.expression"));
                    break;
                case "sql":
                    Assert.Equal(p.Value.GetString(), m.Get("tnt.sql_text"));
                    break;
                case "stmt_id":
                    Assert.True((ulong)p.Value.GetInt64() == m.GetUInt("tnt.stmt_id"), $"{where}: stmt_id {m.Get("tnt.stmt_id")}");
                    break;
                case "bind":
                    if (p.Value.GetArrayLength() > 0 || m.Get("tnt.sql_bind") is not null)
                    {
                        Assert.Null(TarantoolValueMatch.Mismatch(p.Value, m, "tnt.sql_bind"));
                    }

                    break;
                case "sync" or "request" or "who":
                    break;
                default:
                    Assert.Fail($"{where}: the test does not know the log key {p.Name}");
                    break;
            }
        }
    }

    private static void CheckResponse(JsonElement e, TarantoolMessage m, TarantoolMessage request)
    {
        string where = $"response sync {m.Sync} (frame {m.Frame})";
        Assert.True(m.SrcPort == ClientPort, $"{where}: sent by the client");
        Assert.True(m.Frame >= request.Frame, $"{where}: before its request in frame {request.Frame}");
        if (e.TryGetProperty("push", out var push))
        {
            Assert.True(m.Type == 0x80, $"{where}: a push is IPROTO_CHUNK, not type {m.Type}");
            Assert.Null(TarantoolValueMatch.Mismatch(push, m, "tnt.data"));
            return;
        }

        Assert.True(m.Get("tnt.response_to") == request.Frame.ToString(CultureInfo.InvariantCulture), $"{where}: response_to {m.Get("tnt.response_to")}, the request is in frame {request.Frame}");
        string status = e.GetProperty("response").GetString()!;
        if (status == "error")
        {
            Assert.True((m.Type & 0x8000) != 0, $"{where}: type {m.Type} is not an error");
            if (e.TryGetProperty("code", out var code))
            {
                Assert.True(m.Type == (0x8000 | code.GetInt32()), $"{where}: type {m.Type:x}, error code {code}");
                Assert.Equal(code.GetInt32().ToString(CultureInfo.InvariantCulture), m.Get("tnt.error.code"));
            }

            if (e.TryGetProperty("type", out var type))
            {
                Assert.Equal(type.GetString(), m.Get("tnt.error.type"));
            }

            Assert.Contains(e.GetProperty("message").GetString()!, m.All("tnt.error.message"));
            return;
        }

        Assert.True(m.Type == 0, $"{where}: type {m.Type}, the client got OK");
        if (e.TryGetProperty("data", out var data))
        {
            Assert.Null(TarantoolValueMatch.Mismatch(data, m, "tnt.data"));
        }

        if (e.TryGetProperty("rows", out var rows))
        {
            Assert.Null(TarantoolValueMatch.Mismatch(rows, m, "tnt.data"));
        }

        if (e.TryGetProperty("row_count", out var count))
        {
            Assert.True((ulong)count.GetInt64() == m.GetUInt("tnt.sql_info.row_count"), $"{where}: row_count {m.Get("tnt.sql_info.row_count")}");
        }

        if (e.TryGetProperty("stmt_id", out var stmt))
        {
            Assert.True((ulong)stmt.GetInt64() == m.GetUInt("tnt.stmt_id"), $"{where}: stmt_id {m.Get("tnt.stmt_id")}");
        }

        if (e.TryGetProperty("columns", out var columns))
        {
            var metadata = m.Subtree("tnt.metadata");
            Assert.True(metadata is not null, $"{where}: no tnt.metadata");
            Assert.Equal(columns.EnumerateArray().Select(c => c.GetString()!), TarantoolMessage.AllIn(metadata.Value, "tnt.metadata.name"));
        }
    }

    private static ulong Sync(JsonElement e) => (ulong)e.GetProperty("sync").GetInt64();

    private static List<JsonElement> ReadLog(string sample)
    {
        var list = new List<JsonElement>();
        foreach (string line in File.ReadAllLines(Paths.Sample(sample + ".truth.jsonl")))
        {
            if (line.Length > 0)
            {
                list.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        Assert.NotEmpty(list);
        return list;
    }
}
