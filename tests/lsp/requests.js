// requests.js: the language server's answers to requests that follow an
// edit are a fresh server's (spec.md, "Requests after typing").
//
//   node tests/lsp/requests.js PATH/TO/okrc
//
// One session types in open documents of a small workspace of three teams.
// After each edit it sends requests (completion, hover, definition,
// document symbols, code actions, formatting, references, rename) and
// compares every result with what a fresh server, started on the same
// texts, answers to the same request. Edits answered by a focused check
// (typing in titles and levels) must leave the local requests about that
// document answered from the focused build, with no full check (the
// server's OKRC_LSP_TRACE lines say which build each request read); edits
// that change what other files read (a new key result, one removed) fall
// back to a full check, and the requests after them are compared too;
// typing identifiers that resolve to nothing (a partial metric name, an
// aligns path) is answered by focused checks. The first edit adds a comment line, which moves every
// later line of the document: a request answered from the text the last
// full check read would land on the wrong name. Prints "ok NAME" or "not ok NAME" per check.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Session, fileUri, checks } = require('./client');

const OKRC = path.resolve(process.argv[2] || 'build/okrc');

const check = checks.check.bind(checks);

const FILES = {
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
  'platform/metrics.okr': `team platform "Platform" owner "Lee Chen"

metric query_time "Median time to answer an interactive query" : duration decreasing
`,
  'platform/2026-q1.okr': `team platform
cycle 2026-Q1

use growth

committed objective speed "Every dashboard answers before anyone waits" {
  owner "Lee Chen"
  aligns company.trust
  aligns growth.onboarding
  kr fast "Answer queries faster" : query_time from 2s to 800ms
  kr active "Keep activation up" : activation_rate at least 30%
}
`,
};

const OPEN = ['growth/2026-q1.okr', 'platform/2026-q1.okr'];
const DOC = 'growth/2026-q1.okr';

// The LSP position of the end (after = true) or start of the n-th (from 0)
// occurrence of `needle` in text, plus `shift` characters.
function pos(text, needle, { after = false, n = 0, shift = 0 } = {}) {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`no ${needle} in the text`);
  }
  const off = at + (after ? needle.length : 0) + shift;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - before.lastIndexOf('\n') - 1 };
}

// Requests of a step: [label, method, document, params(text of document)].
const at = (needle, opts) => (t) => ({ position: pos(t, needle, opts) });
const LOCAL = [
  ['completion in the title typed in', 'textDocument/completion', DOC, at('alive', { after: true })],
  ['completion of a key result\'s metric', 'textDocument/completion', DOC, at('kr checkout :', { after: true, shift: 1 })],
  ['completion of an aligns team. path', 'textDocument/completion', DOC, at('aligns company.', { after: true })],
  ['completion of a keyword', 'textDocument/completion', DOC, at('  owner', { shift: 2 })],
  ['hover on the objective', 'textDocument/hover', DOC, at('onboarding', { shift: 2 })],
  ['hover on a key result', 'textDocument/hover', DOC, at('kr activation', { shift: 5 })],
  ['hover on a metric of the team', 'textDocument/hover', DOC, at(': activation_rate', { shift: 4 })],
  ['hover on a metric of another team', 'textDocument/hover', DOC, at('company.availability', { after: true, shift: -3 })],
  ['hover on an aligns target', 'textDocument/hover', DOC, at('company.self_serve', { after: true, shift: -2 })],
  ['definition of a metric', 'textDocument/definition', DOC, at('checkout_completion from', { shift: 3 })],
  ['definition of an aligns target', 'textDocument/definition', DOC, at('company.self_serve', { after: true, shift: -2 })],
  ['document symbols', 'textDocument/documentSymbol', DOC, () => ({})],
  ['code actions', 'textDocument/codeAction', DOC,
    (t) => ({ range: { start: { line: 0, character: 0 }, end: pos(t, '}', { after: true }) }, context: { diagnostics: [] } })],
  ['formatting', 'textDocument/formatting', DOC, () => ({ options: { tabSize: 2, insertSpaces: true } })],
];
const WHOLE = [
  ['references of a metric', 'textDocument/references', DOC,
    (t) => ({ position: pos(t, ': activation_rate', { shift: 4 }), context: { includeDeclaration: true } })],
  ['prepareRename of an objective', 'textDocument/prepareRename', DOC, at('onboarding', { shift: 2 })],
  ['rename of an objective', 'textDocument/rename', DOC, (t) => ({ position: pos(t, 'onboarding', { shift: 2 }), newName: 'welcome' })],
  ['hover in another document on the objective typed in', 'textDocument/hover', 'platform/2026-q1.okr',
    at('growth.onboarding', { after: true, shift: -2 })],
];

// Each step: [name, document, edit of its text, focused?, requests].
const STEPS = [
  ['type a comment line above the objective and in its title', DOC,
    (t) => t.replace('team growth\n', 'team growth\n// onboarding first, then checkout\n')
      .replace('come alive in minutes', 'come alive in minutes and stay alive'), true, LOCAL.concat(WHOLE)],
  ['type in a key-result title', DOC, (t) => t.replace('"Raise activation"', '"Raise activation quickly"'), true, LOCAL],
  ['change a level', DOC, (t) => t.replace('from 35% to 42%', 'from 35% to 47%'), true, LOCAL.concat(WHOLE)],
  ['a partial metric name', DOC, (t) => t.replace('  counter company', '  kr more "More" : chec\n  counter company'), false,
    [['completion after the partial name', 'textDocument/completion', DOC, at(': chec', { after: true })]].concat(LOCAL)],
  ['a partial aligns team. path', DOC, (t) => t.replace('  kr more "More" : chec\n', '  aligns company.tr\n'), false,
    [['completion after the partial path', 'textDocument/completion', DOC, at('aligns company.tr', { after: true })],
      ['completion of the team\'s objectives', 'textDocument/completion', DOC, at('aligns company.tr', { after: true, shift: -2 })]]],
  ['a new key result', DOC,
    (t) => t.replace('  aligns company.tr\n', '  kr speedy "Faster" : activation_rate at least 40%\n'), false,
    [['hover on the new key result', 'textDocument/hover', DOC, at('kr speedy', { shift: 4 })]].concat(LOCAL)],
  ['type in the new key result\'s title', DOC, (t) => t.replace('"Faster"', '"Much faster"'), true,
    [['hover on the new key result', 'textDocument/hover', DOC, at('kr speedy', { shift: 4 })],
      ['completion after the new key result', 'textDocument/completion', DOC, at('kr speedy "Much faster" :', { after: true, shift: 1 })]]
      .concat(LOCAL)],
  ['type in a comment', DOC, (t) => t.replace('// Growth, 2026-Q1.', '// Growth, 2026-Q1, first draft.'), true, LOCAL.concat(WHOLE)],
  // Typing identifiers that no declaration answers keeps the names other
  // files read: focused checks (with the other teams' names as stubs).
  ['retype a key result\'s metric: a partial name', DOC, (t) => t.replace(': activation_rate at least 40%', ': activ at least 40%'), true,
    [['completion after the partial name', 'textDocument/completion', DOC, at(': activ at', { after: true, shift: -3 })],
      ['code actions on the partial name', 'textDocument/codeAction', DOC,
        (t) => ({ range: { start: pos(t, ': activ at'), end: pos(t, ': activ at', { after: true }) }, context: { diagnostics: [] } })]]
      .concat(LOCAL)],
  ['retype it: a name only another team declares', DOC, (t) => t.replace(': activ at', ': query_tim at'), true,
    [['completion after the name', 'textDocument/completion', DOC, at(': query_tim at', { after: true, shift: -3 })],
      ['code actions on the name', 'textDocument/codeAction', DOC,
        (t) => ({ range: { start: pos(t, ': query_tim at'), end: pos(t, ': query_tim at', { after: true }) }, context: { diagnostics: [] } })],
      ['hover on the name', 'textDocument/hover', DOC, at(': query_tim at', { shift: 4 })]].concat(LOCAL)],
  ['type an aligns path to a key result that does not resolve', DOC,
    (t) => t.replace('  aligns company.self_serve\n', '  aligns company.self_serve\n  aligns platform.speed.fa\n'), true, LOCAL],
  ['type on in it', DOC, (t) => t.replace('aligns platform.speed.fa\n', 'aligns platform.speed.fas\n'), true,
    [['completion of the objective\'s key results', 'textDocument/completion', DOC, at('platform.speed.fas', { after: true })],
      ['completion of the team\'s objectives', 'textDocument/completion', DOC, at('aligns platform.', { after: true })],
      ['hover on the team', 'textDocument/hover', DOC, at('aligns platform.', { shift: 8 })],
      ['definition of the objective', 'textDocument/definition', DOC, at('platform.speed', { after: true, shift: -1 })]]
      .concat(LOCAL)],
];

// What a fresh server answers to `reqs` for the workspace with these texts.
async function fresh(root, texts, versions, reqs) {
  const s = new Session(OKRC, root);
  await s.start();
  for (const rel of OPEN)
    s.notify('textDocument/didOpen', { textDocument: { uri: fileUri(path.join(root, rel)), languageId: 'okr', version: versions[rel], text: texts[rel] } });
  const out = [];
  for (const [, method, rel, params] of reqs)
    out.push(await s.request(method, Object.assign({ textDocument: { uri: fileUri(path.join(root, rel)) } }, params(texts[rel]))));
  await s.stop();
  return out;
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'okrc-lsp-req-'));
  const overall = setTimeout(() => {
    check('request session finished in time', false);
    process.exit(1);
  }, 120000);
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const texts = Object.assign({}, FILES);
    const versions = {};
    const s = new Session(OKRC, root);
    check('server starts', await s.start());
    for (const rel of OPEN) {
      versions[rel] = 1;
      s.notify('textDocument/didOpen', { textDocument: { uri: fileUri(path.join(root, rel)), languageId: 'okr', version: 1, text: texts[rel] } });
    }
    await s.sync();
    // The trace is a pipe of its own: wait until the opening's lines are in.
    for (let i = 0, seen = -1; i < 100 && seen !== s.stderr.length; i++) {
      seen = s.stderr.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const [name, rel, edit, focused, reqs] of STEPS) {
      texts[rel] = edit(texts[rel]);
      versions[rel]++;
      const uri = fileUri(path.join(root, rel));
      const traceBefore = s.stderr.length;
      // The edit and the requests go out together, as an editor sends a
      // keystroke and the completion it triggers.
      s.notify('textDocument/didChange', { textDocument: { uri, version: versions[rel] }, contentChanges: [{ text: texts[rel] }] });
      const got = await Promise.all(reqs.map(([, method, doc, params]) =>
        s.request(method, Object.assign({ textDocument: { uri: fileUri(path.join(root, doc)) } }, params(texts[doc])))));
      await s.sync();
      for (let i = 0; i < 200 && !/answered from|full check/.test(s.stderr.slice(traceBefore)); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const trace = s.stderr.slice(traceBefore);
      const want = await fresh(root, texts, versions, reqs);
      reqs.forEach(([label], i) => {
        const g = got[i] && (got[i].error || got[i].result), w = want[i] && (want[i].error || want[i].result);
        check(`${name}: ${label} as a fresh server`, got[i] !== null && JSON.stringify(g) === JSON.stringify(w), { got: g, want: w });
      });
      if (focused) {
        const local = reqs.filter((r) => LOCAL.includes(r) || r[2] === rel && !WHOLE.includes(r)).length;
        const fromFocus = (trace.match(/request answered from the focused build/g) || []).length;
        check(`${name}: answered by a focused check`, /focused check/.test(trace), trace);
        check(`${name}: ${local} local requests read the focused build`, fromFocus === local, trace);
        // Requests over every file, or about another document, check
        // everything first: once, then the build is current.
        const full = (trace.match(/full check/g) || []).length;
        check(`${name}: ${reqs.some((r) => WHOLE.includes(r)) ? 'one full check' : 'no full check'}`,
          full === (reqs.some((r) => WHOLE.includes(r)) ? 1 : 0), trace);
      } else {
        check(`${name}: answered by a full check`, /full check/.test(trace) && !/focused build/.test(trace), trace);
      }
    }
    await s.stop();
    check('no sanitizer report', !/(AddressSanitizer|LeakSanitizer|runtime error:)/.test(s.stderr), s.stderr);
  } catch (e) {
    check('request session ran without exceptions', false, e.stack);
  } finally {
    clearTimeout(overall);
    fs.rmSync(root, { recursive: true, force: true });
  }
  process.exit(checks.failed ? 1 : 0);
}

main();
