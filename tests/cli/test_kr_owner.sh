#!/usr/bin/env bash
# test_kr_owner.sh: a key result's owner in the text, Markdown and HTML
# reports (spec.md, "Owners"; the JSON is pinned by tests/grade/kr_owner).
# A key result's own owner is shown beside its title; an inherited one only
# with its objective, so a key result without an owner shows none. Also the
# Markdown per-team table's Roll-up column.
# Prints "ok NAME" or "not ok NAME" per check. Needs $OKRC.
set -u
OKRC=${OKRC:-build/okrc}
T=$(mktemp -d /tmp/okrc-krowner.XXXXXX)
trap 'rm -rf "$T"' EXIT
case_dir=tests/grade/kr_owner

. "$(dirname "$0")/lib.sh"

for fmt in text markdown html; do
    "$OKRC" grade "$case_dir/team.okr" --feed "$case_dir/feed.csv" --at 2026-09-30 --format $fmt \
        -o "$T/r.$fmt" > "$T/$fmt.log" 2>&1 || { sed 's/^/    /' "$T/$fmt.log" | head -5; }
done

check "kr owner text: own owners beside the title, inherited ones not repeated" eval '
    file_has "$T/r.text" "activation: Increase Day-7 activation (owner Sam Okafor)" &&
    file_has "$T/r.text" "tickets (owner Lee Chen)" &&
    file_has "$T/r.text" "hypothesis lift: Usage pricing lifts trial-to-paid (owner Ana Ruiz)" &&
    file_has "$T/r.text" "onboarding  [aspirational, 2026-Q3]  owner Dana Lee" &&
    [ "$(grep -c "(owner " "$T/r.text")" -eq 4 ]'
check "kr owner markdown: after a middle dot in the key-result cell" eval '
    file_has "$T/r.markdown" "| **activation**: Increase Day-7 activation · owner Sam Okafor<br/>" &&
    file_has "$T/r.markdown" "| **tickets** · owner Lee Chen<br/>" &&
    file_has "$T/r.markdown" "| **speed**<br/>" &&
    file_has "$T/r.markdown" "| **backlog**<br/>"'
check "kr owner html: a badge beside the title, escaped" eval '
    file_has "$T/r.html" "Increase Day-7 activation <span class=\"badge\">owner Sam Okafor</span>" &&
    file_has "$T/r.html" "<span class=\"badge\">owner Lee Chen</span>" &&
    [ "$(grep -o "class=\"badge\">owner " "$T/r.html" | wc -l)" -eq 4 ]'
check "markdown team table: a Roll-up column" eval '
    file_has "$T/r.markdown" "| Objective | Archetype | Score | Roll-up | Verdict |" &&
    file_has "$T/r.markdown" "|---|---|---:|---:|---|"'

# Owner text with HTML and Markdown specials is escaped in both.
sed "s/owner \"Sam Okafor\"/owner \"<b>Sam<\/b> | x\"/" "$case_dir/team.okr" > "$T/team.okr"
"$OKRC" grade "$T/team.okr" --feed "$case_dir/feed.csv" --at 2026-09-30 --format html -o "$T/esc.html" > /dev/null 2>&1
"$OKRC" grade "$T/team.okr" --feed "$case_dir/feed.csv" --at 2026-09-30 --format markdown -o "$T/esc.md" > /dev/null 2>&1
check "kr owner escaped in html and markdown" eval '
    file_has "$T/esc.html" "owner &lt;b&gt;Sam&lt;/b&gt; | x</span>" &&
    file_lacks "$T/esc.md" "<b>Sam" && file_has "$T/esc.md" "owner &lt;b&gt;Sam&lt;/b&gt; \\| x<br/>"'

# An owner written as a handle must not ping anyone when the Markdown report
# is posted as a pull-request comment: every '@' is followed by a zero-width
# joiner, as in `okrc diff`'s Markdown (spec.md, "Markdown report").
sed 's/"Sam Okafor"/"@sam-okafor"/; s/Increase Day-7 activation/Increase Day-7 activation for @growth-team/' \
    "$case_dir/team.okr" > "$T/handles.okr"
"$OKRC" grade "$T/handles.okr" --feed "$case_dir/feed.csv" --at 2026-09-30 --format markdown \
    -o "$T/handles.md" > "$T/handles.log" 2>&1
check "markdown report: an @handle in an owner or a title pings nobody" eval '
    file_has "$T/handles.md" "owner @$(printf "\342\200\215")sam-okafor" &&
    file_has "$T/handles.md" "for @$(printf "\342\200\215")growth-team" &&
    ! grep -q "@[a-z]" "$T/handles.md"'
