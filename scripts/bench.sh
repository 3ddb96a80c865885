#!/usr/bin/env bash
# scripts/bench.sh BUILD: the benchmark behind `make bench` (never a timed test).
#
# Feed ingest: generates deterministic CSV feeds of 1M and 10M rows (50
# metrics, timestamps spread over a quarter) and a program that grades all
# 50 metrics, then measures `okrc grade` on each: wall time, rows/s, MB/s
# and peak memory, beside `wc -l` (the I/O floor) and `mawk` computing the
# same per-metric first/latest values where mawk is installed. Prints a
# table and writes the same figures as JSON to BUILD/bench/results.json.
# BENCH_ROWS="1000000 10000000" overrides the sizes.
set -eu
BUILD=${1:-build}
OKRC=$BUILD/okrc
MEASURE=$BUILD/tools/measure
DIR=$BUILD/bench
mkdir -p "$DIR"
sizes=${BENCH_ROWS:-"1000000 10000000"}

# The program: one team, one cycle, 50 metrics graded by 25 objectives.
prog=$DIR/bench.okr
{
    echo 'team bench "Bench" owner "Bench"'
    echo 'cycle 2026-Q3'
    for m in $(seq 1 50); do echo "metric m$m \"Metric $m\" : count increasing"; done
    for o in $(seq 1 25); do
        a=$((2 * o - 1)); b=$((2 * o))
        echo "committed objective o$o \"Keep bench metric pair $o healthy\" {"
        echo "  kr a : m$a at least 10"
        echo "  kr b : m$b at least 10"
        echo "}"
    done
} > "$prog"

gen() { # gen ROWS FILE: 50 metrics round robin, one timestamp per row across Q3
    awk -v n="$1" 'BEGIN {
        print "metric,timestamp,value"
        for (i = 0; i < n; i++) {
            s = int(i * 7948800 / n)                 # seconds into the quarter
            d = int(s / 86400); r = s % 86400
            mon = d < 31 ? 7 : d < 62 ? 8 : 9; dom = d < 31 ? d + 1 : d < 62 ? d - 30 : d - 61
            printf "m%d,2026-%02d-%02dT%02d:%02d:%02dZ,%d.%d\n", i % 50 + 1, mon, dom, r / 3600, r % 3600 / 60, r % 60, 10 + i % 97, i % 10
        }
    }' > "$2"
}

run() { # run NAME OUT -- CMD...: measure a command; prints "seconds rss_kib"
    local name=$1 out=$2
    shift 3
    "$MEASURE" "$DIR/$name.m" -- "$@" > "$out" 2>&1 || true
    cat "$DIR/$name.m"
}

printf '%-10s %-8s %10s %12s %10s %10s %9s\n' feed tool seconds rows/s MB/s peak_MiB ratio
json="["
for rows in $sizes; do
    feed=$DIR/feed-$rows.csv
    [ -s "$feed" ] || gen "$rows" "$feed"
    bytes=$(stat -c %s "$feed")
    read -r okrc_s okrc_rss okrc_exit < <(run "okrc-$rows" "$DIR/okrc-$rows.out" -- "$OKRC" grade "$prog" --feed "$feed" --at 2026-09-30 --format json)
    [ "$okrc_exit" = 0 ] || [ "$okrc_exit" = 1 ] || { echo "okrc grade failed (exit $okrc_exit):"; head "$DIR/okrc-$rows.out"; exit 1; }
    read -r wc_s wc_rss _ < <(run "wc-$rows" /dev/null -- wc -l "$feed")
    tools="okrc:$okrc_s:$okrc_rss wc-l:$wc_s:$wc_rss"
    if command -v mawk > /dev/null; then
        read -r awk_s awk_rss _ < <(run "mawk-$rows" /dev/null -- mawk -F, 'NR > 1 { if (!($1 in first)) first[$1] = $3; last[$1] = $3 } END { for (m in first) print m, first[m], last[m] }' "$feed")
        tools="$tools mawk:$awk_s:$awk_rss"
    fi
    for t in $tools; do
        IFS=: read -r name s rss <<<"$t"
        rps=$(awk -v r="$rows" -v s="$s" 'BEGIN { printf "%.0f", r / s }')
        mbps=$(awk -v b="$bytes" -v s="$s" 'BEGIN { printf "%.1f", b / s / 1048576 }')
        mib=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
        ratio=$(awk -v a="$okrc_s" -v b="$s" 'BEGIN { printf "%.2fx", b / a }')
        printf '%-10s %-8s %10.3f %12s %10s %10s %9s\n' "$rows" "$name" "$s" "$rps" "$mbps" "$mib" "$ratio"
        json="$json{\"rows\":$rows,\"bytes\":$bytes,\"tool\":\"$name\",\"seconds\":$s,\"rows_per_second\":$rps,\"mb_per_second\":$mbps,\"peak_mib\":$mib},"
    done
done
echo "${json%,}]" > "$DIR/results.json"
echo "(ratio: the tool's time over okrc's; above 1 means okrc is faster. Figures also in $DIR/results.json)"
