#!/usr/bin/env bash
# Throughput and memory of dissect against tshark, measured in the same run on the same files.
#
#   bench/run.sh [COPIES]          (default 4300 copies of cqltrace_simple_v3.pcap ≈ 200 MB)
#
# Builds dissect (the native build, see bench/build.sh), builds the benchmark captures with ../shared/bench/multiply.py (N and 2N
# copies, kept in bench/out/ between runs), then reports the median wall time of BENCH_RUNS runs of each dissect command
# (default 7) and BENCH_TSHARK_RUNS of each tshark one (default 3), and the peak RSS /usr/bin/time saw:
#   1. dissect FILE --count            vs  tshark -r FILE -Y tcp        (the issue's headline pair)
#   2. dissect FILE -Y tcp --count     (the same filter tshark evaluates; full dissection)
#   3. both on the 2N-copy file        (memory must not grow with the capture)
#   4. a small capture end to end      (start-up cost; best of 10)
#   5. filters (--count uses every core where the filter allows; "--threads 1" and printing are timed too): "tcp.port == 9042 and tcp.len > 100" against -Y tcp (which builds no tcp fields) and against
#      "tcp.port and tcp.len" (the same fields built, nothing compared: the cost of evaluating), and
#      "cql.opcode == EXECUTE" against tshark -Y "cql.opcode == 10" (a protocol field, full CQL dissection)
#   6. that last pair again, interleaved: BENCH_PAIRED_ROUNDS rounds (default 5) of three dissect runs and one
#      tshark run, the ratio taken per round (paired in build.sh); the machine's slow and fast phases then
#      fall on both sides of each ratio
# Needs: .NET SDK, python3, tshark + mergecap (apt-get install tshark), GNU time (apt-get install time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$(cd "$root/../shared" 2>/dev/null && pwd || true)"
copies="${1:-4300}"
out="$here/out"
mkdir -p "$out"

src="${BENCH_SOURCE:-$shared/corpus/cql/cqltrace_simple_v3.pcap}"
[ -f "$src" ] || { echo "bench: source capture $src not found (set BENCH_SOURCE)" >&2; exit 2; }
command -v tshark >/dev/null || { echo "bench: tshark not found (apt-get install tshark)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

echo "building dissect..." >&2
. "$here/build.sh"

big="$out/bench-${copies}x.pcap"
big2="$out/bench-$((copies * 2))x.pcap"
[ -f "$big" ] || python3 "$shared/bench/multiply.py" "$src" "$big" "$copies" >&2
[ -f "$big2" ] || python3 "$shared/bench/multiply.py" "$src" "$big2" "$((copies * 2))" >&2

# measure LABEL CMD... → prints "LABEL<TAB>median seconds<TAB>peak_kB" (see timed in build.sh: tshark
# runs $tshark_runs times, dissect $dissect_runs times).
measure() {
    local label="$1"; shift
    local r runs="$dissect_runs"
    [ "$1" = tshark ] && runs="$tshark_runs"
    r=$(timed "$runs" "$@")
    printf "%s\t%s\t%s\n" "$label" "${r% *}" "${r#* }"
}

size() { du -m "$1" | cut -f1; }
packets() { "$dissect" "$1" --count 2>/dev/null; }

# Both captures from the page cache, as every later run reads them (the first read of a cold file is disk time).
cat "$big" "$big2" >/dev/null
echo "capture: $big ($(size "$big") MB, $(packets "$big") packets); 2x: $(size "$big2") MB" >&2
results="$out/results.tsv"
{
    measure "dissect --count"            "$dissect" "$big" --count
    measure "dissect -Y tcp --count"     "$dissect" "$big" -Y tcp --count
    measure "tshark -Y tcp"              tshark -r "$big" -Y tcp
    measure "dissect -Y port+len --count" "$dissect" "$big" -Y "tcp.port == 9042 and tcp.len > 100" --count
    measure "dissect -Y port,len exist --count" "$dissect" "$big" -Y "tcp.port and tcp.len" --count
    measure "dissect -Y EXECUTE --count" "$dissect" "$big" -Y "cql.opcode == EXECUTE" --count
    measure "dissect -Y EXECUTE --count --threads 1" "$dissect" "$big" -Y "cql.opcode == EXECUTE" --count --threads 1
    measure "dissect -Y EXECUTE (printing)" "$dissect" "$big" -Y "cql.opcode == EXECUTE"
    measure "tshark -Y cql.opcode == 10" tshark -r "$big" -Y "cql.opcode == 10"
    measure "dissect --count (2x)"       "$dissect" "$big2" --count
    measure "dissect -Y tcp --count (2x)" "$dissect" "$big2" -Y tcp --count
    measure "dissect -Y EXECUTE --count (2x)" "$dissect" "$big2" -Y "cql.opcode == EXECUTE" --count
    measure "tshark -Y tcp (2x)"         tshark -r "$big2" -Y tcp
} > "$results"

# The headline pair once more, interleaved (see paired in build.sh).
pair=$(paired "$paired_rounds" "$dissect" "$big" -Y "cql.opcode == EXECUTE" --count ::: tshark -r "$big" -Y "cql.opcode == 10")

best=""
for _ in $(seq 10); do
    /usr/bin/time -o "$out/time.txt" -f "%e" "$dissect" "$src" >/dev/null 2>/dev/null
    t=$(tail -1 "$out/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
done
/usr/bin/time -o "$out/time.txt" -f "%e" tshark -r "$src" >/dev/null 2>/dev/null
tsmall=$(tail -1 "$out/time.txt")

python3 - "$results" "$best" "$tsmall" "$copies" "$pair" "$paired_rounds" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, secs, kb = line.rstrip("\n").split("\t")
    rows[label] = (float(secs), int(kb))
def show(label):
    s, kb = rows[label]
    print("  %-40s %8.3f s %8.0f MB" % (label, s, kb / 1024))
print("capture N (%s copies):" % sys.argv[4])
for l in ("dissect --count", "dissect -Y tcp --count", "tshark -Y tcp", "dissect -Y port+len --count", "dissect -Y port,len exist --count",
          "dissect -Y EXECUTE --count", "dissect -Y EXECUTE --count --threads 1", "dissect -Y EXECUTE (printing)",
          "tshark -Y cql.opcode == 10"): show(l)
print("capture 2N:")
for l in ("dissect --count (2x)", "dissect -Y tcp --count (2x)", "dissect -Y EXECUTE --count (2x)", "tshark -Y tcp (2x)"): show(l)
t = rows["tshark -Y tcp"][0]
print("ratios (tshark time / dissect time):")
print("  --count:          %6.1fx" % (t / max(rows["dissect --count"][0], 0.001)))
print("  -Y tcp --count:   %6.1fx" % (t / max(rows["dissect -Y tcp --count"][0], 0.001)))
tc = rows["tshark -Y cql.opcode == 10"][0]
print("  cql.opcode == EXECUTE vs tshark cql.opcode == 10: %6.1fx (--count), %6.1fx (--count --threads 1), %6.1fx (printing the frames, as tshark does)" % (
    tc / max(rows["dissect -Y EXECUTE --count"][0], 0.001), tc / max(rows["dissect -Y EXECUTE --count --threads 1"][0], 0.001),
    tc / max(rows["dissect -Y EXECUTE (printing)"][0], 0.001)))
pm, plo, phi, pd, pt = sys.argv[5].split()
print("  cql.opcode == EXECUTE --count vs tshark, interleaved (%s rounds of 3 dissect runs, then 1 tshark run): %sx median (%sx to %sx); dissect %s s, tshark %s s" % (
    sys.argv[6], pm, plo, phi, pd, pt))
base = rows["dissect -Y tcp --count"][0]
pl = rows["dissect -Y port+len --count"][0]
ex = rows["dissect -Y port,len exist --count"][0]
print("filter cost: 'tcp.port == 9042 and tcp.len > 100' takes %.2f s; '-Y tcp' (no tcp fields built) %.2f s (%+.0f%%);"
      " 'tcp.port and tcp.len' (the same fields built, no comparison) %.2f s (%+.0f%%)" % (
    pl, base, 100.0 * (pl - base) / max(base, 0.001), ex, 100.0 * (pl - ex) / max(ex, 0.001)))
print("memory N → 2N (dissect -Y EXECUTE): %.0f MB → %.0f MB" % (
    rows["dissect -Y EXECUTE --count"][1] / 1024, rows["dissect -Y EXECUTE --count (2x)"][1] / 1024))
print("memory N → 2N (dissect -Y tcp): %.0f MB → %.0f MB; tshark %.0f MB → %.0f MB" % (
    rows["dissect -Y tcp --count"][1] / 1024, rows["dissect -Y tcp --count (2x)"][1] / 1024,
    rows["tshark -Y tcp"][1] / 1024, rows["tshark -Y tcp (2x)"][1] / 1024))
print("small capture end to end: dissect %s s (best of 10), tshark %s s" % (sys.argv[2], sys.argv[3]))
PY
