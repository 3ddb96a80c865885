#!/usr/bin/env bash
# test_codes_covered.sh: every diagnostic code of codes.def fires in at least
# one golden case, so that a change to any finding shows up as a golden diff.
# A code counts as covered when an expected output shows it as a finding:
# "[OKR123]" (text), "code": "OKR123" (json), "ruleId": "OKR123" (sarif) or
# title=OKR123 (github) in tests/cases/**/*.expected,
# tests/grade/*/expected.json, tests/diff/*/expected.* (okrc diff) or
# tests/import/errors/*.expected (okrc import). The SARIF rule table names
# every code, and a message may quote one, so a bare mention does not count.
# Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
cd "$(dirname "$0")/../.."

# Codes no input can make okrc report, each with the reason. Keep this empty
# unless the code is truly unreachable; a listed code that is covered after
# all fails the test, so the list cannot go stale.
declare -A unreachable=(
)

# Codes no golden case can show because something must happen while okrc
# runs, each with the CLI test that makes it happen: that test must show
# the code as a finding ("[OKR011]" in what it expects).
declare -A by_cli=(
    [OKR011]=tests/cli/test_file_changed.sh # a file changed between its read and its findings
)

def=$(find common checker runtime -name codes.def 2>/dev/null | head -1)
if [ -z "$def" ]; then
    echo "not ok codes covered: codes.def not found"
    exit 0
fi
mapfile -t codes < <(sed -n 's/^OKR_CODE(\(OKR[0-9]*\),.*/\1/p' "$def")
mapfile -t outputs < <(find tests/cases -name '*.expected'; find tests/grade -name expected.json
                       find tests/diff -name 'expected.*' 2>/dev/null
                       find tests/import/errors -name '*.expected')
shown=$(cat "${outputs[@]}" | grep -Eo '\[OKR[0-9]+\]|"(code|ruleId)": "OKR[0-9]+"|title=OKR[0-9]+ ' |
        grep -Eo 'OKR[0-9]+' | sort -u)
for code in "${!by_cli[@]}"; do
    if grep -qF -- "[$code]" "${by_cli[$code]}" 2>/dev/null; then
        shown=$(printf '%s\n%s\n' "$shown" "$code" | sort -u)
    else
        echo "not ok $code: ${by_cli[$code]} does not show it as a finding ([$code])"
    fi
done

missing=()
for code in "${codes[@]}"; do
    if grep -qx "$code" <<<"$shown"; then
        [ -z "${unreachable[$code]:-}" ] ||
            echo "not ok $code is listed as unreachable but a golden case shows it: drop it from the list"
    elif [ -z "${unreachable[$code]:-}" ]; then
        missing+=("$code")
    fi
done
for code in "${!unreachable[@]}"; do
    printf '%s\n' "${codes[@]}" | grep -qx "$code" ||
        echo "not ok $code is listed as unreachable but is not in $def"
done

if [ ${#codes[@]} -lt 60 ]; then
    echo "not ok codes covered: only ${#codes[@]} codes read from $def"
elif [ ${#missing[@]} -eq 0 ]; then
    echo "ok every diagnostic code of $def fires in a golden case (${#codes[@]} codes, ${#unreachable[@]} unreachable)"
else
    for code in "${missing[@]}"; do
        echo "not ok $code fires in no golden case (tests/cases/**/*.expected, tests/grade/*/expected.json, tests/import/errors/*.expected)"
    done
fi
