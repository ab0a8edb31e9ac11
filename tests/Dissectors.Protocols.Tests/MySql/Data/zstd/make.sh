#!/usr/bin/env bash
# Makes the zstd test data of MySqlZstdTests with Debian's zstd command-line tool (apt-get install zstd),
# an implementation independent of the ZstdSharp port that dissect uses. The uncompressed MySQL packets
# are written by the python3 below from the protocol documentation; zstd compresses them:
#   query.zst        a COM_QUERY packet, compressed from a file (the frame states its content size)
#   result.zst       a text result set (column count, 2 column definitions, EOF, 3 rows, EOF), compressed
#                    from a pipe (no content size in the frame header)
#   split1.zst, split2.zst   one 300-byte row packet cut in two, each half its own zstd frame
#   bomb-sized.zst   64 MiB of zeros, from a file: the frame header states 64 MiB
#   bomb-unsized.zst 16 MiB of zeros, from a pipe: nothing states the size until it is decoded
# The .raw files are the uncompressed bytes (the tests check the frame content size against them).
set -euo pipefail
cd "$(dirname "$0")"
command -v zstd >/dev/null || { echo "zstd not found: apt-get install zstd" >&2; exit 2; }
python3 - <<'PY'
def packet(seq, payload):
    return len(payload).to_bytes(3, "little") + bytes([seq]) + payload

def lenenc_str(s):
    b = s.encode()
    assert len(b) < 251
    return bytes([len(b)]) + b

def column(seq, name):
    body = b"".join(lenenc_str(x) for x in ("def", "shop", "orders", "orders", name, name))
    # fixed-length fields 0x0c, charset 45, length 256, type VAR_STRING (253), flags 0, decimals 0, filler
    body += bytes([0x0C]) + (45).to_bytes(2, "little") + (256).to_bytes(4, "little") + bytes([253, 0, 0, 0, 0, 0])
    return packet(seq, body)

eof = lambda seq: packet(seq, bytes([0xFE, 0, 0, 0x02, 0]))
row = lambda seq, *vals: packet(seq, b"".join(lenenc_str(v) for v in vals))

open("query.raw", "wb").write(packet(0, b"\x03SELECT id, note FROM orders WHERE note LIKE '%zstd%' ORDER BY id"))
open("result.raw", "wb").write(
    packet(1, b"\x02") + column(2, "id") + column(3, "note") + eof(4)
    + row(5, "1", "zstd one") + row(6, "2", "zstd two") + row(7, "3", "zstd three") + eof(8))
long_row = row(5, "4", "z" * 240 + "-end")
open("split.raw", "wb").write(packet(1, b"\x02") + column(2, "id") + column(3, "note") + eof(4) + long_row + eof(6))
PY
zstd -q -f -19 query.raw -o query.zst
zstd -q -c < result.raw > result.zst
head -c 200 split.raw > split1.raw
tail -c +201 split.raw > split2.raw
zstd -q -f split1.raw -o split1.zst
zstd -q -f split2.raw -o split2.zst
rm -f split1.raw split2.raw
tmp="$(mktemp -d)"
head -c $((64 * 1024 * 1024)) /dev/zero > "$tmp/zeros"
zstd -q -f -19 "$tmp/zeros" -o bomb-sized.zst
head -c $((16 * 1024 * 1024)) /dev/zero | zstd -q -19 -c > bomb-unsized.zst
rm -rf "$tmp"
ls -l *.zst *.raw >&2
