#!/usr/bin/env bash
# test_lsp_requests.sh: requests that follow an edit (completion, hover,
# definition, symbols, code actions, formatting, references, rename) answer
# as a fresh server on the same texts does, and those about the document a
# keystroke's focused check answered read that focused build instead of
# checking the whole workspace (tests/lsp/requests.js; spec.md, "Requests
# after typing"). The script prints "ok NAME" / "not ok NAME" lines itself;
# they are passed through for tests/run.sh to count.
cd "$(dirname "$0")/../.." || exit 1
OKRC=${OKRC:-build/okrc}

if ! command -v node >/dev/null 2>&1; then
    echo "not ok node available"
    exit 0
fi
node tests/lsp/requests.js "$OKRC"
status=$?
if [ "$status" -gt 1 ]; then
    echo "not ok lsp requests script (node exit status $status)"
fi
exit 0
