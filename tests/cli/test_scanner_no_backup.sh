#!/usr/bin/env bash
# test_scanner_no_backup.sh: flex finds no backing-up state in lexer/okr.l
# (flex -b writes "No backing up." to lex.backup). The scanner's inner loop
# then does one table lookup a byte; a single state that can back up brings
# back the per-byte bookkeeping for every byte of every file. A new rule
# whose prefix is no token needs a rule at the end of okr.l that gives the
# extra bytes back (see the comment there). Prints "ok NAME" / "not ok NAME".
# Run from the repository root; needs flex.
set -u
FLEX=${FLEX:-flex}
if ! command -v "$FLEX" >/dev/null 2>&1; then
    echo "not ok scanner has no backing up (flex not found: scripts/install-deps.sh installs it)"
    exit 0
fi
T=$(mktemp -d /tmp/okrc-backup.XXXXXX)
trap 'rm -rf "$T"' EXIT
ROOT=$PWD
if ! (cd "$T" && "$FLEX" -b -o "$T/scan.c" "$ROOT/lexer/okr.l") 2> "$T/err"; then
    echo "not ok scanner has no backing up (flex failed: $(head -3 "$T/err"))"
elif [ "$(cat "$T/lex.backup")" = "No backing up." ]; then
    echo "ok scanner has no backing up"
else
    echo "not ok scanner has no backing up ($(grep -c '^State' "$T/lex.backup") states back up; flex -b lexer/okr.l lists them in lex.backup)"
    head -20 "$T/lex.backup" | sed 's/^/    /'
fi
