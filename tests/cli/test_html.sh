#!/usr/bin/env bash
# test_html.sh: the HTML grading report as a reader's browser meets it.
# Grades the examples against their metric feed, checks that the page is
# well-formed XML (xmllint), self-contained (no URL but the SVG namespace),
# and that headless Chromium renders it: a screenshot that is a real
# picture, and a DOM with one <svg> chart per key result and per
# counter-metric (counted from the JSON report of the same grading).
# Prints "ok NAME" or "not ok NAME" per check (tests/run.sh counts them).
# Needs $OKRC; skips (as ok) while `okrc grade` or the examples' feed is
# not there yet. Tools: xmllint (Debian package libxml2-utils), chromium.
set -u
OKRC=${OKRC:-build/okrc}
T=$(mktemp -d /tmp/okrc-html.XXXXXX)
trap 'rm -rf "$T"' EXIT

feed=examples/metrics/analytics.csv
if ! "$OKRC" help grade > /dev/null 2>&1; then
    echo "ok html report (skipped: okrc grade not built yet)"
    exit 0
fi
if [ ! -f "$feed" ]; then
    echo "ok html report (skipped: $feed not written yet)"
    exit 0
fi

# grade FORMAT OUT: grades the examples as of mid-cycle. Exit status 1
# (a breach or a failed committed objective) is a graded result, not an
# error. The platform team's file carries deliberate mistakes (see
# examples/README.md); when they stop `grade` from grading the whole
# directory, the other teams are graded.
targets=(examples/okrs)
grade() {
    "$OKRC" grade "${targets[@]}" --feed "$feed" --at 2026-08-15 --format "$1" -o "$2" > "$T/grade.log" 2>&1
}
grade html "$T/report.html"
status=$?
if [ "$status" -eq 2 ] && grep -q 'with errors' "$T/grade.log"; then
    echo "    examples/okrs has errors (the platform team's deliberate mistakes): grading the other teams"
    targets=()
    for t in examples/okrs/*; do
        case $t in */platform | *.policy) ;; *) targets+=("$t") ;; esac
    done
    grade html "$T/report.html"
    status=$?
fi
if [ "$status" -gt 1 ] || [ ! -s "$T/report.html" ]; then
    echo "not ok html report written (exit $status)"
    head -20 "$T/grade.log" | sed 's/^/    /'
    exit 0
fi
echo "ok html report written"

# How many charts the page must have: one per key result with a metric
# and per counter-metric. The JSON report has one "kind" key per key
# result, a "metric": null for each key result without a metric, and one
# "breached" key per counter-metric, one key a line.
if grade json "$T/report.json" || [ $? -eq 1 ]; then
    want=$(( $(grep -c '^ *"kind": ' "$T/report.json") - $(grep -c '^ *"metric": null' "$T/report.json")
             + $(grep -c '^ *"breached": ' "$T/report.json") ))
else
    want=-1
fi
got=$(grep -o '<svg ' "$T/report.html" | wc -l)
if [ "$want" -gt 0 ] && [ "$got" -eq "$want" ]; then
    echo "ok html report has one chart per key result and counter-metric ($got)"
else
    echo "not ok html report has one chart per key result and counter-metric (want $want, got $got)"
fi

# Self-contained: no script, no outside resource.
urls=$(grep -o 'http[s]*://[^"]*' "$T/report.html" | grep -v '^http://www.w3.org/2000/svg$' | sort -u)
if [ -z "$urls" ] && ! grep -q '<script\|<link \|src=\|@import' "$T/report.html"; then
    echo "ok html report is self-contained"
else
    echo "not ok html report is self-contained"
    printf '%s\n' "$urls" | head -5 | sed 's/^/    /'
fi

if ! command -v xmllint > /dev/null 2>&1; then
    echo "not ok xmllint available (apt-get install libxml2-utils)"
elif xmllint --noout "$T/report.html" > "$T/xmllint.log" 2>&1; then
    echo "ok html report is well-formed XML"
else
    echo "not ok html report is well-formed XML"
    head -10 "$T/xmllint.log" | sed 's/^/    /'
fi

# A report after the cycle (tests/grade/report_reader): owners in the
# headings, a task-style key result said as such and without a chart, and
# a no-data counter-metric chart whose message has a box over its bound.
"$OKRC" grade tests/grade/report_reader/team.okr --feed tests/grade/report_reader/feed.csv --at 2026-10-05 \
    --format html -o "$T/reader.html" > "$T/reader.log" 2>&1
if grep -q 'team lab · owner Lab lead</span></h2>' "$T/reader.html" \
    && grep -q '<span class="badge">owner Ana Ruiz</span>' "$T/reader.html"; then
    echo "ok html report names the team's and objective's owners"
else
    echo "not ok html report names the team's and objective's owners"
fi
if grep -q '<td class="num">no metric (task-style KR)</td>' "$T/reader.html" \
    && [ "$(grep -o '<svg ' "$T/reader.html" | wc -l)" -eq 3 ] && ! grep -q 'no observations in the cycle yet' "$T/reader.html" \
    && grep -q 'fill="#ffffff"/><text [^>]*>no data: no feed row names this metric' "$T/reader.html"; then
    echo "ok html report after the cycle: task-style key result, no-data charts"
else
    echo "not ok html report after the cycle: task-style key result, no-data charts"
fi
xmllint --noout "$T/reader.html" > /dev/null 2>&1 && echo "ok html report after the cycle is well-formed XML" \
    || echo "not ok html report after the cycle is well-formed XML"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "not ok chromium available (apt-get install chromium)"
    exit 0
fi
chrome() {
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/chrome" "$@" "file://$T/report.html"
}
chrome --screenshot="$T/shot.png" --window-size=1200,2000 > "$T/chrome.log" 2>&1
size=$(wc -c < "$T/shot.png" 2> /dev/null || echo 0)
# A blank page compresses to a few KB; charts, tables and text do not.
if [ "$size" -gt 20000 ] && [ "$(head -c 4 "$T/shot.png" | od -An -tx1 | tr -d ' ')" = 89504e47 ]; then
    echo "ok chromium renders the html report ($size bytes of PNG)"
else
    echo "not ok chromium renders the html report (PNG of $size bytes)"
    grep -v 'dbus\|Fontconfig' "$T/chrome.log" | head -10 | sed 's/^/    /'
fi
chrome --dump-dom > "$T/dom.html" 2> "$T/chrome.log"
dom=$(grep -o '<svg ' "$T/dom.html" | wc -l)
if [ "$want" -gt 0 ] && [ "$dom" -eq "$want" ]; then
    echo "ok chromium DOM has every chart ($dom <svg>)"
else
    echo "not ok chromium DOM has every chart (want $want, got $dom)"
fi

# Owners' check-ins (tests/grade/checkin_disagree): Chromium renders the
# check-in tables, with both disagreeing rows shaded.
c=tests/grade/checkin_disagree
"$OKRC" grade "$c/team.okr" --feed "$c/feed.csv" --checkins "$c/checkins.csv" --at 2026-08-15 \
    --format html -o "$T/checkins.html" > "$T/checkins.log" 2>&1
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/chrome" --dump-dom "file://$T/checkins.html" > "$T/checkins.dom" 2> "$T/chrome.log"
if [ "$(grep -c '<tr class="disagree">' "$T/checkins.dom")" -eq 2 ] \
    && [ "$(grep -c '<table class="checkins">' "$T/checkins.dom")" -eq 2 ] \
    && grep -q 'aria-label="confidence 9 of 10"' "$T/checkins.dom"; then
    echo "ok chromium DOM has the check-in tables and both disagreements"
else
    echo "not ok chromium DOM has the check-in tables and both disagreements"
fi

# History across cycles (tests/grade/history_flags): Chromium renders the
# history section with one sparkline per objective.
H=tests/grade/history_flags
"$OKRC" grade "$H/metrics.okr" "$H/q1.okr" "$H/q2.okr" "$H/q3.okr" "$H/q4.okr" --feed "$H/feed.csv" --history \
    --at 2027-01-05 --format html -o "$T/history.html" > "$T/history.log" 2>&1
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/chrome" --dump-dom "file://$T/history.html" > "$T/history.dom" 2> "$T/chrome.log"
if grep -q '<section class="team history" id="history">' "$T/history.dom" \
    && [ "$(grep -o '<svg class="spark"' "$T/history.dom" | wc -l)" -eq 3 ] \
    && grep -q '<title id="hist-3">Scores of growth.dependable cycle over cycle</title>' "$T/history.dom"; then
    echo "ok chromium DOM has the history table and its charts"
else
    echo "not ok chromium DOM has the history table and its charts"
fi
