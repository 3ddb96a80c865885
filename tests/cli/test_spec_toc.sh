#!/usr/bin/env bash
# test_spec_toc.sh: spec.md's table of contents (between "<!-- toc -->" and
# "<!-- /toc -->") is the one tools/spec_toc.awk makes from its headings, so
# a section added without `make spec-toc` fails here with the diff; and every
# in-page link "](#anchor)" of spec.md names one of its headings. Prints "ok NAME" / "not ok NAME" (tests/run.sh counts
# them). Run from the repository root.
set -u
SPEC=spec.md
T=$(mktemp -d /tmp/okrc-toc.XXXXXX)
trap 'rm -rf "$T"' EXIT

if ! grep -qx '<!-- toc -->' "$SPEC"; then
    echo "not ok spec.md has a table of contents (no <!-- toc --> line)"
elif awk -f tools/spec_toc.awk "$SPEC" "$SPEC" > "$T/spec.md" && diff -u "$SPEC" "$T/spec.md" > "$T/diff"; then
    echo "ok spec.md's table of contents matches its headings"
else
    echo "not ok spec.md's table of contents is stale (run make spec-toc)"
    head -30 "$T/diff" | sed 's/^/    /'
fi

awk -v links=1 -f tools/spec_toc.awk "$SPEC" "$SPEC" > "$T/broken"
if [ -s "$T/broken" ]; then
    echo "not ok spec.md's in-page links name headings ($(wc -l < "$T/broken") do not)"
    head -20 "$T/broken" | sed 's/^/    spec.md:/'
else
    echo "ok spec.md's in-page links name headings"
fi
