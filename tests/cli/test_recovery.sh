#!/usr/bin/env bash
# test_recovery.sh: error recovery, measured (spec.md, "Syntax errors and
# recovery"). Each file of tests/recovery/ holds several independent
# mistakes of different kinds: syntax errors at different depths (inside a
# key result, in a metric declaration, a missing `}`, a stray token at top
# level, an unterminated string, a bad character) mixed with the checker's
# findings (undefined metrics, wrong units, task-style key results, ...).
#
# Every mistake's line ends with a comment `// want OKRnnn` (several codes
# may follow: `// want OKR002 OKR302`). A line that cannot hold the comment
# (an unterminated string takes the rest of its line) has it alone on the
# line above, as `// want-next OKRnnn`.
#
# For each file, `okrc check --format json` must report every marked code at
# its line, exit 1 and not crash, and report no warning that is not marked:
# a warning nobody wrote a mistake for only follows from a syntax error
# (a block that lost key results, a key result that lost its metric). A
# file holds at least 2 marked mistakes and may not produce more than 2
# errors per mistake; over the whole corpus, at most 1.1 errors per
# mistake (MAX_RATIO): one error per mistake, cascades are the rest. Errors
# that are not marked are listed under the file's line. Prints one
# "ok"/"not ok" line per file, then the summary "ok recovery: N of M
# mistakes reported at their line ...".
set -u
cd "${RECOVERY_ROOT:-$(dirname "$0")/../..}" || exit 1
OKRC=${OKRC:-build/okrc}

if ! command -v node > /dev/null 2>&1; then
    echo "not ok recovery (node is needed to read okrc's JSON)"
    exit 0
fi
if ! compgen -G 'tests/recovery/*.okr' > /dev/null; then
    echo "not ok recovery corpus (no tests/recovery/*.okr)"
    exit 0
fi

node - "$OKRC" tests/recovery/*.okr <<'EOF'
'use strict';
const fs = require('fs');
const { spawnSync } = require('child_process');
const [okrc, ...files] = process.argv.slice(2);
const MAX_FILE_RATIO = 2;
const MAX_RATIO = 1.1;

let found = 0, total = 0, errors = 0, worst = { ratio: 0, file: '' };
const bad = [];
for (const file of files) {
  const name = file.replace(/^tests\/recovery\//, '');
  // The marked mistakes: line -> codes.
  const want = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    const m = /\/\/\s*want(-next)?((?:\s+OKR\d{3})+)\s*$/.exec(text);
    if (!m) return;
    const line = i + 1 + (m[1] ? 1 : 0);
    for (const code of m[2].trim().split(/\s+/)) want.push({ line, code });
  });
  const run = spawnSync(okrc, ['check', '--format', 'json', '--color=never', file],
                        { encoding: 'utf8', timeout: 20000, maxBuffer: 64 << 20 });
  let diags = null;
  try { diags = JSON.parse(run.stdout).diagnostics; } catch (e) { /* reported below */ }
  if (run.status !== 1 || !Array.isArray(diags)) {
    const why = run.error ? run.error.message : run.signal ? `killed by ${run.signal}` :
                `exit ${run.status}${diags ? '' : ', output is not JSON'}`;
    console.log(`not ok recovery ${name} (${why})`);
    console.log('    ' + (run.stderr || '').slice(0, 800).replace(/\n/g, '\n    '));
    total += want.length;
    bad.push(name);
    continue;
  }
  const missed = want.filter(w => !diags.some(d => d.line === w.line && d.code === w.code));
  const nerr = diags.filter(d => d.severity === 'error').length;
  const marked = d => want.some(w => w.line === d.line && w.code === d.code);
  const unmarked = diags.filter(d => !marked(d));
  const strayWarnings = unmarked.filter(d => d.severity === 'warning');
  const ratio = want.length ? nerr / want.length : Infinity;
  found += want.length - missed.length;
  total += want.length;
  errors += nerr;
  if (ratio > worst.ratio) worst = { ratio, file: name };
  const stats = `${want.length - missed.length} of ${want.length} mistakes; ${nerr} errors, ` +
                `${diags.length} diagnostics; ratio ${ratio.toFixed(2)}`;
  const extra = unmarked.map(d => `${d.line}:${d.column} ${d.code} ${d.message}`);
  if (missed.length === 0 && want.length >= 2 && ratio <= MAX_FILE_RATIO && strayWarnings.length === 0) {
    console.log(`ok recovery ${name} (${stats})`);
    for (const e of extra) console.log(`    unmarked: ${e}`);
    continue;
  }
  bad.push(name);
  const why = want.length < 2 ? 'fewer than 2 marked mistakes' :
              missed.length ? 'missed ' + missed.map(w => `${w.line}:${w.code}`).join(', ') :
              strayWarnings.length ? 'warnings no mistake explains' :
              `more than ${MAX_FILE_RATIO} errors per mistake`;
  console.log(`not ok recovery ${name} (${why}; ${stats})`);
  for (const e of extra) console.log(`    unmarked: ${e}`);
  for (const w of missed) {
    const near = diags.filter(d => Math.abs(d.line - w.line) <= 2)
                      .map(d => `${d.line}:${d.column} ${d.code} ${d.message}`);
    console.log(`    line ${w.line} wants ${w.code}; reported nearby: ${near.join(' | ') || 'nothing'}`);
  }
}
const summary = `${found} of ${total} mistakes reported at their line in ${files.length} files; ` +
                `cascade ratio ${(errors / total).toFixed(2)} errors per mistake ` +
                `(worst ${worst.ratio.toFixed(2)}, ${worst.file})`;
const ratioOk = errors / total <= MAX_RATIO;
console.log(`${bad.length === 0 && found === total && ratioOk ? 'ok' : 'not ok'} recovery: ${summary}` +
            (ratioOk ? '' : ` (more than ${MAX_RATIO} errors per mistake)`));
EOF
status=$?
[ "$status" -eq 0 ] || echo "not ok recovery script (node exit status $status)"
exit 0
