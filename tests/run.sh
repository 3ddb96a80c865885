#!/usr/bin/env bash
# tests/run.sh BUILD_DIR...: runs every test against each build directory
# (normally build/ and build/asan/) and ends with one line "N passed, N failed".
#
#   unit     each cmocka binary BUILD/tests/test_*; every test case counts
#   golden   tests/cases/**/NAME.okr (or a directory NAME/ for a multi-file
#            program) checked with okrc; stdout and the exit status must equal
#            NAME.expected. UPDATE=1 re-blesses the expected files.
#   grade    tests/grade/NAME/args: `okrc grade --format json ARGS` (run from the
#            repository root); the report and exit status must equal
#            tests/grade/NAME/expected.json. UPDATE=1 re-blesses them too.
#   cli      tests/cli/test_*.sh; each prints "ok NAME" or "not ok NAME".
#
# Set ONLY=unit|golden|cli to run one kind. A failure prints a diff or the
# failing output; the run goes on so that the tally is complete.
set -u
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- build
first_build=$1
pass=0
fail=0
failed_names=()

record() { # record NAME STATUS
    if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed_names+=("$1"); fi
}

run_unit() {
    local build=$1 bin out rc ok run
    for bin in "$build"/tests/test_*; do
        [ -x "$bin" ] || continue
        out=$(OKR_TEST_BUILD="$build" "$bin" 2>&1)
        rc=$?
        # The task-style corpus figures are the measurement of record: show them.
        [ "$build" = "$first_build" ] && grep '^corpus .*(all)' <<<"$out"
        ok=$(grep -c '^\[       OK \]' <<<"$out")
        run=$(grep -c '^\[ RUN      \]' <<<"$out")
        pass=$((pass + ok))
        if [ "$run" -gt "$ok" ] || [ "$rc" -ne 0 ]; then
            local n=$((run - ok)); [ "$n" -gt 0 ] || n=1
            fail=$((fail + n))
            failed_names+=("$build: $(basename "$bin")")
            printf '%s\n' "--- FAIL $bin" "$out" | grep -v '^\[       OK \]\|^\[ RUN      \]' | head -60
        fi
    done
}

run_golden() {
    local build=$1 okr case expected actual rc target
    while IFS= read -r expected; do
        case=${expected%.expected}
        if [ -d "$case" ]; then target=$case; elif [ -f "$case.okr" ]; then target=$case.okr; else
            echo "--- FAIL $expected: no $case.okr or $case/"; record "$expected" 1; continue
        fi
        local args=(check --color=never)
        [ -f "$case.args" ] && read -r -a extra < "$case.args" && args+=("${extra[@]}")
        actual=$("$build/okrc" "${args[@]}" "$target" 2>&1; echo "exit: $?")
        if [ "${UPDATE:-}" = 1 ] && [ "$build" = "$1" ]; then
            printf '%s\n' "$actual" > "$expected"
        fi
        if diff -u "$expected" <(printf '%s\n' "$actual") > /tmp/okrc-golden.diff; then
            record "$expected" 0
        else
            echo "--- FAIL golden $expected ($build)"
            head -80 /tmp/okrc-golden.diff
            record "$expected" 1
        fi
    done < <(find tests/cases -name '*.expected' | sort)
}

run_grade_golden() {
    local build=$1 dir expected actual
    for dir in tests/grade/*/; do
        [ -f "$dir/args" ] || continue
        expected=$dir/expected.json
        read -r -a args < "$dir/args"
        actual=$("$build/okrc" grade --format json --color=never "${args[@]}" 2>&1; echo "exit: $?")
        if [ "${UPDATE:-}" = 1 ] && [ "$build" = "$1" ]; then
            printf '%s\n' "$actual" > "$expected"
        fi
        if diff -u "$expected" <(printf '%s\n' "$actual") > /tmp/okrc-golden.diff; then
            record "$expected" 0
        else
            echo "--- FAIL grade golden $expected ($build)"
            head -60 /tmp/okrc-golden.diff
            record "$expected" 1
        fi
    done
}

run_cli() {
    local build=$1 script line
    for script in tests/cli/test_*.sh; do
        [ -f "$script" ] || continue
        while IFS= read -r line; do
            case $line in
                "ok "*) record "${line#ok }" 0 ;;
                "not ok "*) record "$build: ${line#not ok }" 1; echo "--- FAIL cli $line" ;;
                *) echo "    $line" ;;
            esac
        done < <(OKRC="$build/okrc" BUILD="$build" OKR_TEST_BUILD="$build" bash "$script" 2>&1)
    done
}

for build in "$@"; do
    if [ ! -x "$build/okrc" ]; then
        echo "--- FAIL $build/okrc is not built"
        record "$build/okrc" 1
        continue
    fi
    echo "== $build"
    [ -z "${ONLY:-}" ] || [ "$ONLY" = unit ] && run_unit "$build"
    [ -z "${ONLY:-}" ] || [ "$ONLY" = golden ] && run_golden "$build"
    [ -z "${ONLY:-}" ] || [ "$ONLY" = golden ] && run_grade_golden "$build"
    [ -z "${ONLY:-}" ] || [ "$ONLY" = cli ] && run_cli "$build"
done

if [ "$fail" -gt 0 ]; then
    echo "Failed:"
    printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
