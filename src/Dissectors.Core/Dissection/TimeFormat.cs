using Dissectors.Core.Buffers;

namespace Dissectors.Core.Dissection;

/// <summary>Time rendering as Wireshark prints it (local time with the zone's abbreviation).</summary>
public static class TimeFormat
{
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static TimeZoneInfo? s_zone;

    /// <summary>The zone used for absolute times (the process's local zone, from TZ or /etc/localtime).</summary>
    public static TimeZoneInfo Zone
    {
        get => s_zone ??= TimeZoneInfo.Local;
        set => s_zone = value;
    }

    /// <summary>"May 23, 2018 03:09:05.859983000 UTC" (day padded with a space, as Wireshark's "%2d").</summary>
    public static void AppendAbsolute(Utf8Builder sb, long unixNs)
    {
        long secs = FloorDiv(unixNs, 1_000_000_000, out long frac);
        DateTime utc;
        try
        {
            utc = DateTime.UnixEpoch.AddSeconds(secs);
        }
        catch (ArgumentOutOfRangeException)
        {
            sb.Append("Not representable");
            return;
        }

        var zone = Zone;
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        sb.Append(s_months[local.Month - 1]);
        sb.Append((byte)' ');
        if (local.Day < 10)
        {
            sb.Append((byte)' ');
        }

        sb.Append(local.Day);
        sb.Append(", "u8);
        sb.Append(local.Year);
        sb.Append((byte)' ');
        Append2(sb, local.Hour);
        sb.Append((byte)':');
        Append2(sb, local.Minute);
        sb.Append((byte)':');
        Append2(sb, local.Second);
        sb.Append((byte)'.');
        sb.Append(frac, "D9");
        sb.Append((byte)' ');
        sb.Append(ZoneAbbreviation(zone, utc));
    }

    /// <summary>UTC in ISO 8601 with nanoseconds: "2018-05-23T03:09:05.859983000Z" (JSON Lines output).</summary>
    public static void AppendIsoUtc(Utf8Builder sb, long unixNs)
    {
        long secs = FloorDiv(unixNs, 1_000_000_000, out long frac);
        DateTime utc = DateTime.UnixEpoch.AddSeconds(Math.Clamp(secs, -62135596800L, 253402300799L));
        sb.Append(utc.Year, "D4");
        sb.Append((byte)'-');
        Append2(sb, utc.Month);
        sb.Append((byte)'-');
        Append2(sb, utc.Day);
        sb.Append((byte)'T');
        Append2(sb, utc.Hour);
        sb.Append((byte)':');
        Append2(sb, utc.Minute);
        sb.Append((byte)':');
        Append2(sb, utc.Second);
        sb.Append((byte)'.');
        sb.Append(frac, "D9");
        sb.Append((byte)'Z');
    }

    private static string ZoneAbbreviation(TimeZoneInfo zone, DateTime utc)
    {
        if (zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime)
        {
            return "UTC";
        }

        return zone.IsDaylightSavingTime(utc) ? zone.DaylightName : zone.StandardName;
    }

    /// <summary>Relative time in seconds with 9 decimals: "0.001374000", "-0.000001000".</summary>
    public static void AppendRelative(Utf8Builder sb, long ns)
    {
        if (ns < 0)
        {
            sb.Append((byte)'-');
            ns = ns == long.MinValue ? long.MaxValue : -ns;
        }

        sb.Append(ns / 1_000_000_000);
        sb.Append((byte)'.');
        sb.Append(ns % 1_000_000_000, "D9");
    }

    /// <summary>Relative time with 6 decimals (the summary line's Time column): "0.001395".</summary>
    public static void AppendRelativeMicros(Utf8Builder sb, long ns)
    {
        bool neg = ns < 0;
        long us = Math.Abs(ns / 1000);
        if ((Math.Abs(ns) % 1000) >= 500)
        {
            us++;
        }

        if (neg)
        {
            sb.Append((byte)'-');
        }

        sb.Append(us / 1_000_000);
        sb.Append((byte)'.');
        sb.Append(us % 1_000_000, "D6");
    }

    private static void Append2(Utf8Builder sb, int v)
    {
        sb.Append((byte)('0' + (v / 10)));
        sb.Append((byte)('0' + (v % 10)));
    }

    private static long FloorDiv(long a, long b, out long rem)
    {
        long q = a / b;
        rem = a % b;
        if (rem < 0)
        {
            q--;
            rem += b;
        }

        return q;
    }
}
