#!/usr/bin/env bash
# test_feed_help.sh: each SQLite feed failure's help names the real fix
# (spec.md, "Feeds"): a locked database, an unfinished transaction (a hot
# journal), a query calling load_extension, a wide table lacking a column.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them). Needs $OKRC
# and the sqlite3 shell.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-feedhelp.XXXXXX)
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$T"' EXIT
. tests/cli/lib.sh

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "not ok sqlite3 shell available"
    exit 0
fi
G=tests/grade/checkin_missing
grade() { "$OKRC" grade --no-policy --at 2026-08-15 "$G/team.okr" --feed "$@"; }
"$OKRC" feed import "$G/feed.csv" "$T/m.db" > /dev/null

# expect_not NAME PATTERN CMD...: the output must not match PATTERN.
expect_not() {
    local name=$1 pattern=$2 out
    shift 2
    out=$("$@" 2>&1)
    if grep -Eq -- "$pattern" <<<"$out"; then
        echo "not ok $name (output matches /$pattern/)"
        printf '%s\n' "$out" | head -8 | sed 's/^/    /'
    else
        echo "ok $name"
    fi
}

# hold: keeps a sqlite3 shell's input open (so it keeps its transaction)
# until $T/stop appears or the test's directory is gone.
hold() {
    while [ -d "$T" ] && [ ! -e "$T/stop" ]; do sleep 0.1; done
}

# A query calling load_extension: okrc loads no extensions.
q="sqlite:$T/m.db#query=SELECT load_extension('x'), 1, 2"
expect sqlite-load-extension-help 2 "help: okrc loads no SQLite extensions" grade "$q"
expect_not sqlite-load-extension-no-integrity-check "integrity_check" grade "$q"

# A database another process holds locked (okrc waits 5 s, then says so).
cp "$T/m.db" "$T/locked.db"
{ printf 'BEGIN EXCLUSIVE;\nSELECT 1;\n'; hold; } | sqlite3 "$T/locked.db" > /dev/null &
holder=$!
sleep 1
expect sqlite-locked-help 2 "help: another process is writing to the database" grade "sqlite:$T/locked.db"
expect_not sqlite-locked-no-table-help "help: name the table" grade "sqlite:$T/locked.db#table=metrics"
touch "$T/stop"
wait "$holder" 2>/dev/null
holder=
rm -f "$T/stop"

# A hot journal: a writer killed in the middle of a transaction.
cp "$T/m.db" "$T/hot.db"
{ printf 'PRAGMA cache_size=1;\nBEGIN;\n'
  for i in $(seq 1 3000); do printf "INSERT INTO metrics VALUES ('x%d', '2026-07-01', 1);\n" "$i"; done
  printf 'SELECT 1;\n'; hold; } | sqlite3 "$T/hot.db" > "$T/hot.out" &
holder=$!
for _ in $(seq 1 50); do [ -s "$T/hot.out" ] && break; sleep 0.1; done
kill -9 "$holder" 2>/dev/null
touch "$T/stop" # the job is the whole pipeline: end its writer too
wait "$holder" 2>/dev/null
holder=
if [ -s "$T/hot.db-journal" ]; then
    expect sqlite-hot-journal-help 2 "help: the database has an unfinished transaction" grade "sqlite:$T/hot.db"
    expect_not sqlite-hot-journal-no-table-help "help: name the table" grade "sqlite:$T/hot.db"
else
    echo "not ok sqlite-hot-journal-made (no journal left behind)"
fi

# A wide table without the metric column: the help lists 12 columns.
cols=$(for i in $(seq 1 40); do printf 'c%d, ' "$i"; done)
sqlite3 "$T/wide.db" "CREATE TABLE metrics (${cols}timestamp, value);"
expect sqlite-wide-table-columns 2 "has the columns 'c1', .*'c12' and 30 more" grade "sqlite:$T/wide.db"
