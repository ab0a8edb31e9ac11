#!/usr/bin/env python3
"""Writes samples/tcp_edge_cases.pcap: TCP situations the real-server samples never show.

Each scenario is its own connection (its own client port) on 127.0.0.1 → 127.0.0.2:9999, so tshark
and dissect number them as separate streams. Packets are built byte by byte here (no libraries);
what each scenario means is said in SCENARIOS below. The expected dissection comes from tshark 4.0
(make_expected.sh), never from dissect.

usage: python3 samples/tcp_edge_cases.py [OUT.pcap]
"""
import struct, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "samples/tcp_edge_cases.pcap"
CLIENT, SERVER = bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2])
SPORT = 9999
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

packets = []          # (time_us, frame bytes)
clock = [1_700_000_000_000_000]  # µs


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def tcp_segment(src, dst, sport, dport, seq, ack, flags, payload=b"", window=512, options=b""):
    while len(options) % 4:
        options += b"\x01"
    off = (20 + len(options)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, window, 0, 0) + options
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(hdr) + len(payload))
    c = csum(pseudo + hdr + payload)
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload


ip_id = [1]


def ipv4(src, dst, proto, payload, ident=None, flags_frag=0x4000):
    ident = ip_id[0] if ident is None else ident
    ip_id[0] += 1
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, flags_frag, 64, proto, 0, src, dst)
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def ether(payload, ethertype=0x0800, vlans=()):
    b = bytes(6) + bytes([2, 0, 0, 0, 0, 1])
    for tpid, vid in vlans:
        b += struct.pack("!HH", tpid, vid)
    return b + struct.pack("!H", ethertype) + payload


def emit(frame, dt_us=100):
    clock[0] += dt_us
    packets.append((clock[0], frame))


class Conn:
    def __init__(self, cport, cisn=1000, sisn=5000):
        self.cport, self.c, self.s = cport, cisn, sisn

    def send(self, from_client, flags, payload=b"", seq=None, ack=None, dt=100, window=512, options=b""):
        if from_client:
            seq = self.c if seq is None else seq
            ack = self.s if ack is None else ack
            seg = tcp_segment(CLIENT, SERVER, self.cport, SPORT, seq, ack, flags, payload, window, options)
            emit(ether(ipv4(CLIENT, SERVER, 6, seg)), dt)
        else:
            seq = self.s if seq is None else seq
            ack = self.c if ack is None else ack
            seg = tcp_segment(SERVER, CLIENT, SPORT, self.cport, seq, ack, flags, payload, window, options)
            emit(ether(ipv4(SERVER, CLIENT, 6, seg)), dt)
        return seq

    def handshake(self):
        self.send(True, SYN, ack=0, options=b"\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x00\x01\x03\x03\x07")
        self.c += 1
        self.send(False, SYN | ACK, options=b"\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x00\x02\x00\x00\x00\x01\x01\x03\x03\x07")
        self.s += 1
        self.send(True, ACK)

    def data(self, from_client, payload, dt=100, flags=PSH | ACK):
        seq = self.send(from_client, flags, payload, dt=dt)
        if from_client:
            self.c += len(payload)
        else:
            self.s += len(payload)
        return seq

    def close(self):
        self.send(True, FIN | ACK)
        self.c += 1
        self.send(False, FIN | ACK)
        self.s += 1
        self.send(True, ACK)


# 1. A clean connection: handshake, request, response, orderly close.
c = Conn(40001)
c.handshake(); c.data(True, b"hello"); c.data(False, b"world!"); c.send(True, ACK); c.close()

# 2. Retransmission: the client sends the same bytes again 300 ms later.
c = Conn(40002)
c.handshake(); s0 = c.data(True, b"A" * 100); c.send(True, PSH | ACK, b"A" * 100, seq=s0, dt=300_000); c.send(False, ACK); c.close()

# 3. Out of order: segment 3 arrives before segment 2, 50 µs apart.
c = Conn(40003)
c.handshake()
s1 = c.c; c.data(True, b"1" * 50)
s2 = c.c; s3 = s2 + 50
c.send(True, PSH | ACK, b"3" * 50, seq=s3, dt=50)
c.send(True, PSH | ACK, b"2" * 50, seq=s2, dt=50)
c.c = s3 + 50
c.send(False, ACK); c.close()

# 4. Lost segment: the middle segment was never captured; the server acknowledges everything.
c = Conn(40004)
c.handshake()
c.data(True, b"x" * 40)
lost = c.c; c.c += 40
c.data(True, b"z" * 40)
c.send(False, ACK); c.close()

# 5. Duplicate ACKs then a fast retransmission of the missing segment.
c = Conn(40005)
c.handshake()
c.data(True, b"a" * 60)
missing = c.c; c.c += 60
c.data(True, b"c" * 60)
for _ in range(3):
    c.send(False, ACK, ack=missing, dt=20)
c.send(True, PSH | ACK, b"b" * 60, seq=missing, dt=200)
c.send(False, ACK)
c.close()

# 6. Keep-alive probe and its ACK, window update, zero window.
c = Conn(40006)
c.handshake()
c.data(True, b"k" * 10)
c.send(False, ACK)
c.send(True, ACK, b"\0", seq=c.c - 1, dt=5_000_000)
c.send(False, ACK)
c.send(False, ACK, window=1024)
c.send(False, ACK, window=0)
c.send(False, ACK, window=512)
c.close()

# 7. Sequence numbers that wrap past 2^32 in the middle of the data.
c = Conn(40007, cisn=0xFFFFFFF0, sisn=0xFFFFFF00)
c.handshake(); c.data(True, b"W" * 40); c.data(True, b"X" * 40); c.data(False, b"Y" * 300); c.send(True, ACK); c.close()

# 8. Port reuse: a second connection on the same ports after the first closed.
c = Conn(40008)
c.handshake(); c.data(True, b"first"); c.close()
c = Conn(40008, cisn=900000, sisn=700000)
c.handshake(); c.data(True, b"second"); c.close()

# 9. A capture that starts in the middle of a connection (no SYN).
c = Conn(40009, cisn=123456, sisn=654321)
c.data(True, b"mid-stream request"); c.data(False, b"mid-stream response"); c.send(True, ACK)

# 10. SACK blocks in an ACK.
c = Conn(40010)
c.handshake()
base = c.c
c.data(True, b"s" * 100)
c.c += 100
c.data(True, b"u" * 100)
sack = b"\x01\x01\x05\x0a" + struct.pack("!II", base + 200, base + 300)
c.send(False, ACK, ack=base + 100, options=sack)
c.close()

# 11. A reset in the middle of the conversation.
c = Conn(40011)
c.handshake(); c.data(True, b"bye"); c.send(False, RST | ACK)

# 12. An IPv4-fragmented segment (two fragments) and a VLAN / QinQ tagged segment.
c = Conn(40012)
c.handshake()
seg = tcp_segment(CLIENT, SERVER, 40012, SPORT, c.c, c.s, PSH | ACK, b"F" * 64)
c.c += 64
frag_id = 4242
emit(ether(ipv4(CLIENT, SERVER, 6, seg[:40], ident=frag_id, flags_frag=0x2000)))
emit(ether(ipv4(CLIENT, SERVER, 6, seg[40:], ident=frag_id, flags_frag=40 // 8)))
seg = tcp_segment(SERVER, CLIENT, SPORT, 40012, c.s, c.c, ACK, b"")
emit(ether(ipv4(SERVER, CLIENT, 6, seg), ethertype=0x0800, vlans=((0x8100, 100),)))
seg = tcp_segment(CLIENT, SERVER, 40012, SPORT, c.c, c.s, PSH | ACK, b"Q" * 8)
c.c += 8
emit(ether(ipv4(CLIENT, SERVER, 6, seg), ethertype=0x0800, vlans=((0x88a8, 20), (0x8100, 30))))
c.close()

with open(OUT, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for t, frame in packets:
        f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), len(frame)))
        f.write(frame)
print("wrote %s: %d packets" % (OUT, len(packets)))
