#!/usr/bin/env python3
"""Writes selection-cases.tshark.tsv: the frames tshark 4.0 selects for every display filter in
selection-filters.txt (and every 4.0 equivalent named in selection-exceptions.tsv) on every sample
capture. FilterSelectionTests runs dissect with the same filters and compares; the expected frames
come from tshark only, never from dissect.

tshark runs as samples/make_expected.sh runs it for the "core" outputs: the database dissectors are
switched off (dissect has none yet, so payload is plain data on both sides), with TZ=UTC so that
absolute times without a zone mean the same instant in tshark and in the test.

Usage: make_selection_cases.py [--jobs N] [--reuse]   (from anywhere; needs Debian 12's tshark 4.0)
  --reuse  keep the rows of the existing file made by the same tshark version, run only new filters
           (rows of filters no longer listed are dropped either way)
Columns of the output: capture, filter, tshark exit status, frames (comma-separated, "-" for none),
tshark's message (its first stderr line, for filters it rejects).
"""
import argparse, concurrent.futures, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "samples"))
CAPTURES = ["tcp_edge_cases.pcap", "tarantool_session.pcap", "mariadb_session.pcap", "mariadb_any_ipv6.pcap"]
OFF = []
for p in ["mysql", "mariadb", "cql", "scylla", "gryphon", "tarantool"]:
    OFF += ["--disable-protocol", p]


def read_filters():
    filters = []
    with open(os.path.join(HERE, "selection-filters.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                filters.append(line)
    with open(os.path.join(HERE, "selection-exceptions.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3:
                sys.exit("selection-exceptions.tsv: want 3 columns: " + line)
            if cols[1].startswith("like "):
                filters.append(cols[1][len("like "):])
    seen, unique = set(), []
    for flt in filters:
        if "\t" in flt:
            sys.exit("a filter must not contain a tab: %r" % flt)
        if flt not in seen:
            seen.add(flt)
            unique.append(flt)
    return unique


def run(cap, flt):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    p = subprocess.run(["tshark", "-r", os.path.join(SAMPLES, cap)] + OFF + ["-Y", flt, "-T", "fields", "-e", "frame.number"],
                       capture_output=True, env=env, timeout=120)
    frames = p.stdout.decode().split()
    msg = ""
    for l in p.stderr.decode("utf-8", "replace").splitlines():
        if l.strip() and "Running as user" not in l:
            msg = l.strip()
            break
    return cap, flt, p.returncode, ",".join(frames) if frames else "-", msg.replace("\t", " ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", action="store_true")
    args = ap.parse_args()
    version = subprocess.run(["tshark", "--version"], capture_output=True).stdout.decode().splitlines()[0]
    if " 4.0." not in version:
        sys.exit("tshark 4.0 is the oracle; found: " + version)
    filters = read_filters()
    out = os.path.join(HERE, "selection-cases.tshark.tsv")
    known = {}
    if args.reuse and os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines[0] == "# made by make_selection_cases.py with: %s" % version:
            for l in lines[2:]:
                if l:
                    c = l.split("\t")
                    known[(c[0], c[1])] = (c[0], c[1], int(c[2]), c[3], c[4])
    work = [(c, f) for c in CAPTURES for f in filters if (c, f) not in known]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        fresh = {(r[0], r[1]): r for r in ex.map(lambda w: run(*w), work)}
    rows = [known.get((c, f)) or fresh[(c, f)] for c in CAPTURES for f in filters]
    with open(out, "w", encoding="utf-8") as f:
        f.write("# made by make_selection_cases.py with: %s\n" % version)
        f.write("capture\tfilter\trc\tframes\tmessage\n")
        for cap, flt, rc, frames, msg in rows:
            f.write("%s\t%s\t%d\t%s\t%s\n" % (cap, flt, rc, frames, msg))
    print("%d filters x %d captures (%d tshark runs) -> %s" % (len(filters), len(CAPTURES), len(work), out), file=sys.stderr)


if __name__ == "__main__":
    main()
