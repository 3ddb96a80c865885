# spec_toc.awk: writes spec.md back with its table of contents regenerated
# between the lines "<!-- toc -->" and "<!-- /toc -->" (`make spec-toc`;
# tests/cli/test_spec_toc.sh fails when the committed one is stale). With
# -v links=1 it lists the in-page links that name no heading instead.
#
# One line per "## " section, its "### " subsections after it; the
# Diagnostics section's per-code subsections ("### OKRnnn slug") are left
# out (the section itself lists them). Anchors follow GitHub's rule:
# lower case, characters other than letters, digits, spaces, "-" and "_"
# dropped, spaces turned into "-", and a repeated anchor numbered "-1",
# "-2" in order of appearance. Headings inside fenced code blocks are not
# headings. Written in awk rather than a Markdown library because only
# heading lines matter and the test must run where only POSIX tools are.

function anchor(title,    a, n) {
    a = tolower(title)
    gsub(/[^a-z0-9 _-]/, "", a)
    gsub(/ /, "-", a)
    n = seen[a]++
    return n ? a "-" n : a
}

# First pass (the file is read twice): every heading's anchor, in order,
# since a repeated anchor's number counts headings of every level.
FNR == NR {
    if ($0 ~ /^```/) fenced = !fenced
    if (!fenced && match($0, /^#+ /)) {
        title = substr($0, RLENGTH + 1)
        a = anchor(title)
        anchors[a] = 1
        if (RLENGTH == 3 || RLENGTH == 4) {
            heading[++count] = "[" title "](#" a ")"
            depth[count] = RLENGTH - 1
        }
    }
    next
}

# Second pass: copy the file, replacing the marked region.
FNR == 1 {
    for (i = 1; i <= count; i++) {
        if (depth[i] == 2) {
            line[++lines] = "- " heading[i]
            subs = 0
        } else if (heading[i] !~ /^\[OKR[0-9][0-9][0-9] /) {
            line[lines] = line[lines] (subs++ ? " · " : ": ") heading[i]
        }
    }
}
# With -v links=1: print instead the in-page links ("](#anchor)") that
# name no heading, one per line, and nothing else.
links {
    rest = $0
    while (match(rest, /\]\(#[^)]*\)/)) {
        a = substr(rest, RSTART + 3, RLENGTH - 4)
        if (!(a in anchors)) print FNR ": #" a
        rest = substr(rest, RSTART + RLENGTH)
    }
    next
}
/^<!-- toc -->$/ {
    print
    for (i = 1; i <= lines; i++) print line[i]
    skipping = 1
    next
}
/^<!-- \/toc -->$/ { skipping = 0 }
!skipping { print }
