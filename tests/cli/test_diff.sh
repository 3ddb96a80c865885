#!/usr/bin/env bash
# test_diff.sh: `okrc diff` on git revisions of a throw-away repository built
# here (two commits), from its root and from a subdirectory, and its errors:
# an unknown revision, an argument that is both a path and a revision, an
# unreadable path, a side with syntax errors, a bad option. Each run checks
# that the work tree and the index are untouched (git status, the index's
# bytes). Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
cases=$PWD/tests/diff
work=$(mktemp -d /tmp/okrc-diff.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT

if ! command -v git >/dev/null 2>&1; then
    echo "not ok diff: git not found"
    exit 0
fi
repo=$work/repo
mkdir -p "$repo/okrs"
g() { git -C "$repo" -c user.email=t@example.com -c user.name=t -c commit.gpgsign=false "$@"; }
g init -q
cp "$cases/flags/old/platform.okr" "$repo/okrs/"
g add -A && g commit -qm old
cp "$cases/flags/new/platform.okr" "$repo/okrs/"
# A change in the work tree that is not committed: diff of revisions ignores it.
g add -A && g commit -qm new
echo "// uncommitted" >> "$repo/okrs/platform.okr"
status_before=$(g status --porcelain)
index_before=$(sha256sum "$repo/.git/index")

untouched() { # untouched NAME: the work tree and index are as they were
    if [ "$(g status --porcelain)" = "$status_before" ] && [ "$(sha256sum "$repo/.git/index")" = "$index_before" ]; then
        echo "ok diff $1 leaves the work tree and index untouched"
    else
        echo "not ok diff $1 leaves the work tree and index untouched"
    fi
}

cd "$repo" || exit 1
expect "diff HEAD~1 HEAD flags the moved goalposts (exit 1)" 1 \
    'okrc diff HEAD~1 -> HEAD: 2 objectives changed, 0 added, 0 removed; 6 flags' \
    "$OKRC" diff --at 2026-08-01 HEAD~1 HEAD
untouched "HEAD~1 HEAD"
out=$("$OKRC" diff --at 2026-08-01 HEAD~1 HEAD 2>&1)
grep -q '^okrs/platform.okr:10:72: warning: target of key result .uptime. made easier' <<<"$out" &&
    echo "ok diff names the NEW revision's file as git does" ||
    { echo "not ok diff names the NEW revision's file as git does"; printf '%s\n' "$out" | head -5; }
grep -q 'uncommitted' <<<"$out" && echo "not ok diff reads the revision, not the work tree" ||
    echo "ok diff reads the revision, not the work tree"
expect "diff of revisions before the cycle starts has no flags (exit 0)" 0 '; 0 flags$' \
    "$OKRC" diff --at 2026-06-01 HEAD~1 HEAD
"$OKRC" diff --at 2026-08-01 --format json HEAD~1 HEAD > "$work/out.json"
json_check "diff --format json of revisions" "$work/out.json" \
    'd.old === "HEAD~1" && d.new === "HEAD" && d.summary.flags === 6 && d.flags[0].code === "OKR962"'
expect "diff a revision against the work tree" 1 'okrc diff HEAD~1 -> okrs' \
    "$OKRC" diff --at 2026-08-01 HEAD~1 okrs
expect "diff from a subdirectory with a PATH" 1 'okrs?/?platform.okr:10:72|^platform.okr:10:72' \
    bash -c "cd okrs && '$OKRC' diff --at 2026-08-01 HEAD~1 HEAD platform.okr"
expect "diff of one revision with itself has no changes" 0 'no changes' "$OKRC" diff HEAD HEAD
untouched "of every run above"

# Errors: exit 2, saying which side.
expect "diff of an unknown revision is exit 2 and names the side" 2 \
    "NEW: 'no-such-rev' is neither a file or directory nor a revision" "$OKRC" diff HEAD no-such-rev
expect "diff of a revision starting with - is never an option to git" 2 \
    "NEW: '--output=x' is neither a file or directory nor a revision" "$OKRC" diff -- HEAD --output=x
[ ! -e --output=x ] && [ ! -e x ] && echo "ok diff passed no option to git" || echo "not ok diff passed no option to git"
mkdir -p main && g branch -q main 2>/dev/null
expect "diff of an argument both a path and a revision is exit 2" 2 "OLD: 'main' is both a path and a git revision" \
    "$OKRC" diff main HEAD
expect "diff of an unreadable path is exit 2" 2 "OLD: 'missing' is neither" "$OKRC" diff missing HEAD
expect "diff of a revision without .okr files under PATH is exit 2" 2 "has no .okr file under nowhere" \
    "$OKRC" diff HEAD~1 HEAD nowhere
printf 'team t\ncycle 2026-Q3\nobjective o "x" {\n' > okrs/platform.okr
g add -A && g commit -qm broken
expect "diff of a revision with syntax errors is exit 2 and names the side" 2 \
    "NEW \\('HEAD'\\) has input, syntax or name errors" "$OKRC" diff HEAD~1 HEAD
g checkout -q HEAD~1 -- okrs/platform.okr
cd - >/dev/null || exit 1
expect "diff needs OLD and NEW" 2 'diff takes OLD and NEW' "$OKRC" diff "$cases/flags/old"
expect "diff --format takes text, json or markdown" 2 "--format takes text, json or markdown \\(not 'sarif'\\)" \
    "$OKRC" diff --format sarif "$cases/flags/old" "$cases/flags/new"
expect "diff --at takes a date that exists" 2 "--at takes a date that exists" \
    "$OKRC" diff --at 2026-02-30 "$cases/flags/old" "$cases/flags/new"
expect "diff of files given directly" 1 'target of key result .uptime. made easier' \
    "$OKRC" diff --at 2026-08-01 "$cases/flags/old/platform.okr" "$cases/flags/new/platform.okr"
expect "diff -o writes the report to a file" 1 '' \
    "$OKRC" diff --at 2026-08-01 -o "$work/report.md" --format markdown "$cases/flags/old" "$cases/flags/new"
grep -q '<details>' "$work/report.md" && echo "ok diff -o wrote the Markdown report" ||
    echo "not ok diff -o wrote the Markdown report"
cp -R "$cases/flags" "$work/flags"
before=$(sha256sum "$work/flags/new/platform.okr")
expect "diff -o naming an input is refused" 2 "output '.*platform.okr' is one of the inputs" \
    "$OKRC" diff -o "$work/flags/new/platform.okr" "$work/flags/old" "$work/flags/new"
[ "$(sha256sum "$work/flags/new/platform.okr")" = "$before" ] && echo "ok diff -o left the input as it was" ||
    echo "not ok diff -o left the input as it was"
# A check of NEW does not call an allow comment for a diff code unused.
expect "check does not report an allow comment for OKR960 as unused" 0 'no problems' \
    "$OKRC" check "$cases/suppressed/new"
