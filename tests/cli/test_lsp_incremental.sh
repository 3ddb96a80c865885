#!/usr/bin/env bash
# test_lsp_incremental.sh: the language server's answers to a sequence of
# edits equal a full check's (tests/lsp/incremental.js; spec.md, "Checking
# as you type"): focused checks for keystrokes, full ones for edits that
# change what other files read, file changes on disk. The script prints
# "ok NAME" / "not ok NAME" lines itself; they are passed through for
# tests/run.sh to count.
cd "$(dirname "$0")/../.." || exit 1
OKRC=${OKRC:-build/okrc}

if ! command -v node >/dev/null 2>&1; then
    echo "not ok node available"
    exit 0
fi
node tests/lsp/incremental.js "$OKRC"
status=$?
if [ "$status" -gt 1 ]; then
    echo "not ok lsp incremental script (node exit status $status)"
fi
exit 0
