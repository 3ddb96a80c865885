#!/usr/bin/env bash
# tests/run.sh BUILD_DIR... [-- PATTERN...]: runs the tests against each build
# directory (normally build/ and build/asan/) and ends with one line
# "N passed, N failed".
#
#   unit     each cmocka binary BUILD/tests/test_*; every test case counts
#   golden   tests/cases/**/NAME.okr (or a directory NAME/ for a multi-file
#            program) checked with okrc; stdout and the exit status must equal
#            NAME.expected. NAME.args, if present, holds extra arguments for
#            `okrc check`. UPDATE=1 re-blesses the expected files.
#   grade    tests/grade/NAME/args: `okrc grade --format json ARGS` (run from the
#            repository root); the report, the diagnostics and the exit status
#            must equal tests/grade/NAME/expected.json. UPDATE=1 re-blesses them
#            too. A case for native feeds may call a system library, whose
#            path differs between systems: NAME/system-libs lists such
#            libraries (libm.so.6), one a line. The case then runs from a
#            scratch copy of its directory (and of the other repository files
#            ARGS name) in which each library is a link to the one okrc loads
#            (ldd), so a relative `native` path finds it and every path
#            prints as from the repository root.
#   diff     tests/diff/NAME/{old/,new/,args}: `okrc diff ARGS tests/diff/NAME/old
#            tests/diff/NAME/new` (run from the repository root); the report,
#            stderr and the exit status must equal NAME/expected.txt, .json or
#            .md (the one there; for a new case, as ARGS' --format says).
#   cli      tests/cli/test_*.sh; each prints "ok NAME" or "not ok NAME".
#
# Selecting tests. Every test has a name path:
#   unit/BINARY, unit/BINARY/TEST     a cmocka binary, or one test in it
#   golden/DIR, golden/DIR/NAME       tests/cases/DIR/..., one case
#   grade/NAME                        tests/grade/NAME
#   diff/NAME                         tests/diff/NAME
#   cli/SCRIPT                        tests/cli/SCRIPT.sh
# T="PATTERN..." in the environment (or PATTERNs after `--`) runs only the
# tests whose name path equals a pattern or lies under it; patterns may use
# shell wildcards (T='golden/*/task_*', T='unit/test_fmt/*align*'). A pattern
# that selects nothing is a failure, so a typo cannot pass as "0 passed".
# `UPDATE=1 T=golden/DIR/NAME` re-blesses that one case and nothing else; for
# a new case (NAME.okr or NAME/ without NAME.expected, or a grade/NAME
# directory with args only) it writes the first expected file.
# ONLY=unit|golden|cli runs one kind (golden includes grade and diff); with T, both
# must select a test.
#
# A failure prints a diff or the failing output; the run goes on so that the
# tally is complete.
set -u
cd "$(dirname "$0")/.."

builds=()
patterns=()
read -r -d "" -a patterns <<<"${T:-}"
while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; patterns+=("$@"); break; fi
    builds+=("$1"); shift
done
[ ${#builds[@]} -gt 0 ] || builds=(build)
# The scripts and programs run below must not see the selection.
unset T
first_build=${builds[0]}
pass=0
fail=0
failed_names=()
declare -A hits=()
unit_ran=0

record() { # record NAME STATUS
    if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed_names+=("$1"); fi
}

# selected NAME: true when no pattern is given or one pattern equals NAME or
# names a directory above it; counts the hit for the "selects nothing" check.
selected() {
    [ ${#patterns[@]} -gt 0 ] || return 0
    local p found=1
    for p in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # the pattern's wildcards are wanted
        if [[ $1 == $p || $1 == $p/* ]]; then hits[$p]=1; found=0; fi
    done
    return $found
}

# run_unit_binary BUILD BIN FILTER: runs one cmocka binary, only the tests
# matching FILTER when it is not empty; sets unit_ran to the tests that ran.
run_unit_binary() {
    local build=$1 bin=$2 filter=$3 out rc ok run
    out=$(OKR_TEST_BUILD="$build" OKR_UNIT_FILTER="$filter" "$bin" 2>&1)
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
    unit_ran=$run
}

run_unit() {
    local build=$1 bin name p rest
    for bin in "$build"/tests/test_*; do
        [ -x "$bin" ] || continue
        name=$(basename "$bin")
        local whole=0
        selected "unit/$name" && whole=1 && run_unit_binary "$build" "$bin" ""
        # unit/BINARY/TEST patterns: run the binary once per test filter,
        # unless it ran whole already.
        for p in "${patterns[@]}"; do
            [[ $p == unit/*/* ]] || continue
            rest=${p#unit/}
            # shellcheck disable=SC2053 # the pattern's wildcards are wanted
            [[ $name == ${rest%%/*} ]] || continue
            [ "$whole" = 1 ] || run_unit_binary "$build" "$bin" "${rest#*/}"
            [ "$unit_ran" -eq 0 ] || hits[$p]=1
        done
    done
}

# compare KIND EXPECTED ACTUAL BUILD LINES: diffs, re-blesses under UPDATE=1
# (from the first build only), records the result.
compare() {
    local kind=$1 expected=$2 actual=$3 build=$4 lines=$5
    if [ "${UPDATE:-}" = 1 ] && [ "$build" = "$first_build" ]; then
        printf '%s\n' "$actual" > "$expected"
    fi
    if diff -u "$expected" <(printf '%s\n' "$actual") > /tmp/okrc-golden.diff; then
        record "$expected" 0
    else
        echo "--- FAIL $kind $expected ($build)"
        head -"$lines" /tmp/okrc-golden.diff
        record "$expected" 1
    fi
}

# new_cases: under UPDATE=1, a pattern naming one new case exactly
# (golden/DIR/NAME with NAME.okr or NAME/ there, grade/NAME with NAME/args)
# gets an empty expected file, which the run then blesses.
new_cases() {
    [ "${UPDATE:-}" = 1 ] || return 0
    local p c
    for p in "${patterns[@]}"; do
        [[ $p == *[][*?]* ]] && continue
        c=${p#*/}
        case $p in
            golden/*) c=tests/cases/$c
                      if [ ! -e "$c.expected" ] && { [ -f "$c.okr" ] || [ -d "$c" ]; }; then : > "$c.expected"; fi ;;
            grade/*) c=tests/grade/$c
                     if [ -f "$c/args" ] && [ ! -e "$c/expected.json" ]; then : > "$c/expected.json"; fi ;;
            diff/*) c=tests/diff/$c
                    if [ -f "$c/args" ] && [ -z "$(diff_expected "$c")" ]; then : > "$c/$(diff_new_expected "$c")"; fi ;;
        esac
    done
}

run_golden() {
    local build=$1 case expected actual target extra
    while IFS= read -r expected; do
        case=${expected%.expected}
        selected "golden/${case#tests/cases/}" || continue
        if [ -d "$case" ]; then target=$case; elif [ -f "$case.okr" ]; then target=$case.okr; else
            echo "--- FAIL $expected: no $case.okr or $case/"; record "$expected" 1; continue
        fi
        local args=(check --color=never)
        [ -f "$case.args" ] && read -r -a extra < "$case.args" && args+=("${extra[@]}")
        actual=$("$build/okrc" "${args[@]}" "$target" 2>&1; echo "exit: $?")
        compare golden "$expected" "$actual" "$build" 80
    done < <(find tests/cases -name '*.expected' | sort)
}

# grade_in_scratch BUILD DIR ARGS...: okrc grade from a scratch copy of DIR
# (and of the other repository files ARGS name) in which each library of
# DIR/system-libs links to the one okrc loads.
grade_in_scratch() {
    local build=$1 dir=${2%/} okrc scratch lib path a
    shift 2
    okrc=$(realpath "$build/okrc")
    scratch=$(mktemp -d /tmp/okrc-grade.XXXXXX)
    mkdir -p "$scratch/$dir"
    cp -R "$dir/." "$scratch/$dir/"
    while read -r lib; do
        [ -n "$lib" ] || continue
        path=$(ldd "$okrc" | awk -v lib="$lib" '$1 == lib { print $3 }')
        [ -n "$path" ] && ln -s "$path" "$scratch/$dir/$lib"
    done < "$dir/system-libs"
    for a in "$@"; do
        if [ -e "$a" ] && [ ! -e "$scratch/$a" ]; then
            mkdir -p "$scratch/$(dirname "$a")"; cp -R "$a" "$scratch/$a"
        fi
    done
    (cd "$scratch" && "$okrc" grade --format json --color=never "$@" 2>&1; echo "exit: $?")
    rm -rf "$scratch"
}

run_grade_golden() {
    local build=$1 dir expected actual args
    for dir in tests/grade/*/; do
        [ -f "$dir/args" ] || continue
        selected "grade/$(basename "$dir")" || continue
        expected=$dir/expected.json
        read -r -a args < "$dir/args"
        if [ -f "$dir/system-libs" ]; then
            actual=$(grade_in_scratch "$build" "$dir" "${args[@]}")
        else
            actual=$("$build/okrc" grade --format json --color=never "${args[@]}" 2>&1; echo "exit: $?")
        fi
        compare "grade golden" "$expected" "$actual" "$build" 60
    done
}

# diff_expected DIR: the expected file of a diff case, if there is one.
diff_expected() {
    local f
    for f in "$1"/expected.txt "$1"/expected.json "$1"/expected.md; do
        [ -f "$f" ] && { echo "$f"; return; }
    done
}

# diff_new_expected DIR: the expected file's name for a new case, from the
# --format of its args.
diff_new_expected() {
    case " $(cat "$1/args") " in
        *" --format json "*|*" --format=json "*) echo expected.json ;;
        *" --format markdown "*|*" --format=markdown "*) echo expected.md ;;
        *) echo expected.txt ;;
    esac
}

run_diff_golden() {
    local build=$1 dir expected actual args
    for dir in tests/diff/*/; do
        dir=${dir%/}
        [ -f "$dir/args" ] || continue
        selected "diff/$(basename "$dir")" || continue
        expected=$(diff_expected "$dir")
        if [ -z "$expected" ]; then
            echo "--- FAIL $dir: no expected.txt, expected.json or expected.md"; record "$dir" 1; continue
        fi
        read -r -a args < "$dir/args"
        actual=$("$build/okrc" diff "${args[@]}" "$dir/old" "$dir/new" 2>&1; echo "exit: $?")
        compare "diff golden" "$expected" "$actual" "$build" 60
    done
}

run_cli() {
    local build=$1 script line
    for script in tests/cli/test_*.sh; do
        [ -f "$script" ] || continue
        selected "cli/$(basename "$script" .sh)" || continue
        while IFS= read -r line; do
            case $line in
                "ok "*) record "${line#ok }" 0 ;;
                "not ok "*) record "$build: ${line#not ok }" 1; echo "--- FAIL cli $line" ;;
                # The script itself went wrong (a helper it calls is
                # missing): its remaining checks silently did not run.
                "tests/cli/"*": command not found" | "tests/cli/"*": syntax error"*)
                    record "$build: $(basename "$script"): $line" 1; echo "--- FAIL cli $line" ;;
                *) echo "    $line" ;;
            esac
        done < <(OKRC="$build/okrc" BUILD="$build" OKR_TEST_BUILD="$build" bash "$script" 2>&1)
    done
}

only() { [ -z "${ONLY:-}" ] || [ "$ONLY" = "$1" ]; }

new_cases
for build in "${builds[@]}"; do
    if [ ! -x "$build/okrc" ]; then
        echo "--- FAIL $build/okrc is not built"
        record "$build/okrc" 1
        continue
    fi
    echo "== $build"
    only unit && run_unit "$build"
    only golden && run_golden "$build"
    only golden && run_grade_golden "$build"
    only golden && run_diff_golden "$build"
    only cli && run_cli "$build"
done

for p in "${patterns[@]}"; do
    if [ -z "${hits[$p]:-}" ]; then
        echo "--- FAIL no test matches T=$p${ONLY:+ with ONLY=$ONLY} (name paths: unit/BINARY[/TEST], golden/DIR[/NAME], grade/NAME, diff/NAME, cli/SCRIPT)"
        record "T=$p" 1
    fi
done

if [ "$fail" -gt 0 ]; then
    echo "Failed:"
    printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
