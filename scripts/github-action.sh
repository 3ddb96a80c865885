#!/usr/bin/env bash
# scripts/github-action.sh: the steps of the okrc GitHub Action (action.yml).
#
#   github-action.sh install   build okrc from the action's checkout (the
#                              build packages via install-deps.sh build,
#                              then make) and put it on GITHUB_PATH
#   github-action.sh check     run `okrc check` on INPUT_PATHS
#
# check reads what action.yml passes as environment variables:
#   INPUT_PATHS     files and directories to check, separated by blanks or
#                   new lines, relative to GITHUB_WORKSPACE (default: .)
#   INPUT_FAIL_ON   errors (default), warnings or never: which findings fail
#                   the step
#   INPUT_SARIF     a file to write a SARIF log to, for code scanning
#                   (default: none)
#   INPUT_POLICY    a policy file instead of the discovered okr.policy
# and the runner's GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
# RUNNER_TEMP. It prints one workflow command per finding (--format github,
# so each becomes an annotation on the line), writes the outputs errors,
# warnings, notes, exit-code and sarif-file, and a summary table for the
# run's page. It exits 1 when the findings fail per INPUT_FAIL_ON, 2 when
# okrc could not check at all (a bad path or policy, an unwritable SARIF
# file, a bad input) whatever INPUT_FAIL_ON says, and 0 otherwise.
# OKRC names the okrc to run (default: okrc on PATH, else the action's
# build/okrc). Tests run it locally with a fake environment
# (tests/cli/test_action.sh).
set -u
ACTION_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

fail_usage() { # a workflow error annotation, then exit 2
    echo "::error title=okrc action::$1"
    exit 2
}

install() {
    bash "$ACTION_DIR/scripts/install-deps.sh" build || fail_usage "installing the build packages failed"
    make -C "$ACTION_DIR" -s -j"$(nproc 2>/dev/null || echo 2)" all || fail_usage "building okrc failed"
    [ -n "${GITHUB_PATH:-}" ] && echo "$ACTION_DIR/build" >>"$GITHUB_PATH"
    "$ACTION_DIR/build/okrc" --version
}

# counts OUTPUT: sets errors, warnings and notes from the summary line
# "okrc: 2 errors, 1 warning, 3 notes in 4 files" or "okrc: no problems in 4 files".
counts() {
    local line
    line=$(grep -E '^okrc: (no problems|[0-9]+ errors?, [0-9]+ warnings?)' <<<"$1" | tail -1)
    errors=$(sed -nE 's/^okrc: ([0-9]+) errors?.*/\1/p' <<<"$line")
    warnings=$(sed -nE 's/.* ([0-9]+) warnings?.*/\1/p' <<<"$line")
    notes=$(sed -nE 's/.* ([0-9]+) notes?.*/\1/p' <<<"$line")
    errors=${errors:-0} warnings=${warnings:-0} notes=${notes:-0}
}

summary() { # summary STATUS VERDICT: the step summary, in Markdown
    local file=${GITHUB_STEP_SUMMARY:-}
    [ -n "$file" ] || return 0
    {
        echo "### okrc check"
        echo
        echo "| errors | warnings | notes | fail-on | result |"
        echo "|---:|---:|---:|---|---|"
        echo "| $errors | $warnings | $notes | $fail_on | $2 |"
        echo
        echo "Checked: \`${paths[*]}\`${sarif:+; SARIF log: \`$sarif\`}"
        if [ -s "$text_out" ]; then
            echo
            echo '<details><summary>Findings</summary>'
            echo
            echo '```text'
            head -n 400 "$text_out"
            echo '```'
            echo
            echo '</details>'
        fi
    } >>"$file"
}

check() {
    fail_on=${INPUT_FAIL_ON:-errors}
    case "$fail_on" in
        errors | warnings | never) ;;
        *) fail_usage "fail-on must be errors, warnings or never, not '$fail_on'" ;;
    esac
    local okrc=${OKRC:-}
    if [ -z "$okrc" ]; then
        okrc=$(command -v okrc || echo "$ACTION_DIR/build/okrc")
    fi
    cd "${GITHUB_WORKSPACE:-.}" || fail_usage "cannot enter GITHUB_WORKSPACE '${GITHUB_WORKSPACE:-}'"
    set -f # paths are names, not patterns
    read -r -d '' -a paths <<<"${INPUT_PATHS:-.}"
    set +f
    [ ${#paths[@]} -gt 0 ] || paths=(.)
    local opts=()
    [ -n "${INPUT_POLICY:-}" ] && opts+=(--policy "$INPUT_POLICY")
    local tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
    text_out=$(mktemp "$tmp/okrc-text.XXXXXX")
    sarif=${INPUT_SARIF:-}

    local out status
    out=$("$okrc" check --format github "${opts[@]}" -- "${paths[@]}")
    status=$?
    printf '%s\n' "$out"
    "$okrc" check --format text --color never "${opts[@]}" -- "${paths[@]}" >"$text_out" 2>&1
    if [ -n "$sarif" ]; then
        "$okrc" check --format sarif -o "$sarif" "${opts[@]}" -- "${paths[@]}"
        [ $? -le 1 ] && [ -s "$sarif" ] || { status=2; echo "::error title=okrc action::cannot write the SARIF log '$sarif'"; }
    fi
    counts "$out"

    local verdict=passed rc=0
    if [ "$status" -ge 2 ]; then
        verdict="okrc could not check (exit $status)" rc=2
    elif [ "$fail_on" != never ] && [ "$errors" -gt 0 ]; then
        verdict="failed: $errors error(s)" rc=1
    elif [ "$fail_on" = warnings ] && [ "$warnings" -gt 0 ]; then
        verdict="failed: $warnings warning(s)" rc=1
    fi
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        {
            echo "errors=$errors"
            echo "warnings=$warnings"
            echo "notes=$notes"
            echo "exit-code=$rc"
            echo "sarif-file=$sarif"
        } >>"$GITHUB_OUTPUT"
    fi
    summary "$status" "$verdict"
    rm -f "$text_out"
    [ "$rc" -eq 0 ] || echo "okrc action: $verdict (fail-on: $fail_on)"
    return "$rc"
}

case "${1:-}" in
    install) install ;;
    check) check ;;
    *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
