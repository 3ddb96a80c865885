#!/usr/bin/env bash
# test_files.sh: okrc never modifies a file it was only asked to read, writes
# its outputs atomically, and never hangs on a file that is not a regular
# file (spec.md, "Robustness"). Prints "ok NAME" / "not ok NAME" (tests/run.sh
# counts them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-files.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/cli/lib.sh

G=tests/grade/checkin_missing
cp "$G/team.okr" "$T/self.okr"
cp "$G/feed.csv" "$T/g.csv"
cp "$T/self.okr" "$T/self.orig"
cp "$T/g.csv" "$T/g.orig"

# unchanged NAME FILE ORIG: the input is still what it was.
unchanged() {
    if cmp -s "$2" "$3"; then echo "ok $1"; else echo "not ok $1 ($2 was overwritten)"; fi
}

# --- -o naming an input -------------------------------------------------
expect out-is-source-check 2 "output '.*self.okr' is one of the inputs" \
    "$OKRC" check --no-policy "$T/self.okr" -o "$T/self.okr"
unchanged out-is-source-check-kept "$T/self.okr" "$T/self.orig"
expect out-is-source-compile 2 "is one of the inputs" \
    "$OKRC" compile --emit json --no-policy "$T/self.okr" --output "$T/self.okr"
unchanged out-is-source-compile-kept "$T/self.okr" "$T/self.orig"
expect out-is-feed-grade 2 "output '.*g.csv' is one of the inputs" \
    "$OKRC" grade --no-policy --at 2026-08-15 "$T/self.okr" --feed "$T/g.csv" -o "$T/g.csv"
unchanged out-is-feed-grade-kept "$T/g.csv" "$T/g.orig"
# Through another name: a link, and a directory walk.
ln -s self.okr "$T/alias.txt"
expect out-is-source-by-link 2 "is one of the inputs" \
    "$OKRC" check --no-policy "$T/self.okr" -o "$T/alias.txt"
unchanged out-is-source-by-link-kept "$T/self.okr" "$T/self.orig"
mkdir "$T/dir"
cp "$T/self.okr" "$T/dir/a.okr"
expect out-is-walked-file 2 "is one of the inputs" \
    "$OKRC" check --no-policy "$T/dir" -o "$T/dir/a.okr"
unchanged out-is-walked-file-kept "$T/dir/a.okr" "$T/self.orig"
printf 'severity OKR301 warning\n' > "$T/okr.policy"
cp "$T/okr.policy" "$T/policy.orig"
expect out-is-policy 2 "is one of the inputs" \
    "$OKRC" check --policy "$T/okr.policy" "$T/self.okr" -o "$T/okr.policy"
unchanged out-is-policy-kept "$T/okr.policy" "$T/policy.orig"
# An okr.policy makes its directory a project whose other files a check
# reads (spec.md, "Projects"); $T holds copies of one team below.
rm "$T/okr.policy"
expect out-is-sqlite-feed 2 "is one of the inputs" \
    "$OKRC" grade --no-policy "$T/self.okr" --feed "sqlite:$T/g.csv" -o "$T/g.csv"
unchanged out-is-sqlite-feed-kept "$T/g.csv" "$T/g.orig"

# --- outputs are written atomically --------------------------------------
expect out-new-file 0 "" "$OKRC" check --no-policy "$T/self.okr" -o "$T/report.txt"
if [ -s "$T/report.txt" ] && ! ls "$T"/report.txt.* >/dev/null 2>&1; then
    echo "ok out-new-file-written"
else
    echo "not ok out-new-file-written"
fi
mode=$(umask 027; "$OKRC" check --no-policy "$T/self.okr" -o "$T/masked.txt" >/dev/null 2>&1; stat -c %a "$T/masked.txt")
if [ "$mode" = 640 ]; then echo "ok out-new-file-umask"; else echo "not ok out-new-file-umask ($mode)"; fi
echo old > "$T/kept.txt"
chmod 600 "$T/kept.txt"
ln "$T/kept.txt" "$T/kept-hardlink.txt"
expect out-replace 0 "" "$OKRC" check --no-policy "$T/self.okr" -o "$T/kept.txt"
mode=$(stat -c %a "$T/kept.txt")
if [ "$mode" = 600 ] && [ "$(cat "$T/kept-hardlink.txt")" = old ] && ! cmp -s "$T/kept.txt" "$T/kept-hardlink.txt"; then
    echo "ok out-replace-renamed"
else
    echo "not ok out-replace-renamed (mode $mode; the old inode was written in place)"
fi
expect out-dev-null 0 "" "$OKRC" check --no-policy "$T/self.okr" -o /dev/null
expect out-missing-dir 2 "cannot write '.*nodir/x.txt'" \
    "$OKRC" check --no-policy "$T/self.okr" -o "$T/nodir/x.txt"

# --- files that are not regular files never hang okrc ----------------------
# Each command runs under a timeout: a hang is exit 124.
mkfifo "$T/fifo.okr" "$T/fifo.csv" "$T/fifo.policy"
mkdir "$T/walk"
cp "$T/self.okr" "$T/walk/a.okr"
ln -s ../fifo.okr "$T/walk/b.okr"
expect fifo-link-in-walk-skipped 0 "" timeout 10 "$OKRC" check --no-policy "$T/walk"
expect fifo-named-refused 2 "cannot read '.*fifo.okr': not a regular file" \
    timeout 10 "$OKRC" check --no-policy "$T/fifo.okr"
expect fifo-link-named-refused 2 "cannot read '.*b.okr': not a regular file" \
    timeout 10 "$OKRC" check --no-policy "$T/walk/b.okr"
expect device-named-refused 2 "cannot read '/dev/zero': not a regular file" \
    timeout 10 "$OKRC" check --no-policy /dev/zero
expect fifo-policy-refused 2 "cannot read policy '.*fifo.policy': not a regular file" \
    timeout 10 "$OKRC" check --policy "$T/fifo.policy" "$T/self.okr"
expect fifo-fmt-refused 2 "cannot read '.*fifo.okr': not a regular file" timeout 10 "$OKRC" fmt --check "$T/fifo.okr"
expect fifo-fmt-write-refused 2 "cannot read '.*fifo.okr': not a regular file" timeout 10 "$OKRC" fmt "$T/fifo.okr"
expect fifo-feed-refused 2 "cannot read feed '.*fifo.csv': not a regular file" \
    timeout 10 "$OKRC" grade --no-policy --at 2026-08-15 "$T/self.okr" --feed "$T/fifo.csv"
expect fifo-sqlite-feed-refused 2 "cannot read SQLite feed '.*fifo.csv': not a regular file" \
    timeout 10 "$OKRC" grade --no-policy --at 2026-08-15 "$T/self.okr" --feed "sqlite:$T/fifo.csv"
expect device-feed-refused 2 "not a regular file" \
    timeout 10 "$OKRC" grade --no-policy --at 2026-08-15 "$T/self.okr" --feed csv:/dev/zero
# A pipe the shell hands over (process substitution) is read to its end.
expect pipe-source-read 0 "" timeout 10 "$OKRC" check --no-policy <(cat "$T/self.okr")
expect pipe-feed-read 0 "" timeout 10 "$OKRC" grade --no-policy --at 2026-08-15 "$T/self.okr" \
    --feed csv:<(cat "$T/g.csv")
expect fifo-import-csv-refused 2 "cannot open feed '.*fifo.csv': not a regular file" \
    timeout 10 "$OKRC" feed import "$T/fifo.csv" "$T/import.db"
if [ ! -e "$T/import.db" ]; then echo "ok fifo-import-csv-no-database"; else echo "not ok fifo-import-csv-no-database"; fi
expect fifo-import-db-refused 2 "cannot open database '.*fifo.policy': not a regular file" \
    timeout 10 "$OKRC" feed import "$T/g.csv" "$T/fifo.policy"
expect pipe-import-read 0 "imported 11 rows" timeout 10 "$OKRC" feed import <(cat "$T/g.csv") "$T/piped.db"
