# lib.sh: helpers shared by the CLI test scripts (sourced, not run).
# Each check prints "ok NAME" or "not ok NAME" with the output that failed;
# tests/run.sh counts those lines.

# expect NAME WANT_STATUS PATTERN CMD...: runs CMD, checks its exit status
# and that its combined output matches the extended regex PATTERN (empty:
# no check).
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$want" ]; then
        echo "not ok $name (exit $status, wanted $want)"
        printf '%s\n' "$out" | head -15 | sed 's/^/    /'
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; then
        echo "not ok $name (output does not match /$pattern/)"
        printf '%s\n' "$out" | head -15 | sed 's/^/    /'
    else
        echo "ok $name"
    fi
}

# json_check NAME FILE JS: evaluates JS with `d` bound to the parsed JSON
# file; passes when JS is true.
json_check() {
    if node -e "const d = JSON.parse(require('fs').readFileSync(process.argv[1])); if (!($3)) process.exit(1);" "$2" 2>/dev/null; then
        echo "ok $1"
    else
        echo "not ok $1"
        head -c 1500 "$2" | sed 's/^/    /'
    fi
}

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
    local name=$1
    shift
    if "$@"; then echo "ok $name"; else echo "not ok $name"; fi
}

# file_has FILE TEXT / file_lacks FILE TEXT: conditions for check; on
# failure they say what was missing or unexpected.
file_has() { grep -qF -- "$2" "$1" || { echo "    missing in $(basename "$1"): $2"; return 1; }; }
file_lacks() { ! grep -qF -- "$2" "$1" || { echo "    unexpected in $(basename "$1"): $2"; return 1; }; }

# same_across_jobs NAME STATUS ARGS...: `okrc check ARGS` in text and JSON gives the
# serial run's output, standard error and exit status (STATUS) whatever
# OKRC_JOBS says (2, 3, 8, unset). Uses $OKRC and the scratch directory $T.
same_across_jobs() {
    local name=$1 want=$2
    shift 2
    local fmt jobs status
    for fmt in text json; do
        OKRC_JOBS=1 "$OKRC" check --format "$fmt" "$@" > "$T/serial.out" 2> "$T/serial.err"
        status=$?
        if [ "$status" -ne "$want" ]; then
            echo "not ok $name $fmt: serial exit $status, wanted $want"
            head -5 "$T/serial.err" | sed 's/^/    /'
            continue
        fi
        for jobs in 2 3 8 ""; do
            OKRC_JOBS=$jobs "$OKRC" check --format "$fmt" "$@" > "$T/par.out" 2> "$T/par.err"
            status=$?
            if [ "$status" -ne "$want" ] || ! cmp -s "$T/serial.out" "$T/par.out" ||
                ! cmp -s "$T/serial.err" "$T/par.err"; then
                echo "not ok $name $fmt OKRC_JOBS=$jobs: exit $status, output differs"
                diff "$T/serial.out" "$T/par.out" | head -10 | sed 's/^/    /'
                diff "$T/serial.err" "$T/par.err" | head -5 | sed 's/^/    /'
                continue 2
            fi
        done
        echo "ok $name $fmt"
    done
}

# threads ARGS...: how many threads `okrc check ARGS` started, counted with
# strace (callers check that strace exists). Only clones that make a thread
# count: LeakSanitizer's exit check in the ASan build clones a helper
# process without CLONE_THREAD. Uses $OKRC and $T.
threads() {
    strace -f -e trace=clone,clone3 -o "$T/strace" "$OKRC" check "$@" > /dev/null 2>&1
    grep -Ec 'clone3?\(.*CLONE_THREAD' "$T/strace"
}
