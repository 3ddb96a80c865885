#!/usr/bin/env bash
# test_cli.sh: the okrc command line as a user meets it: exit statuses,
# options, help, explain, output formats, hostile input, and the promise
# that okrc never writes to the files it checks. Prints "ok NAME" or
# "not ok NAME" per check (tests/run.sh counts them). Needs $OKRC.
set -u
OKRC=${OKRC:-build/okrc}
T=$(mktemp -d /tmp/okrc-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"


good=tests/cases/good/onboarding.okr

# --- commands, help and usage errors
expect "version" 0 '^okrc [0-9]+\.[0-9]+\.[0-9]+$' "$OKRC" --version
expect "help" 0 'usage: okrc <command>' "$OKRC" --help
expect "help check" 0 'usage: okrc check' "$OKRC" help check
expect "check --help" 0 '--format FORMAT' "$OKRC" check --help
expect "help unknown" 2 "no help for unknown command 'nope'" "$OKRC" help nope
expect "no command" 2 'usage: okrc' "$OKRC"
expect "unknown command" 2 "unknown command 'frobnicate'" "$OKRC" frobnicate
expect "unknown option" 2 "unknown option '--frob'" "$OKRC" check --frob "$good"
expect "bad format" 2 'format takes text, json, sarif, github or gitlab' "$OKRC" check --format xml "$good"
expect "format without value" 2 'format takes' "$OKRC" check "$good" --format
expect "bad color" 2 'color takes auto, always or never' "$OKRC" check --color=sometimes "$good"
expect "missing file" 2 "cannot read 'nope.okr': No such file" "$OKRC" check nope.okr
mkdir -p "$T/empty"
expect "dir without okr files" 2 "no .okr files in" "$OKRC" check "$T/empty"
expect "missing policy" 2 "cannot read policy" "$OKRC" check --policy "$T/nope.policy" "$good"
expect "policy and no-policy" 2 'exclude each other' "$OKRC" check --policy x --no-policy "$good"
expect "compile needs emit" 2 'compile needs --emit json' "$OKRC" compile "$good"
expect "compile rejects check options" 2 '--format and --werror belong to check' "$OKRC" compile --emit json --format sarif "$good"
expect "explain unsuppressible" 0 'cannot be suppressed' "$OKRC" explain OKR004
expect "explain suppressible" 0 'okrc:allow OKR301' "$OKRC" explain OKR301
printf 'policy {\n  severity OKR106 off\n  severity OKR703 off\n}\n' > "$T/names.policy"
expect "policy cannot hide name errors" 1 'severity of OKR106 cannot be changed' "$OKRC" check --policy "$T/names.policy" "$good"
{ printf 'policy {\n'; head -c 1100000 /dev/zero | tr '\0' ' '; printf '}\n'; } > "$T/big.policy"
expect "policy over 1 MiB" 1 'policy file is larger than the limit of 1024 KiB; not read \[OKR007\]' "$OKRC" check --policy "$T/big.policy" "$good"

# --- explain
expect "explain code" 0 'OKR301 \(task-key-result\)' "$OKRC" explain OKR301
expect "explain slug" 0 'broken-product test' "$OKRC" explain task-key-result
expect "explain lowercase" 0 'OKR204' "$OKRC" explain okr204
expect "explain list" 0 'OKR505 +error +counter-on-key-result-metric' "$OKRC" explain
expect "explain unknown" 2 "unknown diagnostic code 'OKR999'" "$OKRC" explain OKR999
expect "explain number" 0 'OKR301 \(task-key-result\)' "$OKRC" explain 301
expect "explain example" 0 'kr "Launch in-app messaging by September 15"' "$OKRC" explain OKR301
expect "explain fix" 0 '^Fix: move the task to the roadmap' "$OKRC" explain okr301
expect "explain suggests code" 2 "unknown diagnostic code 'OKR3O1'; did you mean 'OKR301'\?" "$OKRC" explain OKR3O1
expect "explain suggests slug" 2 "did you mean 'task-key-result'\?" "$OKRC" explain task-key-reslt
expect "explain unknown number" 2 "unknown diagnostic code '30'" "$OKRC" explain 30
# Every code whose section in spec.md has an example shows it in explain.
no_example=()
for code in $("$OKRC" explain | awk '{ print $1 }'); do
    awk -v c="$code" '$1 == "###" { inside = ($2 == c) } inside && /^```/ { found = 1 } END { exit !found }' \
        spec.md || continue
    "$OKRC" explain "$code" | grep -q '^Example (spec.md' || no_example+=("$code")
done
if [ ${#no_example[@]} -eq 0 ]; then echo "ok explain shows every code's example"
else echo "not ok explain shows every code's example (missing: ${no_example[*]})"; fi

# --- exit statuses
expect "good file exits 0" 0 'no problems in 1 file' "$OKRC" check "$good"
expect "errors exit 1" 1 'error: .*\[OKR301\]' "$OKRC" check tests/cases/task_style/task_krs.okr
expect "warnings exit 0" 0 'warning' "$OKRC" check tests/cases/shape/warnings_only.okr
expect "werror exits 1 on warnings" 1 'warning' "$OKRC" check --werror tests/cases/shape/warnings_only.okr
expect "directory recursion" 1 'okrc: .* in [0-9]+ files' "$OKRC" check examples/okrs
expect "double dash" 0 'no problems' "$OKRC" check -- "$good"

# --- formats
out="$T/out.json"
"$OKRC" check --format json -o "$out" tests/cases/task_style/task_krs.okr
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
if (d.version !== 1 || !d.diagnostics.length) process.exit(1);
const x = d.diagnostics[0];
for (const k of ["code","severity","message","file","line","column","end_line","end_column","help"]) if (!(k in x)) process.exit(2);
if (d.summary.errors < 1) process.exit(3);
' "$out" && echo "ok json format" || echo "not ok json format"

"$OKRC" check --format sarif -o "$T/out.sarif" examples/okrs
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
const run = d.runs[0];
if (d.version !== "2.1.0" || !run.results.length) process.exit(1);
for (const r of run.results) if (run.tool.driver.rules[r.ruleIndex].id !== r.ruleId) process.exit(2);
' "$T/out.sarif" && echo "ok sarif format" || echo "not ok sarif format"
if [ "${OKRC_SKIP_SARIF_VALIDATOR:-}" = 1 ]; then
    echo "ok sarif validator (skipped by OKRC_SKIP_SARIF_VALIDATOR)"
elif out=$(bash tests/sarif/validate.sh "$T/out.sarif" 2>&1); then
    echo "ok sarif accepted by sarif-multitool"
else
    echo "not ok sarif accepted by sarif-multitool"
    printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
fi
expect "github format" 1 '^::error file=tests/cases/task_style/task_krs.okr,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,title=OKR301' \
    "$OKRC" check --format github tests/cases/task_style/task_krs.okr
expect "color always" 1 $'\e\\[' "$OKRC" check --color=always tests/cases/task_style/task_krs.okr
if "$OKRC" check --color=auto tests/cases/task_style/task_krs.okr | grep -q $'\e'; then
    echo "not ok color auto off when piped"; else echo "ok color auto off when piped"; fi
if NO_COLOR=1 "$OKRC" check --color=auto tests/cases/task_style/task_krs.okr | grep -q $'\e'; then
    echo "not ok NO_COLOR"; else echo "ok NO_COLOR"; fi

# --- compile
"$OKRC" compile --emit json -o "$T/prog.json" examples/okrs/company.okr examples/okrs/growth examples/okrs/ai > "$T/compile.log" 2>&1
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
const growth = d.teams.find(t => t.name === "growth");
if (!growth || !d.alignment.length || !d.cycles.length) process.exit(1);
const kr = growth.objectives.flatMap(o => o.key_results).find(k => k.target && k.target.unit === "seconds");
if (!kr) process.exit(2);
' "$T/prog.json" && echo "ok compile json" || { echo "not ok compile json"; sed 's/^/    /' "$T/compile.log" | head; }
expect "compile refuses errors" 1 'not compiled' "$OKRC" compile --emit json examples/okrs
cat > "$T/bindings.okr" <<'EOF'
team lab "Lab"
native warehouse "lib/libwarehouse.so" "okr_metric_value" (metric, day) : int
metric signups "Sign-ups" : count increasing aggregate sum over 36h lag 1d
metric visits "Visits" : count increasing aggregate mean source "web.visits"
metric active "Active teams" : count increasing via warehouse
metric sales_cycle "Days from first call to a signed deal" : duration decreasing source "crm.cycle" unit d
EOF
"$OKRC" compile --emit json -o "$T/bindings.json" "$T/bindings.okr" > "$T/compile.log" 2>&1
json_check "compile json feed bindings" "$T/bindings.json" '(() => {
  const m = Object.fromEntries(d.teams[0].metrics.map(x => [x.name, x]));
  const s = m.signups, v = m.visits, a = m.active, c = m.sales_cycle;
  return s.aggregate === "sum" && s.window_days === 2 && s.window_is_whole_cycle === false && s.lag_days === 1
    && s.source === null && s.via === null && s.native === null
    && v.aggregate === "mean" && v.window_days === null && v.window_is_whole_cycle === true && v.lag_days === 0
    && v.source === "web.visits"
    && a.aggregate === "latest" && a.window_days === null && a.window_is_whole_cycle === false
    && a.via === "warehouse" && a.native.name === "warehouse" && a.native.library === "lib/libwarehouse.so"
    && a.native.symbol === "okr_metric_value" && a.native.params.join() === "metric,day"
    && a.native.result === "int" && a.native.defined_at.line === 2
    && s.feed_unit === null && s.feed_factor === 1 && c.feed_unit === "d" && c.feed_factor === 86400
    && Object.keys(s).join() === "name,qualified,description,type,unit,direction,operational,aggregate,window_days,window_is_whole_cycle,lag_days,source,via,native,feed_unit,feed_factor,defined_at";
})()'

# --- hostile input: each gets a diagnostic and exit 1, never a crash
printf 'team t "\xff\xfe"\n' > "$T/bad-utf8.okr"
expect "invalid utf-8" 1 'invalid UTF-8 byte 0xFF \[OKR003\]' "$OKRC" check "$T/bad-utf8.okr"
printf 'team t\0\0\0' > "$T/nul.okr"
expect "nul bytes" 1 'binary: NUL byte at offset 6 \[OKR006\]' "$OKRC" check "$T/nul.okr"
head -c 4096 /dev/urandom > "$T/random.okr"
expect "random binary" 1 'OKR00[36]' "$OKRC" check "$T/random.okr"
: > "$T/empty.okr"
expect "empty file" 0 'file is empty \[OKR008\]' "$OKRC" check "$T/empty.okr"
# An empty okr.policy (or one of comments only) marks a project root and
# means the defaults: it is not an empty program file.
mkdir -p "$T/emptypolicy"
: > "$T/emptypolicy/okr.policy"
printf 'team t "T"\n' > "$T/emptypolicy/t.okr"
out=$("$OKRC" check "$T/emptypolicy/t.okr" 2>&1)
if ! grep -q OKR008 <<<"$out"; then echo "ok empty okr.policy is the defaults: no OKR008"; else
    echo "not ok empty okr.policy is the defaults: no OKR008"; printf '%s\n' "$out" | head -5 | sed 's/^/    /'; fi
printf '// defaults for now\n' > "$T/emptypolicy/okr.policy"
out=$("$OKRC" check "$T/emptypolicy/t.okr" 2>&1)
if ! grep -q OKR008 <<<"$out"; then echo "ok comment-only okr.policy: no OKR008"; else
    echo "not ok comment-only okr.policy: no OKR008"; fi
{ printf 'team t\n// '; head -c 100000000 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$T/long-line.okr"
expect "100 MB line" 1 'limit of 64 MiB.*\[OKR007\]' "$OKRC" check "$T/long-line.okr"
{ printf 'team t\n// '; head -c 70000 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$T/long-comment.okr"
expect "line over 64 KiB" 1 'line is longer than 65536 bytes \[OKR007\]' "$OKRC" check "$T/long-comment.okr"
{ printf 'team t\ncycle 2026-Q3\n'; head -c 10000 /dev/zero | tr '\0' '{'; head -c 10000 /dev/zero | tr '\0' '}'; } > "$T/braces.okr"
expect "10000 nested braces" 1 "unexpected '\{'" "$OKRC" check "$T/braces.okr"
printf 'team t\ncycle 2026-Q3\nmetric m "M" : count increasing\ncommitted objective o "x" { kr a : m at least 99999999999999999999999999\n kr b : m at most 1e999 }\n' > "$T/overflow.okr"
expect "number overflow" 1 'out of range \[OKR005\]' "$OKRC" check "$T/overflow.okr"
{ printf 'team t\n'; for i in $(seq 1 300); do printf '#\n'; done; } > "$T/many.okr"
expect "diagnostic cap" 1 '200 more in this file not shown \[OKR009\]' "$OKRC" check "$T/many.okr"
long_ident=$(head -c 300 /dev/zero | tr '\0' 'a')
printf 'team %s\n' "$long_ident" > "$T/ident.okr"
expect "identifier limit" 1 'identifier is 300 bytes long; the limit is 128 \[OKR007\]' "$OKRC" check "$T/ident.okr"
expect "directory as file" 2 "cannot read" "$OKRC" check --policy "$T/empty" "$good"

# --- okrc never writes to what it checks
cp -r examples/okrs "$T/ro"
before=$(find "$T/ro" -type f -exec stat -c '%n %s %Y' {} + | sort; find "$T/ro" -type f -exec sha256sum {} + | sort)
"$OKRC" check "$T/ro" > /dev/null 2>&1
"$OKRC" check --format sarif "$T/ro" > /dev/null 2>&1
after=$(find "$T/ro" -type f -exec stat -c '%n %s %Y' {} + | sort; find "$T/ro" -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] && [ "$(find "$T/ro" -type f | wc -l)" = "$(find examples/okrs -type f | wc -l)" ] \
    && echo "ok check writes nothing" || echo "not ok check writes nothing"
chmod -R a-w "$T/ro"
expect "read-only tree" 1 '' "$OKRC" check "$T/ro"
chmod -R u+w "$T/ro"

# --- the repository's own OKR files are in the canonical layout
expect "fmt --check passes on examples and stdlib" 0 '' "$OKRC" fmt --check examples stdlib

# --- past 10,000 findings in a file, findings are counted, not stored
{ printf 'team t\n'; head -c 200000 /dev/zero | tr '\0' '\n' | sed 's/^/#/'; } > "$T/flood.okr"
expect "diagnostics beyond the storage cap are counted" 1 '199900 more in this file not shown.*200000 errors, 0 warnings, 1 note' \
    bash -c "set -o pipefail; \"$OKRC\" check --color=never \"$T/flood.okr\" | tail -8 | tr '\n' ' '"
