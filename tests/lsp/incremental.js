// incremental.js: the language server's answers to edits are those of a
// full check (spec.md, "Checking as you type").
//
//   node tests/lsp/incremental.js PATH/TO/okrc
//
// One server session applies a sequence of edits to open documents of a
// small workspace of four teams: typing in titles and levels (answered by
// a focused check), renaming a metric another file uses and back, aligning
// to objectives that do and do not exist, renaming an objective other
// files align to, an alignment cycle across files, syntax errors, a
// duplicate objective across files of one team, a burst of changes to two
// documents, a file saved with new content, a file created on disk and the
// policy saved (its limit on objectives per team is a finding across files).
// Before those, identifiers are typed one character at a time (TYPING,
// RENAME_KR, CYCLE): metric names, a counter's metric, aligns paths, a key
// result renamed that another team aligns to, a link that closes an
// alignment cycle through a team the document does not name; the trace
// must show a focused check for each state whose interface is unchanged.
// After each edit, every URI's last published diagnostics are compared with
// what a fresh server publishes for the same texts (a full check from
// scratch). The server's OKRC_LSP_TRACE lines show which edits were
// answered by a focused check, so the test also fails if none was.
// Prints "ok NAME" or "not ok NAME" per check.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const OKRC = path.resolve(process.argv[2] || 'build/okrc');
const { Session: Client, fileUri, TIMEOUT, checks } = require('./client');

class Session extends Client {
  constructor(root) { super(OKRC, root); }
}

const check = checks.check.bind(checks);

const FILES = {
  'okr.policy': `policy {
  limit krs_per_objective 1..5
  limit objectives_per_team 1
}
`,
  'company/metrics.okr': `team company "Acme" owner "Priya Raman"

metric arr "Annual recurring revenue at the end of the month" : money(USD) increasing
metric availability "Share of minutes the product answers within its latency objective" : percent increasing operational
`,
  'company/fy2026.okr': `team company
cycle "FY2026" from 2026-01-01 to 2026-12-31

aspirational objective self_serve "Make self-serve the easiest way to buy Acme" {
  owner "Priya Raman"
  kr arr "Grow annual recurring revenue" : arr from 57000000 to 63700000
}

committed objective trust "Customers can rely on Acme with their data" {
  owner "Keiko Tanaka"
  kr uptime "Keep availability at or above 99.95%" : availability at least 99.95%
}
`,
  'growth/metrics.okr': `team growth "Growth" owner "Dana Lee"

metric activation_rate "Share of new accounts that reach the activation milestone within 7 days" : percent increasing
metric signups "New accounts created in the period" : count increasing aggregate sum over cycle
metric checkout_completion "Share of started checkouts that end in a successful payment" : percent increasing
`,
  'growth/2026-q1.okr': `// Growth, 2026-Q1.
team growth
cycle 2026-Q1

aspirational objective onboarding "New customers see their data come alive in minutes" {
  owner "Dana Lee"
  aligns company.self_serve
  kr activation "Raise activation" : activation_rate from 35% to 42%
  kr checkout : checkout_completion from 78% to 84%
  counter company.availability at least 99.5%
}
`,
  'growth/2026-q1-extra.okr': `team growth
cycle 2026-Q1

committed objective retention "Customers who pay keep paying" {
  owner "Dana Lee"
  aligns company.trust
  kr checkout "Keep checkout completion up" : checkout_completion at least 80%
}
`,
  'platform/metrics.okr': `team platform "Platform" owner "Lee Chen"

metric query_time "Median time to answer an interactive query" : duration decreasing
`,
  'platform/2026-q1.okr': `team platform
cycle 2026-Q1

use growth

committed objective speed "Every dashboard answers before anyone waits" {
  owner "Lee Chen"
  aligns company.trust
  kr fast "Answer queries faster" : query_time from 2s to 800ms
  kr active "Keep activation up" : activation_rate at least 30%
}
`,
};

const OPEN = ['growth/2026-q1.okr', 'growth/metrics.okr', 'platform/2026-q1.okr', 'company/fy2026.okr'];

// Each edit: [name, document, function of its text], or a function of the
// test context for edits that are not one change of one document.
const EDITS = [
  ['type in an objective title', 'growth/2026-q1.okr', (t) => t.replace('in minutes', 'in minutes, every time'), true],
  ['type in a key-result title', 'growth/2026-q1.okr', (t) => t.replace('"Raise activation"', '"Raise activation quickly"'), true],
  ['change a level', 'growth/2026-q1.okr', (t) => t.replace('from 35% to 42%', 'from 35% to 47%'), true],
  ['a title that reads as a task', 'growth/2026-q1.okr',
    (t) => t.replace('"Raise activation quickly"', '"Launch the new onboarding checklist"')],
  ['a level the metric cannot take', 'growth/2026-q1.okr', (t) => t.replace('from 78% to 84%', 'from 78ms to 84ms')],
  ['the level fixed', 'growth/2026-q1.okr', (t) => t.replace('from 78ms to 84ms', 'from 78% to 85%')],
  ['rename a metric another file uses', 'growth/metrics.okr', (t) => t.replace('metric activation_rate', 'metric activation_share')],
  ['type while the reference is broken', 'growth/2026-q1.okr', (t) => t.replace('every time', 'every single time')],
  ['rename it back', 'growth/metrics.okr', (t) => t.replace('metric activation_share', 'metric activation_rate')],
  ['align to an objective that does not exist', 'growth/2026-q1.okr', (t) => t.replace('aligns company.self_serve', 'aligns company.self_service')],
  ['align to it again', 'growth/2026-q1.okr', (t) => t.replace('aligns company.self_service', 'aligns company.self_serve')],
  ['rename an objective other files align to', 'company/fy2026.okr', (t) => t.replace('objective trust', 'objective reliability')],
  ['type in a title elsewhere while aligns are broken', 'platform/2026-q1.okr', (t) => t.replace('before anyone waits', 'before anyone has to wait')],
  ['rename it back', 'company/fy2026.okr', (t) => t.replace('objective reliability', 'objective trust')],
  ['an alignment cycle across files', 'company/fy2026.okr',
    (t) => t.replace('  owner "Priya Raman"\n', '  owner "Priya Raman"\n  aligns growth.onboarding\n')],
  ['type in a title on the cycle', 'growth/2026-q1.okr', (t) => t.replace('every single time', 'every time')],
  ['the cycle removed', 'company/fy2026.okr', (t) => t.replace('  aligns growth.onboarding\n', '')],
  ['a cycle through three teams', (ctx) => {
    ctx.change('company/fy2026.okr', (t) => t.replace('  owner "Priya Raman"\n', '  owner "Priya Raman"\n  aligns platform.speed\n'));
    ctx.change('platform/2026-q1.okr', (t) => t.replace('  aligns company.trust\n', '  aligns company.trust\n  aligns growth.onboarding\n'));
  }],
  ['type in a title on the three-team cycle', 'growth/2026-q1.okr', (t) => t.replace('every time', 'every time, always')],
  ['the three-team cycle removed', (ctx) => {
    ctx.change('company/fy2026.okr', (t) => t.replace('  aligns platform.speed\n', ''));
    ctx.change('platform/2026-q1.okr', (t) => t.replace('  aligns growth.onboarding\n', ''));
  }],
  ['a metric only another team declares', 'growth/2026-q1.okr',
    (t) => t.replace('  kr checkout :', '  kr speed "Answer faster" : query_time from 2s to 1s\n  kr checkout :')],
  ['type while that name is unknown', 'growth/2026-q1.okr', (t) => t.replace('every time, always', 'every time')],
  ['the unknown name removed', 'growth/2026-q1.okr', (t) => t.replace('  kr speed "Answer faster" : query_time from 2s to 1s\n', '')],
  ['a syntax error', 'growth/2026-q1.okr', (t) => t.replace('counter company.availability at least 99.5%\n}', 'counter company.availability at least 99.5%\n')],
  ['the syntax error fixed', 'growth/2026-q1.okr', (t) => t.replace('at least 99.5%\n', 'at least 99.5%\n}')],
  ['a duplicate of an objective in another file', 'growth/2026-q1.okr',
    (t) => t + '\ncommitted objective retention "Keep customers" {\n  owner "Dana Lee"\n  kr checkout "Hold checkout" : checkout_completion at least 80%\n}\n'],
  ['type in the duplicate', 'growth/2026-q1.okr', (t) => t.replace('"Keep customers"', '"Keep our customers"')],
  ['the duplicate removed', 'growth/2026-q1.okr', (t) => t.slice(0, t.indexOf('\ncommitted objective retention'))],
  ['a metric description changed', 'growth/metrics.okr', (t) => t.replace('New accounts created', 'Accounts opened')],
  ['a metric the title reads as output', 'growth/2026-q1.okr',
    (t) => t.replace('kr checkout : checkout_completion', 'kr signups "Ship more signup pages" : signups from 100 to 150\n  kr checkout : checkout_completion')],
  ['type in a title that notes another file', 'growth/2026-q1.okr', (t) => t.replace('Ship more signup pages', 'Ship many more signup pages')],
  ['type in the noted file', 'growth/metrics.okr', (t) => t.replace('Accounts opened', 'Accounts opened by people')],
  ['a comment', 'platform/2026-q1.okr', (t) => '// speed first\n' + t, true],
  ['a metric declared again, after the objectives', 'growth/2026-q1.okr',
    (t) => t + '\nmetric signups "Signups" : count increasing\n'],
  ['a comment line above a declaration another file notes', 'growth/2026-q1.okr',
    (t) => t.replace('  owner "Dana Lee"\n', '  owner "Dana Lee"\n  // activation first\n')],
  ['the second declaration removed', 'growth/2026-q1.okr',
    (t) => t.replace('\nmetric signups "Signups" : count increasing\n', '').replace('  // activation first\n', '')],
  ['a burst of changes to two documents', (ctx) => {
    ctx.change('growth/2026-q1.okr', (t) => t.replace('every time', 'each time'));
    ctx.change('platform/2026-q1.okr', (t) => t.replace('has to wait', 'waits'));
    ctx.change('growth/2026-q1.okr', (t) => t.replace('each time', 'every time'));
  }],
  ['a file saved with new content', (ctx) => {
    ctx.write('growth/2026-q1-extra.okr', (t) => t.replace('objective retention', 'objective loyalty'));
    ctx.s.notify('textDocument/didSave', { textDocument: { uri: ctx.uri('growth/2026-q1-extra.okr') } });
  }],
  ['a file created on disk', (ctx) => {
    ctx.write('growth/2026-q2.okr', () => 'team growth\ncycle 2026-Q2\n\naspirational objective reach "Reach more teams" {\n  owner "Dana Lee"\n  aligns company.self_serv\n  kr signups "More signups" : signups from 100 to 140\n}\n');
    ctx.s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ctx.uri('growth/2026-q2.okr'), type: 1 }] });
  }],
  ['the policy saved with new limits', (ctx) => {
    ctx.write('okr.policy', (t) => t.replace('objectives_per_team 1', 'objectives_per_team 2'));
    ctx.s.notify('textDocument/didSave', { textDocument: { uri: ctx.uri('okr.policy') } });
  }],
  ['type after the disk changed', 'growth/2026-q1.okr', (t) => t.replace('every time', 'every day'), true],
];

// Typing an identifier one character at a time (spec.md, "Checking as you
// type"): `line` (whole lines of `rel`, with `word` in them; `from`, when
// given, stands in the text instead) is first written without the word,
// then the word is typed into it. Each
// state is an edit; `expect(prefix)` says how it must be checked: 'focused',
// 'full' or undefined (either, as long as the answer is a full check's).
function typing(label, rel, line, word, expect, from) {
  const at = line.indexOf(word);
  const head = line.slice(0, at), tail = line.slice(at + word.length);
  const steps = [];
  let current = from === undefined ? line : from;
  for (let k = 0; k <= word.length; k++) {
    const prev = current, next = head + word.slice(0, k) + tail;
    current = next;
    steps.push([`${label}: "${word.slice(0, k)}"`, rel, (t) => t.replace(prev, next), expect(word.slice(0, k))]);
  }
  return steps;
}

// A path is typed on the fast path unless it ends at a '.' (a syntax
// error whose recovery may drop what follows) or is empty.
const partial = (done) => (p) => (p === '' || p.endsWith('.') ? undefined : p === done ? 'full' : 'focused');

// The typing sequences run on FILES' texts, before EDITS, and leave them
// as they were (save where a step says).
const TYPING = [].concat(
  typing('type a key result\'s metric', 'growth/2026-q1.okr',
    '  kr activation "Raise activation" : activation_rate from 35% to 42%\n', 'activation_rate',
    // Without a metric the key result is a syntax error that drops it (a
    // full check), so the first character typed restores it (another).
    (p) => (p.length < 2 ? undefined : 'focused')),
  typing('type a counter\'s metric', 'growth/2026-q1.okr',
    '  counter company.availability at least 99.5%\n', 'company.availability',
    (p) => (p === '' || p.endsWith('.') ? undefined : 'focused')),
  // platform's metric: growth/2026-q1.okr names no platform, so the
  // suggestions (`platform.query_time`) come from the team's stub.
  typing('type a metric only a team the document does not name declares', 'growth/2026-q1.okr',
    '  kr speed "Answer faster" : query_time from 2s to 1s\n  kr checkout :', 'query_time',
    (p) => (p.length < 2 ? undefined : 'focused'), '  kr checkout :'),
  [['that key result removed', 'growth/2026-q1.okr', (t) => t.replace('  kr speed "Answer faster" : query_time from 2s to 1s\n', ''), 'full']],
  // Each state that resolves adds a link to the alignment graph (a full
  // check); the states between do not.
  typing('type an aligns path to another team\'s key result', 'platform/2026-q1.okr',
    '  aligns company.trust\n  aligns growth.onboarding.activation\n', 'growth.onboarding.activation',
    (p) => (p === '' || p.endsWith('.') ? undefined
      : p === 'growth.onboarding' || p === 'growth.onboarding.activation' ? 'full' : 'focused'),
    '  aligns company.trust\n'),
);
// Renaming a key result that platform's aligns names (left typed above):
// other files read key-result names, so each step checks everything.
const RENAME_KR = [];
{
  let name = 'activation';
  for (const next of ['activatio', 'activati', 'activat', 'activati', 'activatio', 'activation']) {
    const prev = name;
    RENAME_KR.push([`rename a key result another team aligns to: "${next}"`, 'growth/2026-q1.okr',
      (t) => t.replace(`kr ${prev} "`, `kr ${next} "`), 'full']);
    name = next;
  }
}
// A cycle growth.onboarding -> company.self_serve -> platform.speed ->
// growth.onboarding (platform's aligns typed above), closed and opened by
// typing onboarding's aligns in a document that does not name platform:
// the states between do not resolve, and the link that closes or opens the
// cycle changes the alignment graph (a full check).
const CYCLE = [].concat(
  [['a link company -> platform for the cycle', 'company/fy2026.okr',
    (t) => t.replace('  owner "Priya Raman"\n', '  owner "Priya Raman"\n  aligns platform.speed\n')]],
  typing('type the link that closes a cycle', 'growth/2026-q1.okr',
    '  aligns company.self_serve\n', 'company.self_serve', partial('company.self_serve')),
  [['the link that closes the cycle cut short', 'growth/2026-q1.okr',
    (t) => t.replace('aligns company.self_serve\n', 'aligns company.self_serv\n'), 'full'],
   ['type while the link is cut short', 'growth/2026-q1.okr',
     (t) => t.replace('in minutes"', 'in minutes!"'), 'focused'],
   ['the link that closes the cycle typed again', 'growth/2026-q1.okr',
    (t) => t.replace('aligns company.self_serv\n', 'aligns company.self_serve\n').replace('in minutes!"', 'in minutes"'), 'full'],
   ['the cycle\'s links removed', (ctx) => {
     ctx.change('company/fy2026.okr', (t) => t.replace('  aligns platform.speed\n', ''));
     ctx.change('platform/2026-q1.okr', (t) => t.replace('  aligns growth.onboarding.activation\n', ''));
   }]],
);

// What a fresh server publishes for the workspace with these open texts.
async function fullCheck(root, texts) {
  const s = new Session(root);
  await s.start();
  for (const rel of OPEN)
    s.notify('textDocument/didOpen', { textDocument: { uri: fileUri(path.join(root, rel)), languageId: 'okr', version: 1, text: texts[rel] } });
  await s.sync();
  const state = s.state();
  await s.stop();
  return state;
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'okrc-lsp-incr-'));
  const overall = setTimeout(() => {
    check('incremental session finished in time', false);
    process.exit(1);
  }, 120000);
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const texts = Object.assign({}, FILES);
    const versions = {};
    const s = new Session(root);
    check('server starts', await s.start());
    for (const rel of OPEN) {
      versions[rel] = 1;
      s.notify('textDocument/didOpen', { textDocument: { uri: fileUri(path.join(root, rel)), languageId: 'okr', version: 1, text: texts[rel] } });
    }
    await s.sync();
    const ctx = {
      s,
      uri: (rel) => fileUri(path.join(root, rel)),
      change(rel, fn) {
        texts[rel] = fn(texts[rel]);
        versions[rel]++;
        s.notify('textDocument/didChange', { textDocument: { uri: this.uri(rel), version: versions[rel] },
          contentChanges: [{ text: texts[rel] }] });
      },
      write(rel, fn) {
        const p = path.join(root, rel);
        const text = fn(fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
        fs.writeFileSync(p, text);
        if (rel in texts) texts[rel] = text;
      },
    };
    check('opening the documents: as a full check', JSON.stringify(s.state()) === JSON.stringify(await fullCheck(root, texts)));
    let focused = 0;
    for (const edit of [].concat(TYPING, RENAME_KR, CYCLE, EDITS)) {
      const name = edit[0];
      const traceBefore = s.stderr.length;
      if (typeof edit[1] === 'function') {
        edit[1](ctx);
      } else {
        ctx.change(edit[1], edit[2]);
      }
      await s.sync();
      // The trace goes to stderr, a pipe of its own: wait for its line.
      for (let i = 0; i < 200 && s.stderr.length === traceBefore; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const trace = s.stderr.slice(traceBefore);
      if (/focused check/.test(trace)) focused++;
      if (edit[3] === true || edit[3] === 'focused')
        check(`${name}: answered by a focused check`, /focused check/.test(trace), trace);
      if (edit[3] === 'full')
        check(`${name}: answered by a full check`, !/focused check/.test(trace), trace);
      const want = await fullCheck(root, texts);
      const got = s.state();
      check(`${name}: as a full check`, JSON.stringify(got) === JSON.stringify(want), { got, want });
      if (typeof edit[1] === 'string') {
        const uri = ctx.uri(edit[1]);
        check(`${name}: answered for version ${versions[edit[1]]}`, s.versions.get(uri) === versions[edit[1]],
          `last version published: ${s.versions.get(uri)}`);
      }
    }
    check(`some edits were answered by a focused check (${focused})`, focused >= 6, s.stderr);
    // A request after focused checks reads a build of everything.
    const sym = await s.request('textDocument/documentSymbol', { textDocument: { uri: ctx.uri('growth/2026-q1.okr') } });
    check('a feature after focused checks sees the current text',
      sym && Array.isArray(sym.result) && JSON.stringify(sym.result).includes('onboarding'), sym);
    await s.stop();
    const reg = s.serverRequests.filter((m) => m.method === 'client/registerCapability');
    check('no watcher registration without dynamicRegistration', reg.length === 0, reg);
    // A client that can register watchers is asked to watch the program's files.
    const w = new Session(root);
    await w.start({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    w.send({ jsonrpc: '2.0', id: 'okrc-register-watchers', result: null }); // the client's reply, ignored
    await w.sync();
    const asked = w.serverRequests.filter((m) => m.method === 'client/registerCapability');
    const watchers = asked.length === 1 && asked[0].params.registrations[0];
    check('watchers registered with dynamicRegistration',
      watchers && watchers.method === 'workspace/didChangeWatchedFiles' &&
      JSON.stringify(watchers.registerOptions.watchers.map((x) => x.globPattern)) === '["**/*.okr","**/okr.policy"]', asked);
    await w.stop();
    check('no sanitizer report', !/(AddressSanitizer|LeakSanitizer|runtime error:)/.test(s.stderr), s.stderr);
  } catch (e) {
    check('incremental session ran without exceptions', false, e.stack);
  } finally {
    clearTimeout(overall);
    fs.rmSync(root, { recursive: true, force: true });
  }
  process.exit(checks.failed ? 1 : 0);
}

main();
