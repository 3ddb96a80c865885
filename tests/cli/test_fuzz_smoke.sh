#!/usr/bin/env bash
# test_fuzz_smoke.sh: the libFuzzer targets of tests/fuzz/ build, replay
# their committed corpora (tests/fuzz/corpus/TARGET/, the minimised result of
# the last long campaign) and their seeds, and survive a short run from them
# (scripts/fuzz.sh; the real fuzzing is `make fuzz`). tests/run.sh runs this once per build directory; the
# fuzzers have their own build (build/fuzz), so they run only with build/.
# Prints "ok fuzz TARGET" per target, or "not ok" with the crashing input.
# FUZZ_SMOKE_SECONDS (default 5) is the time per target.
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
if [ "$BUILD" != build ]; then
    echo "ok fuzz smoke (runs once, with build/)"
    exit 0
fi

work=$(mktemp -d /tmp/okrc-fuzz-smoke.XXXXXX) || exit 1
cleanup() {
    find "$work" -type f -delete
    find "$work" -depth -type d -empty -delete
}
scripts/fuzz.sh --build >"$work/build.log" 2>&1
rc=$?
if [ "$rc" = 3 ]; then
    echo "not ok clang libFuzzer available (apt-get install clang libclang-rt-14-dev)"
    cleanup
    exit 0
elif [ "$rc" != 0 ]; then
    echo "not ok fuzz targets build (scripts/fuzz.sh --build, exit $rc)"
    tail -20 "$work/build.log" | sed 's/^/    /'
    cleanup
    exit 0
fi
echo "ok fuzz targets build"

# A fresh corpus of the seeds only, so the run is the same every time and
# does not depend on what `make fuzz` has collected in build/fuzz/corpus.
FUZZ_CORPUS=$work/corpus FUZZ_LOGS=$work/logs scripts/fuzz.sh "${FUZZ_SMOKE_SECONDS:-5}" >"$work/summary" 2>&1
rc=$?
seen=0
while IFS= read -r line; do
    case $line in
        "fuzz "*": ok,"*)
            t=${line#fuzz }
            echo "ok fuzz ${t%%:*}"
            seen=$((seen + 1))
            ;;
        "fuzz "*": CRASH "*)
            t=${line#fuzz }
            echo "not ok fuzz ${t%%:*}: ${line#*: }"
            # Keep the log next to the input: $work is removed below.
            log=build/fuzz/crashes/${t%%:*}/smoke.log
            cp "$work/logs/${t%%:*}.log" "$log" 2>/dev/null && echo "    log: $log"
            seen=$((seen + 1))
            ;;
        *) echo "    $line" ;;
    esac
done <"$work/summary"
if [ "$seen" = 0 ]; then
    echo "not ok fuzz smoke run (scripts/fuzz.sh exit $rc, no summary)"
fi
cleanup
