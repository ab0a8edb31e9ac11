#!/usr/bin/env bash
# Per-protocol filter benchmarks: dissect against tshark on ~200 MB captures built with
# ../shared/bench/multiply.py, wall time and peak RSS from GNU time, both measured in this run.
#
#   bench/protocols.sh [scylla] [tarantool] [mysql]      (default: all three)
#
# Each time is the median of BENCH_RUNS dissect runs (default 7) and BENCH_TSHARK_RUNS tshark runs (default 3);
# the pairs with tshark are then timed again interleaved (BENCH_PAIRED_ROUNDS rounds, default 5: see paired in
# build.sh), the ratio taken per round.
#   scylla:    dissect -Y 'scylla.verb == GOSSIP_DIGEST_SYN' --count  vs  tshark -d tcp.port==7000,scylla -Y (same)
#   tarantool: dissect -Y 'tnt.request == "select"' --count           (throughput in MB/s; tshark has no Tarantool)
#   mysql:     dissect -Y 'mysql.query contains "select"' --count     vs  tshark -Y (same)
# Needs what bench/run.sh needs. Captures are kept in bench/out/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="$(cd "$root/../shared/corpus" && pwd)"
out="$here/out"
mkdir -p "$out"
. "$here/build.sh"

# build NAME SOURCE TARGET_MB → path of a capture of about TARGET_MB made of copies of SOURCE
build() {
    local name="$1" src="$2" mb="$3"
    local bytes copies path
    bytes=$(stat -c %s "$src")
    copies=$(( mb * 1024 * 1024 / bytes + 1 ))
    path="$out/$name-${copies}x.pcap"
    [ -f "$path" ] || python3 "$root/../shared/bench/multiply.py" "$src" "$path" "$copies" >&2
    # From the page cache, as both tools then read it (a cold first read is disk time, charged to dissect).
    cat "$path" >/dev/null
    echo "$path"
}

# measure CMD... → "median_seconds peak_MB" (timed in build.sh: tshark $tshark_runs runs, dissect $dissect_runs)
measure() {
    local r runs="$dissect_runs"
    [ "$1" = tshark ] && runs="$tshark_runs"
    r=$(timed "$runs" "$@")
    awk -v s="${r% *}" -v k="${r#* }" 'BEGIN{printf "%s %.0f", s, k / 1024}'
}

report() {
    local label="$1" file="$2" d="$3" t="${4:-}"
    local mb ds dm
    mb=$(du -m "$file" | cut -f1)
    read -r ds dm <<<"$d"
    printf "%-10s %s (%s MB): dissect %6.3f s %4s MB, %6.0f MB/s" "$label" "$(basename "$file")" "$mb" "$ds" "$dm" \
        "$(awk "BEGIN{print $mb / ($ds > 0 ? $ds : 0.001)}")"
    if [ -n "$t" ]; then
        local ts tm
        read -r ts tm <<<"$t"
        printf "; tshark %6.2f s %5s MB; %5.1fx faster" "$ts" "$tm" "$(awk "BEGIN{print $ts / ($ds > 0 ? $ds : 0.001)}")"
    fi
    echo
}

# report_paired LABEL "median min max dissect_s tshark_s" (from paired in build.sh)
report_paired() {
    local m lo hi ds ts
    read -r m lo hi ds ts <<<"$2"
    printf "%-10s interleaved, %s rounds of 3 dissect runs then 1 tshark run: %5.1fx median (%s to %s); dissect %s s, tshark %s s\n" \
        "$1" "$paired_rounds" "$m" "$lo" "$hi" "$ds" "$ts"
}

which=("$@")
[ ${#which[@]} -gt 0 ] || which=(scylla tarantool mysql)
for p in "${which[@]}"; do
    case "$p" in
        scylla)
            f=$(build scylla "$corpus/scylla/scylla_gossip_3_nodes.pcap" 200)
            flt='scylla.verb == GOSSIP_DIGEST_SYN'
            report scylla "$f" "$(measure "$dissect" "$f" -Y "$flt" --count)" \
                "$(measure tshark -d tcp.port==7000,scylla -r "$f" -Y "$flt")"
            report_paired scylla "$(paired "$paired_rounds" "$dissect" "$f" -Y "$flt" --count ::: tshark -d tcp.port==7000,scylla -r "$f" -Y "$flt")" ;;
        tarantool)
            f=$(build tarantool "$corpus/tarantool/tarantool_crud.pcap" 200)
            report tarantool "$f" "$(measure "$dissect" "$f" -Y 'tnt.request == "select"' --count)" ;;
        mysql)
            f=$(build mysql "$corpus/mysql/mysql_large_result.pcap" 200)
            flt='mysql.query contains "select"'
            report mysql "$f" "$(measure "$dissect" "$f" -Y "$flt" --count)" "$(measure tshark -r "$f" -Y "$flt")"
            report_paired mysql "$(paired "$paired_rounds" "$dissect" "$f" -Y "$flt" --count ::: tshark -r "$f" -Y "$flt")" ;;
        *) echo "unknown benchmark $p (scylla, tarantool, mysql)" >&2; exit 2 ;;
    esac
done
