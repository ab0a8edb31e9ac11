using System.CommandLine;
using System.Text;
using Dissectors.Core.Fields;
using Dissectors.Core.Pipeline;
using Dissectors.Protocols;

namespace Dissect.Cli.Commands;

/// <summary><c>dissect fields [PROTO]</c>: the field registry in <c>tshark -G fields</c>'s format.</summary>
internal static class FieldsCommand
{
    public static readonly Argument<string?> Protocol = new("PROTO")
    {
        Description = "Only this protocol's fields (e.g. cql, tcp).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create()
    {
        var cmd = new Command("fields", "List every field and protocol dissect knows, like tshark -G fields: F/P, name, abbreviation, type, protocol, base, bitmask, description.")
        {
            Protocol,
        };
        cmd.SetAction(pr => Run(pr.GetValue(Protocol), "fields", Console.OpenStandardOutput(), Console.Error));
        return cmd;
    }

    /// <summary>Prints the glossary <paramref name="kind"/> (fields, values, protocols) for all or one protocol.</summary>
    public static int Run(string? protocol, string kind, Stream stdout, TextWriter stderr)
    {
        var engine = DissectionEngine.Create(ProtocolCatalog.CreateAll());
        var reg = engine.Registry;
        FieldId only = FieldId.Invalid;
        if (protocol is not null && (!reg.TryGet(protocol, out only) || !reg[only].IsProtocol))
        {
            stderr.WriteLine($"dissect: \"{protocol}\" is not a protocol dissect knows; see 'dissect fields' for the list.");
            return ExitCodes.Usage;
        }

        var sb = new StringBuilder(64 * 1024);
        foreach (var def in reg.All)
        {
            if (def.Abbrev.StartsWith("_ws.text", StringComparison.Ordinal))
            {
                continue;
            }

            if (only.IsValid && GlossaryProtocol(reg, def) != only && def.Protocol != only)
            {
                continue;
            }

            switch (kind)
            {
                case "protocols":
                    if (def.IsProtocol)
                    {
                        sb.Append(def.Name).Append('\t').Append(def.ShortName).Append('\t').Append(def.Abbrev).Append('\n');
                    }

                    break;
                case "values":
                    AppendValues(sb, def);
                    break;
                default:
                    AppendField(sb, reg, def);
                    break;
            }
        }

        stdout.Write(Encoding.UTF8.GetBytes(sb.ToString()));
        stdout.Flush();
        return ExitCodes.Ok;
    }

    private static void AppendField(StringBuilder sb, FieldRegistry reg, FieldDef def)
    {
        if (def.IsProtocol)
        {
            sb.Append("P\t").Append(def.Name).Append('\t').Append(def.Abbrev).Append('\n');
            return;
        }

        FieldId owner = GlossaryProtocol(reg, def);
        string protocol = owner.IsValid ? reg[owner].Abbrev : "";

        // tshark prints a base only for integers (FT_FRAMENUM is not one there) and a bit width for booleans.
        string fieldBase = def.Type switch
        {
            FieldType.Boolean => def.BoolBits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            FieldType.FrameNum => "",
            _ when FieldTypes.IsInteger(def.Type) && def.Base == FieldBase.None => "BASE_NONE",
            _ => FieldBases.WiresharkName(def.Base),
        };
        sb.Append("F\t").Append(def.Name).Append('\t').Append(def.Abbrev).Append('\t').Append(FieldTypes.WiresharkName(def.Type))
            .Append('\t').Append(protocol).Append('\t').Append(fieldBase).Append('\t')
            .Append("0x").Append(def.Bitmask.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
            .Append(def.Blurb ?? "").Append('\n');
    }

    /// <summary>The protocol tshark's glossary lists a field under: a name-only protocol's fields go to its parent.</summary>
    private static FieldId GlossaryProtocol(FieldRegistry reg, FieldDef def)
    {
        if (!def.Protocol.IsValid)
        {
            return FieldId.Invalid;
        }

        FieldDef p = reg[def.Protocol];
        return p.NameOnlyParent.IsValid ? p.NameOnlyParent : def.Protocol;
    }

    private static void AppendValues(StringBuilder sb, FieldDef def)
    {
        if (def.Values is { } vs)
        {
            foreach (var (value, name) in vs.Pairs)
            {
                sb.Append(def.Type is FieldType.UInt64 or FieldType.Int64 ? "V64\t" : "V\t").Append(def.Abbrev).Append('\t')
                    .Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t').Append(name).Append('\n');
            }

            foreach (var (min, max, name) in vs.Ranges)
            {
                sb.Append("R\t").Append(def.Abbrev).Append('\t').Append(min).Append('\t').Append(max).Append('\t').Append(name).Append('\n');
            }
        }

        if (def.TrueFalse is { } tfs)
        {
            sb.Append("T\t").Append(def.Abbrev).Append('\t').Append(tfs.TrueText).Append('\t').Append(tfs.FalseText).Append('\n');
        }
    }
}
