#!/usr/bin/env bash
# test_postgres.sh: the PostgreSQL feed against a real, throw-away server.
#
# pg_virtualenv (Debian's postgresql-common) creates a temporary cluster,
# runs one command with the PG* variables pointing at it, and drops the
# cluster afterwards; everything that needs the server runs inside it:
#   1. the C test of the reader, $BUILD/tests/test_feed_postgres, with
#      OKR_TEST_PG=1 (without it those cases skip): one "ok" line per case;
#   2. `okrc grade` reading a table, its JSON checked with node; plus a
#      refused connection and a missing table, which must exit 2 with a
#      clear message and never show the conninfo's password. Skipped with an
#      "ok" line while `okrc grade` is not built.
# Run from the repository root by tests/run.sh with $OKRC and $BUILD set;
# prints "ok NAME" or "not ok NAME" per check.
set -u
OKRC=${OKRC:-build/okrc}
BUILD=${BUILD:-build}

if ! command -v pg_virtualenv >/dev/null 2>&1; then
    echo "not ok postgres available (pg_virtualenv not found: install the postgresql package)"
    exit 0
fi

work=$(mktemp -d /tmp/okrc-pg.XXXXXX)
trap 'rm -rf "$work"' EXIT
export OKRC BUILD work

# The body runs inside pg_virtualenv and writes its result lines to a file:
# pg_virtualenv's own chatter (cluster creation, log dumps) stays out of the
# tally.
cat > "$work/body.sh" <<'BODY'
set -u
results=$work/results
say() { printf '%s\n' "$*" >> "$results"; }

# ---- 1. the C test of the reader
bin=$BUILD/tests/test_feed_postgres
if [ -x "$bin" ]; then
    OKR_TEST_PG=1 "$bin" > "$work/unit.out" 2>&1
    rc=$?
    grep '^\[       OK \] ' "$work/unit.out" | sed 's/^\[       OK \] /ok postgres unit: /' >> "$results"
    failed=$(grep '^\[  FAILED  \] test_' "$work/unit.out" | sed 's/^\[  FAILED  \] //' | sort -u)
    for name in $failed; do
        say "not ok postgres unit: $name"
    done
    if [ -n "$failed" ] || [ "$rc" -ne 0 ]; then
        [ -n "$failed" ] || say "not ok postgres unit (exit $rc)"
        grep -v '^\[ RUN \|^\[       OK \]' "$work/unit.out" | head -30 | sed 's/^/    /' >> "$results"
    fi
else
    say "not ok postgres unit ($bin not built: make BUILD=$BUILD unit)"
fi

# ---- 2. okrc grade through the CLI
if ! "$OKRC" help grade > /dev/null 2>&1; then
    say "ok postgres cli (skipped: okrc grade not built yet)"
    exit 0
fi

if ! psql -v ON_ERROR_STOP=1 -q > "$work/psql.out" 2>&1 <<'SQL'
CREATE TABLE kpis (metric text, "timestamp" timestamptz, value double precision);
INSERT INTO kpis VALUES
  ('activation', '2026-07-01T10:00:00Z', 20),
  ('activation', '2026-08-01T10:00:00Z', 25),
  ('activation', '2026-08-15T09:00:00Z', 28),
  ('activation', '2026-08-15T18:00:00Z', 30),
  ('activation', '2026-08-20T10:00:00Z', 99),   -- after --at: stored, not graded
  ('activation', '2025-08-15T10:00:00Z', 1),    -- outside the grading range
  ('activation', '2027-01-01T10:00:00Z', 1),
  ('unknown', '2026-08-15T10:00:00Z', 1),       -- no metric of the program
  ('tickets', '2026-08-01T10:00:00Z', 50),      -- outside the 7-day window
  ('tickets', '2026-08-10T10:00:00Z', 5),
  ('tickets', '2026-08-12T10:00:00Z', 7),
  ('tickets', '2026-08-15T23:59:59Z', 3);
SQL
then
    say "not ok postgres cli: create the table"
    sed 's/^/    /' "$work/psql.out" >> "$results"
    exit 0
fi

okr=$work/growth.okr
cat > "$okr" <<'OKR'
team growth "Growth" owner "Ana"
cycle 2026-Q3
metric activation "Day-7 activation rate" : percent increasing
metric tickets "Support tickets per week" : count decreasing aggregate sum over 7d
aspirational objective onboarding "Make onboarding effortless for new teams" {
  kr act "Raise day-7 activation" : activation from 20% to 40%
  kr tix "Fewer support tickets" : tickets from 30 to 10
}
OKR

# expect NAME WANT_STATUS PATTERN CMD...: status and a regex on the output.
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$want" ]; then
        say "not ok $name (exit $status, wanted $want)"
        printf '%s\n' "$out" | head -15 | sed 's/^/    /' >> "$results"
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; then
        say "not ok $name (output does not match /$pattern/)"
        printf '%s\n' "$out" | head -15 | sed 's/^/    /' >> "$results"
    elif grep -q hunter2 <<<"$out"; then
        say "not ok $name (the output shows the password)"
    else
        say "ok $name"
    fi
}

"$OKRC" grade --format json --at 2026-08-15 --feed "postgres:#table=kpis" "$okr" > "$work/report.json" 2> "$work/grade.err"
status=$?
if [ "$status" -ne 0 ]; then
    say "not ok postgres grade (exit $status)"
    head -20 "$work/grade.err" | sed 's/^/    /' >> "$results"
else
    say "ok postgres grade"
    # Each check is a JavaScript expression over the report `r` and the key
    # results `k` by label.
    check() {
        local name=$1 expr=$2
        if node -e '
            const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
            const k = {};
            for (const t of r.teams) for (const o of t.objectives) for (const x of o.key_results) k[x.label] = x;
            if (!('"$expr"')) { console.error(JSON.stringify({k, feeds: r.feeds}, null, 1).slice(0, 1500)); process.exit(1); }
        ' "$work/report.json" > "$work/node.out" 2>&1; then
            say "ok postgres json: $name"
        else
            say "not ok postgres json: $name ($expr)"
            head -20 "$work/node.out" | sed 's/^/    /' >> "$results"
        fi
    }
    check "latest value of the day" 'k.act.current === 30'
    check "score from the aggregated buckets" 'Math.abs(k.act.score - 0.5) < 1e-9'
    check "observations up to the grading day" 'k.act.observations === 4'
    check "sum over a 7-day window" 'k.tix.current === 15'
    check "windowed score" 'Math.abs(k.tix.score - 0.75) < 1e-9'
    check "rows stored" 'r.feeds[0].stored === 9 && r.feeds[0].malformed === 0'
fi

# Two PostgreSQL feeds in one run share the libpq okrc loaded for the
# first; the report names each by libpq's parse, the password (the
# cluster's own, which pg_virtualenv puts in PGPASSWORD) masked.
"$OKRC" grade --format json --at 2026-08-15 --feed "postgres:#table=kpis" \
    --feed "postgres:application_name=okrc_test password=$PGPASSWORD#query=SELECT metric, \"timestamp\", value FROM kpis WHERE false" \
    "$okr" > "$work/two.json" 2> "$work/two.err"
status=$?
if [ "$status" -eq 2 ] || ! node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const names = r.feeds.map((f) => f.name);
    if (names[0] !== "postgres:#table=kpis" || !/^postgres:password=\*\*\* application_name=okrc_test#query=/.test(names[1]) ||
        r.feeds[0].stored !== 9 || r.feeds[1].rows !== 0) { console.error(JSON.stringify(r.feeds)); process.exit(1); }
' "$work/two.json" > "$work/two.node" 2>&1; then
    say "not ok postgres two feeds, one libpq (exit $status)"
    cat "$work/two.err" "$work/two.node" | head -10 | sed 's/^/    /' >> "$results"
elif grep -qF "$PGPASSWORD" "$work/two.json" "$work/two.err"; then
    say "not ok postgres two feeds, one libpq (the password is shown)"
else
    say "ok postgres two feeds, one libpq"
fi

expect "postgres connection refused" 2 'cannot connect' \
    "$OKRC" grade --at 2026-08-15 --feed "postgres:host=127.0.0.1 port=1 password=hunter2 connect_timeout=5#table=kpis" "$okr"
expect "postgres missing table" 2 '"?nope"? does not exist' \
    "$OKRC" grade --at 2026-08-15 --feed "postgres:#table=nope" "$okr"
expect "postgres non-numeric column" 2 'invalid input syntax|cannot be cast|double precision' \
    "$OKRC" grade --at 2026-08-15 --feed "postgres:#table=kpis&value=metric" "$okr"
exit 0
BODY

pg_virtualenv bash "$work/body.sh" > "$work/pg.log" 2>&1
rc=$?
if [ -s "$work/results" ]; then
    cat "$work/results"
fi
if [ "$rc" -ne 0 ] || [ ! -s "$work/results" ]; then
    echo "not ok postgres cluster (pg_virtualenv exited $rc)"
    tail -20 "$work/pg.log" | sed 's/^/    /'
fi
exit 0
