#!/usr/bin/env bash
# test_parallel_tables.sh: from 2,000 files the resolve pass gathers the
# declarations and fills the teams' tables on a pool of threads
# (checker/resolve.c): a serial header walk finds each file's team (and
# reads whole the files with more to say: a second team or cycle, an
# invalid cycle, a native or policy block), then each team's files are
# walked by one thread, which records each file's findings apart, and the
# program adds them in file order. Whatever the number of threads, the
# output (text and JSON), the standard error and the exit status must be
# those of the serial run, byte for byte: here teams whose files are spread
# over the whole program, metrics and objectives declared twice (within a
# file and across files), files with no team or cycle, with two of either,
# invalid cycles, natives and policy blocks, and a file over the cap of
# findings shown. The teams' metrics and objectives per cycle are then
# checked over the teams on threads too (okr_pass_chunked_per), so some
# metrics are wrong and the teams have too many objectives a cycle. Prints "ok NAME" / "not ok NAME" (tests/run.sh counts
# them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-partables.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/cli/lib.sh

# 3,200 files of 320 teams: file n is team t(n % 320)'s, so a team's ten
# files lie 320 files apart; its quarter is n / 320 % 4 + 1, so the same
# objective name comes back in an overlapping cycle every fourth file.
C=$T/c
mkdir -p "$C"
awk -v dir="$C" 'BEGIN {
    for (n = 0; n < 3200; n++) {
        f = sprintf("%s/f%04d.okr", dir, n)
        t = n % 320
        q = int(n / 320) % 4 + 1
        if (n % 97 != 5)
            printf "team t%d \"Team %d\" owner \"Dana Lee\"\n", t, t > f
        if (n % 89 == 7)
            printf "team other%d \"Second\" owner \"Sam\"\n", n > f
        if (n % 83 != 3) {
            if (n % 211 == 10)
                printf "cycle 2026-Q5\n" > f
            else if (n % 223 == 11)
                printf "cycle \"backwards\" from 2026-09-30 to 2026-07-01\n" > f
            else
                printf "cycle 2026-Q%d\n", q > f
        }
        if (n % 79 == 2)
            printf "cycle 2027-Q1\n" > f
        if (n % 101 == 9)
            printf "policy {\n  limit krs_per_objective 1..8\n}\n" > f
        if (n % 103 == 4)
            printf "native warehouse \"libw.so\" \"okr_value\" (metric, date) : number\n" > f
        printf "metric m%d \"Share of accounts active\" : percent increasing\n", n % 7 > f
        if (n % 5 == 0)
            printf "metric m%d \"Again\" : percent increasing\n", n % 7 > f
        for (i = 0; i < 3; i++) {
            printf "objective o%d \"Make onboarding effortless\" {\n", (n % 3 == 0 ? 1 : i)  > f
            printf "  kr a : m%d from 20%% to 30%%\n}\n", n % 7 > f
        }
        if (n % 61 == 8)
            printf "metric flat%d \"No direction\" : count\n", n > f
        if (n % 67 == 9)
            printf "metric agg%d \"Odd aggregate\" : count increasing aggregate median\n", n > f
        if (n == 1700)
            for (i = 0; i < 150; i++)
                printf "metric m%d \"Repeated\" : percent increasing\n", n % 7 > f
        close(f)
    }
}'

same_across_jobs "tables over 3,200 files" 1 "$C"

# Not a vacuous corpus: each finding of the header and body walks is in it.
OKRC_JOBS=8 "$OKRC" check "$C" > "$T/out" 2>&1
check "corpus has every header and body finding" \
    eval 'for c in OKR010 OKR102 OKR103 OKR108 OKR109 OKR111 OKR704 OKR804 OKR009 OKR207 OKR801 OKR503; do file_has "$T/out" "[$c]" || exit 1; done'
