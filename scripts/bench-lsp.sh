#!/usr/bin/env bash
# scripts/bench-lsp.sh BUILD FILES [EDITS] [MODE]: the language server's
# keystroke latency (issue 13): time from a textDocument/didChange to the
# publishDiagnostics that answers it, in a workspace of FILES .okr files.
# MODE `completion` times instead a completion request sent right after
# each keystroke, to its reply (tools/lsp_drive.py says where it asks);
# `references` the same with a references request, which reads every file;
# `identifier` types identifier characters instead (the first key result's
# metric retyped one character at a time, a completion after each).
#
# The workspace is tools/gen_corpus.c's corpus (a company directory and one
# directory per team: metrics.okr and one file per quarter, teams aligning
# to the company's objectives), generated with enough objectives and then
# cut to exactly FILES files by deleting the last team quarter files in
# path order (never a metrics.okr or a company file, so what is left
# still resolves). It is cached in BUILD/bench/lsp-FILES. tools/lsp_drive.py
# opens the first team quarter file and types EDITS (default 100) characters
# into its first title, one didChange each, waiting for each answer.
#
# Prints one line: `lsp FILES median_ms p95_ms`, or `lsp-MODE FILES
# median_ms p95_ms` (scripts/bench.sh reads it).
set -eu
BUILD=${1:?usage: bench-lsp.sh BUILD FILES [EDITS]}
FILES=${2:?usage: bench-lsp.sh BUILD FILES [EDITS]}
EDITS=${3:-100}
MODE=${4:-keystroke}
OKRC=$BUILD/okrc
DIR=$BUILD/bench/lsp-$FILES
mkdir -p "$BUILD/tools" "$BUILD/bench"
if [ ! -x "$BUILD/tools/gen_corpus" ] || [ tools/gen_corpus.c -nt "$BUILD/tools/gen_corpus" ]; then
    ${CC:-cc} -std=c11 -Wall -Wextra -O2 -o "$BUILD/tools/gen_corpus" tools/gen_corpus.c
fi
count() { find "$1" -name '*.okr' -type f | wc -l; }
if [ ! -d "$DIR/okr" ] || [ "$(count "$DIR/okr")" -ne "$FILES" ]; then
    rm -rf "$DIR"
    # About 2.2 .okr files per objective come out; ask for a few more.
    "$BUILD/tools/gen_corpus" "$DIR" $((FILES * 9 / 4 + 40)) > /dev/null
    rm -f "$DIR/corpus.json" "$DIR/corpus.yaml" "$DIR/schema.json"
    extra=$(($(count "$DIR/okr") - FILES))
    if [ "$extra" -lt 0 ]; then
        echo "bench-lsp: the generated corpus has fewer than $FILES files" >&2
        exit 1
    fi
    if [ "$extra" -gt 0 ]; then
        find "$DIR/okr" -path '*/div*/*/20*-q*.okr' -type f | LC_ALL=C sort | tail -n "$extra" | xargs rm -f
    fi
fi
OPEN=$(find "$DIR/okr" -path '*/div*/*/20*-q*.okr' -type f | LC_ALL=C sort | head -1)
exec python3 tools/lsp_drive.py "$OKRC" "$DIR/okr" "$OPEN" "$EDITS" "$MODE"
