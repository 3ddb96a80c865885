#!/usr/bin/env bash
# test_parallel_load.sh: okrc check reads and parses files on a pool of
# threads (checker/program.c, okr_program_add_files; OKRC_JOBS, spec.md
# "Files checked"). Whatever the number of threads, the output (text and
# JSON), the standard error and the exit status must be those of the serial
# load, byte for byte: same file ids, same diagnostics in the same order,
# same per-file caps (OKR009, the 10,000 stored), same read failures. The
# corpus is tools/gen_corpus.c's, mixed with the golden cases' bad inputs
# (binary, invalid UTF-8, syntax errors, empty files), duplicates, a file
# over the stored-diagnostics cap and, in their own runs, files that cannot
# be read (a dangling link stops the load; in a project it is a note).
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-parallel.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/cli/lib.sh

${CC:-cc} -std=c11 -O1 -o "$T/gen_corpus" tools/gen_corpus.c || { echo "not ok build gen_corpus"; exit 0; }
"$T/gen_corpus" "$T/gen" 1500 > /dev/null || { echo "not ok gen_corpus"; exit 0; }

# The mixed corpus: the generated files, and between them the golden
# cases of tests/cases/{input,syntax,names} (one directory, sorted paths).
C=$T/c
mkdir -p "$C"
cp -r "$T/gen/okr/." "$C/"
for dir in input syntax names; do
    mkdir -p "$C/div001/z_$dir"
    cp tests/cases/$dir/*.okr "$C/div001/z_$dir/"
done
: > "$C/div002/aa_empty.okr"
printf '// nothing declared\n' > "$C/div002/ab_comment.okr"
first=$(find "$C/company" -name '*.okr' | sort | head -1)
cp "$first" "$C/div002/ac_duplicate.okr"
{ echo 'team manyerrors'; for i in $(seq 1 10050); do echo "@ $i"; done; } > "$C/div001/many.okr"
files=$(find "$C" -name '*.okr' | wc -l)

same_across_jobs "mixed corpus ($files files)" 1 "$C"
# The corpus is not a vacuous one: it holds what the merge must keep.
OKRC_JOBS=8 "$OKRC" check "$C" > "$T/out" 2>&1
check "mixed corpus has the findings to merge" \
    eval 'for c in OKR001 OKR003 OKR004 OKR006 OKR008 OKR009 OKR103; do file_has "$T/out" "[$c]" || exit 1; done'
check "past the stored cap, findings are counted" grep -Eq '^okrc: 1[0-9]{4} errors' "$T/out"

# Files named on the command line, one of them twice, and a pipe in its
# turn: /dev/stdin read where it is named.
same_across_jobs "named files and stdin" 1 "$C/div002/ac_duplicate.okr" "$C/div001/many.okr" /dev/stdin \
    "$C/div002/ac_duplicate.okr" "$C/company" < "$first"

# A file that cannot be read in the middle of the list stops the load
# (exit 2, one error); the threads must not report another one first.
mkdir -p "$T/broken"
cp -r "$C/div001" "$T/broken/"
ln -s "$T/nowhere.okr" "$T/broken/div001/m_dangling.okr"
ln -s "$T/nowhere2.okr" "$T/broken/div001/t_dangling.okr"
same_across_jobs "unreadable file stops the load" 2 "$T/broken"
OKRC_JOBS=8 "$OKRC" check "$T/broken" > /dev/null 2> "$T/err"
check "unreadable file: the first one named" \
    eval '[ "$(wc -l < "$T/err")" = 1 ] && file_has "$T/err" "m_dangling.okr"'

# In a project, a context file that cannot be read is a note, and the
# others' findings are set aside as the serial load does.
mkdir -p "$T/project/mine"
touch "$T/project/okr.policy"
cp -r "$C/div001" "$C/div002" "$T/project/"
cp "$C"/company/*.okr "$T/project/mine/"
ln -s "$T/nowhere.okr" "$T/project/div002/zz_dangling.okr"
(cd "$T/project" && same_across_jobs "project with context files" 1 mine)

# OKRC_JOBS that is not a whole number from 1 is ignored; more threads than
# files are never started.
for v in 0 -3 abc 2x 99999; do
    OKRC_JOBS=$v "$OKRC" check "$C/div002" > "$T/v.out" 2>&1
    OKRC_JOBS=1 "$OKRC" check "$C/div002" > "$T/s.out" 2>&1
    check "OKRC_JOBS=$v is harmless" cmp -s "$T/v.out" "$T/s.out"
done
same_across_jobs "two files, eight jobs" 0 "$C/div002/aa_empty.okr" "$C/div002/ab_comment.okr"

# Threads are started only when there are many files: one file, or 31,
# loads with none; OKRC_JOBS=4 over many starts three for the one step
# that runs on the pool (reading and parsing). Counted with strace when
# there is one (threads, lib.sh).
if command -v strace > /dev/null 2>&1; then
    mkdir -p "$T/few"
    find "$C/div001" -name '*.okr' | sort | head -31 | while read -r f; do cp "$f" "$T/few/$(basename "$(dirname "$f")")_$(basename "$f")"; done
    check "one file: no thread" eval '[ "$(threads "$first")" = 0 ]'
    check "31 files: no thread" eval '[ "$(ls "$T/few" | wc -l)" = 31 ] && [ "$(threads "$T/few")" = 0 ]'
    # Files without objectives, so that the checker's passes (which use
    # the pool too: test_parallel_check.sh) start none.
    mkdir -p "$T/noobj"
    for i in 1 2 3 4 5; do printf 'team t%s\nmetric m%s "Weekly active users" : count increasing\n' "$i" "$i" > "$T/noobj/f$i.okr"; done
    check "OKRC_JOBS=4: three threads" eval '[ "$(OKRC_JOBS=4 threads "$T/noobj")" = 3 ]'
fi
