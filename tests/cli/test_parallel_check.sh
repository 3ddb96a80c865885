#!/usr/bin/env bash
# test_parallel_check.sh: okr_program_check runs the per-objective passes
# (types, task style, archetypes, shape, statements) over chunks of the
# objectives on a pool of threads (checker/pass_chunks.c; OKRC_JOBS,
# spec.md "Files checked"). Whatever the number of threads, the output (text and JSON),
# the standard error and the exit status must be those of the serial run,
# byte for byte: findings of every pass across chunk boundaries, in the
# same order (ties at one position are broken by report order), and the
# same findings kept when one file passes the 10,000 stored per file in
# the middle of a pass (the later passes' findings about it are then only
# counted). A small program starts no thread unless OKRC_JOBS asks.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-parcheck.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/cli/lib.sh

# team_file TEAM COPIES: a file of COPIES times four objectives that draw
# findings from every per-objective pass: types (OKR203, OKR209),
# task-style key results of every kind (OKR301-OKR305, metrics judged
# output or not, the model's opinion), archetypes (OKR402, OKR407), shape (OKR502, OKR504) and statements
# (OKR601-OKR603), several at one position.
team_file() {
    printf 'use std.product\nuse std.growth\n\ncycle 2026-Q3\nteam %s "%s" owner "Dana Lee"\n\n' "$1" "$1"
    printf 'metric interviews "User interviews conducted" : count increasing\n'
    printf 'metric posts "Blog posts published per month" : count increasing\n'
    printf 'metric casestudies "Case studies" : count increasing\n\n'
    local i
    for i in $(seq 1 "$2"); do
        cat <<EOF
aspirational objective onboarding$i "Make self-serve onboarding effortless" {
  kr "Launch in-app messaging by September 15"
  kr "Ship the new onboarding flow"
  kr "Rebuild the billing page"
  kr "Launch three onboarding improvements"
  kr "Conduct 10 user interviews"
  kr "Publish 4 blog posts"
  counter churn_rate no worse than baseline
}

objective vague$i "Ship 3 dashboards" {
  kr "Improve onboarding experience"
  kr "Grow sign-ups" : signups
  kr talk "Talk to customers" : interviews from 0 to 10
  kr blog "Blog more" : posts by +100%
  kr cs "Write case studies" : casestudies from 0 to 5
}

aspirational objective means$i "Make teams collaborate in the product" {
  kr share "Double weekly active teams by launching sharing" : weekly_active_users from 400 to 800
  kr launch_first "Launch sharing to lift activation" : d7_activation from 22% to 30%
  kr churn "Keep customers" : churn_rate from 3% to 5% weight 0
  counter support_tickets_per_week at most 150
}

learning objective nostmt$i {
  kr "Run a pricing experiment" : d7_activation from ? to 30%
}

EOF
    done
}

# The corpus: a file whose task-style findings alone pass the stored cap
# (1800 x 12: still half of them on each of two threads), one under it,
# and the golden cases of every tests/cases directory, each in a
# directory of its own: 8,400 objectives and more, enough for the passes
# to use threads without OKRC_JOBS.
C=$T/c
mkdir -p "$C/a" "$C/b"
team_file growth 1800 > "$C/a/big.okr"
team_file sales 300 > "$C/b/mid.okr"
for dir in tests/cases/*/; do
    name=$(basename "$dir")
    mkdir -p "$C/z_$name"
    cp "$dir"*.okr "$C/z_$name/" 2> /dev/null
done

same_across_jobs "error-heavy corpus" 1 "$C"
same_across_jobs "one file past the stored cap" 1 "$C/a/big.okr"
same_across_jobs "two files" 1 "$C/b/mid.okr" "$C/a/big.okr"
for dir in tests/cases/*/; do
    same_across_jobs "cases $(basename "$dir")" "$(OKRC_JOBS=1 "$OKRC" check "$dir" > /dev/null 2>&1; echo $?)" "$dir"
done

# The corpus is not a vacuous one: it holds what the merge must keep.
OKRC_JOBS=8 "$OKRC" check "$C/a/big.okr" "$C/b/mid.okr" > "$T/out" 2>&1
check "corpus has every pass's findings" \
    eval 'for c in OKR203 OKR209 OKR301 OKR302 OKR303 OKR304 OKR305 OKR402 OKR407 OKR502 OKR504 OKR601 OKR602 OKR603 OKR009; do file_has "$T/out" "[$c]" || exit 1; done'
check "past the stored cap, findings are counted" grep -Eq '^okrc: [0-9]{5,} errors' "$T/out"

# Threads only for a large program unless OKRC_JOBS asks. Counted with
# strace when there is one.
if command -v strace > /dev/null 2>&1; then
    check "1,200 objectives in one file: no thread" eval '[ "$(threads "$C/b/mid.okr")" = 0 ]'
    check "OKRC_JOBS=2 over one file: the passes use threads" eval '[ "$(OKRC_JOBS=2 threads "$C/b/mid.okr")" -gt 0 ]'
fi
