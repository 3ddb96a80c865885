#!/usr/bin/env bash
# validate.sh: check a SARIF file from `okrc check --format=sarif` with
# Microsoft's SARIF validator, the reference implementation of the spec.
#
#   tests/sarif/validate.sh [--strict] FILE.sarif
#
# Runs `sarif-multitool validate` with the SARIF rules and the GitHub rules
# (what GitHub code scanning requires of an upload), then reads the
# validator's own SARIF output, because the tool exits 0 whatever it finds.
# Every finding is printed. Exit status: 0 when there is no error-level
# finding (with --strict, no warning either), 1 when there is one, 2 when the
# validator could not be installed or run. Errors fail because code scanning
# rejects such files; warnings are best-practice advice that GitHub accepts,
# so they fail only with --strict.
#
# The validator is the npm package @microsoft/sarif-multitool (a .NET
# program in a per-platform package), installed on first use into
# build/node/ of the repository (or $OKR_NODE_DIR).
set -euo pipefail

usage() {
    echo "usage: $0 [--strict] FILE.sarif" >&2
    exit 2
}

strict=0
if [[ ${1:-} == --strict ]]; then
    strict=1
    shift
fi
[[ $# -eq 1 ]] || usage
input=$1
if [[ ! -f $input ]]; then
    echo "validate.sh: $input: no such file" >&2
    exit 2
fi
input_abs=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
node_dir=${OKR_NODE_DIR:-$root/build/node}

for cmd in node npm; do
    if ! command -v "$cmd" >/dev/null; then
        echo "validate.sh: '$cmd' not found; the SARIF validator is an npm package" >&2
        exit 2
    fi
done

if [[ ! -e $node_dir/node_modules/.bin/sarif-multitool ]]; then
    echo "validate.sh: installing @microsoft/sarif-multitool into $node_dir" >&2
    mkdir -p "$node_dir"
    if ! npm install --prefix "$node_dir" --no-audit --no-fund @microsoft/sarif-multitool >&2; then
        echo "validate.sh: npm install of @microsoft/sarif-multitool failed" >&2
        exit 2
    fi
fi

# The package's bin.js wrapper passes its arguments through a shell joined
# by spaces, which breaks paths with spaces and the ';' in "Sarif;Gh"; so
# run the platform binary the package resolves to, directly.
if ! tool=$(cd "$node_dir" && node -p 'require("@microsoft/sarif-multitool")' 2>/dev/null) ||
    [[ ! -f $tool ]]; then
    echo "validate.sh: @microsoft/sarif-multitool has no binary for this platform" \
        "($(uname -s) $(uname -m))" >&2
    exit 2
fi
# Its postinstall (chmod u+x) does not run when npm blocks install scripts.
[[ -x $tool ]] || chmod u+x "$tool"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_validator IN OUT: validation log of IN written to OUT.
run_validator() {
    if ! "$tool" validate "$1" --output "$2" --log ForceOverwrite \
        --rule-kind "Sarif;Gh" --quiet >"$work/console.txt" 2>&1 || [[ ! -s $2 ]]; then
        echo "validate.sh: sarif-multitool failed on $1:" >&2
        cat "$work/console.txt" >&2
        exit 2
    fi
}

run_validator "$input_abs" "$work/findings.sarif"

# Print the findings as FILE:LINE:COL: LEVEL RULE: MESSAGE and count them
# into $work/counts as "ERRORS WARNINGS". A result's level defaults to its
# rule's default level, then "warning" (SARIF 3.27.10); its message is a
# template of the rule's messageStrings.
node - "$work/findings.sarif" "$input" "$work/counts" <<'EOF' || {
const fs = require("fs");
const [file, shown, counts] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(file, "utf8"));
let errors = 0, warnings = 0;
const text = (msg, rule) => {
    if (!msg) return "";
    if (msg.text) return msg.text;
    const tmpl = rule && rule.messageStrings && rule.messageStrings[msg.id];
    if (!tmpl) return `${msg.id} ${JSON.stringify(msg.arguments || [])}`;
    return tmpl.text.replace(/\{(\d+)\}/g, (_, i) => (msg.arguments || [])[i] ?? "");
};
for (const run of log.runs || []) {
    const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
    const notes = [];
    for (const inv of run.invocations || [])
        notes.push(...(inv.toolExecutionNotifications || []),
                   ...(inv.toolConfigurationNotifications || []));
    for (const n of notes) {
        const level = n.level || "warning";
        if (level === "error") errors++;
        else if (level === "warning") warnings++;
        console.log(`${shown}: ${level} (validator): ${text(n.message)}`);
    }
    for (const r of run.results || []) {
        const rule = Number.isInteger(r.ruleIndex) && r.ruleIndex >= 0 ? rules[r.ruleIndex]
                   : rules.find(x => x.id === r.ruleId);
        const level = r.level ||
            (rule && rule.defaultConfiguration && rule.defaultConfiguration.level) || "warning";
        if (level === "error") errors++;
        else if (level === "warning") warnings++;
        const region = (((r.locations || [])[0] || {}).physicalLocation || {}).region || {};
        const where = region.startLine ? `:${region.startLine}:${region.startColumn || 1}` : "";
        console.log(`${shown}${where}: ${level} ${r.ruleId}: ${text(r.message, rule)}`);
    }
}
fs.writeFileSync(counts, `${errors} ${warnings}\n`);
EOF
    echo "validate.sh: could not read the validator's output" >&2
    exit 2
}
read -r errors warnings <"$work/counts"

# The validator reports nothing at all, and exits 0, when a value of the
# file cannot be deserialised (an unknown enum value such as "level":
# "bogus", a string where an integer belongs): it skips the file silently.
# So check that it really analysed this one: without its "$schema", a file
# it reads must draw SARIF2008 (or GH1013).
if ((errors == 0)); then
    # shellcheck disable=SC2016 # JavaScript, not shell
    if node -e '
        const fs = require("fs");
        const log = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        delete log["$schema"];
        fs.writeFileSync(process.argv[2], JSON.stringify(log));' \
        "$input_abs" "$work/canary.sarif" 2>/dev/null; then
        run_validator "$work/canary.sarif" "$work/canary-findings.sarif"
        if ! grep -q -e '"SARIF2008"' -e '"GH1013"' "$work/canary-findings.sarif"; then
            echo "$input: error: the validator skipped the file without a finding;" \
                "a value probably has the wrong type or is not one the schema allows"
            errors=1
        fi
    else
        echo "$input: error: not valid JSON"
        errors=1
    fi
fi

echo "validate.sh: $input: $errors error(s), $warnings warning(s)"
if ((errors > 0 || (strict && warnings > 0))); then
    exit 1
fi
exit 0
