#!/usr/bin/env bash
# test_lsp.sh: the language server, driven over pipes by tests/lsp/session.js
# (initialize, diagnostics with UTF-16 ranges, cross-file programs, hover,
# definition (into the cached standard-library copy), symbols, completion,
# formatting, code actions from diagnostics' fixes, references and rename,
# malformed messages, exit status). The script prints "ok NAME" /
# "not ok NAME" lines itself; they are passed through for tests/run.sh to
# count.
cd "$(dirname "$0")/../.." || exit 1
OKRC=${OKRC:-build/okrc}

if ! command -v node >/dev/null 2>&1; then
    echo "not ok node available"
    exit 0
fi
node tests/lsp/session.js "$OKRC"
status=$?
# A crash of node itself may print no "not ok" line; make it count.
if [ "$status" -gt 1 ]; then
    echo "not ok lsp session script (node exit status $status)"
fi
exit 0
