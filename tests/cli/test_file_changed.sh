#!/usr/bin/env bash
# test_file_changed.sh: `okrc check` frees a file's bytes once it is parsed
# and reads the file again only to show a finding (common/source.h,
# okr_source_file_text; spec.md "Files checked"). This test checks that:
# - a file read again gives the output of a file kept (the same bytes);
# - a file changed between its read and its findings is reported as
#   OKR011, its findings not shown at lines they no longer have;
# - a file written just before the check (git's racy-timestamp rule) is
#   kept, so a change to it during the check changes nothing shown.
# The change is made while okrc waits for the last file, a pipe (okrc
# reads a pipe in its turn, after the files before it): the test writes
# the pipe only once okrc waits in its read (/proc/PID/wchan) and the file
# has been changed. Prints "ok NAME" / "not ok NAME". Needs $OKRC; Linux.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-changed.XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/cli/lib.sh

# Seventeen files, each with findings: text is dropped from sixteen files on.
make_files() {
    mkdir -p "$1"
    for i in $(seq -w 1 17); do
        printf 'team t%s "T"\ncycle 2026-Q3\n\ncommitted objective o "Grow revenue" {\n  kr k : no_such_metric%s at least 30\n}\n' \
            "$i" "$i" > "$1/f$i.okr"
    done
}
make_files "$T/a"
(cd "$T/a" && "$OKRC" check . > "$T/kept.out" 2>&1)
sleep 2.2 # past OKR_SOURCE_RACY_SECONDS: the files' bytes are dropped now
(cd "$T/a" && "$OKRC" check . > "$T/reread.out" 2>&1)
check "a file read again shows what a file kept shows" cmp -s "$T/kept.out" "$T/reread.out"
check "the findings are shown" file_has "$T/reread.out" "./f17.okr:5:10: error: undefined metric 'no_such_metric17'"

# check_while DIR CHANGE: runs `okrc check f*.okr /dev/stdin` in DIR, and
# once okrc waits for standard input (it has read and parsed the files),
# runs CHANGE, then writes a team to standard input. Output in $T/out.
check_while() {
    local dir=$1 change=$2
    rm -f "$T/fifo"
    mkfifo "$T/fifo"
    (cd "$dir" && exec "$OKRC" check f*.okr /dev/stdin < "$T/fifo" > "$T/out" 2>&1) &
    local pid=$!
    exec 3> "$T/fifo"
    local n=0
    until grep -q pipe_read "/proc/$pid/wchan" 2>/dev/null || [ $n -ge 200 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    (cd "$dir" && eval "$change")
    printf 'team stdin "S"\ncycle 2026-Q3\n' >&3
    exec 3>&-
    wait "$pid"
}

check_while "$T/a" 'printf "team t03 \"T\"\n// edited\n" > f03.okr'
check "a changed file is OKR011" file_has "$T/out" "f03.okr:1:1: error: file changed while okrc was checking it; 2 findings in it cannot be shown [OKR011]"
check "its findings are not shown" file_lacks "$T/out" "no_such_metric03"
check "the other files' findings are" file_has "$T/out" "f04.okr:5:10: error: undefined metric 'no_such_metric04'"
check "the change counts as an error" file_has "$T/out" "okrc: 17 errors, 16 warnings in 18 files"

# A file written within OKR_SOURCE_RACY_SECONDS of the check is kept.
make_files "$T/b"
check_while "$T/b" 'printf "team t03 \"T\"\n// edited\n" > f03.okr'
check "a file just written is kept: no OKR011" file_lacks "$T/out" "OKR011"
check "a file kept shows the bytes checked" file_has "$T/out" "5 |   kr k : no_such_metric03 at least 30"
