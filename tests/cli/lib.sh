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
