#!/usr/bin/env bash
# test_action.sh: the GitHub Action (action.yml) run locally. Its check step
# is scripts/github-action.sh, run here with a fake runner environment
# (GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP and the
# INPUT_* variables action.yml passes): the annotations it prints, the
# SARIF log it writes, its exit status for each fail-on, its outputs and its
# step summary. action.yml itself is checked for what the script relies on:
# every INPUT_* the script reads is passed from a declared input. The
# install step (apt and make) is not run here.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
ROOT=$(pwd)
SCRIPT=$ROOT/scripts/github-action.sh
T=$(mktemp -d /tmp/okrc-action.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# A workspace holding one project: the starter project at its root, one
# team file with an error (a task as a key result) and one with only a
# warning (a number in an objective statement).
W=$T/ws
"$OKRC" init --cycle 2026-Q3 "$W" >/dev/null
mkdir -p "$W/bad" "$W/warn"
cat >"$W/bad/team.okr" <<'OKR'
team ops "Ops" owner "Ana"
cycle 2026-Q3

committed objective reviews "Learn from every incident" {
  owner "Ana"
  expect 1.0
  kr reviews "Conduct 10 incident reviews"
  kr runbooks "Write runbooks for every service"
}
OKR
cat >"$W/warn/team.okr" <<'OKR'
team web "Web" owner "Bo"
cycle 2026-Q3

metric page_load_p95 "95th percentile time to load the home page" : duration decreasing
metric bounce_rate "Share of visits that leave after one page" : percent decreasing
metric web_errors "Share of page loads that fail" : percent decreasing

aspirational objective speed "Pages load in 2 seconds for 99% of visitors" {
  owner "Bo"
  expect 0.7
  kr load "Cut p95 page load time from 4s to 2s" : page_load_p95 from 4s to 2s
  kr bounce "Cut the bounce rate from 40% to 30%" : bounce_rate from 40% to 30%
  counter web_errors at most 1%
}
OKR

# run NAME: runs the check step with the INPUT_* variables already exported;
# leaves stdout in $T/NAME.out, the status in $T/NAME.rc and fresh output and
# summary files in $T/NAME.output and $T/NAME.summary.
run() {
    : >"$T/$1.output"
    : >"$T/$1.summary"
    mkdir -p "$T/runner"
    (cd / && GITHUB_WORKSPACE=$W GITHUB_OUTPUT=$T/$1.output GITHUB_STEP_SUMMARY=$T/$1.summary \
        RUNNER_TEMP=$T/runner GITHUB_ACTIONS=true OKRC=$OKRC bash "$SCRIPT" check) >"$T/$1.out" 2>"$T/$1.err"
    echo $? >"$T/$1.rc"
}
status_is() { # status_is NAME WANT
    local got
    got=$(cat "$T/$1.rc")
    [ "$got" = "$2" ] && echo "ok $1: exit $2" || { echo "not ok $1: exit $got, wanted $2"; sed 's/^/    /' "$T/$1.out" "$T/$1.err" | head -20; }
}
has() { # has NAME FILE REGEX
    grep -Eq -- "$3" "$2" && echo "ok $1" || { echo "not ok $1 (no /$3/ in $(basename "$2"))"; sed 's/^/    /' "$2" | head -20; }
}
hasnt() {
    grep -Eq -- "$3" "$2" && { echo "not ok $1 (/$3/ in $(basename "$2"))"; sed 's/^/    /' "$2" | head -20; } || echo "ok $1"
}

export INPUT_PATHS="teams bad" INPUT_FAIL_ON=errors INPUT_SARIF=okrc.sarif INPUT_POLICY=
run errors
status_is errors 1
has "error annotation on the line" "$T/errors.out" '^::error file=bad/team\.okr,line=7,col=[0-9]+,endLine=7,endColumn=[0-9]+,title=OKR301 task-key-result::'
has "summary line in the log" "$T/errors.out" '^okrc: [1-9][0-9]* errors?, '
has "failure is explained" "$T/errors.out" 'okrc action: failed: [0-9]+ error\(s\) \(fail-on: errors\)'
has "output errors" "$T/errors.output" '^errors=[1-9]'
has "output warnings" "$T/errors.output" '^warnings=[0-9]+$'
has "output notes" "$T/errors.output" '^notes=[0-9]+$'
has "output sarif-file" "$T/errors.output" '^sarif-file=okrc\.sarif$'
has "output exit-code" "$T/errors.output" '^exit-code=1$'
json_check "SARIF log written in the workspace" "$W/okrc.sarif" \
    'd.version === "2.1.0" && d.runs[0].tool.driver.name === "okrc" && d.runs[0].results.some(r => r.ruleId === "OKR301" && r.locations[0].physicalLocation.artifactLocation.uri.endsWith("bad/team.okr"))'
has "step summary table" "$T/errors.summary" '^\| [1-9][0-9]* \| [0-9]+ \| [0-9]+ \| errors \| failed: '
has "step summary heading" "$T/errors.summary" '^### okrc check$'
has "step summary lists findings" "$T/errors.summary" 'bad/team\.okr:7:[0-9]+: error: .*\[OKR301\]'
has "step summary names the SARIF log" "$T/errors.summary" 'SARIF log: `okrc.sarif`'
hasnt "no colour in the summary" "$T/errors.summary" $'\e\\['

INPUT_FAIL_ON=never run never
status_is never 0
has "never still annotates" "$T/never.out" '^::error file=bad/team\.okr'
has "never summary says passed" "$T/never.summary" '\| never \| passed \|'

INPUT_PATHS=teams INPUT_SARIF= run clean
status_is clean 0
hasnt "clean run has no annotation" "$T/clean.out" '^::'
has "clean run counts" "$T/clean.output" '^errors=0$'
has "clean run has no sarif output" "$T/clean.output" '^sarif-file=$'
[ ! -e "$W/okrc.sarif.clean" ] && echo "ok clean run writes no SARIF" || echo "not ok clean run writes no SARIF"

INPUT_PATHS=$'warn\n' INPUT_SARIF= run warn_errors
status_is warn_errors 0
has "warning annotation" "$T/warn_errors.out" '^::warning file=warn/team\.okr,line=[0-9]+,.*title=OKR601 '
has "warnings counted" "$T/warn_errors.output" '^warnings=[1-9]'
INPUT_PATHS=warn INPUT_FAIL_ON=warnings INPUT_SARIF= run warn_warnings
status_is warn_warnings 1
has "warnings fail with fail-on warnings" "$T/warn_warnings.summary" '\| warnings \| failed: [0-9]+ warning'

INPUT_FAIL_ON=sometimes run bad_fail_on
status_is bad_fail_on 2
has "bad fail-on is an error annotation" "$T/bad_fail_on.out" "^::error title=okrc action::fail-on must be errors, warnings or never, not 'sometimes'"

INPUT_PATHS=nowhere INPUT_FAIL_ON=never INPUT_SARIF= run missing
status_is missing 2
has "missing path explained" "$T/missing.err" "cannot read 'nowhere'"

INPUT_PATHS=bad INPUT_SARIF=no/such/dir/x.sarif run bad_sarif
status_is bad_sarif 2
has "unwritable SARIF is an error" "$T/bad_sarif.out" "cannot write the SARIF log"

INPUT_PATHS=bad INPUT_POLICY=okr.policy INPUT_SARIF= run policy
status_is policy 1

# action.yml passes every INPUT_* the script reads, from a declared input.
A=$ROOT/action.yml
for v in $(grep -oE 'INPUT_[A-Z_]+' "$SCRIPT" | sort -u); do
    input=$(tr 'A-Z_' 'a-z-' <<<"${v#INPUT_}")
    if grep -Eq "^      *$v: \\$\\{\\{ inputs\\.$input \\}\\}$" "$A" && grep -Eq "^  $input:$" "$A"; then
        echo "ok action.yml passes $v"
    else
        echo "not ok action.yml passes $v (from input '$input')"
    fi
done
has "action.yml is composite" "$A" '^  using: composite$'
has "action.yml builds with the script" "$A" 'github-action\.sh" install$'
has "action.yml checks with the script" "$A" 'github-action\.sh" check$'
has "install-deps has a build-only mode" "$ROOT/scripts/install-deps.sh" '--build'
