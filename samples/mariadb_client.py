#!/usr/bin/python3
"""A small MySQL/MariaDB protocol client (Python standard library only) that the mariadb_*.sh sample scripts
drive against a real MariaDB server. It speaks the protocol from the MySQL/MariaDB documentation (handshake v10
with mysql_native_password, text queries, prepared statements with the binary protocol, cursors, long data,
the zlib compressed protocol), because Debian's Python clients (PyMySQL, mysqlclient) never use server-side
prepared statements. The server is the judge: every command below is answered by MariaDB itself.

Every command and every response is written to a JSON-lines log (one object per command) as the client
decoded it, so tests can check the dissector against what this client sent and received.

Usage: mariadb_client.py SCENARIO HOST PORT USER PASSWORD DB LOG    (SCENARIO: prepared | compressed | idle | bulk)
"""
import hashlib
import json
import socket
import struct
import sys
import time
import zlib

CLIENT_LONG_PASSWORD = 1
CLIENT_FOUND_ROWS = 2
CLIENT_LONG_FLAG = 4
CLIENT_CONNECT_WITH_DB = 8
CLIENT_COMPRESS = 32
CLIENT_PROTOCOL_41 = 512
CLIENT_TRANSACTIONS = 8192
CLIENT_SECURE_CONNECTION = 32768
CLIENT_MULTI_RESULTS = 1 << 17
CLIENT_PS_MULTI_RESULTS = 1 << 18
CLIENT_PLUGIN_AUTH = 1 << 19

T = {"DECIMAL": 0, "TINY": 1, "SHORT": 2, "LONG": 3, "FLOAT": 4, "DOUBLE": 5, "NULL": 6, "TIMESTAMP": 7,
     "LONGLONG": 8, "INT24": 9, "DATE": 10, "TIME": 11, "DATETIME": 12, "YEAR": 13, "VARCHAR": 15, "BIT": 16,
     "JSON": 245, "NEWDECIMAL": 246, "ENUM": 247, "SET": 248, "TINY_BLOB": 249, "MEDIUM_BLOB": 250,
     "LONG_BLOB": 251, "BLOB": 252, "VAR_STRING": 253, "STRING": 254, "GEOMETRY": 255}
NAMES = {v: k for k, v in T.items()}


def lenenc(n):
    if n < 251:
        return bytes([n])
    if n < 1 << 16:
        return b"\xfc" + struct.pack("<H", n)
    if n < 1 << 24:
        return b"\xfd" + struct.pack("<I", n)[:3]
    return b"\xfe" + struct.pack("<Q", n)


def read_lenenc(p, o):
    b = p[o]
    if b < 251:
        return b, o + 1
    if b == 0xFB:
        return None, o + 1
    if b == 0xFC:
        return struct.unpack_from("<H", p, o + 1)[0], o + 3
    if b == 0xFD:
        return int.from_bytes(p[o + 1:o + 4], "little"), o + 4
    return struct.unpack_from("<Q", p, o + 1)[0], o + 9


def read_lenenc_bytes(p, o):
    n, o = read_lenenc(p, o)
    if n is None:
        return None, o
    return bytes(p[o:o + n]), o + n


def text(b):
    return b.decode("utf-8", "replace")


class Closed(Exception):
    def __init__(self, how):
        super().__init__(how)
        self.how = how


class Conn:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.seq = 0
        self.compress = False
        self.cseq = 0
        self.inbuf = b""

    # ---- transport ----
    def _recv_exact(self, n):
        out = b""
        while len(out) < n:
            try:
                chunk = self.sock.recv(n - len(out))
            except ConnectionResetError:
                raise Closed("reset")
            if not chunk:
                raise Closed("eof")
            out += chunk
        return out

    def _fill(self, n):
        while len(self.inbuf) < n:
            h = self._recv_exact(7)
            clen = int.from_bytes(h[0:3], "little")
            self.cseq = (h[3] + 1) & 0xFF
            ulen = int.from_bytes(h[4:7], "little")
            body = self._recv_exact(clen)
            self.inbuf += zlib.decompress(body) if ulen else body

    def _read_raw(self, n):
        if not self.compress:
            return self._recv_exact(n)
        self._fill(n)
        out, self.inbuf = self.inbuf[:n], self.inbuf[n:]
        return out

    def read_packet(self):
        payload = b""
        while True:
            h = self._read_raw(4)
            n = int.from_bytes(h[0:3], "little")
            self.seq = (h[3] + 1) & 0xFF
            payload += self._read_raw(n)
            if n < 0xFFFFFF:
                return payload

    def write_packet(self, payload):
        data = b""
        while True:
            chunk, payload = payload[:0xFFFFFF], payload[0xFFFFFF:]
            data += len(chunk).to_bytes(3, "little") + bytes([self.seq]) + chunk
            self.seq = (self.seq + 1) & 0xFF
            if len(chunk) < 0xFFFFFF:
                break
        if not self.compress:
            self.sock.sendall(data)
            return
        # Compressed protocol: bodies under 50 bytes travel stored (uncompressed length 0), as libmariadb does.
        while data:
            part, data = data[:0xFFFFFF], data[0xFFFFFF:]
            if len(part) < 50:
                body, ulen = part, 0
            else:
                body, ulen = zlib.compress(part), len(part)
            self.sock.sendall(len(body).to_bytes(3, "little") + bytes([self.cseq]) + ulen.to_bytes(3, "little") + body)
            self.cseq = (self.cseq + 1) & 0xFF

    def command(self, payload):
        self.seq = 0
        self.cseq = 0
        self.write_packet(payload)

    # ---- handshake ----
    def login(self, user, password, db, compress, mariadb_caps=0):
        g = self.read_packet()
        o = g.index(b"\0", 1) + 1
        version = text(g[1:o - 1])
        thread_id = struct.unpack_from("<I", g, o)[0]
        salt = g[o + 4:o + 12]
        o += 13
        caps = struct.unpack_from("<H", g, o)[0]
        caps |= struct.unpack_from("<H", g, o + 5)[0] << 16
        o += 18
        salt += g[o:o + 12]
        flags = (CLIENT_LONG_PASSWORD | CLIENT_FOUND_ROWS | CLIENT_LONG_FLAG | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41
                 | CLIENT_TRANSACTIONS | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS | CLIENT_PS_MULTI_RESULTS
                 | CLIENT_PLUGIN_AUTH)
        if compress:
            flags |= CLIENT_COMPRESS
        auth = native_password(password, salt)
        if mariadb_caps:
            # A MariaDB client: CLIENT_MYSQL (bit 0) clear, the extended capabilities in the last 4 reserved bytes.
            flags &= ~CLIENT_LONG_PASSWORD
        p = struct.pack("<IIB", flags, 16 * 1024 * 1024, 45) + b"\0" * 19 + struct.pack("<I", mariadb_caps)
        p += user.encode() + b"\0" + bytes([len(auth)]) + auth + db.encode() + b"\0" + b"mysql_native_password\0"
        self.write_packet(p)
        r = self.read_packet()
        if r[0] == 0xFE:
            plugin_end = r.index(b"\0", 1)
            data = r[plugin_end + 1:].rstrip(b"\0")
            self.write_packet(native_password(password, data))
            r = self.read_packet()
        if r[0] != 0:
            raise RuntimeError("login failed: %r" % r)
        self.compress = compress
        return {"op": "login", "user": user, "db": db, "server_version": version, "thread_id": thread_id,
                "compress": compress, "mariadb_caps": mariadb_caps}

    # ---- responses ----
    def ok_or_err(self, p):
        if p[0] == 0xFF:
            code = struct.unpack_from("<H", p, 1)[0]
            return {"error": {"code": code, "sqlstate": text(p[4:9]), "message": text(p[9:])}}
        affected, o = read_lenenc(p, 1)
        insert_id, o = read_lenenc(p, o)
        status, warnings = struct.unpack_from("<HH", p, o)
        return {"ok": {"affected_rows": affected, "insert_id": insert_id, "status": status, "warnings": warnings}}

    def column(self, p):
        o = 0
        vals = []
        for _ in range(6):
            v, o = read_lenenc_bytes(p, o)
            vals.append(text(v))
        o += 1
        charset, length, ctype, flags, decimals = struct.unpack_from("<HIBHB", p, o)
        return {"name": vals[4], "table": vals[2], "type": NAMES.get(ctype, ctype), "type_code": ctype,
                "flags": flags, "charset": charset, "decimals": decimals}

    def read_columns(self, n):
        cols = [self.column(self.read_packet()) for _ in range(n)]
        eof = self.read_packet()
        return cols, struct.unpack_from("<H", eof, 3)[0]

    def result(self, binary):
        p = self.read_packet()
        if p[0] in (0x00, 0xFF):
            return self.ok_or_err(p)
        n, _ = read_lenenc(p, 0)
        cols, status = self.read_columns(n)
        res = {"columns": cols, "rows": []}
        if binary and status & 0x40:  # SERVER_STATUS_CURSOR_EXISTS: rows come with COM_STMT_FETCH
            res["cursor"] = True
            return res
        res["rows"] = self.read_rows(cols, binary)
        return res

    def read_rows(self, cols, binary):
        rows = []
        while True:
            p = self.read_packet()
            if p[0] == 0xFE and len(p) < 9:
                self.last_eof_status = struct.unpack_from("<H", p, 3)[0]
                return rows
            if p[0] == 0xFF:
                rows.append(self.ok_or_err(p))
                return rows
            rows.append(binary_row(p, cols) if binary else text_row(p, len(cols)))

    # ---- commands ----
    def query(self, sql):
        self.command(b"\x03" + sql.encode())
        return {"op": "query", "sql": sql, "response": self.result(False)}

    def prepare(self, sql):
        self.command(b"\x16" + sql.encode())
        p = self.read_packet()
        entry = {"op": "prepare", "sql": sql}
        if p[0] == 0xFF:
            entry["response"] = self.ok_or_err(p)
            return entry, None
        stmt_id, ncols, nparams, _, warnings = struct.unpack_from("<IHHBH", p, 1)
        params = self.read_columns(nparams)[0] if nparams else []
        cols = self.read_columns(ncols)[0] if ncols else []
        entry["response"] = {"stmt_id": stmt_id, "num_columns": ncols, "num_params": nparams, "warnings": warnings,
                             "columns": cols}
        return entry, {"id": stmt_id, "columns": cols, "nparams": nparams}

    def execute(self, stmt, params, flags=0, bind=True):
        """params: list of (type name, unsigned, value); value None is SQL NULL, "LONGDATA" was sent before."""
        p = b"\x17" + struct.pack("<IBI", stmt["id"], flags, 1)
        logged = []
        if params:
            nulls = bytearray((len(params) + 7) // 8)
            types = b""
            values = b""
            for i, (tname, unsigned, value) in enumerate(params):
                types += bytes([T[tname], 0x80 if unsigned else 0])
                if value is None:
                    nulls[i // 8] |= 1 << (i % 8)
                elif value != "LONGDATA":
                    values += encode_value(tname, unsigned, value)
                logged.append({"type": tname, "unsigned": unsigned, "value": jsonable(value)})
            p += bytes(nulls) + (b"\x01" + types if bind else b"\x00") + values
        self.command(p)
        entry = {"op": "execute", "stmt_id": stmt["id"], "flags": flags, "new_params_bound": bool(params) and bind,
                 "params": logged}
        r = self.result(True)
        if "columns" in r:
            stmt["result_columns"] = r["columns"]
        entry["response"] = r
        return entry

    def bulk(self, stmt, types, rows, send_types=True):
        """MariaDB COM_STMT_BULK_EXECUTE. types: [(type name, unsigned)]; rows: [[(indicator, value)]]."""
        indicators = {"none": 0, "null": 1, "default": 2, "ignore": 3}
        flags = 0x80 if send_types else 0
        p = b"\xfa" + struct.pack("<IH", stmt["id"], flags)
        if send_types:
            for tname, unsigned in types:
                p += bytes([T[tname], 0x80 if unsigned else 0])
        logged = []
        for row in rows:
            cells = []
            for (tname, unsigned), (ind, value) in zip(types, row):
                p += bytes([indicators[ind]])
                if ind == "none":
                    p += encode_value(tname, unsigned, value)
                cells.append({"indicator": ind, "type": tname, "unsigned": unsigned, "value": jsonable(value)})
            logged.append(cells)
        self.command(p)
        return {"op": "bulk", "stmt_id": stmt["id"], "flags": flags, "rows": logged,
                "response": self.ok_or_err(self.read_packet())}

    def fetch(self, stmt, rows):
        self.command(b"\x1c" + struct.pack("<II", stmt["id"], rows))
        self.last_eof_status = 0
        got = self.read_rows(stmt["result_columns"], True)
        return {"op": "fetch", "stmt_id": stmt["id"], "num_rows": rows,
                "response": {"rows": got, "last_row_sent": bool(self.last_eof_status & 0x80)}}

    def send_long_data(self, stmt, param, data):
        self.command(b"\x18" + struct.pack("<IH", stmt["id"], param) + data)
        return {"op": "send_long_data", "stmt_id": stmt["id"], "param": param, "data_hex": data.hex()}

    def reset(self, stmt):
        self.command(b"\x1a" + struct.pack("<I", stmt["id"]))
        return {"op": "reset", "stmt_id": stmt["id"], "response": self.ok_or_err(self.read_packet())}

    def close_stmt(self, stmt):
        self.command(b"\x19" + struct.pack("<I", stmt["id"]))
        return {"op": "close", "stmt_id": stmt["id"]}

    def quit(self):
        self.command(b"\x01")
        self.sock.close()
        return {"op": "quit"}


def native_password(password, salt):
    h1 = hashlib.sha1(password.encode()).digest()
    h2 = hashlib.sha1(h1).digest()
    h3 = hashlib.sha1(salt[:20] + h2).digest()
    return bytes(a ^ b for a, b in zip(h1, h3))


def jsonable(v):
    if isinstance(v, bytes):
        return {"hex": v.hex()}
    return v


def encode_temporal(tname, v):
    # v: dict with year..micro for DATE/DATETIME/TIMESTAMP, neg/days/hour..micro for TIME.
    if tname == "TIME":
        body = struct.pack("<BIBBB", 1 if v["neg"] else 0, v["days"], v["hour"], v["minute"], v["second"])
        if v.get("micro"):
            body += struct.pack("<I", v["micro"])
        return bytes([len(body)]) + body
    body = struct.pack("<HBB", v["year"], v["month"], v["day"])
    if tname != "DATE" or v.get("hour"):
        body += struct.pack("<BBB", v.get("hour", 0), v.get("minute", 0), v.get("second", 0))
        if v.get("micro"):
            body += struct.pack("<I", v["micro"])
    return bytes([len(body)]) + body


def encode_value(tname, unsigned, v):
    if tname == "TINY":
        return struct.pack("<B" if unsigned else "<b", v)
    if tname in ("SHORT", "YEAR"):
        return struct.pack("<H" if unsigned else "<h", v)
    if tname in ("LONG", "INT24"):
        return struct.pack("<I" if unsigned else "<i", v)
    if tname == "LONGLONG":
        return struct.pack("<Q" if unsigned else "<q", v)
    if tname == "FLOAT":
        return struct.pack("<f", v)
    if tname == "DOUBLE":
        return struct.pack("<d", v)
    if tname in ("DATE", "DATETIME", "TIMESTAMP", "TIME"):
        return encode_temporal(tname, v)
    raw = v if isinstance(v, bytes) else str(v).encode()
    return lenenc(len(raw)) + raw


def text_row(p, n):
    o = 0
    row = []
    for _ in range(n):
        v, o = read_lenenc_bytes(p, o)
        row.append(None if v is None else text(v))
    return row


def decode_temporal(ctype, p, o):
    n = p[o]
    b = p[o + 1:o + 1 + n]
    if ctype == T["TIME"]:
        v = {"neg": False, "days": 0, "hour": 0, "minute": 0, "second": 0, "micro": 0}
        if n >= 8:
            neg, days, h, mi, s = struct.unpack_from("<BIBBB", b, 0)
            v.update(neg=bool(neg), days=days, hour=h, minute=mi, second=s)
        if n == 12:
            v["micro"] = struct.unpack_from("<I", b, 8)[0]
        return v, o + 1 + n
    v = {"year": 0, "month": 0, "day": 0, "hour": 0, "minute": 0, "second": 0, "micro": 0}
    if n >= 4:
        v["year"], v["month"], v["day"] = struct.unpack_from("<HBB", b, 0)
    if n >= 7:
        v["hour"], v["minute"], v["second"] = struct.unpack_from("<BBB", b, 4)
    if n == 11:
        v["micro"] = struct.unpack_from("<I", b, 7)[0]
    return v, o + 1 + n


def binary_row(p, cols):
    n = len(cols)
    o = 1
    nulls = p[o:o + (n + 9) // 8]
    o += (n + 9) // 8
    row = []
    for i, c in enumerate(cols):
        if nulls[(i + 2) // 8] & (1 << ((i + 2) % 8)):
            row.append(None)
            continue
        t = c["type_code"]
        uns = bool(c["flags"] & 32)
        if t == T["TINY"]:
            row.append(struct.unpack_from("<B" if uns else "<b", p, o)[0]); o += 1
        elif t in (T["SHORT"], T["YEAR"]):
            row.append(struct.unpack_from("<H" if uns else "<h", p, o)[0]); o += 2
        elif t in (T["LONG"], T["INT24"]):
            row.append(struct.unpack_from("<I" if uns else "<i", p, o)[0]); o += 4
        elif t == T["LONGLONG"]:
            row.append(struct.unpack_from("<Q" if uns else "<q", p, o)[0]); o += 8
        elif t == T["FLOAT"]:
            row.append(struct.unpack_from("<f", p, o)[0]); o += 4
        elif t == T["DOUBLE"]:
            row.append(struct.unpack_from("<d", p, o)[0]); o += 8
        elif t in (T["DATE"], T["DATETIME"], T["TIMESTAMP"], T["TIME"]):
            v, o = decode_temporal(t, p, o)
            row.append(v)
        else:
            v, o = read_lenenc_bytes(p, o)
            if c["charset"] == 63 and t not in (T["DECIMAL"], T["NEWDECIMAL"]):
                row.append({"hex": v.hex()})
            else:
                row.append(text(v))
    return row


# ---- scenarios ----------------------------------------------------------------------------------------

ALL_TYPES_TABLE = """CREATE TABLE t_types (
  id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED, mi MEDIUMINT,
  li INT, lu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, f FLOAT, d DOUBLE, dec1 DECIMAL(12,4),
  dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL, tm TIME(6), yr YEAR, vs VARCHAR(32), ch CHAR(4), bl BLOB,
  js JSON, bt BIT(12), en ENUM('red','green'), nul INT NULL)"""


def all_type_params(i):
    return [
        ("LONG", False, i),
        ("TINY", False, -5 * i), ("TINY", True, 250), ("SHORT", False, -30000), ("SHORT", True, 65000),
        ("LONG", False, -8000000), ("LONG", False, -2000000000), ("LONG", True, 4000000000),
        ("LONGLONG", False, -9000000000000000000), ("LONGLONG", True, 18000000000000000000),
        ("FLOAT", False, 1.5), ("DOUBLE", False, 3.141592653589793), ("NEWDECIMAL", False, "12345.6789"),
        ("DATE", False, {"year": 2024, "month": 2, "day": 29}),
        ("DATETIME", False, {"year": 2024, "month": 2, "day": 29, "hour": 13, "minute": 45, "second": 7, "micro": 123456}),
        ("TIMESTAMP", False, {"year": 2023, "month": 12, "day": 31, "hour": 23, "minute": 59, "second": 58}),
        ("TIME", False, {"neg": True, "days": 1, "hour": 2, "minute": 3, "second": 4, "micro": 500000}),
        ("SHORT", False, 2024),
        ("VAR_STRING", False, "h\u00e9llo %d" % i), ("STRING", False, "abcd"),
        ("BLOB", False, bytes(range(0, 256, 15))),
        ("STRING", False, '{"k": [1, 2, {"n": null}]}'), ("LONGLONG", True, 0xABC),
        ("STRING", False, "green"), ("NULL", False, None),
    ]


def scenario_prepared(c, log):
    log(c.query("DROP TABLE IF EXISTS t_types"))
    log(c.query(ALL_TYPES_TABLE))
    log(c.query("CREATE TABLE t_long (id INT PRIMARY KEY, data MEDIUMBLOB)"))
    e, ins = c.prepare("INSERT INTO t_types VALUES (" + ", ".join(["?"] * 25) + ")")
    log(e)
    log(c.execute(ins, all_type_params(1)))
    # NULLs through the NULL bitmap, and a second execute that reuses the bound types (new-params-bound 0).
    p2 = all_type_params(2)
    for k in (2, 9, 14, 20):
        p2[k] = (p2[k][0], p2[k][1], None)
    log(c.execute(ins, p2))
    p3 = all_type_params(3)
    log(c.execute(ins, p3, bind=False))
    # Duplicate key: an ERR answers the execute.
    log(c.execute(ins, all_type_params(1)))
    log(c.close_stmt(ins))

    # A binary result set with every column type.
    e, sel = c.prepare("SELECT * FROM t_types WHERE id >= ? ORDER BY id")
    log(e)
    log(c.execute(sel, [("LONG", False, 1)]))
    # A read-only cursor: the execute returns the columns only, COM_STMT_FETCH brings the rows.
    log(c.execute(sel, [("LONG", False, 1)], flags=1))
    log(c.fetch(sel, 2))
    log(c.fetch(sel, 2))
    log(c.close_stmt(sel))

    # Long data in two chunks, a reset that drops it, then long data again and the execute.
    e, lng = c.prepare("INSERT INTO t_long VALUES (?, ?)")
    log(e)
    log(c.send_long_data(lng, 1, b"discarded by the reset"))
    log(c.reset(lng))
    log(c.send_long_data(lng, 1, b"first chunk;"))
    log(c.send_long_data(lng, 1, bytes(range(256)) * 4))
    log(c.execute(lng, [("LONG", False, 7), ("BLOB", False, "LONGDATA")]))
    log(c.close_stmt(lng))
    e, back = c.prepare("SELECT id, LENGTH(data), LEFT(data, 12) FROM t_long")
    log(e)
    log(c.execute(back, []))
    log(c.close_stmt(back))

    # Parameter types MariaDB may refuse: JSON (245) and BIT (16) sent as such; the answer is logged either way.
    for tname, value in (("JSON", '{"a": 1}'), ("BIT", b"\x05")):
        e, st = c.prepare("SELECT ? AS v")
        log(e)
        log(c.execute(st, [(tname, False, value)]))
        log(c.close_stmt(st))

    # A prepare that fails.
    log(c.prepare("SELECT nope FROM t_types")[0])


def scenario_compressed(c, log):
    log(c.query("CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(100))"))
    log(c.query("INSERT INTO big SELECT seq, CONCAT('row-', seq, '-', MD5(seq)) FROM seq_1_to_2000"))
    log(c.query("SELECT id, v FROM big WHERE id <= 3"))
    # About 90 KB of rows: the server sends it in several compressed packets, packets cross their borders.
    log(c.query("SELECT id, v FROM big ORDER BY id"))
    log(c.query("SELECT REPEAT('z', 40000) AS wide"))
    log(c.query("SELECT * FROM no_such_table"))
    e, st = c.prepare("SELECT v FROM big WHERE id = ?")
    log(e)
    log(c.execute(st, [("LONG", False, 1234)]))
    log(c.close_stmt(st))


def scenario_bulk(c, log):
    log(c.query("CREATE TABLE t_bulk (id INT PRIMARY KEY, name VARCHAR(20) DEFAULT 'dflt', qty BIGINT UNSIGNED NULL, "
                "at DATETIME NULL)"))
    e, ins = c.prepare("INSERT INTO t_bulk VALUES (?, ?, ?, ?)")
    log(e)
    types = [("LONG", False), ("VAR_STRING", False), ("LONGLONG", True), ("DATETIME", False)]
    when = {"year": 2025, "month": 6, "day": 30, "hour": 8, "minute": 15, "second": 0}
    log(c.bulk(ins, types, [
        [("none", 1), ("none", "alpha"), ("none", 18000000000000000000), ("none", when)],
        [("none", 2), ("default", None), ("null", None), ("none", when)],
        [("none", 3), ("none", "gamma"), ("none", 7), ("null", None)],
    ]))
    # The types were bound by the first bulk: a second one may leave them out.
    log(c.bulk(ins, types, [[("none", 4), ("ignore", None), ("none", 0), ("null", None)]], send_types=False))
    # A duplicate key: the server answers the whole bulk with an ERR.
    log(c.bulk(ins, types, [[("none", 1), ("none", "dup"), ("none", 1), ("null", None)]]))
    log(c.close_stmt(ins))
    log(c.query("SELECT id, name, qty, at FROM t_bulk ORDER BY id"))


def scenario_idle(c, log):
    log(c.query("SELECT 'still here' AS status"))
    # Idle until the server goes away; log what it sent and how the connection ended.
    sys.stdout.write("idle\n")
    sys.stdout.flush()
    packets = []
    try:
        while True:
            p = c.read_packet()
            packets.append(c.ok_or_err(p) if p and p[0] in (0x00, 0xFF) else {"hex": p.hex()})
    except Closed as e:
        how = e.how
    log({"op": "idle", "received": packets, "closed_by_server": how})
    # The server is gone: a query on the dead connection is answered by the peer's kernel with a reset.
    time.sleep(0.2)
    entry = {"op": "query", "sql": "SELECT 1"}
    try:
        c.command(b"\x03SELECT 1")
        c.read_packet()
        entry["response"] = "unexpected answer"
    except (Closed, BrokenPipeError, ConnectionResetError) as e:
        entry["response"] = {"closed": getattr(e, "how", "reset")}
    log(entry)


def main():
    scenario, host, port, user, password, db, logpath = sys.argv[1:8]
    out = open(logpath, "w")

    def log(entry):
        out.write(json.dumps(entry, sort_keys=True) + "\n")
        out.flush()

    c = Conn(host, int(port))
    # MARIADB_CLIENT_STMT_BULK_OPERATIONS (extended capability 1 << 2) for the bulk scenario.
    log(c.login(user, password, db, scenario == "compressed", mariadb_caps=4 if scenario == "bulk" else 0))
    {"prepared": scenario_prepared, "compressed": scenario_compressed, "idle": scenario_idle,
     "bulk": scenario_bulk}[scenario](c, log)
    if scenario != "idle":
        time.sleep(0.05)
        log(c.quit())
    out.close()


if __name__ == "__main__":
    main()
