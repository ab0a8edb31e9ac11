# Sourced by bench/run.sh and bench/protocols.sh: builds the dissect binary the benchmarks time and sets
# $dissect to it.
#
# The default is the native (NativeAOT) build, `dotnet publish -c Release -r linux-x64 -p:PublishAot=true`,
# the way dissect is meant to be installed for speed: no JIT at start-up and fully optimised code from the
# first packet (on the 200 MB CQL benchmark, same code: JIT build 0.58 s, native build 0.29 s; the JIT
# build's profile shows 15% in the JIT compiler and much of the rest in not-yet-optimised code). If that build fails (no C toolchain, or the ILCompiler package cannot be
# restored) the JIT build is used and the report says so. BENCH_JIT=1 forces the JIT build.
# Needs: $root (the repository) and $out (bench/out).
bench_build() {
    local rid native="$out/native"
    rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
    if [ -z "${BENCH_JIT:-}" ] && dotnet publish "$root/src/Dissect.Cli" -c Release -r "$rid" -p:PublishAot=true \
            -o "$native" -v quiet -nologo >"$out/publish.log" 2>&1; then
        dissect="$native/dissect"
        echo "bench: timing the native build ($dissect)" >&2
    else
        [ -z "${BENCH_JIT:-}" ] && echo "bench: the native build failed (see $out/publish.log); timing the JIT build" >&2
        dotnet build "$root/src/Dissect.Cli" -c Release -v quiet -nologo >/dev/null
        dissect="$root/src/Dissect.Cli/bin/Release/net10.0/dissect"
        echo "bench: timing the JIT build ($dissect)" >&2
    fi
}
bench_build

# timed RUNS CMD... → "median_seconds peak_kB": the command run RUNS times (its output discarded), wall
# time to the millisecond from the clock around each run (GNU time's %e has 10 ms steps, too coarse for
# the sub-0.1 s runs), peak RSS the largest GNU time saw. Medians, because this machine's neighbours make
# single runs vary by tens of percent.
timed() {
    local runs="$1"; shift
    local i t0 t1 kb max=0 walls=()
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N)
        /usr/bin/time -o "$out/time.txt" -f "%M" "$@" >/dev/null 2>/dev/null || true
        t1=$(date +%s%N)
        kb=$(tail -1 "$out/time.txt")
        [ "$kb" -gt "$max" ] && max=$kb
        walls+=("$(( (t1 - t0) / 1000000 ))")
    done
    printf "%s %s\n" "$(printf "%s\n" "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1000}')" "$max"
}
dissect_runs="${BENCH_RUNS:-7}"
tshark_runs="${BENCH_TSHARK_RUNS:-3}"

# paired ROUNDS DISSECT_CMD... ::: TSHARK_CMD... → "median_ratio min_ratio max_ratio dissect_s tshark_s": ROUNDS
# rounds of three dissect runs (their median) followed by one tshark run, the ratio tshark / dissect taken per
# round, so that both commands of a ratio ran within seconds of each other. This machine's speed changes
# over minutes (other tenants): timing all runs of one command, then all of the other, let a slow phase fall on
# one side only and moved the ratio by a tenth either way from one bench run to the next.
paired() {
    local rounds="$1"; shift
    local d=() t=() side=0 a i rd rt
    for a in "$@"; do
        if [ "$a" = ":::" ]; then side=1; elif [ $side = 0 ]; then d+=("$a"); else t+=("$a"); fi
    done
    local rows=""
    for ((i = 0; i < rounds; i++)); do
        rd=$(timed 3 "${d[@]}")
        rt=$(timed 1 "${t[@]}")
        rows+="${rd% *} ${rt% *}"$'\n'
    done
    printf "%s" "$rows" | python3 -c '
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
r = sorted(t / max(d, 0.001) for d, t in rows)
print("%.1f %.1f %.1f %.3f %.2f" % (statistics.median(r), r[0], r[-1], statistics.median(d for d, _ in rows), statistics.median(t for _, t in rows)))'
}
paired_rounds="${BENCH_PAIRED_ROUNDS:-5}"
