using Dissectors.Core.Dissection;
using Dissectors.Protocols.Common;
using K4os.Compression.LZ4;

namespace Dissectors.Protocols.Scylla;

/// <summary>Compressed frames (doc/rpc-compression.md; ScyllaDB's SCYLLA_V3 in message/advanced_rpc_compressor.cc).</summary>
internal sealed partial class ScyllaDissector
{
    private const uint LastChunkBit = 0x8000_0000;

    /// <summary>
    /// A compressed frame wraps one request, response or stream frame once COMPRESS is negotiated.
    /// <code>
    ///  | len u32 | compressed[len] |                         len 0: a no-op frame
    ///  LZ4:            | uncompressed size u32 | LZ4 block |
    ///  LZ4_FRAGMENTED: { | chunk u32 | ... }: MSB clear: compressed size of a chunk that expands to 32 KiB;
    ///                  MSB set: last chunk, low 31 bits its uncompressed size, compressed bytes = the rest;
    ///                  chunks form one LZ4 stream (each may refer back into the previous ones)
    ///  SCYLLA_V3:      | algorithm u8 (raw 0, lz4 1, zstd 2) | ... |   (zstd uses trained dictionaries not on the wire)
    /// </code>
    /// </summary>
    private void DissectCompressed(DissectContext ctx, int top, ReadOnlySpan<byte> pdu, Direction direction)
    {
        var t = ctx.Tree;
        uint len = ScyllaHeader.U32(pdu, 0);
        t.AddUInt(_f.CompressedLength, 0, 4, len);
        var data = pdu[4..];
        if (data.IsEmpty)
        {
            SetInfo(ctx, "Compressed frame (empty)"u8);
            return;
        }

        switch (_c.Compression)
        {
            case ScyllaCompression.Lz4:
                t.AddGeneratedString(_f.CompressedAlgorithm, 0, 0, "LZ4");
                DecompressLz4(ctx, top, data, direction);
                break;
            case ScyllaCompression.Lz4Fragmented:
                t.AddGeneratedString(_f.CompressedAlgorithm, 0, 0, "LZ4_FRAGMENTED");
                DecompressLz4Fragmented(ctx, top, data, direction);
                break;
            case ScyllaCompression.ScyllaV3:
                t.AddGeneratedString(_f.CompressedAlgorithm, 0, 0, "SCYLLA_V3");
                t.AddUInt(_f.V3Algorithm, 4, 1, data[0]);
                t.AddBytes(_f.CompressedData, 5, data.Length - 1);
                ctx.Expert(_e.NotDecompressed, 4, data.Length);
                SetInfo(ctx, "Compressed frame (SCYLLA_V3)"u8);
                break;
            default:
                t.AddBytes(_f.CompressedData, 4, data.Length);
                ctx.Expert(_e.NotDecompressed, 4, data.Length);
                SetInfo(ctx, "Compressed frame"u8);
                break;
        }
    }

    private void DecompressLz4(DissectContext ctx, int top, ReadOnlySpan<byte> data, Direction direction)
    {
        var t = ctx.Tree;
        if (data.Length < 4)
        {
            ctx.Expert(_e.Truncated, 4, data.Length);
            SetInfo(ctx, "Compressed frame (truncated)"u8);
            return;
        }

        uint size = ScyllaHeader.U32(data, 0);
        t.AddUInt(_f.CompressedSize, 4, 4, size);
        t.AddBytes(_f.CompressedData, 8, data.Length - 4);
        if (!Decompression.IsPlausibleLz4(size, data.Length - 4))
        {
            ctx.Expert(_e.DecompressBomb, 4, 4);
            SetInfo(ctx, "Compressed frame (refused)"u8);
            return;
        }

        var output = _m.Scratch((int)size);
        var status = Decompression.TryLz4Block(data[4..], output);
        if (status != DecompressStatus.Ok)
        {
            ctx.Expert(status == DecompressStatus.TooLarge ? _e.DecompressBomb : _e.DecompressFailed, 8, data.Length - 4);
            SetInfo(ctx, "Compressed frame (corrupt)"u8);
            return;
        }

        DissectDecompressed(ctx, top, output, direction);
    }

    private void DecompressLz4Fragmented(DissectContext ctx, int top, ReadOnlySpan<byte> data, Direction direction)
    {
        var t = ctx.Tree;
        // First pass: walk the chunk headers to learn the total size and check it before allocating.
        long total = 0;
        int off = 0;
        bool last = false;
        while (off + 4 <= data.Length)
        {
            uint header = ScyllaHeader.U32(data, off);
            off += 4;
            if ((header & LastChunkBit) != 0)
            {
                total += header & ~LastChunkBit;
                last = true;
                break;
            }

            total += ScyllaHeader.Lz4FragmentSize;
            if (header > data.Length - off)
            {
                break;
            }

            off += (int)header;
        }

        if (!last)
        {
            ctx.Expert(_e.DecompressFailed, 4, data.Length);
            SetInfo(ctx, "Compressed frame (corrupt)"u8);
            return;
        }

        t.AddUInt(_f.CompressedSize, 4, 0, (ulong)total, NodeFlags.Generated);
        if (!Decompression.IsPlausibleLz4(total, data.Length))
        {
            ctx.Expert(_e.DecompressBomb, 4, data.Length);
            SetInfo(ctx, "Compressed frame (refused)"u8);
            return;
        }

        var output = _m.Scratch((int)total);
        int produced = 0;
        off = 0;
        while (true)
        {
            uint header = ScyllaHeader.U32(data, off);
            t.AddUInt(_f.CompressedChunk, 4 + off, 4, header);
            off += 4;
            bool isLast = (header & LastChunkBit) != 0;
            int clen = isLast ? data.Length - off : (int)header;
            int ulen = isLast ? (int)(header & ~LastChunkBit) : ScyllaHeader.Lz4FragmentSize;
            var dict = output[Math.Max(0, produced - 65536)..produced];
            int n = ulen == 0 ? 0 : LZ4Codec.Decode(data.Slice(off, clen), output.Slice(produced, ulen), dict);
            if (n != ulen)
            {
                ctx.Expert(_e.DecompressFailed, 4 + off, clen);
                SetInfo(ctx, "Compressed frame (corrupt)"u8);
                return;
            }

            produced += ulen;
            off += clen;
            if (isLast)
            {
                break;
            }
        }

        DissectDecompressed(ctx, top, output[..produced], direction);
    }

    private void DissectDecompressed(DissectContext ctx, int top, ReadOnlySpan<byte> output, Direction direction)
    {
        var t = ctx.Tree;
        byte prevSource = t.CurrentSource;
        int prevBase = t.CurrentBase;
        byte src = t.AddSource("Decompressed Scylla RPC frame", output);
        t.SetSource(src, 0);
        DissectFrame(ctx, top, t.SourceBytes(src), direction);
        t.SetSource(prevSource, prevBase);
        _m.TrimScratch();
    }
}
