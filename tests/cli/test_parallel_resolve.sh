#!/usr/bin/env bash
# test_parallel_resolve.sh: the resolve pass resolves the objectives'
# references (metrics of key results and counter-metrics, aligns links)
# over chunks of the objectives on a pool of threads, and leaves to one
# serial walk in program order every objective whose references report
# something or load a standard module (checker/resolve_refs.c; spec.md
# "Files checked"). Whatever the number of threads, the output (text and
# JSON), the standard error and the exit status must be those of the
# serial run, byte for byte: the "did you mean" hints of unknown names
# share one budget of comparisons spent in program order (here it runs out
# part way through), a standard module named only by qualified references
# is loaded by the first of them, and duplicate key results, ambiguous
# names and alignment cycles are reported as one walk reports them.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-parresolve.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/cli/lib.sh

# team_file N TEAMS OBJECTIVES: team tN's file, whose objectives name
# metrics and objectives of their own, of other teams and of the standard
# modules, well and badly, every few objectives.
team_file() {
    awk -v n="$1" -v teams="$2" -v objs="$3" 'BEGIN {
        other = "t" (n % teams + 1)
        printf "team t%d \"Team %d\" owner \"Dana Lee\"\ncycle 2026-Q3\n", n, n
        if (n % 4 == 0) printf "use std.product\n"
        if (n % 5 == 0) printf "use std.growth\nuse %s\n", other
        printf "\nmetric activation_rate \"Share of new accounts active in week one\" : percent increasing\n"
        printf "metric tickets \"Support tickets per week\" : count decreasing\n"
        printf "metric signups \"New accounts per week\" : count increasing\n"
        printf "metric own%d \"A metric of team %d alone\" : count increasing\n", n, n
        if (n % 5 == 1) printf "metric mrr \"Monthly recurring revenue\" : money(USD) increasing\n"
        printf "\n"
        for (i = 1; i <= objs; i++) {
            printf "committed objective o%d \"Make onboarding effortless for every new team\" {\n", i
            printf "  aligns company.top\n"
            if (i % 19 == 0) printf "  aligns %s.o%d\n", other, objs + 5
            if (i % 31 == 0) printf "  aligns %s.o1.nokr\n", other
            if (i % 37 == 0) printf "  aligns nosuchteam.o1\n"
            if (i % 41 == 0) printf "  aligns t%d.o%d\n", n, i + 1
            if (i % 41 == 1 && i > 1) printf "  aligns t%d.o%d\n", n, i - 1
            printf "  kr act \"Lift activation\" : activation_rate from 20%% to 30%%\n"
            printf "  kr \"Cut tickets\" : tickets from 300 to 200\n"
            if (i % 7 == 0) printf "  kr typo : activaton_rate from 20%% to 30%%\n"
            if (i % 11 == 0) printf "  kr theirs : %s.own%d from 1 to 2\n", other, n % teams + 1
            if (i % 13 == 0) printf "  kr qual : %s.nosuch%d from 1 to 2\n", other, i
            if (i % 17 == 0) printf "  kr std : std.reliability.availability from 99%% to 99.9%%\n"
            if (i % 23 == 0) printf "  kr act \"Again\" : activation_rate from 30%% to 40%%\n"
            if (i % 29 == 0) printf "  kr mod : std.reliabilty.availability from 99%% to 99.9%%\n"
            if (i % 43 == 0) printf "  kr rev : mrr from 1 to 2\n"
            if (i % 47 == 0) printf "  kr far : own%d from 1 to 2\n", n % teams + 2
            if (i % 5 == 0) printf "  kr odd : zqxv%d from 1 to 2\n", i
            printf "  counter signups at least 100\n"
            if (i % 59 == 0) printf "  counter churn_rat at most 5%%\n"
            printf "}\n\n"
        }
    }'
}

# 40 teams of 215 objectives and a company: 8,601 objectives, enough for
# the passes to use threads without OKRC_JOBS. About 1,700 names match
# nothing close, each costing some 300 comparisons of the budget.
C=$T/c
mkdir -p "$C"
printf 'team company "Acme" owner "Priya Raman"\ncycle "FY2026" from 2026-01-01 to 2026-12-31\n\n' > "$C/company.okr"
printf 'objective top "Make Acme the easiest way to buy" {\n  kr "Grow signups" : std.growth.signups from 1 to 2\n}\n' >> "$C/company.okr"
for n in $(seq 1 40); do
    team_file "$n" 40 215 > "$C/t$n.okr"
done

same_across_jobs "references over 8,601 objectives" 1 "$C"
same_across_jobs "references, two files" 1 "$C/t5.okr" "$C/t6.okr"

# The corpus is not a vacuous one: it holds what the serial walk must
# report in order, and the hint budget runs out in it.
OKRC_JOBS=8 "$OKRC" check "$C" > "$T/out" 2>&1
check "corpus has every reference finding" \
    eval 'for c in OKR101 OKR104 OKR105 OKR106 OKR110; do file_has "$T/out" "[$c]" || exit 1; done'
check "corpus has hints" grep -q "did you mean 'activation_rate'" "$T/out"
check "corpus has a \`use\` help" grep -q '`use std.growth` declares' "$T/out"
# Files are reported in path order, t9.okr last: the budget is spent
# before it (its unknown names get no suggestion) and not before t1.okr.
t9=$(grep -n "^$C/t9.okr" "$T/out" | head -1 | cut -d: -f1)
check "the hint budget runs out part way" \
    eval '[ -n "$t9" ] && grep -q "^$C/t1.okr.*activaton_rate" "$T/out" && head -n "$t9" "$T/out" | grep -q "did you mean" && ! tail -n +"$t9" "$T/out" | grep -q "did you mean"'
