#!/usr/bin/env bash
# test_feeds.sh: how `okrc grade` binds and reads feeds, as a user meets it
# in every report format: one feed name read by several metrics, a bare
# name several metrics share, the names of rows no metric received (with a
# "did you mean"), and an SQLite table without a named column, which is one
# error rather than every row filed under the column's name. The JSON of
# the same cases is pinned by tests/grade/feed_*.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-feeds.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

g=tests/grade

# --- one name, several metrics
expect "shared source: the 30-day sum reads the rows too" 0 'monthly +150 -> 300 -> 300 +1\.00' \
    "$OKRC" grade $(cat $g/feed_shared_source/args) --format text
expect "shared source: the committed objective passes" 0 'passed +graded 3 of 3 key results' \
    "$OKRC" grade $(cat $g/feed_shared_source/args) --format text

# --- a bare name two graded metrics have
reason="2 feed rows name 'nps', ambiguous between growth.nps and std.product.nps: write growth.nps"
expect "ambiguous name: markdown says which name to write" 0 "no data \\($reason\\)" \
    "$OKRC" grade $(cat $g/feed_ambiguous_name/args) --format markdown
expect "ambiguous name: html says which name to write" 0 \
    "2 feed rows name &#39;nps&#39;, ambiguous between growth.nps and std.product.nps: write growth.nps" \
    "$OKRC" grade $(cat $g/feed_ambiguous_name/args) --format html
# The text wraps the reason under the score column; joined, it reads the same.
out=$("$OKRC" grade $(cat $g/feed_ambiguous_name/args) --format text 2>&1 | tr -s ' \n' '  ')
if grep -qF "(${reason})" <<<"$out"; then echo "ok ambiguous name: text says which name to write"
else echo "not ok ambiguous name: text says which name to write"; printf '%s\n' "$out" | head -c 1500; fi

# --- names no metric received
args=$(cat $g/feed_unknown_names/args)
expect "unknown names: text lists them, most rows first" 0 \
    'unknown +nps: 4 rows; ambiguous: write growth\.nps or std\.product\.nps' "$OKRC" grade $args --format text
expect "unknown names: text suggests the close name" 0 '^ +signupz: 3 rows; did you mean signups\?$' \
    "$OKRC" grade $args --format text
expect "unknown names: text suggests past a difference of case" 0 '^ +Activation: 2 rows; did you mean activation\?$' \
    "$OKRC" grade $args --format text
expect "unknown names: text sums up the rest" 0 '^ +and 3 more names \(3 rows\)$' "$OKRC" grade $args --format text
expect "unknown names: markdown" 0 '^- `signupz`: 3 rows; did you mean `signups`\?$' \
    "$OKRC" grade $args --format markdown
expect "unknown names: markdown ambiguity" 0 '^- `nps`: 4 rows; ambiguous: write `growth\.nps` or `std\.product\.nps`$' \
    "$OKRC" grade $args --format markdown
expect "unknown names: html" 0 '<li><code>signupz</code>: 3 rows; did you mean <code>signups</code>\?</li>' \
    "$OKRC" grade $args --format html
expect "unknown names: html sums up the rest" 0 '<li>and 3 more names \(3 rows\)</li>' \
    "$OKRC" grade $args --format html
expect "no unknown names: no list" 0 '' "$OKRC" grade $(cat $g/feed_shared_source/args) --format text
if "$OKRC" grade $(cat $g/feed_shared_source/args) --format text 2>&1 | grep -q '^  unknown'; then
    echo "not ok no unknown names: no unknown line"
else
    echo "ok no unknown names: no unknown line"
fi

# --- SQLite: a column the table lacks
team=$g/feed_shared_source/team.okr
"$OKRC" feed import $g/feed_shared_source/feed.csv "$T/m.db" > /dev/null 2>&1
"$OKRC" feed import --table daily $g/feed_shared_source/feed.csv "$T/m.db" > /dev/null 2>&1
check_one_error() { # NAME FEED PATTERN
    local out status
    out=$("$OKRC" grade "$team" --feed "$2" --at 2026-09-30 --format json 2>&1 >/dev/null)
    status=$?
    if [ "$status" = 2 ] && grep -Eq -- "$3" <<<"$out" && [ "$(grep -c '\[OKR9' <<<"$out")" = 1 ]; then
        echo "ok $1"
    else
        echo "not ok $1 (exit $status)"
        printf '%s\n' "$out" | head -15 | sed 's/^/    /'
    fi
}
check_one_error "sqlite: metric=NAME of a missing column is one error" "sqlite:$T/m.db#metric=up" \
    "no such column: up \[OKR901\]"
check_one_error "sqlite: a table without the time column is one error" "sqlite:$T/m.db#table=daily&time=day" \
    "no such column: day \[OKR901\]"
check_one_error "sqlite: the help names the table's columns" "sqlite:$T/m.db#table=daily&time=day" \
    "table 'daily' has the columns 'metric', 'timestamp', 'value'"
expect "sqlite: the right columns still read" 0 '' "$OKRC" grade "$team" --feed "sqlite:$T/m.db#table=daily" --at 2026-09-30

# SQLite is opened by the sqlite: feeds and `feed import` that use it.
# OKRC_LIBSQLITE3 (a test hook, spec.md) names the library to open instead.
expect "sqlite: without SQLite, one error naming the library" 2 \
    "^okrc: error: cannot read SQLite feed 'sqlite:$T/m.db#table=daily': cannot load the SQLite library: /nonexistent/libsqlite3.so.0: cannot open shared object file: No such file or directory \[OKR901\]$" \
    env OKRC_LIBSQLITE3=/nonexistent/libsqlite3.so.0 "$OKRC" grade "$team" --feed "sqlite:$T/m.db#table=daily" --at 2026-09-30
expect "sqlite: without SQLite, the help names the package" 2 'help: .*apt-get install libsqlite3-0' \
    env OKRC_LIBSQLITE3=/nonexistent/libsqlite3.so.0 "$OKRC" grade "$team" --feed "sqlite:$T/m.db#table=daily" --at 2026-09-30
expect "sqlite: without SQLite, feed import fails and says why" 2 \
    "cannot import into '$T/new.db': cannot load the SQLite library: .*\[OKR901\]" \
    env OKRC_LIBSQLITE3=/nonexistent/libsqlite3.so.0 "$OKRC" feed import $g/feed_shared_source/feed.csv "$T/new.db"
if [ -e "$T/new.db" ]; then echo "not ok sqlite: without SQLite, feed import creates no database"
else echo "ok sqlite: without SQLite, feed import creates no database"; fi

# --- PostgreSQL and SQLite are opened by the feeds that use them, not at start-up
if readelf -d "$OKRC" | grep -Eq 'NEEDED.*(libpq|libssl|libcrypto|libkrb5|libldap|libsqlite3)'; then
    echo "not ok okrc is not linked with libpq, its libraries or SQLite"
    readelf -d "$OKRC" | grep NEEDED | sed 's/^/    /'
else
    echo "ok okrc is not linked with libpq, its libraries or SQLite"
fi
# OKRC_LIBPQ (a test hook, spec.md) names the library to load instead.
missing=(env OKRC_LIBPQ=/nonexistent/libpq.so.5 "$OKRC" grade "$team" --at 2026-09-30)
expect "postgres: without libpq, one error naming the library" 2 \
    "^okrc: error: feed 'postgres:\(conninfo not shown\)#table=kpis': cannot load the PostgreSQL client library: /nonexistent/libpq.so.5: cannot open shared object file: No such file or directory \[OKR901\]$" \
    "${missing[@]}" --feed "postgres:host=db.internal password=hunter2#table=kpis"
expect "postgres: without libpq, the help names the package" 2 'help: .*apt-get install libpq5' \
    "${missing[@]}" --feed "postgres:host=db.internal password=hunter2#table=kpis"
if "${missing[@]}" --feed "postgres:password=hunter2" 2>&1 | grep -q hunter2; then
    echo "not ok postgres: without libpq, the conninfo is not shown"
else
    echo "ok postgres: without libpq, the conninfo is not shown"
fi
expect "postgres: without libpq, other feeds still grade" 0 '' \
    "${missing[@]}" --feed $g/feed_shared_source/feed.csv
