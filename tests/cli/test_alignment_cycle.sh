#!/usr/bin/env bash
# test_alignment_cycle.sh: a hostile alignment graph costs memory linear in
# its size (spec.md, "Limits"): a chain of 100,000 objectives closed into a
# cycle is one OKR106 whose path is shown capped, checked in bounded memory
# (it once took 23.9 GB, the path being re-printed at each step). Prints
# "ok NAME" / "not ok NAME" (tests/run.sh counts them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-cycle.XXXXXX)
trap 'rm -rf "$T"' EXIT

# The sanitizer's memory is not okrc's: the bound is asserted on the plain
# build only.
ASAN=0
grep -aq '__asan_init' "$OKRC" && ASAN=1

N=100000
awk -v n=$N 'BEGIN {
    printf "team t \"T\"\ncycle 2026-Q3\nuse std.product\n"
    for (i = 0; i < n; i++)
        printf "committed objective o%d \"Customers stay\" {\n  aligns t.o%d\n  kr a : d7_activation at least 30%%\n  kr b : d30_retention at least 20%%\n}\n", i, (i + 1) % n
}' > "$T/cycle.okr"

rss_kb=0
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$T/rss" "$OKRC" check --no-policy --format json "$T/cycle.okr" > "$T/out.json" 2> "$T/err"
    status=$?
    rss_kb=$(tail -1 "$T/rss" | tr -dc 0-9)
else
    "$OKRC" check --no-policy --format json "$T/cycle.okr" > "$T/out.json" 2> "$T/err"
    status=$?
fi
printf '# check a %d-objective alignment cycle: peak %d MiB, exit %d\n' $N $((${rss_kb:-0} / 1024)) "$status"

if [ "$status" -eq 1 ] && grep -q 'alignment cycle: t.o0 -> t.o1 -> t.o2 -> t.o3 -> ... (99,994 more) -> t.o99998 -> t.o99999 -> t.o0' "$T/out.json"; then
    echo "ok a 100,000-objective cycle is one OKR106 with a capped path"
else
    echo "not ok a 100,000-objective cycle is one OKR106 with a capped path (exit $status)"
    head -c 600 "$T/out.json" "$T/err" | sed 's/^/    /'
fi
if [ "$ASAN" = 1 ] || [ "${rss_kb:-0}" -lt $((400 * 1024)) ]; then
    echo "ok a 100,000-objective cycle is checked in bounded memory"
else
    echo "not ok a 100,000-objective cycle is checked in bounded memory (peak $((rss_kb / 1024)) MiB)"
fi
