#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS]: builds the libFuzzer targets of tests/fuzz/ and
# runs each for SECONDS (default 60), two at a time (one per core).
#
#   scripts/fuzz.sh [SECONDS]   build, seed the corpora, fuzz, print a summary
#   scripts/fuzz.sh --build     build only (the smoke test's first step)
#   scripts/fuzz.sh --minimise  merge $FUZZ_CORPUS/TARGET into tests/fuzz/corpus/TARGET
#   scripts/fuzz.sh --replay    run every input of $FUZZ_CORPUS/TARGET once (no mutation)
#
# Two builds (FUZZ_MODE):
#   asan (default)  -fsanitize=fuzzer,address,undefined at -O1, in build/fuzz:
#                   finds memory errors where they happen; the smoke test's.
#   fast            -fsanitize=fuzzer,undefined at -O2, in build/fuzz-fast:
#                   about three times the executions per second, for long
#                   campaigns. UBSan still stops on undefined behaviour and
#                   libFuzzer on crashes, hangs, leaks of the whole process
#                   (-rss_limit_mb) and out-of-memory; memory errors that do
#                   not crash are found by replaying the campaign's corpus
#                   with the asan build (FUZZ_MODE=asan scripts/fuzz.sh
#                   --replay with the same FUZZ_CORPUS), which a campaign
#                   must end with.
#
# The targets (tests/fuzz/fuzz_*.c) link against an archive of the project
# built by the Makefile with clang and -fsanitize=fuzzer-no-link,address,
# undefined in $FUZZ_BUILD (default build/fuzz), apart from build/ and
# build/asan/. Every run uses -timeout=10 -rss_limit_mb=2048, a dictionary
# (tests/fuzz/okr.dict plus every keyword of lexer/keywords.def, or
# tests/fuzz/feed.dict, or both for grade), and the corpus
# $FUZZ_BUILD/corpus/TARGET, seeded
# at each run from the repository's .okr files, policies and feeds, from
# tests/fuzz/seeds/ and from tests/fuzz/corpus/TARGET/, the minimised
# corpus of the last long campaign (committed; every run starts by
# replaying it, the smoke test's too). The corpus in $FUZZ_BUILD grows
# across runs; `scripts/fuzz.sh --minimise` merges it into
# tests/fuzz/corpus/ (libFuzzer -merge=1: only inputs that add coverage). A crash, hang, leak, out-of-memory or sanitizer report stops
# that target and leaves the input in $FUZZ_BUILD/crashes/TARGET/; rerun it
# with $FUZZ_BUILD/bin/fuzz_TARGET FILE. A timeout that does not reproduce
# when its input is run again alone (a stall of a busy machine) is moved to
# crashes/TARGET/unreproduced/ and not counted.
#
# Environment: FUZZ_TARGETS="check fmt" (default: every target),
# FUZZ_JOBS (targets run at once; default: the number of cores),
# FUZZ_FMT_SUPPRESSIONS=0 (fuzz_fmt: ignore suppressions when comparing
# verdicts; default: compare them as written),
# FUZZ_CORPUS (corpus root; default $FUZZ_BUILD/corpus), FUZZ_LOGS (default
# $FUZZ_BUILD/logs), FUZZ_ARGS (more libFuzzer flags, e.g. -max_len=100000).
#
# Prints one summary line per target:
#   fuzz TARGET: ok, RUNS runs in SECS s, cov N, ft N, corpus N, crashes 0
#   fuzz TARGET: CRASH (KIND) after RUNS runs: INPUT (log: LOG)
# Exit status: 0 clean, 1 a target crashed or did not run, 2 build or usage
# error, 3 clang or libFuzzer missing.
#
# The whole script is one brace group, read before any of it runs, so that
# editing this file during a long run cannot derail the run.
{
set -u
cd "$(dirname "$0")/.."

MODE=${FUZZ_MODE:-asan}
case $MODE in
    asan)
        B=${FUZZ_BUILD:-build/fuzz}
        OPT=-O1
        SAN='-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
        LINK_SAN='-fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
        ;;
    fast)
        B=${FUZZ_BUILD:-build/fuzz-fast}
        OPT=-O2
        SAN='-fsanitize=fuzzer-no-link,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
        LINK_SAN='-fsanitize=fuzzer,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
        ;;
    *) echo "scripts/fuzz.sh: FUZZ_MODE must be asan or fast, not '$MODE'" >&2; exit 2 ;;
esac
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
CORPUS=${FUZZ_CORPUS:-$B/corpus}
LOGS=${FUZZ_LOGS:-$B/logs}
# As the Makefile's ALL_CFLAGS, so the harnesses meet the same warnings.
CFLAGS_FUZZ='-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow
             -Wstrict-prototypes -Wmissing-prototypes -g'
INCLUDES="-Icommon -Ilexer -Iparser -Ichecker -Iruntime -Iformat -Ilsp -Istdlib -Icli -I$B/gen -I/usr/include/postgresql"
LIBS='-ljansson -lutf8proc -ldl -lm -pthread'

build_only=0
minimise=0
replay=0
seconds=60
case ${1:-} in
    --build) build_only=1 ;;
    --minimise) minimise=1 ;;
    --replay) replay=1 ;;
    '') ;;
    *[!0-9]* | 0) echo "usage: scripts/fuzz.sh [SECONDS] | --build | --minimise | --replay" >&2; exit 2 ;;
    *) seconds=$1 ;;
esac

if [ -n "${FUZZ_TARGETS:-}" ]; then
    targets=$FUZZ_TARGETS
else
    targets=$(for f in tests/fuzz/fuzz_*.c; do t=${f##*/fuzz_}; echo "${t%.c}"; done)
fi
for t in $targets; do
    [ -f "tests/fuzz/fuzz_$t.c" ] || { echo "scripts/fuzz.sh: no target tests/fuzz/fuzz_$t.c" >&2; exit 2; }
done

# ---- toolchain ----
toolchain_ok() {
    command -v clang >/dev/null 2>&1 || return 1
    local tmp
    tmp=$(mktemp -d) || return 1
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' > "$tmp/t.c"
    clang $LINK_SAN -o "$tmp/t" "$tmp/t.c" >/dev/null 2>&1
    local rc=$?
    rm -f "$tmp/t" "$tmp/t.c"
    rmdir "$tmp"
    return $rc
}
if ! toolchain_ok; then
    echo "scripts/fuzz.sh: clang with libFuzzer is not available (apt-get install clang libclang-rt-14-dev)" >&2
    exit 3
fi

# ---- build ----
build() {
    # make does not see a change of flags: when they differ from those the
    # objects were built with, everything is rebuilt (-B).
    local again=
    [ "$(cat "$B/flags" 2>/dev/null)" = "CC=clang OPT=$OPT $SAN" ] || again=-B
    # A sub-make of `make test` must not inherit its jobserver or flags.
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make $again --no-print-directory -j"$JOBS" BUILD="$B" CC=clang OPT="$OPT" \
        EXTRA_CFLAGS="$SAN" "$B/libokr.a" >"$B/make.log" 2>&1 || {
        cat "$B/make.log" >&2
        echo "scripts/fuzz.sh: building $B/libokr.a failed" >&2
        return 1
    }
    echo "CC=clang OPT=$OPT $SAN" >"$B/flags"
    mkdir -p "$B/bin"
    local t bin src
    for t in $targets; do
        src=tests/fuzz/fuzz_$t.c
        bin=$B/bin/fuzz_$t
        if [ -x "$bin" ] && [ "$bin" -nt "$B/libokr.a" ] && [ "$bin" -nt "$src" ] &&
            [ -z "$(find tests/fuzz -name '*.h' -newer "$bin")" ]; then
            continue
        fi
        # okrc opens SQLite with dlopen; this harness builds its databases
        # with SQLite's API itself.
        local extra=
        [ "$t" = sqlite ] && extra=-lsqlite3
        # shellcheck disable=SC2086
        clang $CFLAGS_FUZZ $OPT $LINK_SAN $INCLUDES -o "$bin" "$src" "$B/libokr.a" $LIBS $extra || {
            echo "scripts/fuzz.sh: building $bin failed" >&2
            return 1
        }
    done
}
mkdir -p "$B"
build || exit 2
[ "$build_only" = 1 ] && exit 0

# ---- minimise: the smallest set of inputs with the edge coverage of the
# committed corpus and the collected one together, named by content ----
if [ "$minimise" = 1 ]; then
    for t in $targets; do
        [ -d "$CORPUS/$t" ] || continue
        new=$(mktemp -d)
        mkdir -p "tests/fuzz/corpus/$t"
        # Edges only (no hit counts) and inputs of at most 4 KiB (longer ones
        # are cut): the committed corpus stays a few hundred small files.
        "$B/bin/fuzz_$t" -merge=1 -use_counters=0 -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
            "$new" "tests/fuzz/corpus/$t" "$CORPUS/$t" \
            >"$B/merge-$t.log" 2>&1 || { echo "fuzz $t: merge failed (log: $B/merge-$t.log)"; rm -rf "$new"; continue; }
        find "tests/fuzz/corpus/$t" -type f -delete
        mv "$new"/* "tests/fuzz/corpus/$t/" 2>/dev/null
        rmdir "$new"
        echo "fuzz $t: corpus $(find "tests/fuzz/corpus/$t" -type f | wc -l) files, $(cat "tests/fuzz/corpus/$t"/* 2>/dev/null | wc -c) bytes"
    done
    exit 0
fi

# ---- replay: each input of the corpus run once, for the asan build to
# check what a fast campaign found ----
if [ "$replay" = 1 ]; then
    status=0
    for t in $targets; do
        [ -d "$CORPUS/$t" ] || { echo "fuzz $t: no corpus $CORPUS/$t"; status=1; continue; }
        n=$(find "$CORPUS/$t" -type f | wc -l)
        mkdir -p "$B/crashes/$t" "$LOGS"
        if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            "$B/bin/fuzz_$t" -runs=0 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$B/crashes/$t/" \
            "$CORPUS/$t" >"$LOGS/$t.replay.log" 2>&1; then
            echo "fuzz $t: replayed $n inputs ($MODE build), crashes 0"
        else
            echo "fuzz $t: CRASH replaying $CORPUS/$t (log: $LOGS/$t.replay.log)"
            status=1
        fi
    done
    exit $status
fi

# ---- dictionaries ----
mkdir -p "$B"
{
    cat tests/fuzz/okr.dict
    echo '# reserved words, from lexer/keywords.def'
    sed -n 's/^OKR_KEYWORD([A-Z_]*, *"\([a-z_]*\)".*/"\1"/p' lexer/keywords.def
} >"$B/okr.dict"
{
    cat "$B/okr.dict" tests/fuzz/feed.dict
    printf '"\\x0a//@feed\\x0a"\n'
} >"$B/grade.dict"
{
    cat "$B/okr.dict" tests/fuzz/lsp.dict
} >"$B/lsp.dict"
dict_of() {
    case $1 in
        csv | jsonl | sqlite) echo tests/fuzz/feed.dict ;;
        grade) echo "$B/grade.dict" ;;
        lsp) echo "$B/lsp.dict" ;;
        *) echo "$B/okr.dict" ;;
    esac
}

# ---- seed corpora ----
add_seed() { # add_seed DIR FILE: copied under a name from its content, so reruns add nothing
    local sum
    sum=$(sha1sum <"$2" | cut -c1-16)
    [ -e "$1/seed-$sum" ] || cp "$2" "$1/seed-$sum"
}
okr_files() {
    find tests/cases examples tests/fmt stdlib/std tests/fuzz/seeds/check tests/fuzz/seeds/fmt -name '*.okr' -type f 2>/dev/null | sort
}
# Multi-file programs (a directory of a golden case, the examples) as one
# input: the policy first, then the files, joined by the harness's markers.
program_seeds() { # program_seeds DIR
    local d f tmp first
    tmp=$(mktemp)
    for d in $(find tests/cases -mindepth 2 -maxdepth 2 -type d | sort) examples/okrs; do
        : >"$tmp"
        first=1
        if [ -f "$d/okr.policy" ]; then
            { echo '//@policy'; cat "$d/okr.policy"; } >>"$tmp"
            first=0
        fi
        for f in $(find "$d" -name '*.okr' -type f | sort); do
            [ "$first" = 1 ] || printf '\n//@file\n' >>"$tmp"
            cat "$f" >>"$tmp"
            first=0
        done
        [ -s "$tmp" ] && add_seed "$1" "$tmp"
    done
    rm -f "$tmp"
}
csv_files() {
    find examples/metrics tests/grade tests/fuzz/seeds/csv -name '*.csv' -type f 2>/dev/null | sort
}
seed() { # seed TARGET
    local dir=$CORPUS/$1 f tmp
    mkdir -p "$dir"
    case $1 in
        check | fmt)
            for f in $(okr_files); do add_seed "$dir" "$f"; done
            [ "$1" = check ] && program_seeds "$dir"
            ;;
        csv)
            for f in $(csv_files); do add_seed "$dir" "$f"; done
            tmp=$(mktemp)
            head -40 examples/metrics/analytics.csv >"$tmp" && add_seed "$dir" "$tmp"
            rm -f "$tmp"
            ;;
        jsonl)
            for f in tests/fuzz/seeds/jsonl/*; do [ -f "$f" ] && add_seed "$dir" "$f"; done
            tmp=$(mktemp)
            for f in $(csv_files); do
                # Simple (unquoted) CSV feeds, as JSON Lines; numbers as numbers, or as strings every third row.
                awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                         NR > 41 { exit }
                         { v = $col["value"]; if (NR % 3 == 0) v = "\"" v "\""
                           printf "{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": %s}\n",
                                  $col["metric"], $col["timestamp"], v }' "$f" >"$tmp" 2>/dev/null
                [ -s "$tmp" ] && add_seed "$dir" "$tmp"
            done
            rm -f "$tmp"
            ;;
        grade)
            # The graded examples of tests/grade/: program, "//@feed", feed.
            tmp=$(mktemp)
            for f in tests/grade/*/team.okr; do
                [ -f "${f%/team.okr}/feed.csv" ] || continue
                { cat "$f"; printf '\n//@feed\n'; cat "${f%/team.okr}/feed.csv"; } >"$tmp" && add_seed "$dir" "$tmp"
            done
            {
                cat examples/okrs/company.okr
                for f in examples/okrs/growth/*.okr examples/okrs/ai/*.okr; do printf '\n//@file\n'; cat "$f"; done
                printf '\n//@feed\n'
                awk 'NR == 1 || NR % 3 == 0' examples/metrics/analytics.csv
            } >"$tmp" && add_seed "$dir" "$tmp"
            rm -f "$tmp"
            program_seeds "$dir"
            ;;
        policy)
            for f in $(find tests examples -name okr.policy -type f | sort) tests/fuzz/seeds/policy/*; do
                [ -f "$f" ] && add_seed "$dir" "$f"
            done
            ;;
        *)
            for f in tests/fuzz/seeds/"$1"/*; do [ -f "$f" ] && add_seed "$dir" "$f"; done
            ;;
    esac
    # The committed, minimised corpus of earlier campaigns: replayed by
    # every run, the smoke test's too.
    for f in tests/fuzz/corpus/"$1"/*; do [ -f "$f" ] && add_seed "$dir" "$f"; done
    [ -n "$(ls -A "$dir")" ] || printf '\n' >"$dir/seed-empty-line"
}

# ---- run ----
mkdir -p "$LOGS"
run_target() { # run_target TARGET
    local t=$1
    mkdir -p "$B/crashes/$t"
    # Artifacts of earlier runs stay; this run's are told apart by the log.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$B/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict="$(dict_of "$t")" \
        -artifact_prefix="$B/crashes/$t/" -print_final_stats=1 ${FUZZ_ARGS:-} "$CORPUS/$t" \
        >"$LOGS/$t.log" 2>&1
    echo $? >"$LOGS/$t.rc"
}

running=0
for t in $targets; do
    seed "$t"
    rm -f "$LOGS/$t.rc"
    run_target "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

# ---- summary ----
status=0
for t in $targets; do
    log=$LOGS/$t.log
    rc=$(cat "$LOGS/$t.rc" 2>/dev/null || echo 99)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*(cov|ft): ' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    inputs=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
    note=
    # A timeout is run again alone: on a loaded machine a stall of the
    # whole machine looks like one. A hang reproduces; a stall does not.
    if [ "$(wc -l <<<"$inputs")" = 1 ] && [[ $(basename "$inputs") == timeout-* ]] && [ -f "$inputs" ] &&
        "$B/bin/fuzz_$t" -timeout=10 -rss_limit_mb=2048 "$inputs" >"$LOGS/$t.rerun.log" 2>&1; then
        mkdir -p "$B/crashes/$t/unreproduced"
        mv "$inputs" "$B/crashes/$t/unreproduced/"
        note=" (a timeout did not reproduce when run again: $B/crashes/$t/unreproduced/$(basename "$inputs"))"
        inputs=
        rc=0
    fi
    if [ "$rc" = 0 ] && [ -z "$inputs" ] && [ -n "$runs" ]; then
        echo "fuzz $t: ok, ${runs} runs in ${seconds} s (${secs:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, crashes 0$note"
    else
        status=1
        kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-zA-Z -]+|runtime error: .*|ALARM: working on the last Unit|out-of-memory|deadly signal' "$log" | head -1)
        [ -n "$kind" ] || kind="exit status $rc"
        echo "fuzz $t: CRASH ($kind) after ${runs:-?} runs: ${inputs:-no input written} (log: $log)"
    fi
done
exit $status
}
