#!/usr/bin/env bash
# test_init.sh: `okrc init` as a user meets it. The starter project it
# writes must pass `okrc check --werror` (0 errors, 0 warnings), be in the
# canonical layout (`okrc fmt --check`), hold one objective of each
# archetype, and grade with its example feed (exit 0) on the first, a
# middle and the last day of its cycle and with the default grading day. It
# creates DIR if missing, refuses to overwrite (exit 2, naming each file,
# writing nothing) unless --force, writes no temporary file, and rejects
# bad arguments. Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-init.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

files="okr.policy company.okr teams/product.okr feeds/example.csv"

# A new DIR, two levels deep, with a fixed cycle.
P=$T/new/project
expect "init writes the files" 0 'wrote .*/okr\.policy' "$OKRC" init --cycle 2026-Q3 "$P"
missing=
for f in $files; do [ -s "$P/$f" ] || missing="$missing $f"; done
[ -z "$missing" ] && echo "ok init creates every file" || echo "not ok init creates every file (missing:$missing)"
expect "init prints the next commands" 0 "okrc grade $P --feed $P/feeds/example.csv" \
    "$OKRC" init --force --cycle 2026-Q3 "$P"
leftover=$(find "$P" -name '*.XXXXXX' -o -name '*.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9]' | grep -v '\.okr$\|\.csv$\|\.policy$' || true)
[ -z "$leftover" ] && echo "ok init leaves no temporary file" || echo "not ok init leaves no temporary file: $leftover"

expect "starter checks clean" 0 'no problems in 2 files' "$OKRC" check --werror "$P"
expect "starter checks clean in json" 0 '"errors": 0, "warnings": 0|"errors": 0' "$OKRC" check --format json "$P"
"$OKRC" check --format json "$P" >"$T/check.json"
json_check "starter has no diagnostic at all" "$T/check.json" \
    'd.summary.errors === 0 && d.summary.warnings === 0 && d.summary.notes === 0 && d.diagnostics.length === 0'
expect "starter is formatted" 0 '' "$OKRC" fmt --check "$P"
expect "single team file checks with its project" 0 'no problems in 1 file' "$OKRC" check --werror "$P/teams/product.okr"
for kind in committed aspirational learning; do
    expect "starter has a $kind objective" 0 "^$kind objective " grep -E "^$kind objective " "$P/teams/product.okr"
done
expect "policy spells out the defaults" 0 'limit aspirational_expect 0\.6\.\.0\.7' cat "$P/okr.policy"
expect "policy carries a CI snippet" 0 'okrc check --format github' cat "$P/okr.policy"
expect "feed covers the cycle" 0 '2026-09-30T' grep 'p95_latency,2026-09-30T' "$P/feeds/example.csv"

for at in 2026-07-01 2026-08-15 2026-09-30; do
    expect "starter grades on $at" 0 'objectives, 0 unhealthy, 0 committed failed' \
        "$OKRC" grade "$P" --feed "$P/feeds/example.csv" --at "$at"
done
"$OKRC" grade "$P" --feed "$P/feeds/example.csv" --at 2026-09-30 --format json >"$T/grade.json"
json_check "every key result is scored" "$T/grade.json" \
    'd.totals.objectives === 4 && d.totals.key_results === 6 && d.totals.scored === 6 && d.totals.no_data === 0 && d.totals.committed_failed === 0 && d.unknown_metrics.names.length === 0 && d.feeds[0].malformed === 0'

# The default cycle is the current quarter: grading today works.
D=$T/default
expect "init without --cycle" 0 'Started an OKR project for [0-9]{4}-Q[1-4]' "$OKRC" init "$D"
expect "default starter checks clean" 0 'no problems' "$OKRC" check --werror "$D"
expect "default starter grades today" 0 '0 committed failed' "$OKRC" grade "$D" --feed "$D/feeds/example.csv"

# No DIR: the current directory.
mkdir -p "$T/cwd"
expect "init in the current directory" 0 'wrote \./company\.okr' sh -c "cd '$T/cwd' && '$OKRC' init --cycle 2026-Q1"

# Refusal: every existing file named, nothing written.
R=$T/refuse
mkdir -p "$R/teams"
echo '// mine' >"$R/company.okr"
echo '// mine too' >"$R/teams/product.okr"
expect "init refuses to overwrite" 2 'would overwrite' "$OKRC" init --cycle 2026-Q3 "$R"
expect "refusal names each file" 2 "$R/teams/product.okr" "$OKRC" init --cycle 2026-Q3 "$R"
[ "$(cat "$R/company.okr")" = '// mine' ] && [ ! -e "$R/okr.policy" ] && [ ! -e "$R/feeds" ] \
    && echo "ok refusal writes nothing" || echo "not ok refusal writes nothing"
expect "init --force overwrites" 0 'wrote .*company\.okr' "$OKRC" init --force --cycle 2026-Q3 "$R"
expect "forced starter checks clean" 0 'no problems' "$OKRC" check --werror "$R"

# Usage errors.
expect "bad cycle" 2 "--cycle takes a quarter such as 2026-Q3, not '2026-Q5'" "$OKRC" init --cycle 2026-Q5 "$T/x"
expect "cycle needs a value" 2 '--cycle takes a quarter' "$OKRC" init --cycle
expect "two dirs" 2 'takes one DIR' "$OKRC" init "$T/a" "$T/b"
expect "unknown option" 2 "unknown option '--bogus'" "$OKRC" init --bogus
expect "init --help" 0 'usage: okrc init' "$OKRC" init --help
expect "help init" 0 'usage: okrc init' "$OKRC" help init
expect "init is in the main usage" 0 'init \[DIR\]' "$OKRC" help
[ ! -e "$T/x" ] && [ ! -e "$T/a" ] && echo "ok usage errors write nothing" || echo "not ok usage errors write nothing"

# A DIR that is a file cannot hold a project.
echo x >"$T/afile"
expect "DIR is a file" 2 'cannot write' "$OKRC" init --cycle 2026-Q3 "$T/afile"
