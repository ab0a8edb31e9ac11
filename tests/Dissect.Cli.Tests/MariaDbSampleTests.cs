using System.Globalization;
using System.Text;
using System.Text.Json;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// The MariaDB samples recorded by samples/mariadb_client.py against a real MariaDB server, checked against the
/// client's own JSON-lines log of what it sent and what the server answered (samples/NAME.log.jsonl), not against
/// dissect's output: every command in order, its query text, statement id and parameters decoded by type, and
/// every response (OK affected rows, error codes and messages, column names, text and binary row values).
/// </summary>
public class MariaDbSampleTests
{
    [Theory]
    [InlineData("mariadb_prepared")]
    [InlineData("mariadb_compressed")]
    [InlineData("mariadb_shutdown_idle")]
    [InlineData("mariadb_bulk")]
    public void EveryCommandAndResponse_MatchesTheClientsLog(string sample)
    {
        var log = ReadLog(sample);
        var pdus = MySqlPdus(sample, out _);
        var requests = pdus.Select((p, i) => (p, i)).Where(x => x.p.Has("mysql.command")).ToList();
        var logged = log.Where(e => Op(e) is not ("login" or "idle")).ToList();
        Assert.Equal(logged.Count, requests.Count);
        Assert.Contains(pdus, p => p.Has("mysql.login_request"));

        var results = new Dictionary<long, List<JsonElement>>();
        for (int k = 0; k < logged.Count; k++)
        {
            var entry = logged[k];
            var (req, at) = requests[k];
            int end = k + 1 < requests.Count ? requests[k + 1].i : pdus.Count;
            var responses = pdus.GetRange(at + 1, end - at - 1);
            string where = $"{sample} command {k} ({Op(entry)}, frame {req.Frame})";
            Assert.True(CommandCodes[Op(entry)] == req.Long("mysql.command"), where + ": command code");
            CheckRequest(entry, req, where);
            CheckResponse(entry, responses, results, where);
        }
    }

    [Fact]
    public void Prepared_CoversEveryStatementCommand_AndTheParameterTypesAsked()
    {
        // The sample must keep exercising what it was recorded for (a re-recording that lost a part fails here).
        var log = ReadLog("mariadb_prepared");
        foreach (string op in new[] { "prepare", "execute", "fetch", "send_long_data", "reset", "close" })
        {
            Assert.Contains(log, e => Op(e) == op);
        }

        var types = log.Where(e => Op(e) == "execute").SelectMany(e => e.GetProperty("params").EnumerateArray())
            .Select(p => p.GetProperty("type").GetString()).ToHashSet();
        foreach (string t in new[] { "TINY", "SHORT", "LONG", "LONGLONG", "FLOAT", "DOUBLE", "NEWDECIMAL", "DATE", "DATETIME", "TIMESTAMP", "TIME", "VAR_STRING", "STRING", "BLOB", "NULL", "JSON", "BIT" })
        {
            Assert.Contains(t, types);
        }

        Assert.Contains(log, e => Op(e) == "execute" && !e.GetProperty("new_params_bound").GetBoolean() && e.GetProperty("params").GetArrayLength() > 0);
        Assert.Contains(log, e => Op(e) == "execute" && e.GetProperty("flags").GetInt32() == 1);
        var (_, err) = MySqlDissectedDamage("mariadb_prepared");
        Assert.DoesNotContain("malformed", err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Compressed_LargeResult_SpansSeveralCompressedPackets_AndEveryRowIsRead()
    {
        var pdus = MySqlPdus("mariadb_compressed", out var frames);
        var log = ReadLog("mariadb_compressed");
        var big = log.Single(e => Op(e) == "query" && e.GetProperty("sql").GetString() == "SELECT id, v FROM big ORDER BY id");
        int rows = big.GetProperty("response").GetProperty("rows").GetArrayLength();
        Assert.Equal(2000, rows);

        // The rows of that result arrive in several frames, each carrying its own compressed packet(s).
        var rowFrames = pdus.Where(p => p.Has("mysql.row.text") && p.All("mysql.row.text").Count == 2 && p.All("mysql.row.text")[1].StartsWith("row-", StringComparison.Ordinal))
            .Select(p => p.Frame).Distinct().ToList();
        Assert.True(rowFrames.Count >= 5, $"rows in {rowFrames.Count} frames");
        Assert.True(frames.Count(f => f.Compressed > 0) >= 5);
        var (_, err) = MySqlDissectedDamage("mariadb_compressed");
        Assert.DoesNotContain("malformed", err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ShutdownIdle_ServerClosesWithFin_NoMySqlPacket_ThenResetsTheNextQuery()
    {
        var log = ReadLog("mariadb_shutdown_idle");
        var idle = log.Single(e => Op(e) == "idle");
        Assert.Equal("eof", idle.GetProperty("closed_by_server").GetString());
        Assert.Equal(0, idle.GetProperty("received").GetArrayLength());

        var run = CliRunner.Run("-r", Paths.Sample("mariadb_shutdown_idle.pcap"), "-T", "fields", "-e", "frame.number", "-e", "tcp.srcport",
            "-e", "tcp.flags.fin", "-e", "tcp.flags.reset", "-e", "mysql.query", "-e", "mysql.response_code");
        Assert.Equal(0, run.ExitCode);
        var lines = Encoding.UTF8.GetString(run.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        int tabular = lines.FindIndex(l => l[4] == "SELECT 'still here' AS status");
        int fin = lines.FindIndex(l => l[1] == "3306" && l[2] == "1");
        int deadQuery = lines.FindIndex(l => l[4] == "SELECT 1");
        int rst = lines.FindIndex(l => l[1] == "3306" && l[3] == "1");
        Assert.True(tabular >= 0 && fin > tabular && deadQuery > fin && rst > deadQuery, string.Join("\n", lines.Select(l => string.Join(' ', l))));
        // Between the result of the last query and the FIN the server sent no MySQL packet (no ERR to the idle client).
        Assert.DoesNotContain(lines.Skip(tabular + 2).Take(fin - tabular - 1), l => l[5].Length > 0);
        Assert.Equal(lines.Count - 1, rst);
    }

    // ---- requests -----------------------------------------------------------------------------------

    private static readonly Dictionary<string, long> CommandCodes = new()
    {
        ["query"] = 3, ["prepare"] = 22, ["execute"] = 23, ["send_long_data"] = 24, ["close"] = 25, ["reset"] = 26,
        ["fetch"] = 28, ["quit"] = 1, ["bulk"] = 250,
    };

    private static void CheckRequest(JsonElement e, Pdu req, string where)
    {
        switch (Op(e))
        {
            case "query":
            case "prepare":
                Assert.True(e.GetProperty("sql").GetString() == req.Str("mysql.query"), where + ": query text");
                break;
            case "execute":
                Assert.Equal(e.GetProperty("stmt_id").GetInt64(), req.Long("mysql.stmt_id"));
                Assert.Equal(e.GetProperty("flags").GetInt64(), req.Long("mysql.exec_flags"));
                CheckParameters(e, req, where);
                break;
            case "fetch":
                Assert.Equal(e.GetProperty("stmt_id").GetInt64(), req.Long("mysql.stmt_id"));
                Assert.Equal(e.GetProperty("num_rows").GetInt64(), req.Long("mysql.num_rows"));
                break;
            case "send_long_data":
                Assert.Equal(e.GetProperty("stmt_id").GetInt64(), req.Long("mysql.stmt_id"));
                Assert.Equal(e.GetProperty("param").GetInt64(), req.Long("mysql.param"));
                Assert.True(e.GetProperty("data_hex").GetString() == req.Str("mysql.payload").Replace(":", "", StringComparison.Ordinal), where + ": long data");
                break;
            case "reset":
            case "close":
                Assert.Equal(e.GetProperty("stmt_id").GetInt64(), req.Long("mysql.stmt_id"));
                break;
            case "bulk":
                Assert.Equal(e.GetProperty("stmt_id").GetInt64(), req.Long("mysql.stmt_id"));
                Assert.Equal(e.GetProperty("flags").GetInt32(), Convert.ToInt32(req.Str("mariadb.bulk.flags"), 16));
                CheckBulkRows(e, req, where);
                break;
        }
    }

    private static readonly Dictionary<string, string> Indicators = new()
    {
        ["none"] = "0x00", ["null"] = "0x01", ["default"] = "0x02", ["ignore"] = "0x03",
    };

    /// <summary>Every row of a bulk execute: one "[N. Dataset]" item per row, an indicator per parameter, a value after "none".</summary>
    private static void CheckBulkRows(JsonElement e, Pdu req, string where)
    {
        var rows = e.GetProperty("rows").EnumerateArray().ToList();
        var datasets = req.Groups("mariadb.bulk.row_nr_tree");
        Assert.True(rows.Count == datasets.Count, $"{where}: {datasets.Count} datasets, log has {rows.Count} rows");
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), req.All("mariadb.bulk.row_nr"));
        bool typesSent = (e.GetProperty("flags").GetInt32() & 0x80) != 0;
        Assert.Equal(typesSent, req.Has("mariadb.bulk.paramtypesg"));
        for (int r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].EnumerateArray().ToList();
            var f = datasets[r].Fields;
            int pos = 0;
            for (int c = 0; c < cells.Count; c++)
            {
                string at = $"{where} row {r} parameter {c}";
                string indicator = cells[c].GetProperty("indicator").GetString()!;
                Assert.True(pos < f.Count && f[pos].Name == "mariadb.bulk.indicators" && f[pos].Value == Indicators[indicator], $"{at}: indicator {indicator}");
                pos++;
                if (indicator == "none")
                {
                    var values = f.Skip(pos).TakeWhile(x => x.Name != "mariadb.bulk.indicators").ToList();
                    int used = 0;
                    CheckValue(cells[c].GetProperty("value"), values, ref used, at);
                    Assert.True(used == values.Count, at + ": extra value fields");
                    pos += used;
                }
            }

            Assert.True(pos == f.Count, $"{where} row {r}: extra fields");
        }
    }

    private static void CheckParameters(JsonElement e, Pdu req, string where)
    {
        var logged = e.GetProperty("params").EnumerateArray().ToList();
        var groups = req.Groups("mysql.exec_param");
        Assert.True(logged.Count == groups.Count, $"{where}: {groups.Count} parameters, log has {logged.Count}");
        bool bound = e.GetProperty("new_params_bound").GetBoolean();
        if (logged.Count > 0)
        {
            Assert.Equal(bound ? 1 : 0, req.Long("mysql.new_parameter_bound_flag"));
        }

        for (int i = 0; i < logged.Count; i++)
        {
            var p = logged[i];
            var g = groups[i];
            string at = $"{where} parameter {i} ({p.GetProperty("type").GetString()})";
            if (bound)
            {
                Assert.True(TypeCodes[p.GetProperty("type").GetString()!] == g.Long("mysql.field.type"), at + ": type");
                Assert.True((p.GetProperty("unsigned").GetBoolean() ? 128 : 0) == g.Long("mysql.exec.unsigned"), at + ": unsigned flag");
            }

            var values = g.Fields.Where(f => f.Name.StartsWith("mysql.exec.field.", StringComparison.Ordinal)).ToList();
            var v = p.GetProperty("value");
            if (v.ValueKind == JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString() == "LONGDATA"))
            {
                // NULL (bitmap) and long-data parameters carry no value bytes in the execute.
                Assert.True(values.Count == 0 || values.All(f => f.Name == "mysql.exec.field.null"), at + ": no value expected");
                continue;
            }

            int pos = 0;
            CheckValue(v, values, ref pos, at);
            Assert.True(pos == values.Count, at + ": extra value fields");
        }
    }

    private static readonly Dictionary<string, long> TypeCodes = new()
    {
        ["DECIMAL"] = 0, ["TINY"] = 1, ["SHORT"] = 2, ["LONG"] = 3, ["FLOAT"] = 4, ["DOUBLE"] = 5, ["NULL"] = 6,
        ["TIMESTAMP"] = 7, ["LONGLONG"] = 8, ["INT24"] = 9, ["DATE"] = 10, ["TIME"] = 11, ["DATETIME"] = 12,
        ["YEAR"] = 13, ["VARCHAR"] = 15, ["BIT"] = 16, ["JSON"] = 245, ["NEWDECIMAL"] = 246, ["ENUM"] = 247,
        ["SET"] = 248, ["TINY_BLOB"] = 249, ["MEDIUM_BLOB"] = 250, ["LONG_BLOB"] = 251, ["BLOB"] = 252,
        ["VAR_STRING"] = 253, ["STRING"] = 254, ["GEOMETRY"] = 255,
    };

    /// <summary>One value as the client logged it against dissect's value fields from <paramref name="pos"/> (advanced past it).</summary>
    private static void CheckValue(JsonElement v, List<(string Name, string Value)> f, ref int pos, string at)
    {
        Assert.True(pos < f.Count, at + ": value missing");
        var (name, shown) = f[pos];
        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(name == "mysql.exec.field.null", $"{at}: want NULL, got {name}={shown}");
                pos++;
                return;
            case JsonValueKind.Number when v.GetRawText().Contains('.', StringComparison.Ordinal) || v.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase):
                {
                    Assert.True(name is "mysql.exec.field.float" or "mysql.exec.field.double", $"{at}: want a float, got {name}");
                    double want = v.GetDouble();
                    double got = double.Parse(shown, CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(want - got) <= Math.Abs(want) * 1e-13, $"{at}: {got} != {want}");
                    pos++;
                    return;
                }

            case JsonValueKind.Number:
                Assert.True(name.StartsWith("mysql.exec.field.", StringComparison.Ordinal) && !name.Contains("string", StringComparison.Ordinal), $"{at}: want an integer, got {name}");
                Assert.True(v.GetRawText() == shown, $"{at}: {name}={shown}, log {v.GetRawText()}");
                pos++;
                return;
            case JsonValueKind.String:
                Assert.True(name == "mysql.exec.field.string", $"{at}: want a string, got {name}");
                Assert.True(v.GetString() == shown, $"{at}: '{shown}' != '{v.GetString()}'");
                pos++;
                return;
            case JsonValueKind.Object when v.TryGetProperty("hex", out _):
                // Binary bytes: dissect shows them as a string field (as tshark does); its text is not the bytes.
                Assert.True(name == "mysql.exec.field.string", $"{at}: want bytes, got {name}");
                pos++;
                return;
            case JsonValueKind.Object when v.TryGetProperty("year", out _):
                {
                    Assert.True(name == "mysql.exec.field.datetime.length", $"{at}: want a date, got {name}");
                    int length = int.Parse(shown, CultureInfo.InvariantCulture);
                    pos++;
                    var parts = new List<string> { "year", "month", "day" };
                    if (length >= 7)
                    {
                        parts.AddRange(["hour", "minute", "second"]);
                    }

                    if (length == 11)
                    {
                        parts.Add("micro");
                    }

                    // The client writes the shortest form: a date alone in 4 bytes, no microseconds when 0.
                    Assert.True(length is 0 or 4 or 7 or 11, at + ": date length");
                    CheckParts(v, parts, f, ref pos, at);
                    foreach (string rest in new[] { "hour", "minute", "second", "micro" }.Except(parts))
                    {
                        Assert.True(!v.TryGetProperty(rest, out var r) || r.GetInt64() == 0, $"{at}: {rest} is not 0 but the value is {length} bytes");
                    }

                    return;
                }

            case JsonValueKind.Object when v.TryGetProperty("days", out _):
                {
                    Assert.True(name == "mysql.exec.field.time.length", $"{at}: want a time, got {name}");
                    int length = int.Parse(shown, CultureInfo.InvariantCulture);
                    pos++;
                    Assert.True(length is 0 or 8 or 12, at + ": time length");
                    Assert.True(f[pos].Name == "mysql.exec.field.time.sign" && f[pos].Value == (v.GetProperty("neg").GetBoolean() ? "1" : "0"), at + ": sign");
                    Assert.True(f[pos + 1].Name == "mysql.exec.field.time.days" && f[pos + 1].Value == v.GetProperty("days").GetRawText(), at + ": days");
                    pos += 2;
                    var parts = new List<string> { "hour", "minute", "second" };
                    if (length == 12)
                    {
                        parts.Add("micro");
                    }

                    CheckParts(v, parts, f, ref pos, at);
                    return;
                }

            default:
                Assert.Fail($"{at}: unexpected logged value {v.GetRawText()}");
                return;
        }
    }

    private static void CheckParts(JsonElement v, List<string> parts, List<(string Name, string Value)> f, ref int pos, string at)
    {
        foreach (string part in parts)
        {
            string field = "mysql.exec.field." + (part == "micro" ? "secondb" : part);
            Assert.True(pos < f.Count && f[pos].Name == field, $"{at}: want {field}");
            Assert.True(f[pos].Value == v.GetProperty(part).GetRawText(), $"{at}: {field}={f[pos].Value}, log {v.GetProperty(part).GetRawText()}");
            pos++;
        }
    }

    // ---- responses ----------------------------------------------------------------------------------

    private static void CheckResponse(JsonElement e, List<Pdu> responses, Dictionary<long, List<JsonElement>> results, string where)
    {
        string op = Op(e);
        if (op is "close" or "send_long_data" or "quit")
        {
            Assert.True(responses.Count == 0, $"{where}: the server answers nothing, dissect shows {responses.Count} packets");
            return;
        }

        if (!e.TryGetProperty("response", out var r))
        {
            return;
        }

        if (r.TryGetProperty("closed", out _))
        {
            Assert.True(responses.Count == 0, where + ": the connection was dead");
            return;
        }

        Assert.True(responses.Count > 0, where + ": no response");

        var first = responses[0];
        if (r.TryGetProperty("error", out var err))
        {
            Assert.Single(responses);
            Assert.Equal("0xff", first.Str("mysql.response_code"));
            Assert.Equal(err.GetProperty("code").GetInt64(), first.Long("mysql.error_code"));
            Assert.Equal(err.GetProperty("sqlstate").GetString(), first.Str("mysql.sqlstate"));
            Assert.Equal(err.GetProperty("message").GetString(), first.Str("mysql.error.message"));
            return;
        }

        if (r.TryGetProperty("ok", out var ok))
        {
            Assert.Single(responses);
            Assert.Equal("0x00", first.Str("mysql.response_code"));
            Assert.Equal(ok.GetProperty("affected_rows").GetInt64(), first.Long("mysql.affected_rows"));
            Assert.Equal(ok.GetProperty("warnings").GetInt64(), first.Long("mysql.warnings"));
            return;
        }

        if (op == "prepare")
        {
            Assert.Equal(r.GetProperty("stmt_id").GetInt64(), first.Long("mysql.stmt_id"));
            Assert.Equal(r.GetProperty("num_params").GetInt64(), first.Long("mysql.num_params"));
            Assert.Equal(r.GetProperty("num_columns").GetInt64(), first.Long("mysql.num_fields"));
            var names = responses.Where(p => p.Has("mysql.field.name")).Select(p => p.Str("mysql.field.name")).ToList();
            var logged = r.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            Assert.Equal(logged, names.Skip(names.Count - logged.Count));
            Assert.Equal((int)(r.GetProperty("num_params").GetInt64() + r.GetProperty("num_columns").GetInt64()), names.Count);
            return;
        }

        var rowsLogged = r.GetProperty("rows").EnumerateArray().ToList();
        List<Pdu> rowPdus;
        if (op == "fetch")
        {
            rowPdus = responses.Take(responses.Count - 1).ToList();
            Assert.Equal("0xfe", responses[^1].Str("mysql.response_code"));
        }
        else
        {
            var columns = r.GetProperty("columns").EnumerateArray().ToList();
            Assert.Equal(columns.Count, first.Long("mysql.num_fields"));
            var names = responses.Where(p => p.Has("mysql.field.name")).Select(p => p.Str("mysql.field.name")).ToList();
            Assert.Equal(columns.Select(c => c.GetProperty("name").GetString()), names);
            var types = responses.Where(p => p.Has("mysql.field.type")).Select(p => p.Long("mysql.field.type")).ToList();
            Assert.Equal(columns.Select(c => c.GetProperty("type_code").GetInt64()), types);
            int afterColumns = 1 + columns.Count + 1;
            bool cursor = r.TryGetProperty("cursor", out var cur) && cur.GetBoolean();
            rowPdus = responses.Skip(afterColumns).Take(Math.Max(0, responses.Count - afterColumns - 1)).ToList();
            if (cursor)
            {
                Assert.Equal(afterColumns, responses.Count);
                Assert.Empty(rowsLogged);
                return;
            }

            Assert.Equal("0xfe", responses[^1].Str("mysql.response_code"));
        }

        Assert.True(rowsLogged.Count == rowPdus.Count, $"{where}: {rowPdus.Count} rows, log has {rowsLogged.Count}");
        bool binary = op is "execute" or "fetch";
        for (int i = 0; i < rowsLogged.Count; i++)
        {
            var cells = rowsLogged[i].EnumerateArray().ToList();
            string at = $"{where} row {i}";
            if (binary)
            {
                Assert.True(rowPdus[i].Has("mysql.row.nullbuffer"), at + ": a binary row");
                var values = rowPdus[i].Fields.Where(f => f.Name.StartsWith("mysql.exec.field.", StringComparison.Ordinal)).ToList();
                int pos = 0;
                for (int c = 0; c < cells.Count; c++)
                {
                    CheckValue(cells[c], values, ref pos, $"{at} column {c}");
                }

                Assert.True(pos == values.Count, at + ": extra value fields");
            }
            else
            {
                // Text rows: every value is a length-encoded string; NULL (0xFB) shows as the text "NULL" (tshark's way).
                var texts = rowPdus[i].All("mysql.row.text");
                Assert.Equal(cells.Select(c => c.ValueKind == JsonValueKind.Null ? "NULL" : c.GetString()), texts);
            }
        }
    }

    // ---- reading the log and dissect's JSON --------------------------------------------------------

    private static string Op(JsonElement e) => e.GetProperty("op").GetString()!;

    private static List<JsonElement> ReadLog(string sample)
    {
        var list = new List<JsonElement>();
        foreach (string line in File.ReadAllLines(Paths.Sample(sample + ".log.jsonl")))
        {
            list.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        Assert.True(list.Count > 2, sample + ": log too short");
        return list;
    }

    private static (int Exit, string Stderr) MySqlDissectedDamage(string sample)
    {
        var run = CliRunner.Run("-r", Paths.Sample(sample + ".pcap"), "-Y", "_ws.malformed", "--count");
        string count = Encoding.UTF8.GetString(run.Stdout).Trim();
        return (run.ExitCode, count == "0" ? run.Stderr : "malformed or warned frames: " + count + " " + run.Stderr);
    }

    internal sealed record FrameInfo(int Number, int Compressed);

    /// <summary>A MySQL packet as dissect's -T json shows it: its fields in tree order, sub-trees flattened after a marker.</summary>
    internal sealed record Pdu(int Frame, List<(string Name, string Value)> Fields)
    {
        public bool Has(string name) => Fields.Exists(f => f.Name == name);

        public string Str(string name)
        {
            int i = Fields.FindIndex(f => f.Name == name);
            Assert.True(i >= 0, $"frame {Frame}: no {name}");
            return Fields[i].Value;
        }

        public long Long(string name) => long.Parse(Str(name), CultureInfo.InvariantCulture);

        public List<string> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value).ToList();

        /// <summary>The sub-trees named <paramref name="marker"/>, each as its own field list.</summary>
        public List<Pdu> Groups(string marker)
        {
            var groups = new List<Pdu>();
            for (int i = 0; i < Fields.Count; i++)
            {
                if (Fields[i].Name == marker && Fields[i].Value == "{")
                {
                    var g = new List<(string, string)>();
                    int depth = 1;
                    for (i++; i < Fields.Count && depth > 0; i++)
                    {
                        if (Fields[i].Value == "{")
                        {
                            depth++;
                        }
                        else if (Fields[i].Name == "}")
                        {
                            depth--;
                            if (depth == 0)
                            {
                                break;
                            }
                        }

                        g.Add(Fields[i]);
                    }

                    groups.Add(new Pdu(Frame, g));
                }
                else if (Fields[i].Name == marker)
                {
                    // A sub-tree without children (a NULL parameter whose type was bound earlier) is a plain value in JSON.
                    groups.Add(new Pdu(Frame, []));
                }
            }

            return groups;
        }
    }

    private static List<Pdu> MySqlPdus(string sample, out List<FrameInfo> frames)
    {
        var run = CliRunner.Run("-r", Paths.Sample(sample + ".pcap"), "-T", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var pdus = new List<Pdu>();
        frames = [];
        foreach (var frame in doc.RootElement.EnumerateArray())
        {
            var layers = frame.GetProperty("_source").GetProperty("layers");
            int number = int.Parse(layers.GetProperty("frame").GetProperty("frame.number").GetString()!, CultureInfo.InvariantCulture);
            int compressed = 0;
            foreach (var layer in layers.EnumerateObject())
            {
                if (layer.Name == "mysql")
                {
                    compressed += Collect(number, layer.Value, pdus);
                }
            }

            frames.Add(new FrameInfo(number, compressed));
        }

        return pdus;
    }

    /// <summary>Adds the packets of one "mysql" object (a compressed packet holds its packets as nested "mysql" objects); returns 1 for a compressed packet.</summary>
    private static int Collect(int frame, JsonElement mysql, List<Pdu> pdus)
    {
        int compressed = 0;
        var fields = new List<(string, string)>();
        foreach (var p in mysql.EnumerateObject())
        {
            if (p.Name == "mysql" && p.Value.ValueKind == JsonValueKind.Object)
            {
                Collect(frame, p.Value, pdus);
                continue;
            }

            if (p.Name == "mysql.compressed_packet_length")
            {
                compressed = 1;
            }

            Flatten(p, fields);
        }

        if (fields.Exists(f => f.Item1 == "mysql.packet_number"))
        {
            pdus.Add(new Pdu(frame, fields));
        }

        return compressed;
    }

    private static void Flatten(JsonProperty p, List<(string, string)> into)
    {
        switch (p.Value.ValueKind)
        {
            case JsonValueKind.Object:
                into.Add((p.Name, "{"));
                foreach (var c in p.Value.EnumerateObject())
                {
                    Flatten(c, into);
                }

                into.Add(("}", ""));
                break;
            case JsonValueKind.Array:
                foreach (var item in p.Value.EnumerateArray())
                {
                    into.Add((p.Name, item.ToString()));
                }

                break;
            default:
                into.Add((p.Name, p.Value.ToString()));
                break;
        }
    }
}
