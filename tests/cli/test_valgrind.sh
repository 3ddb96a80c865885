#!/usr/bin/env bash
# test_valgrind.sh: okrc under valgrind memcheck, on every command a user
# runs: check (text and SARIF, with the examples' real mistakes), compile,
# grade from CSV (each report format) and from SQLite after `feed import`,
# fmt --check, explain, hostile input and a scripted language-server session.
# Each run prints "ok valgrind NAME" when valgrind found no error and no
# definite, indirect or possible leak (its exit is not 99) and okrc's exit
# status is the expected one; otherwise "not ok valgrind NAME" with the
# relevant lines of valgrind's report. "still reachable" blocks (libpq,
# sqlite, libffi, flex's buffers at exit) are not errors with these flags.
#
# tests/run.sh runs this once per build directory: valgrind and ASan cannot
# share a process, so an ASan build (build/asan) is skipped; the plain build
# (build/) is the one measured. Needs $OKRC (and $BUILD).
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=${OKRC:-build/okrc}
BUILD=${BUILD:-$(dirname "$OKRC")}

if [ ! -x "$OKRC" ]; then
    echo "not ok valgrind ($OKRC is not built)"
    exit 0
fi
# An ASan binary carries the sanitizer's runtime hooks; valgrind cannot run it.
if grep -aq '__asan_init' "$OKRC" 2>/dev/null; then
    echo "ok valgrind (runs with build/ only)"
    exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "not ok valgrind available (apt-get install valgrind)"
    exit 0
fi
OKRC=$(realpath "$OKRC")
T=$(mktemp -d /tmp/okrc-valgrind.XXXXXX)
trap 'rm -rf "$T"' EXIT

VG=(valgrind --tool=memcheck --leak-check=full
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible
    --error-exitcode=99 --track-origins=no --num-callers=20)

# vg NAME WANT_STATUS [STDIN_FILE] -- ARGS...: runs okrc ARGS under valgrind.
vg() {
    local name=$1 want=$2 stdin=/dev/null
    shift 2
    if [ "$1" != -- ]; then stdin=$1; shift; fi
    shift # --
    local log="$T/vg.$$.log" status
    "${VG[@]}" --log-file="$log" "$OKRC" "$@" < "$stdin" > "$T/out" 2> "$T/err"
    status=$?
    if [ "$status" -eq 99 ]; then
        echo "not ok valgrind $name (memcheck found errors)"
        # The error and leak records, without valgrind's banner.
        grep -E '^==[0-9]+== ' "$log" | sed -E 's/^==[0-9]+== ?//' |
            grep -vE '^(Memcheck|Copyright|Using Valgrind|Command:|Parent PID:|$)' |
            head -60 | sed 's/^/    /'
    elif [ "$status" -ne "$want" ]; then
        echo "not ok valgrind $name (exit $status, wanted $want)"
        { head -10 "$T/err"; grep -E '^==[0-9]+== ' "$log" 2>/dev/null | tail -15; } | sed 's/^/    /'
    else
        echo "ok valgrind $name"
    fi
    rm -f "$log"
}

teams=(examples/okrs/company.okr examples/okrs/growth examples/okrs/ai)
feed=examples/metrics/analytics.csv

# --- check and compile
vg "check examples (platform's mistakes)" 1 -- check --color=never examples/okrs
vg "check --format sarif" 1 -- check --format sarif examples/okrs
vg "check --format json" 1 -- check --format json examples/okrs
vg "compile --emit json" 0 -- compile --emit json "${teams[@]}"

# --- fixes: shown, shown as a diff, applied (to a copy: --fix writes)
cp tests/cases/suppress/allow.okr "$T/fix.okr"
vg "check with fixes shown" 0 -- check --color=never "$T/fix.okr"
vg "check --fix --diff" 1 -- check --fix --diff "$T/fix.okr"
vg "check --fix" 0 -- check --fix --format sarif "$T/fix.okr"

# --- grade from the CSV feed, every report format (a committed objective
# fails at the cycle's end: exit 1 is the graded outcome, not an error)
for fmt in text json markdown html; do
    vg "grade csv --format $fmt" 1 -- grade "${teams[@]}" --feed "$feed" --at 2026-09-30 --format "$fmt"
done
vg "grade csv mid-cycle check-in" 1 -- grade "${teams[@]}" --feed "$feed" --at 2026-08-15

# --- feed import, then grade from SQLite
vg "feed import" 0 -- feed import "$feed" "$T/metrics.db"
vg "grade sqlite" 1 -- grade "${teams[@]}" --feed "sqlite:$T/metrics.db" --at 2026-09-30 --format json

# --- grade from JSON Lines (the CSV's rows as objects)
awk -F, 'NR > 1 { printf "{\"metric\": \"%s\", \"timestamp\": \"%s\", \"value\": %s}\n", $1, $2, $3 }' \
    "$feed" > "$T/metrics.jsonl"
printf '{"metric": "d7_activation", "timestamp": "2026-07-01"}\nnot json\n' >> "$T/metrics.jsonl"
vg "grade jsonl" 1 -- grade "${teams[@]}" --feed "$T/metrics.jsonl" --at 2026-09-30 --format markdown

# --- fmt and explain
vg "fmt --check examples" 0 -- fmt --check examples
vg "explain OKR301" 0 -- explain OKR301
vg "explain (list)" 0 -- explain

# --- hostile input
printf 'team t "\xff\xfe"\ncycle 2026-Q3\n\xc3\x28 \xe2\x82\n' > "$T/bad-utf8.okr"
vg "invalid utf-8" 1 -- check "$T/bad-utf8.okr"
printf 'team t\0\0\0' > "$T/nul.okr"
vg "nul bytes" 1 -- check "$T/nul.okr"
vg "syntax errors (recovery)" 1 -- check tests/cases/syntax/recovery.okr
vg "lexical errors" 1 -- check tests/cases/syntax/lexical.okr
{ printf 'team t\ncycle 2026-Q3\n'; head -c 10000 /dev/zero | tr '\0' '{'; head -c 10000 /dev/zero | tr '\0' '}'; } > "$T/braces.okr"
vg "10000 nested braces" 1 -- check "$T/braces.okr"
if compgen -G 'tests/recovery/*.okr' > /dev/null; then
    vg "recovery corpus" 1 -- check --format json tests/recovery
fi
printf 'metric,timestamp,value\nd7_activation,2026-07-01,1\n"broken,2026-07-02,x\n' > "$T/bad.csv"
vg "grade with a malformed feed" 2 -- grade "${teams[@]}" --feed "$T/bad.csv" --at 2026-09-30 --strict-feeds

# --- a language-server session: initialize, didOpen, hover, definition,
# symbols, completion, formatting, didChange, shutdown, exit.
frame() { # frame JSON: one base-protocol message (the length counts bytes)
    local LC_ALL=C
    printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"
}
mkdir -p "$T/ws"
cp examples/okrs/growth/2026-q3.okr "$T/ws/growth.okr"
uri="file://$T/ws/growth.okr"
doc=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$T/ws/growth.okr")
{
    frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"file://'"$T"'/ws","capabilities":{}}}'
    frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
    frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"okr","version":1,"text":'"$doc"'}}}'
    frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"'"$uri"'"},"position":{"line":24,"character":62}}}'
    frame '{"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":"'"$uri"'"},"position":{"line":24,"character":62}}}'
    frame '{"jsonrpc":"2.0","id":4,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"'"$uri"'"}}}'
    frame '{"jsonrpc":"2.0","id":5,"method":"textDocument/completion","params":{"textDocument":{"uri":"'"$uri"'"},"position":{"line":24,"character":60}}}'
    frame '{"jsonrpc":"2.0","id":6,"method":"textDocument/formatting","params":{"textDocument":{"uri":"'"$uri"'"},"options":{"tabSize":2,"insertSpaces":true}}}'
    frame '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$uri"'","version":2},"contentChanges":[{"text":"team growth\ncycle 2026-Q3\nobjective o \"x\" {\n  kr a : nope at least 3\n"}]}}'
    frame '{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"'"$uri"'"},"position":{"line":3,"character":10}}}'
    frame 'not json'
    frame '{"jsonrpc":"2.0","id":8,"method":"shutdown"}'
    frame '{"jsonrpc":"2.0","method":"exit"}'
} > "$T/session.lsp"
vg "lsp session" 0 "$T/session.lsp" -- lsp
cp "$T/out" "$T/lsp.out"
# The server's answers: one per request (ids 1 to 8) and the parse error.
replies=$(grep -ao '"id":[0-9]*' "$T/lsp.out" | sort -u | wc -l)
if [ "$replies" -ge 8 ] && grep -aq -- '-32700' "$T/lsp.out" && grep -aq 'metric growth.d7_activation\|d7_activation' "$T/lsp.out"; then
    echo "ok valgrind lsp session answered every request"
else
    echo "not ok valgrind lsp session answered every request ($replies ids)"
    head -c 1500 "$T/lsp.out" | sed 's/^/    /'
fi
exit 0
