using System.Text;
using Dissectors.Core.Capture;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>A small, wire-correct TCP conversation as pcap or pcapng, with the offset of every record.</summary>
internal static class TestCaptures
{
    public const long StartNs = 1_700_000_000_000_000_000;
    public const long StepNs = 100_000;

    /// <summary>Handshake plus <paramref name="exchanges"/> request/response pairs: 3 + 2n Ethernet frames.</summary>
    public static List<byte[]> Frames(int exchanges = 3)
    {
        var flow = new TcpFlowBuilder().Handshake();
        for (int i = 0; i < exchanges; i++)
        {
            flow.Send(true, Encoding.ASCII.GetBytes($"request {i}: hello"));
            flow.Send(false, Encoding.ASCII.GetBytes($"response {i}: world, and some more bytes"));
        }

        return flow.Frames;
    }

    /// <summary>A pcap of <paramref name="frames"/>; <paramref name="recordStarts"/> gets each record's offset, then the file length.</summary>
    public static byte[] Pcap(IReadOnlyList<byte[]> frames, out List<int> recordStarts, bool bigEndian = false)
    {
        var b = new PcapBuilder(LinkType.Ethernet, bigEndian: bigEndian);
        recordStarts = [];
        int offset = 24;
        for (int i = 0; i < frames.Count; i++)
        {
            recordStarts.Add(offset);
            b.Add(StartNs + (i * StepNs), frames[i]);
            offset += 16 + frames[i].Length;
        }

        recordStarts.Add(offset);
        return b.ToArray();
    }

    public static byte[] Pcap(IReadOnlyList<byte[]> frames, bool bigEndian = false) => Pcap(frames, out _, bigEndian);

    /// <summary>A pcapng (one section, one Ethernet interface, one EPB per frame); <paramref name="blockStarts"/> gets each EPB's offset, then the file length.</summary>
    public static byte[] Pcapng(IReadOnlyList<byte[]> frames, out List<int> blockStarts, bool bigEndian = false)
    {
        var b = new PcapngBuilder(bigEndian).Interface(LinkType.Ethernet, name: "lo");
        blockStarts = [];
        for (int i = 0; i < frames.Count; i++)
        {
            blockStarts.Add(b.ToArray().Length);
            b.Enhanced(0, (ulong)((StartNs + (i * StepNs)) / 1000), frames[i]);
        }

        blockStarts.Add(b.ToArray().Length);
        return b.ToArray();
    }

    public static byte[] Pcapng(IReadOnlyList<byte[]> frames, bool bigEndian = false) => Pcapng(frames, out _, bigEndian);
}
