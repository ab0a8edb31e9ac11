using System.IO.Compression;
using K4os.Compression.LZ4;

namespace Dissectors.Protocols.Common;

/// <summary>Why a decompression did not produce output.</summary>
public enum DecompressStatus : byte
{
    Ok,
    /// <summary>The compressed bytes are not valid for the algorithm (or decode to another size).</summary>
    Corrupt,
    /// <summary>The declared size is above the absolute cap or impossible for the input size: refused before allocating.</summary>
    TooLarge,
}

/// <summary>
/// LZ4 block and Snappy decompression with the declared output size checked before anything is
/// allocated: against an absolute cap and against the most the algorithm can expand its input
/// (a "decompression bomb" declares more than that). Output goes into a caller-provided span.
/// </summary>
public static class Decompression
{
    /// <summary>Largest output accepted from one compressed body (the CQL frame limit is 256 MiB; drivers stay far below).</summary>
    public const int MaxOutputBytes = 64 * 1024 * 1024;

    // An LZ4 sequence can describe at most about 255 output bytes per input byte (each 0xFF length
    // byte adds 255); Snappy's best case is a 3-byte copy of 64 bytes, under 22x. A little slack covers
    // the literal-only tail and headers.
    private const long Lz4MaxRatio = 256;
    private const long SnappyMaxRatio = 24;
    private const long Slack = 64;

    /// <summary>Checks a declared LZ4 output size against the caps.</summary>
    public static bool IsPlausibleLz4(long declared, int compressedLength) =>
        declared >= 0 && declared <= MaxOutputBytes && declared <= (compressedLength * Lz4MaxRatio) + Slack;

    /// <summary>Checks a declared Snappy output size against the caps.</summary>
    public static bool IsPlausibleSnappy(long declared, int compressedLength) =>
        declared >= 0 && declared <= MaxOutputBytes && declared <= (compressedLength * SnappyMaxRatio) + Slack;

    /// <summary>Decodes a raw LZ4 block that must expand to exactly <paramref name="output"/>'s length.</summary>
    public static DecompressStatus TryLz4Block(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (!IsPlausibleLz4(output.Length, input.Length))
        {
            return DecompressStatus.TooLarge;
        }

        if (output.IsEmpty)
        {
            return input.Length == 1 && input[0] == 0 ? DecompressStatus.Ok : DecompressStatus.Corrupt;
        }

        int n = LZ4Codec.Decode(input, output);
        return n == output.Length ? DecompressStatus.Ok : DecompressStatus.Corrupt;
    }

    /// <summary>
    /// The uncompressed length a Snappy block declares in its varint preamble, or -1 when the preamble
    /// is malformed (more than 5 bytes or above 2^32-1).
    /// </summary>
    public static long SnappyDeclaredLength(ReadOnlySpan<byte> input)
    {
        ulong v = 0;
        for (int i = 0; i < 5 && i < input.Length; i++)
        {
            byte b = input[i];
            v |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return v > uint.MaxValue ? -1 : (long)v;
            }
        }

        return -1;
    }

    /// <summary>Decodes a Snappy block into <paramref name="output"/>, which must be exactly the declared size.</summary>
    public static DecompressStatus TrySnappy(ReadOnlySpan<byte> input, Span<byte> output)
    {
        long declared = SnappyDeclaredLength(input);
        if (declared < 0 || declared != output.Length)
        {
            return DecompressStatus.Corrupt;
        }

        if (!IsPlausibleSnappy(declared, input.Length))
        {
            return DecompressStatus.TooLarge;
        }

        try
        {
            return Snappier.Snappy.TryDecompress(input, output, out int written) && written == output.Length
                ? DecompressStatus.Ok
                : DecompressStatus.Corrupt;
        }
        catch (InvalidDataException)
        {
            // Snappier reports corrupt input by throwing; for captured data that is a routine outcome.
            return DecompressStatus.Corrupt;
        }
        catch (ArgumentException)
        {
            return DecompressStatus.Corrupt;
        }
    }

    // zlib (deflate) expands at most about 1032:1.
    private const long ZlibMaxRatio = 1032;

    /// <summary>Checks a declared zlib output size against the caps.</summary>
    public static bool IsPlausibleZlib(long declared, int compressedLength) =>
        declared >= 0 && declared <= MaxOutputBytes && declared <= (compressedLength * ZlibMaxRatio) + Slack;

    /// <summary>
    /// Inflates a zlib stream (RFC 1950) that must expand to exactly <paramref name="output"/>'s length; a
    /// stream that inflates past it (a bomb lying about its size) is <see cref="DecompressStatus.Corrupt"/>
    /// after at most one extra byte is produced.
    /// </summary>
    public static DecompressStatus TryZlib(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (!IsPlausibleZlib(output.Length, input.Length))
        {
            return DecompressStatus.TooLarge;
        }

        byte[] copy = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, input.Length));
        try
        {
            input.CopyTo(copy);
            {
                using var ms = new MemoryStream(copy, 0, input.Length, writable: false);
                using var z = new ZLibStream(ms, CompressionMode.Decompress);
                int have = 0;
                while (have < output.Length)
                {
                    int n = z.Read(output[have..]);
                    if (n == 0)
                    {
                        return DecompressStatus.Corrupt;
                    }

                    have += n;
                }

                Span<byte> one = stackalloc byte[1];
                return z.Read(one) == 0 ? DecompressStatus.Ok : DecompressStatus.Corrupt;
            }
        }
        catch (InvalidDataException)
        {
            return DecompressStatus.Corrupt;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        }
    }

    // zstd (RFC 8878): an RLE block turns a 3-byte block header and 1 byte into up to 128 KiB
    // (Block_Maximum_Size), so no ratio below about 32768:1 is impossible.
    private const long ZstdMaxRatio = 32 * 1024;
    private const uint ZstdMagic = 0xFD2FB528;

    /// <summary>Checks a declared zstd output size against the caps.</summary>
    public static bool IsPlausibleZstd(long declared, int compressedLength) =>
        declared >= 0 && declared <= MaxOutputBytes && declared <= (compressedLength * ZstdMaxRatio) + Slack;

    /// <summary>
    /// Reads Frame_Content_Size from a zstd frame header (RFC 8878 section 3.1.1.1); -1 when the header does
    /// not state it or is not a complete zstd frame header.
    /// <code>
    /// | magic FD2FB528 (4, LE) | descriptor (1): FCS flag b7-6, single segment b5, dict id flag b1-0 |
    /// | window descriptor (1, absent when single segment) | dictionary id (0/1/2/4) | content size (0/1/2/4/8) |
    /// </code>
    /// </summary>
    public static long ZstdFrameContentSize(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 5 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(frame) != ZstdMagic)
        {
            return -1;
        }

        byte d = frame[4];
        int fcsFlag = d >> 6;
        bool single = (d & 0x20) != 0;
        int dictBytes = (d & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        int fcsBytes = fcsFlag switch { 0 => single ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        if (fcsBytes == 0)
        {
            return -1;
        }

        int o = 5 + (single ? 0 : 1) + dictBytes;
        if (frame.Length < o + fcsBytes)
        {
            return -1;
        }

        var f = frame.Slice(o, fcsBytes);
        return fcsBytes switch
        {
            1 => f[0],
            2 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(f) + 256L,
            4 => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(f),
            _ => (long)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(f), long.MaxValue),
        };
    }

    /// <summary>
    /// Decompresses zstd frames that must expand to exactly <paramref name="output"/>'s length. A first frame
    /// stating a larger content size is refused before any work (<see cref="DecompressStatus.TooLarge"/>); frames
    /// that do not state it are decoded into <paramref name="output"/> only, so a bomb stops when the span is
    /// full (<see cref="DecompressStatus.Corrupt"/>). Decoding straight into the output needs no window buffer;
    /// the decompressor's own state is fixed-size and reused by the caller.
    /// </summary>
    public static DecompressStatus TryZstd(ReadOnlySpan<byte> input, Span<byte> output, ZstdSharp.Decompressor decompressor)
    {
        if (!IsPlausibleZstd(output.Length, input.Length))
        {
            return DecompressStatus.TooLarge;
        }

        long stated = ZstdFrameContentSize(input);
        if (stated > output.Length)
        {
            return DecompressStatus.TooLarge;
        }

        try
        {
            return decompressor.TryUnwrap(input, output, out int written) && written == output.Length
                ? DecompressStatus.Ok
                : DecompressStatus.Corrupt;
        }
        catch (ZstdSharp.ZstdException)
        {
            // The port reports invalid frames by throwing; for captured data that is a routine outcome.
            return DecompressStatus.Corrupt;
        }
    }
}
