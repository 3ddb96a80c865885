#!/usr/bin/env bash
# test_grade.sh: `okrc grade` and `okrc feed import` as a user meets them:
# exit statuses, feeds of every file kind, malformed rows with and without
# --strict-feeds, native functions refused without --allow-native, the
# reports' formats, and that nothing is written where it should not be.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
BUILD=${BUILD:-build}
T=$(mktemp -d /tmp/okrc-grade.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"



teams=(examples/okrs/company.okr examples/okrs/growth examples/okrs/ai)
feed=examples/metrics/analytics.csv

# --- usage
expect "help grade" 0 'usage: okrc grade' "$OKRC" help grade
expect "grade needs a feed" 2 'grade needs at least one --feed' "$OKRC" grade "${teams[@]}"
expect "bad --at" 2 "--at takes a date that exists" "$OKRC" grade "${teams[@]}" --feed "$feed" --at 2026-02-30
expect "bad report format" 2 'format takes text, json, markdown or html' "$OKRC" grade "${teams[@]}" --feed "$feed" --format sarif
expect "bad feed spec" 2 "bad feed 'mysql:x'" "$OKRC" grade "${teams[@]}" --feed mysql:x
expect "missing feed file" 2 'nope.csv' "$OKRC" grade "${teams[@]}" --feed "$T/nope.csv"
expect "program with errors" 2 'cannot grade a program with errors' "$OKRC" grade examples/okrs --feed "$feed"

# --- grading the examples mid-cycle from the CSV feed
"$OKRC" grade "${teams[@]}" --feed "$feed" --at 2026-08-15 --format json -o "$T/mid.json" 2> "$T/mid.err"
echo "exit $?" > "$T/mid.status"
json_check "json report: grading day and check-in" "$T/mid.json" \
    'd.version === 1 && d.grading_day === "2026-08-15" && d.at_given === true'
json_check "json report: every team graded" "$T/mid.json" \
    '["company","growth","ai"].every(n => d.teams.some(t => t.name === n))'
json_check "json report: growth onboarding breached its guardrail" "$T/mid.json" \
    'd.teams.find(t => t.name === "growth").objectives.find(o => o.name === "onboarding").healthy === false'
json_check "json report: check-in statuses while the cycle runs" "$T/mid.json" \
    'd.teams.flatMap(t => t.objectives).filter(o => o.in_progress).flatMap(o => o.key_results).some(k => ["on_track","at_risk","off_track"].includes(k.status))'
json_check "json report: learning objectives have no score" "$T/mid.json" \
    'd.teams.flatMap(t => t.objectives).filter(o => o.archetype === "learning").every(o => o.score === null)'
grep -q 'exit 1' "$T/mid.status" && echo "ok breach gives exit 1" || { echo "not ok breach gives exit 1"; cat "$T/mid.status"; }

# --- the cycle's end, from SQLite after feed import
expect "feed import" 0 'imported 416 rows' "$OKRC" feed import "$feed" "$T/metrics.db"
expect "feed import usage" 2 'feed import takes a CSV file and a database' "$OKRC" feed import "$feed"
"$OKRC" grade "${teams[@]}" --feed "sqlite:$T/metrics.db" --at 2026-09-30 --format json -o "$T/end.json" 2>/dev/null
"$OKRC" grade "${teams[@]}" --feed "$feed" --at 2026-09-30 --format json -o "$T/end-csv.json" 2>/dev/null
if node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1])), b = JSON.parse(require("fs").readFileSync(process.argv[2]));
delete a.feeds; delete b.feeds; delete a.totals; delete b.totals;
process.exit(JSON.stringify(a) === JSON.stringify(b) ? 0 : 1);' "$T/end.json" "$T/end-csv.json"; then
    echo "ok sqlite and csv feeds grade alike"
else
    echo "not ok sqlite and csv feeds grade alike"
fi
json_check "cycle over: no check-in status, verdicts final" "$T/end.json" \
    'd.teams.flatMap(t => t.objectives).filter(o => o.cycle === "2026-Q3").every(o => o.in_progress === false)'

# --- malformed rows
printf 'metric,timestamp,value\nd7_activation,2026-07-06,22\nd7_activation,2026-02-30,23\nd7_activation,2026-07-20,abc\nnps,2026-07-06\n' > "$T/bad.csv"
expect "malformed rows are reported and skipped" 0 'bad.csv:3:1: error: .*2026-02-30' \
    "$OKRC" grade examples/okrs/company.okr examples/okrs/growth --feed "$T/bad.csv" --at 2026-08-15 -o "$T/bad.txt"
expect "strict feeds stop at the first bad row" 2 'bad.csv:3:1' \
    "$OKRC" grade examples/okrs/company.okr examples/okrs/growth --feed "$T/bad.csv" --at 2026-08-15 --strict-feeds

# --- formats
expect "text report" 0 'onboarding' "$OKRC" grade examples/okrs/company.okr examples/okrs/growth --feed "$T/bad.csv" --at 2026-08-15
expect "markdown report" 0 '^\|' "$OKRC" grade examples/okrs/company.okr examples/okrs/growth --feed "$T/bad.csv" --at 2026-08-15 --format markdown
"$OKRC" grade "${teams[@]}" --feed "$feed" --at 2026-08-15 --format html -o "$T/r.html" 2>/dev/null
[ -s "$T/r.html" ] && grep -q '<svg' "$T/r.html" && ! grep -q 'src="http' "$T/r.html" \
    && echo "ok html report is self-contained" || echo "not ok html report is self-contained"

# --- what a reader of a report after the cycle needs, in the text formats
# (tests/grade/report_reader holds the JSON): the team's and objective's
# owners, no "yet" once the cycle is over, a task-style key result said as
# such.
reader=(tests/grade/report_reader/team.okr --feed tests/grade/report_reader/feed.csv --at 2026-10-05)
"$OKRC" grade "${reader[@]}" > "$T/reader.txt" 2>&1
"$OKRC" grade "${reader[@]}" --format markdown > "$T/reader.md" 2>&1
for f in reader.txt reader.md; do
    grep -qi 'team lab: Lab (owner Lab lead)' "$T/$f" && grep -q 'owner Ana Ruiz' "$T/$f" \
        && echo "ok $f: team and objective owners" || { echo "not ok $f: team and objective owners"; head -20 "$T/$f" | sed 's/^/    /'; }
    grep -q 'no observations in the cycle)' "$T/$f" && ! grep -q 'cycle yet' "$T/$f" \
        && echo "ok $f: no \"yet\" after the cycle" || echo "not ok $f: no \"yet\" after the cycle"
    grep -q 'no metric (task-style KR)' "$T/$f" && ! grep -q '? -> ? -> ?\|? → ? → ?' "$T/$f" \
        && echo "ok $f: a key result without a metric" || echo "not ok $f: a key result without a metric"
done

# --- what grading says in every format (tests/grade/level_dip, checkin_missing, non_finite)
# has NAME FILE STRING...: FILE holds every STRING (fixed strings, lines joined and
# spaces squeezed); lacks NAME FILE STRING...: FILE holds none of them.
has() {
    local name=$1 file=$2 s
    shift 2
    for s in "$@"; do
        # The text report wraps at 100 columns: compare with lines joined.
        if ! tr -s ' \n' '  ' < "$file" | grep -qF -- "$s"; then
            echo "not ok $name (no '$s')"
            grep -v '^<style\|^[.:@*a-z]*{' "$file" | head -40 | sed 's/^/    /'
            return
        fi
    done
    echo "ok $name"
}
lacks() {
    local name=$1 file=$2 s
    shift 2
    for s in "$@"; do
        if grep -qF -- "$s" "$file"; then
            echo "not ok $name ('$s' is there)"
            grep -F -- "$s" "$file" | head -5 | sed 's/^/    /'
            return
        fi
    done
    echo "ok $name"
}
report() { # report CASE FORMAT: the report of tests/grade/CASE in FORMAT, into $T/CASE.FORMAT
    # shellcheck disable=SC2046 # the args file is word-split, as tests/run.sh does
    "$OKRC" grade $(cat "tests/grade/$1/args") --format "$2" -o "$T/$1.$2" 2>/dev/null
}
for fmt in text markdown html; do
    report level_dip "$fmt"
    has "$fmt: a level that dipped and recovered did not hold" "$T/level_dip.$fmt" \
        'breached on 2026-08-01, for 42 of 92 observed days, worst 96.5%; recovered on 2026-09-12' \
        'held throughout' '0.54'
    has "$fmt: a counter-metric that breached says when it recovered" "$T/level_dip.$fmt" \
        'on 2026-08-03, for 3 of 92 observed days, worst 41; recovered on 2026-08-06'
    lacks "$fmt: never 'met, breached'" "$T/level_dip.$fmt" 'met, breached' 'met, held' 'passed'
    report level_dip_checkin "$fmt"
    has "$fmt: a committed level that dipped mid-cycle has failed" "$T/level_dip_checkin.$fmt" \
        'breached on 2026-08-01, for 42 of 77 observed days, worst 96.5%; recovered on 2026-09-12' 'off track'
    report checkin_missing "$fmt"
    has "$fmt: a key result without data mid-cycle is not on track" "$T/checkin_missing.$fmt" \
        'incomplete (check-in)' 'on track (check-in)'
    report non_finite "$fmt"
    has "$fmt: a value that is not a finite number is never scored" "$T/non_finite.$fmt" \
        'its target is not a finite number' \
        'its value on 2026-07-02 is not a finite number: the sum overflows' \
        'its value on 2026-09-30 is not a finite number: the sum overflows' \
        'raw progress 1.7e+307' 'raw progress -1.7e+307'
    lacks "$fmt: no infinity, no NaN, no 300-digit progress" "$T/non_finite.$fmt" 'inf' 'nan' '99999999999999'
done
text_dip=$(grep -c 'failed' "$T/level_dip.text")
[ "$text_dip" -gt 0 ] && echo "ok text: the committed objective whose level dipped failed" \
    || echo "not ok text: the committed objective whose level dipped failed"
grep -q 'score 1.00 \[##########\]  incomplete (check-in)' "$T/checkin_missing.text" \
    && echo "ok text: incomplete beside the score" || echo "not ok text: incomplete beside the score"

# --- values in another unit (OKR920): the reason shows in every format
u=tests/grade/unit_days_undeclared
for fmt in text markdown html; do
    "$OKRC" grade "$u/team.okr" --feed "$u/feed.csv" --at 2026-08-02 --format $fmt -o "$T/units.$fmt" 2>/dev/null
    grep -q 'look like another unit (OKR920)' "$T/units.$fmt" \
        && echo "ok $fmt report says why values were set aside" || echo "not ok $fmt report says why values were set aside"
done

# --- human check-ins (--checkins): beside the status in every format, the
# disagreement flagged, user text escaped; JSON without them keeps its shape
c=tests/grade/checkin_disagree
cargs=("$c/team.okr" --feed "$c/feed.csv" --at 2026-08-15)
printf 'kr,date,confidence,note\n%s\n' 'ops.signups.trials,2026-08-03,9,"ships | soon <b>really</b> & *now*"' > "$T/ck.csv"
for fmt in text markdown html; do
    "$OKRC" grade "${cargs[@]}" --checkins "$c/checkins.csv" --format $fmt -o "$T/ck.$fmt" 2>/dev/null
    grep -q 'owner doubtful (2/10) while the data says on track' "$T/ck.$fmt" \
        && grep -q 'owner confident (9/10) while the data says off track' "$T/ck.$fmt" \
        && grep -q 'confidence 2/10 on 2026-08-12 (was 5/10 on 2026-08-01)' "$T/ck.$fmt" \
        && echo "ok $fmt report shows check-ins and both disagreements" \
        || echo "not ok $fmt report shows check-ins and both disagreements"
    "$OKRC" grade "${cargs[@]}" --checkins "$T/ck.csv" --format $fmt -o "$T/ck2.$fmt" 2>/dev/null
done
grep -q '3 of 4 key results checked in, 2 disagree with the data; 5 rows read, 0 rejected' "$T/ck.text" \
    && echo "ok text header counts check-ins" || echo "not ok text header counts check-ins"
grep -q 'ships \\| soon &lt;b&gt;really&lt;/b&gt; &amp; \\\*now\\\*' "$T/ck2.markdown" \
    && echo "ok markdown escapes check-in notes" || echo "not ok markdown escapes check-in notes"
if command -v xmllint > /dev/null 2>&1; then
    xmllint --noout "$T/ck.html" "$T/ck2.html" 2>/dev/null && echo "ok html with check-ins is well-formed XML" \
        || echo "not ok html with check-ins is well-formed XML"
fi
grep -q 'ships | soon &lt;b&gt;really&lt;/b&gt; &amp; \*now\*' "$T/ck2.html" \
    && grep -q '<tr class="disagree">' "$T/ck.html" \
    && echo "ok html escapes check-in notes and shades disagreements" \
    || echo "not ok html escapes check-in notes and shades disagreements"
"$OKRC" grade "${cargs[@]}" --format json -o "$T/nock.json" 2>/dev/null
json_check "json without --checkins has no check-in fields" "$T/nock.json" \
    '!("checkins" in d) && d.teams[0].objectives.every(o => !("disagreements" in o) && o.key_results.every(k => !("checkin" in k)))'
expect "--checkins needs a file" 2 '--checkins needs a file' "$OKRC" grade "${cargs[@]}" --checkins
expect "a bad check-in row with --strict-feeds stops the run" 2 'checkins.csv:3:1: .*OKR930' \
    "$OKRC" grade "${cargs[@]}" --strict-feeds --checkins tests/grade/checkin_invalid/checkins.csv
expect "--strict-feeds: nothing after the first bad check-in row" 2 '^okrc: 1 error, ' \
    "$OKRC" grade "${cargs[@]}" --strict-feeds --checkins tests/grade/checkin_invalid/checkins.csv
expect "a bad check-in row is skipped without --strict-feeds" 0 'OKR931' \
    "$OKRC" grade "${cargs[@]}" --checkins tests/grade/checkin_invalid/checkins.csv

# --- history across cycles (--history): the table and the three flags in
# every format; nothing of it without the option
H=tests/grade/history_flags
hargs=("$H/metrics.okr" "$H/q1.okr" "$H/q2.okr" "$H/q3.okr" "$H/q4.okr" --feed "$H/feed.csv" --at 2027-01-05)
for fmt in text markdown html; do
    "$OKRC" grade "${hargs[@]}" --history --format $fmt -o "$T/hist.$fmt" 2>/dev/null
    grep -q 'carried forward unchanged for 3 cycles (2026-Q1 to 2026-Q3)' "$T/hist.$fmt" \
        && grep -q 'aspirational at 1.0 in 2 consecutive cycles (2026-Q2 to 2026-Q3)' "$T/hist.$fmt" \
        && grep -q 'committed and failed in 2 consecutive cycles (2026-Q2 to 2026-Q3)' "$T/hist.$fmt" \
        && echo "ok $fmt report shows the history flags" || echo "not ok $fmt report shows the history flags"
    "$OKRC" grade "${hargs[@]}" --format $fmt -o "$T/nohist.$fmt" 2>/dev/null
    grep -qi 'cycle over cycle' "$T/nohist.$fmt" && echo "not ok $fmt report has no history without --history" \
        || echo "ok $fmt report has no history without --history"
done
grep -Eq '^  growth\.reach +0\.80 +1\.00 +1\.00 +0\.50$' "$T/hist.text" \
    && echo "ok text history: one column per cycle" || echo "not ok text history: one column per cycle"
grep -q '^| \*\*growth.reach\*\* | 0.80 | 1.00 | 1.00 | 0.50 |$' "$T/hist.markdown" \
    && echo "ok markdown history table" || echo "not ok markdown history table"
if command -v xmllint > /dev/null 2>&1; then
    xmllint --noout "$T/hist.html" 2>/dev/null && echo "ok html with history is well-formed XML" \
        || echo "not ok html with history is well-formed XML"
fi
[ "$(grep -o '<svg class="spark"' "$T/hist.html" | wc -l)" -eq 3 ] \
    && echo "ok html history: a chart per objective" || echo "not ok html history: a chart per objective"

# --- native feeds
lib="$PWD/$BUILD/tests/libtestfeed.so"
mkdir -p "$T/native"
cat > "$T/native/team.okr" <<OKR
team lab "Lab"
cycle 2026-Q3
native lin "$lib" "okr_test_linear" (metric, date) : number
metric activation "Activation" : percent increasing via lin
metric tickets "Tickets" : count decreasing
metric errors "Errors per day" : count decreasing
aspirational objective a "Make activation effortless" {
  kr act : activation from 20% to 40%
  kr t : tickets from 100 to 50
  counter errors at most 5
}
OKR
printf 'metric,timestamp,value\ntickets,2026-07-06,90\n' > "$T/native/t.csv"
expect "native refused without --allow-native" 2 'only with --allow-native' \
    "$OKRC" grade "$T/native/team.okr" --feed "$T/native/t.csv" --at 2026-07-20
"$OKRC" grade "$T/native/team.okr" --feed "$T/native/t.csv" --at 2026-07-20 --allow-native --format json -o "$T/native.json" 2>/dev/null
json_check "native feed grades with --allow-native" "$T/native.json" \
    'Math.abs(d.teams[0].objectives[0].key_results.find(k => k.name === "act").current - 30) < 1e-9'
expect "check never loads a library" 0 '' "$OKRC" check "$T/native/team.okr"
# libffi is opened by the native reader, not linked; OKRC_LIBFFI (a test
# hook, spec.md) names the library to open instead.
no_ffi=(env OKRC_LIBFFI=/nonexistent/libffi.so.8 "$OKRC" grade "$T/native/team.okr" --feed "$T/native/t.csv"
        --at 2026-07-20 --allow-native)
expect "native without libffi: OKR910 naming the library" 2 \
    "team.okr:3:1: error: cannot call native function 'lin': cannot load libffi: /nonexistent/libffi.so.8: cannot open shared object file: No such file or directory \[OKR910\]$" \
    "${no_ffi[@]}"
expect "native without libffi: the help names the package" 2 'help: native feeds need libffi .*apt-get install libffi8' \
    "${no_ffi[@]}"
if readelf -d "$OKRC" | grep -q 'NEEDED.*libffi'; then echo "not ok okrc is not linked with libffi"
else echo "ok okrc is not linked with libffi"; fi

# --- grade writes only its report
cp -r examples "$T/ro"
before=$(cd "$T/ro" && find . -type f -exec sha256sum {} + | sort)
(cd "$T/ro" && "$OKRC" grade okrs/company.okr okrs/growth okrs/ai --feed metrics/analytics.csv --at 2026-08-15 > /dev/null 2>&1)
after=$(cd "$T/ro" && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] && echo "ok grade writes nothing it reads" || echo "not ok grade writes nothing it reads"
