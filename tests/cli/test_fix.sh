#!/usr/bin/env bash
# test_fix.sh: `okrc check --fix` and `--fix --diff` as a user meets them
# (spec.md, "okrc check --fix"), with OKR701's fixes (removing an unused
# suppression code, or the whole comment). Applied and idempotent; written
# atomically (a new inode, permissions kept, no temporary file left); a
# read-only file and a file changed meanwhile refused; --diff writes
# nothing; overlapping edits applied over two rounds, identical ones once;
# a file with a syntax error and a file outside the named paths untouched;
# --fix with --format json; and the SARIF of a run with fixes accepted by
# the SARIF validator without a warning (and the unit test's sample log).
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-fix.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

sha() { sha256sum "$1" | cut -d' ' -f1; }
# same NAME FILE EXPECTED_FILE: FILE has exactly the expected text.
same() {
    if cmp -s "$2" "$3"; then
        echo "ok $1"
    else
        echo "not ok $1"
        diff -u "$3" "$2" | head -20 | sed 's/^/    /'
    fi
}
# files DIR N: DIR holds exactly N files (no temporary file left behind).
files() { [ "$(find "$1" -type f | wc -l)" = "$2" ]; }

# Line 7: OKR203 and OKR602 are unused, OKR301 is used. Their two edits
# share the blank between them, so the first round removes OKR203 and the
# second, from a fresh check, OKR602. Line 8: nothing is used, so both
# findings carry the same whole-comment edit, applied once.
write_team() {
    cat > "$1" <<'EOF'
use std.product

cycle 2026-Q3
team u "Team"

aspirational objective a "Make onboarding effortless" {
  kr "Launch the onboarding checklist" // okrc:allow OKR203 OKR602 OKR301 -- milestone
  kr act : d7_activation from 22% to 35% // okrc:allow OKR203, OKR602 -- stale
  // okrc:allow OKR504 -- none yet
  counter churn_rate at most 3%
}
EOF
}
cat > "$T/team.fixed" <<'EOF'
use std.product

cycle 2026-Q3
team u "Team"

aspirational objective a "Make onboarding effortless" {
  kr "Launch the onboarding checklist" // okrc:allow OKR301 -- milestone
  kr act : d7_activation from 22% to 35%
  counter churn_rate at most 3%
}
EOF

# --- applied, atomically
mkdir -p "$T/a"
write_team "$T/a/team.okr"
chmod 640 "$T/a/team.okr"
inode=$(stat -c %i "$T/a/team.okr")
expect "--fix applies the fixes and reports what remains (nothing), exit 0" 0 \
    '^okrc: fixed 5 findings in 1 file$' "$OKRC" check --fix "$T/a/team.okr"
same "--fix: overlapping edits over two rounds, an identical edit once, a whole line removed" \
    "$T/a/team.okr" "$T/team.fixed"
check "--fix replaces the file (a new inode), keeps its permissions, leaves no temporary file" \
    test "$(stat -c %i "$T/a/team.okr")" != "$inode" -a "$(stat -c %a "$T/a/team.okr")" = 640
check "--fix leaves no temporary file" files "$T/a" 1

# --- idempotent
inode=$(stat -c %i "$T/a/team.okr")
expect "a second --fix has nothing to fix, exit 0" 0 '^okrc: nothing to fix$' "$OKRC" check --fix "$T/a/team.okr"
check "a second --fix does not touch the file" test "$(stat -c %i "$T/a/team.okr")" = "$inode"
same "a second --fix changes nothing" "$T/a/team.okr" "$T/team.fixed"

# --- --diff writes nothing
mkdir -p "$T/d"
write_team "$T/d/team.okr"
before=$(sha "$T/d/team.okr")
"$OKRC" check --fix --diff "$T/d/team.okr" > "$T/diff.out" 2> "$T/diff.err"
status=$?
check "--fix --diff exits 1 when a file would change" test "$status" = 1
check "--fix --diff writes nothing" test "$(sha "$T/d/team.okr")" = "$before"
check "--fix --diff leaves no temporary file" files "$T/d" 1
if grep -qxF -- "--- a/$T/d/team.okr" "$T/diff.out" &&
    grep -qxF -- '-  // okrc:allow OKR504 -- none yet' "$T/diff.out" &&
    grep -qxF -- '+  kr act : d7_activation from 22% to 35%' "$T/diff.out" &&
    grep -qxF 'okrc: would fix 5 findings in 1 file' "$T/diff.err"; then
    echo "ok --fix --diff prints a unified diff, the summary on stderr"
else
    echo "not ok --fix --diff prints a unified diff, the summary on stderr"
    sed 's/^/    /' "$T/diff.out" "$T/diff.err" | head -30
fi
# The diff is what --fix writes: patch(1) turns the file into the fixed one.
cp "$T/d/team.okr" "$T/d.patched"
if patch -s "$T/d.patched" < "$T/diff.out" >/dev/null 2>&1; then
    same "--fix --diff is the change --fix makes" "$T/d.patched" "$T/team.fixed"
else
    echo "not ok --fix --diff is the change --fix makes (patch failed)"
fi
rm -f "$T/d.patched"
expect "--fix --diff on a fixed file prints nothing, exit 0" 0 '^okrc: nothing to fix$' \
    "$OKRC" check --fix --diff "$T/a/team.okr"
expect "--diff needs --fix" 2 "write --fix --diff" "$OKRC" check --diff "$T/d/team.okr"
expect "--fix --diff takes no --format" 2 "--format and --output do not apply" \
    "$OKRC" check --fix --diff --format json "$T/d/team.okr"

# --- a read-only file is refused
mkdir -p "$T/ro"
write_team "$T/ro/team.okr"
chmod 0444 "$T/ro/team.okr"
before=$(sha "$T/ro/team.okr")
expect "--fix refuses a read-only file, exit 2" 2 \
    "okrc: error: '$T/ro/team.okr' is read-only; --fix leaves it as it is" "$OKRC" check --fix "$T/ro/team.okr"
check "a read-only file is left as it was, no temporary file" \
    test "$(sha "$T/ro/team.okr")" = "$before" -a "$(find "$T/ro" -type f | wc -l)" = 1
# What remains is reported from the file as it is: its findings are all there.
"$OKRC" check --fix "$T/ro/team.okr" 2>/dev/null | grep -c 'OKR701' > "$T/ro.count"
check "the report after a refused write shows the file's findings" test "$(cat "$T/ro.count")" = 5

# --- a file changed meanwhile is left with the change
mkdir -p "$T/race"
write_team "$T/race/team.okr"
(sleep 0.5; printf '// added meanwhile\n' >> "$T/race/team.okr") &
OKRC_FIX_TEST_PAUSE_MS=2500 "$OKRC" check --fix "$T/race/team.okr" > "$T/race.out" 2>&1
status=$?
wait
if [ "$status" = 2 ] && grep -q "'$T/race/team.okr' changed while it was being fixed; left as it is" "$T/race.out" &&
    [ "$(tail -1 "$T/race/team.okr")" = "// added meanwhile" ] && grep -q 'OKR203 OKR602 OKR301' "$T/race/team.okr" &&
    files "$T/race" 1; then
    echo "ok --fix leaves a file changed while it ran as the change left it, exit 2"
else
    echo "not ok --fix leaves a file changed while it ran as the change left it, exit 2 (exit $status)"
    sed 's/^/    /' "$T/race.out" | head -20
fi

# --- a file with a syntax error is not touched, except to fix that error
mkdir -p "$T/syntax"
cat > "$T/syntax/broken.okr" <<'EOF'
cycle 2026-Q3
team u "Team"
metric m : count increasing

aspirational objective a "Grow the activated accounts" {
  kr k : m from 1 to 2 // okrc:allow OKR203 -- stale
  kr l : m from 1 to
}
EOF
before=$(sha "$T/syntax/broken.okr")
expect "--fix on a file with a syntax error reports it, exit 1" 1 'OKR004' "$OKRC" check --fix "$T/syntax/broken.okr"
check "a file with a syntax error is left as it was" test "$(sha "$T/syntax/broken.okr")" = "$before"

# --- only the files of the named paths change
mkdir -p "$T/two"
write_team "$T/two/one.okr"
write_team "$T/two/other.okr"
sed -i 's/team u /team v /' "$T/two/other.okr"
before=$(sha "$T/two/other.okr")
expect "--fix on one file of a directory" 0 'fixed 5 findings in 1 file' "$OKRC" check --fix "$T/two/one.okr"
check "a file outside the named paths is not touched" test "$(sha "$T/two/other.okr")" = "$before"
expect "--fix on the directory fixes the other file too" 0 'fixed 5 findings in 1 file' "$OKRC" check --fix "$T/two"

# A file named twice is checked twice (spec.md, "Files checked"): each
# check offers the same edits, which are applied once.
mkdir -p "$T/twice"
write_team "$T/twice/team.okr"
expect "--fix on a file named twice fixes the findings of both checks (exit 1: OKR103)" 1 '^okrc: fixed 10 findings in 1 file$' \
    "$OKRC" check --fix "$T/twice/team.okr" "$T/twice/team.okr"
same "--fix on a file named twice applies each edit once" "$T/twice/team.okr" "$T/team.fixed"

# --- --fix with --format json: the JSON of what remains, the summary on stderr
mkdir -p "$T/json"
write_team "$T/json/team.okr"
"$OKRC" check --fix --format json "$T/json/team.okr" > "$T/json.out" 2> "$T/json.err"
status=$?
check "--fix --format json exits 0 when nothing remains" test "$status" = 0
json_check "--fix --format json writes the JSON of what remains" "$T/json.out" \
    'd.version === 1 && d.diagnostics.length === 0 && d.summary.warnings === 0'
check "--fix --format json: the summary goes to stderr" grep -qxF 'okrc: fixed 5 findings in 1 file' "$T/json.err"
same "--fix --format json fixes the file" "$T/json/team.okr" "$T/team.fixed"

# --- the fixes in JSON and SARIF (before fixing)
mkdir -p "$T/fmt"
write_team "$T/fmt/team.okr"
"$OKRC" check --format json "$T/fmt/team.okr" > "$T/fixes.json"
json_check "json: each OKR701 carries a machine-applicable fix with its edits" "$T/fixes.json" \
    'd.diagnostics.length === 5 && d.diagnostics.every(x => x.fixes.length === 1 &&
     x.fixes[0].applicability === "machine-applicable" && x.fixes[0].edits.length === 1 &&
     typeof x.fixes[0].edits[0].byte_start === "number" && x.fixes[0].edits[0].replacement === "")'
"$OKRC" check --format sarif -o "$T/fixes.sarif" "$T/fmt/team.okr"
json_check "sarif: each result carries its fix as artifactChanges/replacements" "$T/fixes.sarif" \
    'd.runs[0].results.length === 5 && d.runs[0].results.every(r => r.fixes.length === 1 &&
     r.fixes[0].artifactChanges[0].replacements[0].deletedRegion.startLine >= 7 &&
     r.fixes[0].properties.applicability === "machine-applicable")'
if [ "${OKRC_SKIP_SARIF_VALIDATOR:-}" = 1 ]; then
    echo "ok sarif with fixes: validator (skipped by OKRC_SKIP_SARIF_VALIDATOR)"
elif out=$(bash tests/sarif/validate.sh --strict "$T/fixes.sarif" 2>&1); then
    echo "ok sarif with fixes: 0 errors and 0 warnings from sarif-multitool"
else
    echo "not ok sarif with fixes: 0 errors and 0 warnings from sarif-multitool"
    printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
fi
# In a project (okr.policy at its root) a file named is fixed and reported
# alone: the sibling it aligns to is context, and its findings stay out of
# the report after the fixes too (a regression: the re-check after --fix
# read the siblings as checked files).
mkdir -p "$T/p/okrs"
: >"$T/p/okr.policy"
printf 'cycle 2026-Q3\nteam company "Company"\n\ncommitted objective grow "Grow revenue efficiently" {\n  kr a : nosuchmetric at least 3\n  kr b : nosuchmetric2 at least 3\n}\n' >"$T/p/okrs/company.okr"
printf 'cycle 2026Q3\nteam sales "Sales"\n\nmetric win_rate "Share of qualified opportunities won" : percent increasing\nmetric deals "Deals won in a quarter" : count increasing\n\ncommitted objective win "Win more of the deals we qualify" {\n  aligns company.grow\n  kr won : win_rat from 22%% to 30%%\n  kr more : deals from 40 to 55\n}\n' >"$T/p/okrs/sales.okr"
cp "$T/p/okrs/company.okr" "$T/p/company.before"
expect "--fix in a project: the sibling's findings are not reported before the fix" 1 "sales.okr:1:7" \
    "$OKRC" check "$T/p/okrs/sales.okr"
out=$("$OKRC" check --fix "$T/p/okrs/sales.okr" 2>&1)
rc=$?
if [ "$rc" = 0 ] && ! grep -q "company.okr" <<<"$out" && grep -q "fixed 2 findings in 1 file" <<<"$out"; then
    echo "ok --fix in a project: fixes the file named, reports it alone after the fixes, exit 0"
else
    echo "not ok --fix in a project: fixes the file named, reports it alone after the fixes, exit 0 (exit $rc)"
    printf '%s\n' "$out" | head -20 | sed 's/^/    /'
fi
same "--fix in a project leaves the sibling alone" "$T/p/okrs/company.okr" "$T/p/company.before"

# The renderers' unit test writes a sample log whose fixes replace, insert
# (an empty deleted region) and delete (no inserted content): all valid too.
sample_bin=$(dirname "$OKRC")/tests/test_render
if [ "${OKRC_SKIP_SARIF_VALIDATOR:-}" = 1 ]; then
    echo "ok sarif sample with every kind of edit: validator (skipped by OKRC_SKIP_SARIF_VALIDATOR)"
elif [ ! -x "$sample_bin" ]; then
    echo "not ok sarif sample with every kind of edit ($sample_bin is not built: make unit-bin)"
elif OKR_UNIT_FILTER=test_sarif OKR_SARIF_OUT="$T/sample.sarif" "$sample_bin" >/dev/null 2>&1 &&
    out=$(bash tests/sarif/validate.sh --strict "$T/sample.sarif" 2>&1); then
    echo "ok sarif sample with every kind of edit: 0 errors and 0 warnings from sarif-multitool"
else
    echo "not ok sarif sample with every kind of edit: 0 errors and 0 warnings from sarif-multitool"
    printf '%s\n' "${out:-}" | tail -20 | sed 's/^/    /'
fi
