using System.Diagnostics;
using System.Text;
using Dissectors.Core.Capture;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// A capture given as the path of a named pipe (what <c>dissect &lt;(ssh host tcpdump -w -)</c> passes): it has
/// no length and can be read only once, so nothing may ask for its length, read ahead of the run to probe
/// it, or open it twice. It is read whole, once, as a file of the same bytes is.
/// </summary>
public sealed class NamedPipeInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--count")]
    [InlineData("--count", "--threads", "2")]
    [InlineData("-Y", "tcp.len > 0", "--count")]
    [InlineData("-Y", "tcp.len > 0", "-T", "fields", "-e", "frame.number")]
    public async Task NamedPipe_IsReadOnce_AndGivesWhatTheFileGives(params string[] options)
    {
        Assert.True(File.Exists("/usr/bin/mkfifo"), "coreutils' mkfifo makes the pipe");
        // About 5 MB, so that the size rules (read-ahead, the split) would apply to a file of these bytes.
        byte[] capture = Capture();
        string file = _dir.Write("capture.pcap", capture);
        var expected = CliRunner.Run([file, .. options]);
        Assert.Equal(0, expected.ExitCode);

        string fifo = Path.Combine(_dir.Path, "capture.fifo");
        using (var mk = Process.Start("/usr/bin/mkfifo", [fifo]))
        {
            mk.WaitForExit();
            Assert.Equal(0, mk.ExitCode);
        }

        // The writer blocks until the run opens the pipe, and fails if the run lets go of it early.
        Exception? writeError = null;
        var writer = new Thread(() =>
        {
            try
            {
                using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                w.Write(capture);
            }
            catch (IOException e)
            {
                writeError = e;
            }
        }) { IsBackground = true };
        writer.Start();

        var run = Task.Run(() => CliRunner.Run([fifo, .. options]));
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == run, "the run did not finish (did it open the pipe twice?)");
        Assert.True(writer.Join(TimeSpan.FromSeconds(10)), "the writer never finished");
        Assert.Null(writeError);
        var got = await run;
        Assert.Equal("", got.Stderr);
        Assert.Equal(expected.ExitCode, got.ExitCode);
        Assert.Equal(Encoding.ASCII.GetString(expected.Stdout), Encoding.ASCII.GetString(got.Stdout));
    }

    private static byte[] Capture()
    {
        var b = new PcapBuilder(LinkType.Ethernet);
        long ns = TestCaptures.StartNs;
        var body = new byte[1000];
        for (int i = 0; i < 40; i++)
        {
            var f = new TcpFlowBuilder(clientPort: (ushort)(42000 + i), serverPort: 9999).Handshake();
            for (int k = 0; k < 120; k++)
            {
                f.Send(k % 2 == 0, body);
            }

            foreach (var frame in f.Frames)
            {
                b.Add(ns += 1000, frame);
            }
        }

        return b.ToArray();
    }
}
