# code_examples.awk: spec.md's example and fix for each diagnostic code, as C,
# for `okrc explain` (cli/code_examples.h). Run at build time:
#   awk -f tools/code_examples.awk spec.md > build/gen/code_examples.c
# Each "### OKRnnn slug" section of spec.md gives its first fenced block
# (the example file) and its "Fix:" paragraph. spec.md stays the one place
# the examples are written; nothing generated is committed.

# c_string(s): s as the body of a C string literal ('?' escaped too, so no
# trigraph can form under -std=c11).
function c_string(s,    out, i, c) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\") out = out "\\\\"
        else if (c == "\"") out = out "\\\""
        else if (c == "?") out = out "\\?"
        else if (c == "\n") out = out "\\n\"\n    \""
        else out = out c
    }
    return out
}

# unlink(s): a Markdown link to a section, [text](#anchor), as its text.
function unlink(s,    out) {
    out = ""
    while (match(s, /\[[^]]*\]\(#[^)]*\)/)) {
        out = out substr(s, 1, RSTART - 1) substr(s, RSTART + 1, index(substr(s, RSTART), "]") - 2)
        s = substr(s, RSTART + RLENGTH)
    }
    return out s
}

function flush() {
    if (code != "")
        printf "    {\"%s\", \"%s\", \"%s\"},\n", code, c_string(example), c_string(fix)
    code = ""; example = ""; fix = ""; fence = 0; fenced = 0; in_fix = 0
}

BEGIN {
    print "/* Generated from spec.md by tools/code_examples.awk; do not edit. */"
    print "#include <string.h>"
    print ""
    print "#include \"code_examples.h\""
    print ""
    print "static const struct { const char *code, *example, *fix; } examples[] = {"
}

/^## / || /^### / { flush() }
/^### OKR[0-9][0-9][0-9] / { code = $2; next }
code == "" { next }
/^```/ {
    if (fence) { fence = 0; fenced = 1 } else if (!fenced) { fence = 1 }
    next
}
fence { example = example $0 "\n"; next }
/^Fix: / && fix == "" { in_fix = 1 }
in_fix && /^$/ { in_fix = 0 }
in_fix { fix = fix (fix == "" ? "" : "\n") unlink($0) }

END {
    flush()
    print "};"
    print ""
    print "int okr_code_example(const char *code, const char **example, const char **fix)"
    print "{"
    print "    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {"
    print "        if (strcmp(examples[i].code, code) == 0) {"
    print "            *example = examples[i].example;"
    print "            *fix = examples[i].fix;"
    print "            return 1;"
    print "        }"
    print "    }"
    print "    return 0;"
    print "}"
}
