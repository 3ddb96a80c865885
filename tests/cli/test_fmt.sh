#!/usr/bin/env bash
# test_fmt.sh: `okrc fmt` as a user meets it. The golden pairs of tests/fmt
# (messy input, canonical output); the round trip that proves formatting
# never changes a program: every .okr file of tests/cases and examples is
# formatted in a copy of the tree, and the copy must check and compile to
# the same diagnostics and JSON as the original, apart from line and column
# numbers, which move legitimately; --check and --diff, which must change
# nothing; files with syntax errors, which are reported and left alone; and
# the atomic in-place replace (a new inode only when the content changes,
# permissions kept, symbolic links kept, no temporary file left behind).
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-fmt.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

pass() { echo "ok $1"; }
fail() { # fail NAME FILE...: prints the start of each FILE under the line
    echo "not ok $1"
    shift
    local f
    for f in "$@"; do head -30 "$f" | sed 's/^/    /'; done
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
silent() { # silent NAME WANT_STATUS CMD...: the command prints nothing at all
    local name=$1 want=$2 out status
    shift 2
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" = "$want" ] && [ -z "$out" ]; then
        echo "ok $name"
    else
        echo "not ok $name (exit $status, wanted $want and no output)"
        printf '%s\n' "$out" | head -15 | sed 's/^/    /'
    fi
}

# --- golden pairs: tests/fmt/NAME.okr formats to tests/fmt/NAME.formatted
mkdir -p "$T/golden"
for input in tests/fmt/*.okr; do
    name=$(basename "$input" .okr)
    cp "$input" "$T/golden/$name.okr"
    "$OKRC" fmt "$T/golden/$name.okr" > "$T/golden/$name.out" 2>&1
    if diff -u "tests/fmt/$name.formatted" "$T/golden/$name.okr" > "$T/golden/$name.diff"; then
        pass "fmt golden $name"
    else
        fail "fmt golden $name" "$T/golden/$name.diff" "$T/golden/$name.out"
    fi
    cp "tests/fmt/$name.formatted" "$T/golden/$name.again.okr"
    silent "fmt golden $name is a fixed point" 0 "$OKRC" fmt --check "$T/golden/$name.again.okr"
    # The verdict does not change: the same exit status and summary line
    # (a suppression still covers what it covered; tests/fmt/suppressed_line).
    "$OKRC" check --no-policy "$input" > "$T/golden/$name.v1" 2>&1
    v1="$? $(tail -1 "$T/golden/$name.v1")"
    "$OKRC" check --no-policy "$T/golden/$name.okr" > "$T/golden/$name.v2" 2>&1
    v2="$? $(tail -1 "$T/golden/$name.v2")"
    if [ "$v1" = "$v2" ]; then
        pass "fmt golden $name keeps the verdict of check ($v1)"
    else
        fail "fmt golden $name keeps the verdict of check ($v1 -> $v2)" "$T/golden/$name.v2"
    fi
done

# --- round trip: format a copy of every tree, then compare what okrc makes
# of the original and of the copy. Location fields are dropped, and the
# diagnostics sorted, because a comment moved above its declaration may now
# sort before it.
cat > "$T/strip.js" <<'EOF'
const fs = require("fs");
const text = fs.readFileSync(0, "utf8");
if (text.trim() === "") { process.stdout.write("(empty)\n"); process.exit(0); }
const drop = new Set(["line", "column", "end_line", "end_column", "byte_start", "byte_end"]);
// Messages may name a line ("no OKR203 is reported on line 9"): formatting
// moves lines, so such numbers are location too.
const strip = v => Array.isArray(v) ? v.map(strip)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([k]) => !drop.has(k)).map(([k, x]) => [k, strip(x)]))
    : typeof v === "string" ? v.replace(/\bline \d+\b/g, "line N")
    : v;
const d = strip(JSON.parse(text));
if (Array.isArray(d.diagnostics)) d.diagnostics.sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
process.stdout.write(JSON.stringify(d, null, 1) + "\n");
EOF
for side in orig fmt; do
    mkdir -p "$T/$side/tests"
    cp -r tests/cases "$T/$side/tests/"
    cp -r examples "$T/$side/"
done
(cd "$T/fmt" && "$OKRC" fmt tests/cases examples > "$T/fmt.out" 2> "$T/fmt.err")
status=$?
# tests/cases/syntax holds files with syntax errors: reported, left alone, exit 1.
if [ "$status" = 1 ] && grep -q 'OKR004' "$T/fmt.err" && [ ! -s "$T/fmt.out" ]; then
    pass "fmt of tests/cases and examples reports the syntax-error cases"
else
    echo "exit $status" >> "$T/fmt.err"
    fail "fmt of tests/cases and examples reports the syntax-error cases" "$T/fmt.err" "$T/fmt.out"
fi
changed=0 refused=0 units=()
while IFS= read -r f; do
    if cmp -s "$T/orig/$f" "$T/fmt/$f"; then
        "$OKRC" fmt --check "$T/orig/$f" > /dev/null 2>&1 || refused=$((refused + 1))
    else
        changed=$((changed + 1))
    fi
    units+=("$f")
done < <(cd "$T/orig" && find tests/cases examples -name '*.okr' | sort)
# Each directory of .okr files is also checked as one program, as the
# golden cases and the examples are.
while IFS= read -r d; do units+=("$d"); done < <(cd "$T/orig" && find tests/cases examples -name '*.okr' -printf '%h\n' | sort -u)
[ "$changed" -gt 0 ] && [ "$refused" -ge 2 ] && pass "round trip: $changed files reformatted, $refused refused" \
    || echo "not ok round trip: $changed files reformatted, $refused refused"
for u in "${units[@]}"; do
    for side in orig fmt; do
        (cd "$T/$side" && "$OKRC" check --format json "$u" 2>/dev/null | node "$T/strip.js" > "$T/$side.check"
         "$OKRC" compile --emit json "$u" 2>/dev/null | node "$T/strip.js" > "$T/$side.compile"
         echo "exit ${PIPESTATUS[0]}" >> "$T/$side.compile")
    done
    if diff "$T/orig.check" "$T/fmt.check" > "$T/check.diff" && diff "$T/orig.compile" "$T/fmt.compile" > "$T/compile.diff"; then
        pass "round trip $u"
    else
        fail "round trip $u" "$T/check.diff" "$T/compile.diff"
    fi
done

# --- --check
silent "fmt --check on a formatted tree: exit 0, silent" 0 "$OKRC" fmt --check "$T/fmt/examples"
silent "fmt --check examples/ in the repository" 0 "$OKRC" fmt --check examples/
mkdir -p "$T/check"
cp tests/fmt/spacing.okr "$T/check/messy.okr"
cp tests/fmt/spacing.formatted "$T/check/tidy.okr"
before=$(sha "$T/check/messy.okr")
"$OKRC" fmt --check "$T/check" > "$T/check.out" 2>&1
status=$?
if [ "$status" = 1 ] && [ "$(cat "$T/check.out")" = "$T/check/messy.okr" ] && [ "$(sha "$T/check/messy.okr")" = "$before" ]; then
    pass "fmt --check lists the unformatted file, exit 1, changes nothing"
else
    echo "exit $status" >> "$T/check.out"
    fail "fmt --check lists the unformatted file, exit 1, changes nothing" "$T/check.out"
fi

# --- --diff
"$OKRC" fmt --diff "$T/check/messy.okr" > "$T/diff.out" 2>&1
status=$?
if [ "$status" = 1 ] && [ "$(head -c 6 "$T/diff.out")" = "--- a/" ] && grep -q "^+++ b/$T/check/messy.okr" "$T/diff.out" \
    && [ "$(sha "$T/check/messy.okr")" = "$before" ]; then
    pass "fmt --diff prints a unified diff, exit 1, changes nothing"
else
    echo "exit $status" >> "$T/diff.out"
    fail "fmt --diff prints a unified diff, exit 1, changes nothing" "$T/diff.out"
fi
# The diff applies: patch(1) turns the file into the formatted one.
if command -v patch > /dev/null; then
    cp "$T/check/messy.okr" "$T/patched.okr"
    sed -n '3,$p' "$T/diff.out" > "$T/diff.body"
    if patch -s "$T/patched.okr" < "$T/diff.body" && cmp -s "$T/patched.okr" tests/fmt/spacing.formatted; then
        pass "fmt --diff output applies with patch"
    else
        fail "fmt --diff output applies with patch" "$T/diff.out"
    fi
fi
silent "fmt --diff on a formatted file: exit 0, silent" 0 "$OKRC" fmt --diff "$T/check/tidy.okr"

# --- a file with a syntax error is reported and left alone
mkdir -p "$T/bad"
printf 'team t "T"\nobjective o   "O" {\n  kr a : m from 1 2\n}\n' > "$T/bad/broken.okr"
cp tests/fmt/spacing.okr "$T/bad/good.okr"
before=$(sha "$T/bad/broken.okr")
"$OKRC" fmt "$T/bad" > "$T/bad.out" 2> "$T/bad.err"
status=$?
if [ "$status" = 1 ] && [ "$(sha "$T/bad/broken.okr")" = "$before" ] && grep -q 'broken.okr:3:.*OKR004' "$T/bad.err" \
    && cmp -s "$T/bad/good.okr" tests/fmt/spacing.formatted; then
    pass "fmt leaves a file with syntax errors untouched, formats the rest, exit 1"
else
    echo "exit $status" >> "$T/bad.err"
    fail "fmt leaves a file with syntax errors untouched, formats the rest, exit 1" "$T/bad.err"
fi
printf 'team t\0 "T"\n' > "$T/bad/binary.okr"
expect "fmt refuses a binary file" 1 'OKR006' "$OKRC" fmt --check "$T/bad/binary.okr"

# --- atomic in-place replace
mkdir -p "$T/atomic"
cp tests/fmt/spacing.okr "$T/atomic/team.okr"
chmod 640 "$T/atomic/team.okr"
inode=$(stat -c %i "$T/atomic/team.okr")
silent "fmt in place exits 0 and prints nothing" 0 "$OKRC" fmt "$T/atomic/team.okr"
if [ "$(stat -c %i "$T/atomic/team.okr")" != "$inode" ] && [ "$(stat -c %a "$T/atomic/team.okr")" = 640 ] \
    && cmp -s "$T/atomic/team.okr" tests/fmt/spacing.formatted; then
    pass "fmt replaces a changed file by a new inode with the same permissions"
else
    echo "not ok fmt replaces a changed file by a new inode with the same permissions"
    stat -c '    %i %a' "$T/atomic/team.okr"
fi
if [ "$(find "$T/atomic" -type f | wc -l)" = 1 ]; then
    pass "fmt leaves no temporary file behind"
else
    echo "not ok fmt leaves no temporary file behind"
    ls -la "$T/atomic" | sed 's/^/    /'
fi
inode=$(stat -c %i "$T/atomic/team.okr")
touch -d '2020-01-01 00:00:00' "$T/atomic/team.okr"
mtime=$(stat -c %y "$T/atomic/team.okr")
"$OKRC" fmt "$T/atomic/team.okr"
if [ "$(stat -c %i "$T/atomic/team.okr")" = "$inode" ] && [ "$(stat -c %y "$T/atomic/team.okr")" = "$mtime" ]; then
    pass "fmt does not touch a file that is already formatted"
else
    echo "not ok fmt does not touch a file that is already formatted"
fi
cp tests/fmt/comments.okr "$T/atomic/target.okr"
ln -s target.okr "$T/atomic/link.okr"
"$OKRC" fmt "$T/atomic/link.okr"
if [ -L "$T/atomic/link.okr" ] && cmp -s "$T/atomic/target.okr" tests/fmt/comments.formatted; then
    pass "fmt through a symbolic link formats the target and keeps the link"
else
    echo "not ok fmt through a symbolic link formats the target and keeps the link"
fi

# --- files fmt must not replace
# A file without any write bit is refused whoever runs fmt: root may write
# it, but a read-only mode says "leave this alone" (spec.md, "okrc fmt").
mkdir -p "$T/safe"
cp tests/fmt/spacing.okr "$T/safe/readonly.okr"
chmod 0444 "$T/safe/readonly.okr"
before=$(sha "$T/safe/readonly.okr")
inode=$(stat -c %i "$T/safe/readonly.okr")
expect "fmt refuses a read-only file (mode 0444), exit 2" 2 \
    "okrc: error: '$T/safe/readonly.okr' is read-only; fmt leaves it as it is" "$OKRC" fmt "$T/safe/readonly.okr"
if [ "$(sha "$T/safe/readonly.okr")" = "$before" ] && [ "$(stat -c %i "$T/safe/readonly.okr")" = "$inode" ] \
    && [ "$(stat -c %a "$T/safe/readonly.okr")" = 444 ] && [ "$(find "$T/safe" -type f | wc -l)" = 1 ]; then
    pass "a read-only file is left as it was, no temporary file behind"
else
    echo "not ok a read-only file is left as it was, no temporary file behind"
    ls -la "$T/safe" | sed 's/^/    /'
fi
expect "fmt --check still lists a read-only file" 1 "readonly.okr" "$OKRC" fmt --check "$T/safe/readonly.okr"
# A file changed while fmt ran (here during a pause that only this test
# asks for) is left with the change, not replaced by the formatted old text.
cp tests/fmt/spacing.okr "$T/safe/racing.okr"
(sleep 0.5; printf '// added meanwhile\n' >> "$T/safe/racing.okr") &
OKRC_FMT_TEST_PAUSE_MS=2500 "$OKRC" fmt "$T/safe/racing.okr" > "$T/race.out" 2>&1
status=$?
wait
if [ "$status" = 2 ] && grep -q "'$T/safe/racing.okr' changed while it was being formatted; left as it is" "$T/race.out" \
    && [ "$(tail -1 "$T/safe/racing.okr")" = "// added meanwhile" ] && [ "$(find "$T/safe" -type f | wc -l)" = 2 ]; then
    pass "fmt leaves a file changed while it ran alone, exit 2"
else
    echo "exit $status" >> "$T/race.out"
    fail "fmt leaves a file changed while it ran alone, exit 2" "$T/race.out"
fi
# A name so long that NAME.XXXXXX would pass NAME_MAX (255 bytes) gets a
# shorter temporary name in the same directory.
long=$(printf 'a%.0s' $(seq 251)).okr
cp tests/fmt/spacing.okr "$T/safe/$long"
silent "fmt formats a file whose name is 255 bytes long" 0 "$OKRC" fmt "$T/safe/$long"
if cmp -s "$T/safe/$long" tests/fmt/spacing.formatted && [ "$(find "$T/safe" -type f | wc -l)" = 3 ]; then
    pass "a 255-byte name is formatted in place, no temporary file behind"
else
    echo "not ok a 255-byte name is formatted in place, no temporary file behind"
    ls -la "$T/safe" | sed 's/^/    /'
fi

# --- directories: recursive, hidden entries skipped
mkdir -p "$T/walk/team/sub" "$T/walk/.hidden"
cp tests/fmt/blocks.okr "$T/walk/team/sub/a.okr"
cp tests/fmt/blocks.okr "$T/walk/.hidden/b.okr"
cp tests/fmt/blocks.okr "$T/walk/team/notes.txt"
"$OKRC" fmt "$T/walk"
if cmp -s "$T/walk/team/sub/a.okr" tests/fmt/blocks.formatted && cmp -s "$T/walk/.hidden/b.okr" tests/fmt/blocks.okr \
    && cmp -s "$T/walk/team/notes.txt" tests/fmt/blocks.okr; then
    pass "fmt walks directories, skipping hidden entries and other files"
else
    echo "not ok fmt walks directories, skipping hidden entries and other files"
fi

# --- usage and I/O errors
expect "help fmt" 0 'usage: okrc fmt' "$OKRC" help fmt
expect "fmt unknown option" 2 "okrc: error: unknown option '--frobnicate'" "$OKRC" fmt --frobnicate "$T/check"
expect "fmt --check with --diff" 2 'okrc: error: --check and --diff exclude each other' "$OKRC" fmt --check --diff "$T/check"
expect "fmt missing path" 2 "okrc: error: cannot read '$T/nope.okr'" "$OKRC" fmt "$T/nope.okr"
mkdir -p "$T/empty"
expect "fmt directory without .okr files" 2 'no .okr files' "$OKRC" fmt "$T/empty"

# A suppression inside a declaration that fmt joins onto one line would be
# moved above it, where it applies to the whole declaration: more than the
# line it applied to, so the check's verdict could change (found by
# fuzz_fmt: OKR302 suppressed after formatting). fmt leaves such a file as
# it is and says why.
mkdir -p "$T/inner"
printf 'objective a{kr\n//okrc:allow OKR302\no}\n' > "$T/inner/t.okr"
cp "$T/inner/t.okr" "$T/inner/before"
expect "fmt refuses to move a suppression out of a declaration" 1 \
    "suppression inside the declaration" "$OKRC" fmt "$T/inner/t.okr"
if cmp -s "$T/inner/t.okr" "$T/inner/before"; then echo "ok fmt leaves the file with an inner suppression unchanged"
else echo "not ok fmt leaves the file with an inner suppression unchanged"; fi
expect "fmt --check names the inner suppression too" 1 \
    "suppression inside the declaration" "$OKRC" fmt --check "$T/inner/t.okr"

# Durability is the file system's: fmt replaces a file atomically (a whole
# temporary file renamed over it) but flushes nothing to disk, as gofmt and
# rustfmt do not (spec.md, `okrc fmt`): two fsyncs a file made fmt over a
# large tree slower than copying it. The rename is still there.
if command -v strace > /dev/null; then
    mkdir -p "$T/durable"
    cp tests/fmt/blocks.okr "$T/durable/a.okr"
    cp tests/fmt/spacing.okr "$T/durable/b.okr"
    strace -f -o "$T/durable.trace" -e trace=fsync,fdatasync,sync_file_range,syncfs,rename,renameat,renameat2 \
        "$OKRC" fmt "$T/durable" > /dev/null 2>&1
    if ! grep -Eq '(fsync|fdatasync|sync_file_range|syncfs)\(' "$T/durable.trace" \
        && [ "$(grep -Ec 'rename(at2?)?\(' "$T/durable.trace")" = 2 ] \
        && cmp -s "$T/durable/a.okr" tests/fmt/blocks.formatted; then
        pass "fmt replaces files by rename and flushes nothing to disk"
    else
        fail "fmt replaces files by rename and flushes nothing to disk" "$T/durable.trace"
    fi
else
    echo "ok fmt replaces files by rename and flushes nothing to disk # SKIP strace is not installed"
fi
