using Dissectors.Core.Capture;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Dissect.Cli.Capture;

/// <summary>
/// Live capture through libpcap (SharpPcap) for <c>--interface</c>: frames arrive as records, like a
/// file that never ends; Ctrl-C or <c>-c N</c> stops it. The BPF filter runs in the kernel.
/// </summary>
internal sealed class LiveCapture : ICaptureSource
{
    private readonly LibPcapLiveDevice _device;
    private readonly List<string> _warnings = [];
    private readonly int? _count;
    private byte[] _buffer = new byte[65536];
    private int _read;
    private volatile bool _stop;

    private LiveCapture(LibPcapLiveDevice device, int? count)
    {
        _device = device;
        _count = count;
        Console.CancelKeyPress += OnCancel;
    }

    public string Name => _device.Name;

    public IReadOnlyList<string> Warnings => _warnings;

    public LinkType LinkType => LinkTypes.Normalize((uint)_device.LinkType);

    public string Format => "live";

    public bool NanosecondTimestamps => false;

    public static bool TryOpen(string name, string? bpf, int? count, out ICaptureSource? source, out string error)
    {
        source = null;
        error = "";
        try
        {
            LibPcapLiveDevice? device = null;
            foreach (var d in LibPcapLiveDeviceList.Instance)
            {
                if (d.Name == name)
                {
                    device = d;
                }
            }

            if (device is null)
            {
                var names = new List<string>();
                foreach (var d in LibPcapLiveDeviceList.Instance)
                {
                    names.Add(d.Name);
                }

                error = $"no capture interface named \"{name}\"; available: {string.Join(", ", names)}";
                return false;
            }

            device.Open(new DeviceConfiguration { Mode = DeviceModes.Promiscuous, ReadTimeout = 500, Snaplen = 262144, Immediate = true });
            if (bpf is not null)
            {
                device.Filter = bpf;
            }

            source = new LiveCapture(device, count);
            return true;
        }
        catch (Exception ex) when (LibPcap.IsMissing(ex))
        {
            error = LibPcap.Missing;
            return false;
        }
        catch (PcapException ex)
        {
            error = $"cannot capture on \"{name}\": {ex.Message}";
            return false;
        }
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop = true;
    }

    public bool TryRead(out CaptureRecord record)
    {
        record = default;
        while (!_stop && (_count is null || _read < _count))
        {
            GetPacketStatus status;
            PacketCapture packet;
            try
            {
                status = _device.GetNextPacket(out packet);
            }
            catch (PcapException ex)
            {
                _warnings.Add($"{Name}: capture stopped: {ex.Message}");
                return false;
            }

            if (status == GetPacketStatus.ReadTimeout)
            {
                continue;
            }

            if (status != GetPacketStatus.PacketRead)
            {
                return false;
            }

            var data = packet.Data;
            if (data.Length > _buffer.Length)
            {
                _buffer = new byte[data.Length];
            }

            data.CopyTo(_buffer);
            var tv = packet.Header.Timeval;
            long ns = (long)tv.Seconds * 1_000_000_000 + ((long)tv.MicroSeconds * 1000);
            _read++;
            record = new CaptureRecord(ns, data.Length, data.Length, 0, LinkType, _buffer.AsMemory(0, data.Length));
            return true;
        }

        return false;
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _device.Close();
    }
}
