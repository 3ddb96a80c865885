#!/usr/bin/env bash
# test_gen_vocab.sh: tools/gen_vocab, which compiles std/vocabulary.okr into
# the table okrc indexes at run time (checker/vocab_std.c). It writes the
# table the build uses, and refuses, naming the line, anything in the file
# it would not read the way okrc's parser and policy code do (spec.md,
# "Vocabulary"). Run from the repository root with $BUILD set.
set -u
. tests/cli/lib.sh
BUILD=${BUILD:-build}
GEN=$BUILD/tools/gen_vocab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect "gen_vocab writes the table of the build" 0 "" "$GEN" stdlib/std/vocabulary.okr "$tmp/table.c"
if cmp -s "$tmp/table.c" "$BUILD/gen/vocab_table.c"; then
    echo "ok gen_vocab output is the table okrc was built with"
else
    echo "not ok gen_vocab output is the table okrc was built with"
fi

# bad NAME PATTERN TEXT: gen_vocab fails on TEXT with a message matching PATTERN.
bad() {
    printf '%b' "$3" > "$tmp/bad.okr"
    expect "gen_vocab refuses $1" 1 "$2" "$GEN" "$tmp/bad.okr" "$tmp/out.c"
}
bad "a limit line" 'bad\.okr:3: expected `vocabulary' 'policy {\n  vocabulary adverb "quickly"\n  limit objectives_per_team 3\n}\n'
bad "an unknown list" 'bad\.okr:2: expected a vocabulary list name' 'policy {\n  vocabulary verbs "ship"\n}\n'
bad "an unterminated string" 'bad\.okr:2: unterminated string' 'policy {\n  vocabulary adverb "quickly\n}\n'
bad "a line without words" 'bad\.okr:2: a vocabulary line lists at least one word' 'policy {\n  vocabulary adverb\n}\n'
bad "a declaration outside policy" 'bad\.okr:1: expected `policy \{`' 'team growth "Growth"\n'
bad "an unclosed policy" 'bad\.okr:3: expected `vocabulary' 'policy {\n  vocabulary adverb "quickly"\n'

printf '// words\npolicy {\n  vocabulary adverb "Quickly" "quickly" // the same word\n    "in  the end"\n}\npolicy { vocabulary outcome_verb "lift" }\n' > "$tmp/good.okr"
expect "gen_vocab reads comments, continued lines and several blocks" 0 "" "$GEN" "$tmp/good.okr" "$tmp/good.c"
