#!/usr/bin/env bash
# test_check_checkins.sh: `okrc check --checkins FILE` validates owners'
# check-ins against the checked program as grade reads them (spec.md,
# "Human check-ins", "Validating in CI"): good check-ins pass, every bad
# row is an error at FILE:LINE in the same report as the program's
# findings (text, JSON, SARIF), the policy's severities apply, and a file
# that cannot be read or lacks a column exits 2. Prints "ok NAME" / "not ok
# NAME" (tests/run.sh counts them). Run from the repository root.
set -u
OKRC=${OKRC:-build/okrc}
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/okrc-check-checkins.XXXXXX)
trap 'rm -rf "$T"' EXIT
G=tests/grade/checkin_invalid
D=tests/grade/checkin_disagree

expect "check --checkins: good check-ins pass" 0 'okrc: 0 errors' \
    "$OKRC" check --no-policy "$D/team.okr" --checkins "$D/checkins.csv"
expect "check --checkins: an unknown key result is OKR930 at its line, with did you mean" 1 \
    "checkins.csv:3:1: error: no key result 'ops.signups.vistors' \[OKR930\]" \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$G/checkins.csv"
expect "check --checkins: every bad row is listed (16 errors)" 1 'okrc: 16 errors' \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$G/checkins.csv"
expect "check --checkins: the program's own findings stay in the report" 1 'OKR504' \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$G/checkins.csv"
expect "check --checkins: --strict-feeds is not an option of check" 2 'unknown option' \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$G/checkins.csv" --strict-feeds

"$OKRC" check --no-policy --format json "$G/team.okr" --checkins "$G/checkins.csv" > "$T/out.json"
json_check "check --checkins --format json: one document with both files' findings" "$T/out.json" \
    "d.summary.errors === 16 && d.diagnostics.some(x => x.code === 'OKR931' && x.file.endsWith('checkins.csv') && x.line === 5) && d.diagnostics.some(x => x.code === 'OKR504')"
"$OKRC" check --no-policy --format sarif "$G/team.okr" --checkins "$G/checkins.csv" > "$T/out.sarif"
json_check "check --checkins --format sarif: the check-in findings are results" "$T/out.sarif" \
    "d.runs[0].results.filter(r => r.ruleId === 'OKR933').length === 1"

printf 'policy {\n  severity OKR931 off\n}\n' > "$T/okr.policy"
expect "check --checkins: the policy turns a check-in code off" 1 'okrc: 11 errors' \
    "$OKRC" check --policy "$T/okr.policy" "$G/team.okr" --checkins "$G/checkins.csv"

printf 'kr,day,confidence\n' > "$T/nodate.csv"
expect "check --checkins: a file without the date column exits 2 (OKR902)" 2 'OKR902' \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$T/nodate.csv"
expect "check --checkins: a missing file exits 2 (OKR901)" 2 "cannot read check-in file '$T/missing.csv'" \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$T/missing.csv"
expect "check --checkins: the option needs a file" 2 'needs a file' \
    "$OKRC" check --no-policy "$G/team.okr" --checkins
cp "$G/checkins.csv" "$T/in.csv"
expect "check --checkins: -o never overwrites a check-in file" 2 '' \
    "$OKRC" check --no-policy "$G/team.okr" --checkins "$T/in.csv" -o "$T/in.csv"
if cmp -s "$G/checkins.csv" "$T/in.csv"; then echo "ok check --checkins: the check-in file is unchanged"; else echo "not ok check --checkins: the check-in file is unchanged"; fi
