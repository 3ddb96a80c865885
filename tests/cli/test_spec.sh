#!/usr/bin/env bash
# test_spec.sh: spec.md is the contract with users, so it must name everything
# the code defines. Checks, one "ok NAME" / "not ok NAME" line per category
# (tests/run.sh counts them), with the missing items listed on failure:
#   - every keyword of lexer/keywords.def is in the keyword table, with its class;
#   - every code of common/codes.def has a "### OKRnnn slug" heading;
#   - every code `okrc explain` lists is documented, with its default severity;
#   - every OKR_MAX_* limit of parser/parser.h appears in the Limits section;
#   - every metric of stdlib/std/*.okr appears in the Standard library section;
#   - the top-level sections exist.
# Run from the repository root with $OKRC set to the okrc binary.
set -u
OKRC=${OKRC:-build/okrc}
SPEC=spec.md

# report NAME ITEM...: one result line for a category; the items are what is
# missing or wrong, listed on failure. REPORT_WHAT names them ("missing").
REPORT_WHAT=missing
report() {
    local name=$1
    shift
    if [ $# -eq 0 ]; then
        echo "ok $name"
    else
        echo "not ok $name ($# $REPORT_WHAT)"
        local item; for item in "$@"; do printf '    %s: %s\n' "$REPORT_WHAT" "$item"; done
    fi
}

if [ ! -f "$SPEC" ]; then
    echo "not ok spec.md exists (run from the repository root)"
    exit 0
fi

# section TITLE: the lines of "## TITLE..." up to the next "## " heading.
section() {
    awk -v title="$1" '
        /^## / { inside = (index($0, "## " title) == 1); next }
        inside { print }
    ' "$SPEC"
}

# --- the structure of the document
missing=()
for heading in "# okrc language reference" "## Lexical structure" "## Token classes" "## Syntax" \
    "## Names and scopes" "## Cycles" "## Metric types and Units" "## Directions" \
    "## Targets and bounds" "## Archetypes" "## Counter-metrics" "## Task-style key results" \
    "## Shape" "## Objective statements" "## Policy" "## Suppressions" "## Diagnostics" \
    "## Output formats" "## compile --emit json (schema v1)" "## Command line" "## Limits" \
    "## Standard library" "## Grading"; do
    grep -qxF -- "$heading" "$SPEC" || missing+=("$heading")
done
report "spec.md has every section" "${missing[@]}"

# --- keywords: "| `word` | class |" rows of the keyword table
table=$(section "Lexical structure" | grep '^|')
missing=()
while read -r spelling klass; do
    grep -qF -- "| \`$spelling\` | $klass |" <<<"$table" || missing+=("$spelling ($klass)")
done < <(sed -n 's/^OKR_KEYWORD([A-Z_]*, *"\([^"]*\)", *\([a-z]*\)).*/\1 \2/p' lexer/keywords.def)
[ -n "$(sed -n '/^OKR_KEYWORD(/p' lexer/keywords.def)" ] || missing+=("(no keywords read from lexer/keywords.def)")
report "spec.md keyword table has every keyword of keywords.def with its class" "${missing[@]}"

# --- codes.def: a "### OKRnnn slug" heading per code
missing=()
codes=$(sed -n 's/^OKR_CODE([A-Z0-9_]*, *"\(OKR[0-9]*\)", *"\([^"]*\)".*/\1 \2/p' common/codes.def)
[ -n "$codes" ] || missing+=("(no codes read from common/codes.def)")
while read -r code slug; do
    [ -n "$code" ] || continue
    grep -qxF -- "### $code $slug" "$SPEC" || missing+=("### $code $slug")
done <<<"$codes"
report "spec.md has a heading for every code of codes.def" "${missing[@]}"

# --- okrc explain: every listed code documented, with its default severity
if [ ! -x "$OKRC" ]; then
    echo "not ok okrc explain codes in spec.md (no okrc binary at '$OKRC')"
    echo "not ok spec.md default severities match okrc explain (no okrc binary at '$OKRC')"
else
    listing=$("$OKRC" explain)
    missing=()
    wrong=()
    [ -n "$listing" ] || missing+=("(okrc explain printed nothing)")
    while read -r code severity _; do
        [ -n "$code" ] || continue
        if ! grep -qE -- "^### $code( |$)" "$SPEC"; then
            missing+=("$code")
            continue
        fi
        # The code's subsection must state its default severity.
        body=$(awk -v code="$code" '
            /^##/ { inside = (index($0, "### " code " ") == 1); next }
            inside { print }
        ' "$SPEC")
        grep -qF -- "Default severity: $severity." <<<"$body" || wrong+=("$code: Default severity: $severity.")
    done <<<"$listing"
    report "okrc explain codes in spec.md" "${missing[@]}"
    REPORT_WHAT=wrong report "spec.md default severities match okrc explain" "${wrong[@]}"
fi

# --- limits: the value of every OKR_MAX_* constant in the Limits section
limits=$(section "Limits")
missing=()
found=0
while IFS= read -r line; do
    name=$(sed -n 's/^[[:space:]]*\(OKR_MAX_[A-Z_]*\)[[:space:]]*=.*/\1/p' <<<"$line")
    expr=$(sed -n 's/^[[:space:]]*OKR_MAX_[A-Z_]*[[:space:]]*=[[:space:]]*\([^,]*\),.*/\1/p' <<<"$line")
    [ -n "$name" ] || continue
    found=1
    if ! [[ $expr =~ ^[0-9\ \*\+\(\)-]+$ ]]; then
        missing+=("$name (cannot evaluate '$expr')")
        continue
    fi
    value=$((expr))
    grep -qE -- "(^|[^0-9])$value([^0-9]|$)" <<<"$limits" || missing+=("$name = $value")
done < <(grep 'OKR_MAX_[A-Z_]* *=' parser/parser.h)
[ "$found" = 1 ] || missing+=("(no OKR_MAX_* constants read from parser/parser.h)")
report "spec.md Limits section has every OKR_MAX_* value of parser.h" "${missing[@]}"

# --- standard library: every metric of stdlib/std/*.okr
stdlib=$(section "Standard library")
missing=()
metrics=$(sed -n 's/^metric \([A-Za-z0-9_]*\).*/\1/p' stdlib/std/*.okr)
[ -n "$metrics" ] || missing+=("(no metrics read from stdlib/std/*.okr)")
for metric in $metrics; do
    grep -qF -- "\`$metric\`" <<<"$stdlib" || missing+=("$metric")
done
report "spec.md Standard library section has every stdlib metric" "${missing[@]}"

# Every word of the standard vocabulary is listed in the Vocabulary part of
# the Standard library section, so the spec cannot drift from the data.
vocab_section=$(section "Standard library" | awk '/^### Vocabulary/ { on = 1 } on')
missing_words=()
while IFS= read -r word; do
    grep -qF "\"$word\"" <<<"$vocab_section" || missing_words+=("$word")
done < <(sed 's|//.*||' stdlib/std/vocabulary.okr | grep -o '"[^"]*"' | tr -d '"')
report "stdlib vocabulary in spec" "${missing_words[@]+"${missing_words[@]}"}"
