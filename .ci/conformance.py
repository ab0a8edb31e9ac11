#!/usr/bin/env python3
"""Runs ../shared/conformance/conformance.py -v with the given arguments and passes when every failing
check is explained by .ci/conformance-known.tsv (filters, or frames of a row-by-row NAME.<proto>.tshark.tsv
check written "frame N", where tshark 4.0, the oracle, is wrong; conformance.py -v shows at most five
differing frames, so a row check with more than five cannot be explained).

  .ci/conformance.py --suite cql --suite cql-filters -- path/to/dissect

Ends with "N passed, M failed" like conformance.py, counting explained checks as passed and saying so.
"""
import os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
script = os.path.join(here, "..", "..", "shared", "conformance", "conformance.py")

def known():
    rows = {}
    with open(os.path.join(here, "conformance-known.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cap, oracle, expr, why = line.split("\t", 3)
            rows.setdefault((cap, oracle), {})[expr] = why
    return rows

def recheck_filters(args, cap, oracle):
    """The filters of CAPTURE's ORACLE file whose frames differ from tshark's (as conformance.py compares them)."""
    corpus = os.path.join(os.path.dirname(script), "..", "corpus")
    if "--corpus" in args:
        corpus = args[args.index("--corpus") + 1]
    dissect = args[args.index("--") + 1:] if "--" in args else []
    path = os.path.join(corpus, cap)
    malformed = set()
    if os.path.exists(path + ".malformed"):
        malformed = set(open(path + ".malformed").read().split())
    failed = []
    with open(path + "." + oracle, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            expr, _, frames = line.partition("\t")
            want = set(x for x in frames.split(",") if x) - malformed
            p = subprocess.run(dissect + [path, "-Y", expr, "-T", "fields", "-e", "frame.number"],
                               capture_output=True, text=True)
            got = set(x for x in p.stdout.split("\n") if x) - malformed
            if p.returncode not in (0, 1) or got != want:
                failed.append(expr)
    return failed

def main():
    args = sys.argv[1:]
    p = subprocess.run([sys.executable, script, "-v"] + args, capture_output=True, text=True)
    sys.stderr.write(p.stderr)
    lines = p.stdout.split("\n")
    allowed = known()
    suites = set()
    for i, a in enumerate(args):
        if a == "--suite" and i + 1 < len(args):
            suites.add(args[i + 1])
    ok = bad = explained = 0
    seen = set()
    i = 0
    head = re.compile(r"^(ok  |FAIL) (\S+) \[(\S+)\]: (.*)$")
    while i < len(lines):
        m = head.match(lines[i])
        if not m:
            i += 1
            continue
        status, cap, oracle, rest = m.groups()
        detail = []
        i += 1
        while i < len(lines) and lines[i].startswith("    "):
            detail.append(lines[i][4:])
            i += 1
        line = lines[i - 1 - len(detail)]
        if status == "ok  ":
            print(line)
            ok += 1
            continue
        listed = allowed.get((cap, oracle), {})
        counts = re.match(r"(\d+)/(\d+) filters agree", rest)
        failed = [d.split(" -> ")[0] for d in detail if " -> " in d]
        if counts and listed and int(counts.group(2)) - int(counts.group(1)) > len(failed):
            # conformance.py -v shows only the first eight failing filters: find them all.
            failed = recheck_filters(args, cap, oracle)
        frames = re.match(r"(\d+)/(\d+) frames differ, 0 extra frames", rest)
        if frames:
            # A row-by-row check (NAME.<proto>.tshark.tsv): the differing frames are listed as "frame N".
            failed = [d.strip() for d in detail if re.match(r"^frame \d+$", d.strip())]
        if listed and ((counts and int(counts.group(2)) - int(counts.group(1)) == len(failed))
                       or (frames and int(frames.group(1)) == len(failed))) \
                and all(f in listed for f in failed):
            explained += 1
            seen.update((cap, oracle, f) for f in failed)
            print("known" + line[4:])
            for f in failed:
                print("    tshark 4.0 is wrong on %r: %s" % (f, listed[f]))
        else:
            bad += 1
            print(line)
            for d in detail:
                print("    " + d)
    stale = [(c, o, e) for (c, o), exprs in allowed.items() for e in exprs
             if (c, o, e) not in seen and o.split(".")[0] in suites]
    for c, o, e in stale:
        print("FAIL %s [%s]: %r is listed in .ci/conformance-known.tsv but no longer differs: remove the line" % (c, o, e))
        bad += 1
    if explained:
        print("(%d checks differ from tshark 4.0 only where it is known to be wrong; see .ci/conformance-known.tsv)" % explained)
    print("%d passed, %d failed" % (ok + explained, bad))
    return 0 if bad == 0 and p.returncode in (0, 1) else 1

if __name__ == "__main__":
    sys.exit(main())
