#!/usr/bin/env bash
# test_import.sh: `okrc import` (spec.md, "okrc import"). One "ok NAME" /
# "not ok NAME" line per check:
#   1. each fixture tests/import/NAME.{md,yaml,csv} (NAME.args: extra
#      options) imports with exit 0; the output equals the golden
#      tests/import/NAME.okr (UPDATE=1 re-blesses it), parses (`okrc check`
#      reports no OKR0xx), and `okrc fmt --check` accepts it unchanged;
#   2. each key result's task-style verdict from `okrc check --format json`
#      matches NAME.labels, one line per key result in order, "LABEL<TAB>TITLE":
#      task (OKR301 or OKR304 on its line), vague (OKR302 or OKR303) or
#      outcome (neither); the tally is printed, and the test fails below
#      MIN_MATCH of them;
#   3. tests/import/errors/NAME.*: input that cannot be imported; stderr,
#      stdout and the exit status equal NAME.expected (UPDATE=1 re-blesses);
#   4. usage and I/O: -o never overwrites the input, writes atomically, an
#      unknown --from, a format that cannot be told, libyaml missing.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=${OKRC:-build/okrc}
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
work=$(mktemp -d /tmp/okrc-import.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
# The share of labelled key results whose verdict must match.
MIN_MATCH_PERCENT=85

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -30 | sed 's/^/    /'; }

# verdict CODES: the label a key result's codes give.
verdict() {
    case " $1 " in
        *" OKR301 "* | *" OKR304 "*) echo task ;;
        *" OKR302 "* | *" OKR303 "*) echo vague ;;
        *) echo outcome ;;
    esac
}

total=0
matched=0
mismatches=
for input in tests/import/*.md tests/import/*.yaml tests/import/*.csv; do
    [ -f "$input" ] || continue
    name=${input%.*}
    base=$(basename "$name")
    args=()
    [ -f "$name.args" ] && read -r -a args < "$name.args"
    out=$work/$base.okr
    err=$("$OKRC" import "${args[@]}" "$input" -o "$out" 2>&1)
    status=$?
    if [ $status -ne 0 ]; then
        not_ok "import $base (exit $status)" "$err"
        continue
    fi
    [ "${UPDATE:-}" = 1 ] && [ "${BUILD:-build}" = build ] && cp "$out" "$name.okr"
    if diff -u "$name.okr" "$out" > "$work/diff"; then ok "import $base matches $name.okr"
    else not_ok "import $base matches $name.okr (UPDATE=1 re-blesses)" "$(cat "$work/diff")"; fi
    "$OKRC" check --no-project --no-policy --format json "$out" > "$work/$base.json" 2>&1
    status=$?
    syntax=$(jq -r '[.diagnostics[].code | select(startswith("OKR0"))] | join(" ")' "$work/$base.json" 2>&1)
    if [ $status -le 1 ] && [ -z "$syntax" ]; then ok "import $base output parses"
    else not_ok "import $base output parses (check exit $status; $syntax)" "$(head -40 "$work/$base.json")"; fi
    fmt=$("$OKRC" fmt --check "$out" 2>&1)
    status=$?
    if [ $status -eq 0 ] && [ -z "$fmt" ]; then ok "import $base output is formatted"
    else not_ok "import $base output is formatted (fmt --check exit $status)" "$fmt"; fi

    # verdicts: the kr lines of the output, in order, against the labels
    mapfile -t kr_lines < <(grep -n '^  kr ' "$out" | cut -d: -f1)
    mapfile -t labels < "$name.labels"
    if [ ${#kr_lines[@]} -ne ${#labels[@]} ]; then
        not_ok "import $base has one key result per label (${#kr_lines[@]} key results, ${#labels[@]} labels)"
        continue
    fi
    for i in "${!kr_lines[@]}"; do
        line=${kr_lines[$i]}
        want=${labels[$i]%%$'\t'*}
        title=${labels[$i]#*$'\t'}
        if ! sed -n "${line}p" "$out" | grep -qF -- "$title"; then
            not_ok "import $base key result $((i + 1)) is \"$title\"" "$(sed -n "${line}p" "$out")"
            continue
        fi
        codes=$(jq -r --argjson l "$line" '[.diagnostics[] | select(.line == $l) | .code] | join(" ")' "$work/$base.json")
        got=$(verdict "$codes")
        total=$((total + 1))
        if [ "$got" = "$want" ]; then matched=$((matched + 1))
        else mismatches+="$base: \"$title\": labelled $want, okrc check says $got (${codes:-no finding})"$'\n'; fi
    done
done
echo "import verdicts: $matched of $total key results match their labels"
[ -z "$mismatches" ] || printf '%s' "$mismatches" | sed 's/^/    mismatch: /'
if [ "$total" -ge 40 ] && [ $((matched * 100)) -ge $((total * MIN_MATCH_PERCENT)) ]; then
    ok "import verdicts match the labels ($matched of $total; at least $MIN_MATCH_PERCENT% and 40 key results needed)"
else
    not_ok "import verdicts match the labels ($matched of $total; at least $MIN_MATCH_PERCENT% and 40 key results needed)"
fi

# ---- 3. inputs that cannot be imported
for input in tests/import/errors/*; do
    case $input in *.expected) continue ;; esac
    expected=${input%.*}.expected
    actual=$("$OKRC" import "$input" 2>&1; echo "exit: $?")
    [ "${UPDATE:-}" = 1 ] && [ "${BUILD:-build}" = build ] && printf '%s\n' "$actual" > "$expected"
    if diff -u "$expected" <(printf '%s\n' "$actual") > "$work/diff"; then ok "import error $(basename "$input")"
    else not_ok "import error $(basename "$input") (UPDATE=1 re-blesses)" "$(cat "$work/diff")"; fi
done

# ---- 4. usage and I/O
cp tests/import/md_headings.md "$work/in.md"
expect "import -o refuses to overwrite the input" 2 "output '.*in.md' is one of the inputs" \
    "$OKRC" import "$work/in.md" -o "$work/in.md"
if cmp -s tests/import/md_headings.md "$work/in.md"; then ok "import -o left the input as it was"
else not_ok "import -o left the input as it was"; fi
ln -s in.md "$work/link.md"
expect "import -o refuses a link to the input" 2 "is one of the inputs" "$OKRC" import "$work/in.md" -o "$work/link.md"
"$OKRC" import "$work/in.md" > "$work/stdout.okr"
"$OKRC" import "$work/in.md" -o "$work/written.okr"
if cmp -s "$work/stdout.okr" "$work/written.okr" && [ -z "$(find "$work" -name 'written.okr.*')" ]; then
    ok "import -o writes what standard output gets, and no temporary file is left"
else
    not_ok "import -o writes what standard output gets, and no temporary file is left"
fi
expect "import --from names an unknown format" 2 "unknown format 'xlsx'" "$OKRC" import --from xlsx "$work/in.md"
printf 'just some words\n' > "$work/notes.txt"
expect "import of a file whose format cannot be told is a usage error" 2 "name it with --from" \
    "$OKRC" import "$work/notes.txt"
expect "import --from reads a file of any name" 0 '^objective ' "$OKRC" import --from markdown --cycle 2026-Q3 "$work/in.md"
expect "import without FILE is a usage error" 2 "needs the FILE" "$OKRC" import
expect "import of a missing file is an I/O error" 2 "cannot read '.*missing.md'" "$OKRC" import "$work/missing.md"
expect "import --cycle must be a quarter" 2 "is not a quarter" "$OKRC" import --cycle 2026-Q5 "$work/in.md"
expect "import of a FIFO is refused" 2 "not a regular file" "$OKRC" import /dev/zero
expect "import without libyaml names the package" 2 'help: .*apt-get install libyaml-0-2' \
    env OKRC_LIBYAML=/nonexistent/libyaml.so "$OKRC" import tests/import/yaml_okrchestra.yaml
expect "import help" 0 'usage: okrc import' "$OKRC" help import

# ---- 5. robustness: whatever the input says, the output parses
# Numbers as people write them, including tiny and long ones (a decimal
# point was once read from uninitialised memory), quotes, backslashes,
# names that sanitise to nothing or to a keyword, and a title over the
# string limit.
long=$(printf 'word %.0s' $(seq 1 400))
{
    echo '# Stress OKRs Q3 2026'
    echo '## Objective: !!!'
    echo '- Reduce error rate from 0.0000001% to 0.00000001%'
    echo '- Raise revenue from 123456789012.123456 to 223456789012.5'
    echo '- Grow "quoted" \ backslashed sign-ups from 1,200 to 1.5k'
    echo '- Cut latency to under 300ms'
    echo '- Metric from 3 days to 40%'
    echo "- Raise $long from 1 to 2"
    echo '- KR:'
    echo '## Objective: objective'
    echo '- Keep cycle time at most 2d'
    echo '- Keep cycle time at most 2d'
    echo '## Objective: objective'
    echo '- Increase kr by 5 points'
} > "$work/stress.md"
"$OKRC" import "$work/stress.md" -o "$work/stress.okr" 2>&1
"$OKRC" check --no-project --no-policy --format json "$work/stress.okr" > "$work/stress.json"
syntax=$(jq -r '[.diagnostics[].code | select(startswith("OKR0"))] | join(" ")' "$work/stress.json")
if [ -z "$syntax" ] && grep -q 'from 0.0000001% to 0.00000001%' "$work/stress.okr" &&
   grep -q 'from 1200 to 1500$' "$work/stress.okr"; then
    ok "import stress: numbers as written, odd names and long titles give a file that parses"
else
    not_ok "import stress: numbers as written, odd names and long titles give a file that parses ($syntax)" \
        "$(cat "$work/stress.okr")"
fi

# Random inputs of each format, from a fixed seed: each imports (exit 0) or
# is refused with a finding (exit 1), and what is written parses and is
# formatted.
RANDOM=14
words=(Raise Reduce Launch from to by under "at least" 40% 70% 2s 3 days 1,500 '$9' Objective: KR1: '|' '-'
       '*' '1.' '#' '"' ',' ':' 'key_results:' 'objectives:' '- description:' okrc:allow cycle team kr objective)
bad=
for i in $(seq 1 60); do
    ext=(md csv yaml)
    f=$work/random$i.${ext[$((i % 3))]}
    : > "$f"
    for _ in $(seq 1 $((RANDOM % 30 + 1))); do
        line=
        for _ in $(seq 1 $((RANDOM % 8 + 1))); do line+="${words[$((RANDOM % ${#words[@]}))]} "; done
        printf '%*s%s\n' $((RANDOM % 3 * 2)) '' "$line" >> "$f"
    done
    "$OKRC" import --cycle 2026-Q3 "$f" -o "$f.okr" > "$f.err" 2>&1
    status=$?
    if [ $status -eq 0 ]; then
        "$OKRC" check --no-project --no-policy --format json "$f.okr" > "$f.json" 2>&1
        syntax=$(jq -r '[.diagnostics[].code | select(startswith("OKR0"))] | join(" ")' "$f.json" 2>&1)
        [ -z "$syntax" ] && [ -z "$("$OKRC" fmt --check "$f.okr" 2>&1)" ] || bad+=" $f($syntax)"
    elif [ $status -ne 1 ]; then
        bad+=" $f(exit $status)"
    fi
done
if [ -z "$bad" ]; then ok "import of 60 random inputs: each imports or is refused, and every output parses"
else not_ok "import of 60 random inputs: each imports or is refused, and every output parses" "$bad"; fi

# Many rows: reading stays linear (a repeated objective was once looked up
# among all before it, and each row took room for the rest of the file).
awk 'BEGIN { print "Objective,Key Result"; for (i = 0; i < 150000; i++) printf "Objective %d,Raise metric %d from %d%% to %d%%\n", i / 3, i, i % 90, i % 90 + 5 }' \
    > "$work/many.csv"
if timeout 120 "$OKRC" import --cycle 2026-Q3 "$work/many.csv" -o "$work/many.okr" 2>&1 &&
   [ "$(grep -c '^  kr ' "$work/many.okr")" = 150000 ]; then
    ok "import of a 150000-row CSV finishes in time with every key result"
else
    not_ok "import of a 150000-row CSV finishes in time with every key result"
fi

# libyaml is opened when a YAML file is imported, never linked: every other
# run of okrc does not pay for loading it (runtime/dynlib.h).
if ldd "$OKRC" 2>/dev/null | grep -q libyaml; then not_ok "import okrc is not linked with libyaml" "$(ldd "$OKRC")"
else ok "import okrc is not linked with libyaml"; fi

# YAML aliases can repeat a list of key results without its bytes: past a
# million key results and keys the import stops (OKR852), and quickly.
awk 'BEGIN { print "objectives:\n  - objective: A\n    key_results: &k"
             for (i = 0; i < 1000; i++) print "      - description: Raise x from 1 to 2"
             for (j = 0; j < 3000; j++) printf "  - objective: B%d\n    key_results: *k\n", j }' > "$work/alias.yaml"
expect "import of YAML whose aliases repeat 3 million key results stops with OKR852" 1 'aliases repeat them.*OKR852' \
    timeout 60 "$OKRC" import --cycle 2026-Q3 "$work/alias.yaml"
