// session.js: drives `okrc lsp` over pipes the way an editor does and checks
// every reply (spec.md, "Language server").
//
//   node tests/lsp/session.js PATH/TO/okrc
//
// Prints "ok NAME" or "not ok NAME" per check (tests/run.sh counts them).
// Node only, no packages: a small framing helper speaks the base protocol.
// Every wait has a timeout, so a server that hangs fails a check instead of
// blocking the suite. Ordering is made deterministic with a "sync" request
// (an unknown method, answered with an error): the server handles messages
// in order, so once its answer arrives, every notification an earlier
// message caused has arrived too.
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const OKRC = path.resolve(process.argv[2] || 'build/okrc');
const REPLY_TIMEOUT = 5000;

let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    console.log(`ok ${name}`);
  } else {
    failed++;
    console.log(`not ok ${name}`);
    if (detail !== undefined) {
      const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
      console.log('    ' + text.slice(0, 1500).replace(/\n/g, '\n    '));
    }
  }
}

// One server process and the messages it sent.
class Session {
  constructor(cwd) {
    this.proc = spawn(OKRC, ['lsp'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.buf = Buffer.alloc(0);
    this.queue = [];
    this.waiters = [];
    this.stderr = '';
    this.nextId = 1;
    this.garbage = [];
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => resolve({ code, signal }));
      this.proc.on('error', (e) => {
        this.stderr += `cannot run ${OKRC}: ${e.message}\n`;
        resolve({ code: null, signal: null });
      });
    });
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk) => { this.stderr += chunk.toString(); });
    this.proc.stdin.on('error', () => {}); // the server may be gone already
  }

  onData(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = this.buf.slice(0, end).toString();
      const m = /^Content-Length: (\d+)$/m.exec(header);
      if (!m || !/^Content-Length: \d+$/.test(header)) {
        this.garbage.push(header); // anything but one Content-Length header is a server bug
        this.buf = this.buf.slice(end + 4);
        continue;
      }
      const len = Number(m[1]);
      if (this.buf.length < end + 4 + len) return;
      const body = this.buf.slice(end + 4, end + 4 + len).toString('utf8');
      this.buf = this.buf.slice(end + 4 + len);
      let msg;
      try {
        msg = JSON.parse(body);
      } catch (e) {
        this.garbage.push(body);
        continue;
      }
      this.queue.push(msg);
      this.wake();
    }
  }

  wake() {
    for (const w of this.waiters.slice()) {
      const i = this.queue.findIndex(w.pred);
      if (i >= 0) {
        const [msg] = this.queue.splice(i, 1);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(msg);
      }
    }
  }

  // The first message matching pred (removed from the queue), or null after
  // the timeout.
  waitFor(pred, timeout = REPLY_TIMEOUT) {
    const i = this.queue.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]);
    return new Promise((resolve) => {
      const w = { pred, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        resolve(null);
      }, timeout);
      this.waiters.push(w);
    });
  }

  // Every queued message matching pred, removed from the queue.
  take(pred) {
    const out = this.queue.filter(pred);
    this.queue = this.queue.filter((m) => !pred(m));
    return out;
  }

  raw(text) {
    this.proc.stdin.write(text);
  }

  frame(body) {
    const bytes = Buffer.from(body, 'utf8');
    this.raw(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]));
  }

  send(msg) {
    this.frame(JSON.stringify(msg));
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  // Sends a request; resolves to the whole response message, or null on timeout.
  request(method, params) {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined);
  }

  // Waits until the server has handled everything sent so far.
  async sync() {
    const reply = await this.request('okrc/sync', {});
    return reply !== null;
  }

  // The last diagnostics published for uri since the previous call.
  lastDiagnostics(uri) {
    const pubs = this.take((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
    return pubs.length ? pubs[pubs.length - 1].params.diagnostics : null;
  }

  // Resolves to the exit status, or null when the process is still running
  // after the timeout (it is then killed).
  async exitStatus(timeout = REPLY_TIMEOUT) {
    const timer = new Promise((resolve) => setTimeout(() => resolve(null), timeout));
    const r = await Promise.race([this.exited, timer]);
    if (r === null) {
      this.proc.kill('SIGKILL');
      return null;
    }
    return r.code;
  }
}

function fileUri(p) {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}

// The LSP position of the first occurrence of `needle` (at or after `from`)
// in text: JavaScript strings are UTF-16, as LSP columns are.
function positionOf(text, needle, from = 0) {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`no '${needle}' in test text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function sanitizerClean(session, name) {
  const bad = /(ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:)/.exec(session.stderr);
  check(`${name}: no sanitizer report`, !bad, session.stderr);
}

const COMPANY = `team company "Acme" owner "Priya Raman"
cycle 2026-Q3

use std.product

metric arr "Annual recurring revenue" : money(USD) increasing

committed objective self_serve "Make self-serve the easiest way to buy Acme" {
  owner "Priya Raman"
  kr revenue "Grow ARR" : arr from 6200000 to 8400000
  kr activation "Raise activation" : d7_activation from 22% to 35%
}
`;

// A line with non-ASCII text (é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units)
// before the misspelt metric, so a column counted in bytes or code points
// would be wrong.
const GROWTH_BROKEN = `team growth "Growth" owner "Dana Lee"
cycle 2026-Q3

use std.product

// Café ☕ notes: the team's own metric.
metric connect_rate "Share of workspaces that connect a source" : percent increasing

aspirational objective onboarding "New customers see their data come alive in minutes" {
  owner "Dana Lee"
  aligns company.self_serve
  kr activation "Raise Day-7 activation, café 😀" : d7_activaton from 22% to 35%
  kr connect "Grow connections" : connect_rate from 38% to 55%
  counter nps no worse than baseline
}
`;
const GROWTH = GROWTH_BROKEN.replace('d7_activaton', 'd7_activation');

const AI = `team ai "AI" owner "Lee Chen"
cycle 2026-Q3

use growth

aspirational objective assistant "People get answers from their data by asking" {
  owner "Lee Chen"
  aligns growth.onboarding
  aligns company.missing_objective
  kr connect "More connected workspaces" : connect_rate from 40% to 50%
  kr activation "More activated accounts" : std.product.d7_activation from 22% to 30%
  counter std.product.nps no worse than baseline
}
`;

async function lifecycleChecks(ws) {
  const s = new Session(os.tmpdir());
  const early = await s.request('textDocument/hover', { textDocument: { uri: 'file:///x.okr' }, position: { line: 0, character: 0 } });
  check('request before initialize -> -32002', early && early.error && early.error.code === -32002, early);

  const init = await s.request('initialize', { processId: null, rootUri: fileUri(ws), capabilities: {} });
  const caps = init && init.result && init.result.capabilities;
  check('initialize replies with capabilities', !!caps, init);
  if (!caps) return { s, ok: false };
  const sync = caps.textDocumentSync;
  check('capability textDocumentSync full with openClose', sync && sync.change === 1 && sync.openClose === true, sync);
  check('capability hover, definition, documentSymbol, formatting',
    caps.hoverProvider === true && caps.definitionProvider === true && caps.documentSymbolProvider === true &&
    caps.documentFormattingProvider === true, caps);
  check('capability completion triggered by "."',
    caps.completionProvider && Array.isArray(caps.completionProvider.triggerCharacters) &&
    caps.completionProvider.triggerCharacters.includes('.'), caps.completionProvider);
  check('capability codeAction with quickfix and source.fixAll.okrc',
    caps.codeActionProvider && JSON.stringify(caps.codeActionProvider.codeActionKinds) === '["quickfix","source.fixAll.okrc"]',
    caps.codeActionProvider);
  check('capability references and rename with prepareRename',
    caps.referencesProvider === true && caps.renameProvider && caps.renameProvider.prepareProvider === true, caps);
  check('serverInfo names okrc', init.result.serverInfo && init.result.serverInfo.name === 'okrc' &&
    typeof init.result.serverInfo.version === 'string', init.result.serverInfo);
  const again = await s.request('initialize', { processId: null, capabilities: {} });
  check('second initialize -> -32600', again && again.error && again.error.code === -32600, again);
  s.notify('initialized', {});
  return { s, ok: true };
}

async function diagnosticChecks(s, ws) {
  const growthUri = fileUri(path.join(ws, 'growth.okr'));
  s.notify('textDocument/didOpen', { textDocument: { uri: growthUri, languageId: 'okr', version: 1, text: GROWTH_BROKEN } });
  await s.sync();
  const diags = s.lastDiagnostics(growthUri);
  check('didOpen publishes diagnostics', Array.isArray(diags), s.queue);
  const d = (diags || []).find((x) => x.code === 'OKR101');
  const start = positionOf(GROWTH_BROKEN, 'd7_activaton');
  check('OKR101 reported for the misspelt metric', !!d, diags);
  if (d) {
    check('diagnostic range in UTF-16 columns after non-ASCII text',
      d.range.start.line === start.line && d.range.start.character === start.character &&
      d.range.end.line === start.line && d.range.end.character === start.character + 'd7_activaton'.length,
      { got: d.range, want: start });
    check('diagnostic severity error, source okrc', d.severity === 1 && d.source === 'okrc', d);
    check('diagnostic message carries help lines', /\nhelp: /.test(d.message), d.message);
  }
  check('aligns resolves against the workspace file on disk',
    diags && !diags.some((x) => x.code === 'OKR105'), diags);

  s.notify('textDocument/didChange', { textDocument: { uri: growthUri, version: 2 }, contentChanges: [{ text: GROWTH }] });
  await s.sync();
  const fixed = s.lastDiagnostics(growthUri);
  check('didChange fixing the error publishes an empty list', Array.isArray(fixed) && fixed.length === 0, fixed);

  const aiUri = fileUri(path.join(ws, 'ai.okr'));
  s.notify('textDocument/didOpen', { textDocument: { uri: aiUri, languageId: 'okr', version: 1, text: AI } });
  await s.sync();
  const aiDiags = s.lastDiagnostics(aiUri) || [];
  const unresolved = aiDiags.filter((x) => x.code === 'OKR105');
  const want = positionOf(AI, 'company.missing_objective');
  check('cross-file: unresolved aligns gives OKR105 at its target',
    unresolved.length === 1 && unresolved[0].range.start.line === want.line &&
    unresolved[0].range.start.character === want.character, aiDiags);
  check('cross-file: aligns and metrics resolve across open documents',
    aiDiags.length === unresolved.length, aiDiags);

  s.notify('textDocument/didClose', { textDocument: { uri: aiUri } });
  await s.sync();
  const closed = s.lastDiagnostics(aiUri);
  check('didClose of a document not on disk clears its diagnostics', Array.isArray(closed) && closed.length === 0, closed);
  return growthUri;
}

async function featureChecks(s, ws, growthUri) {
  const companyUri = fileUri(path.join(ws, 'company.okr'));
  const at = (needle, shift = 0, from = 0) => {
    const p = positionOf(GROWTH, needle, from);
    return { line: p.line, character: p.character + shift };
  };
  const td = { uri: growthUri };

  // The reference sits after "😀" on its line: the position is converted back.
  const krLine = GROWTH.indexOf('kr activation');
  let r = await s.request('textDocument/hover', { textDocument: td, position: at('d7_activation', 3, krLine) });
  const hv = r && r.result && r.result.contents && r.result.contents.value;
  check('hover on a metric reference shows type and direction',
    typeof hv === 'string' && /percent/.test(hv) && /increasing/.test(hv) && /std\.product\.d7_activation/.test(hv), r);

  r = await s.request('textDocument/hover', { textDocument: td, position: at('connect_rate "Share', 2) });
  const own = r && r.result && r.result.contents.value;
  check('hover on a metric declaration names the team and where it is',
    typeof own === 'string' && /growth\.connect_rate/.test(own) && /growth\.okr:7/.test(own), own);

  r = await s.request('textDocument/hover', { textDocument: td, position: at('self_serve', 1) });
  const objHover = r && r.result && r.result.contents.value;
  check('hover on an aligns target shows the objective',
    typeof objHover === 'string' && /committed/.test(objHover) && /2026-Q3/.test(objHover) && /key results:\*\* 2/.test(objHover),
    objHover);

  r = await s.request('textDocument/hover', { textDocument: td, position: at('activation "Raise', 1) });
  const krHover = r && r.result && r.result.contents.value;
  check('hover on a key result states its target in words',
    typeof krHover === 'string' && /raise `d7_activation` from 22% to 35%/.test(krHover), krHover);
  check('hover on a key result names its owner (inherited from its objective)',
    typeof krHover === 'string' && /\*\*owner:\*\* Dana Lee \(the objective's\)/.test(krHover), krHover);

  r = await s.request('textDocument/hover', { textDocument: td, position: at('aligns', 2) });
  const kwHover = r && r.result && r.result.contents.value;
  check('hover on a keyword gives its class', typeof kwHover === 'string' && /declaration/.test(kwHover), kwHover);

  r = await s.request('textDocument/hover', { textDocument: td, position: at('Café', 1) });
  check('hover inside a comment is null', r && r.result === null, r);

  r = await s.request('textDocument/definition', { textDocument: td, position: at('connect_rate from', 4) });
  const decl = positionOf(GROWTH, 'connect_rate "Share');
  check('definition of a metric reference is its declaration',
    r && r.result && r.result.uri === growthUri && r.result.range.start.line === decl.line &&
    r.result.range.start.character === decl.character &&
    r.result.range.end.character === decl.character + 'connect_rate'.length, r);

  r = await s.request('textDocument/definition', { textDocument: td, position: at('company.self_serve', 10) });
  const target = positionOf(COMPANY, 'self_serve "Make');
  check('definition of an aligns target is the objective in the other file',
    r && r.result && decodeURIComponent(r.result.uri) === decodeURIComponent(companyUri) &&
    r.result.range.start.line === target.line && r.result.range.start.character === target.character, r);

  r = await s.request('textDocument/definition', { textDocument: td, position: at('d7_activation', 2, krLine) });
  await stdlibDefinitionChecks(s, r);
  r = await s.request('textDocument/definition', { textDocument: td, position: at('std.product', 5) });
  check('definition of `use std.MODULE` opens the start of its cached copy',
    r && r.result && /\/okrc\/stdlib\/[^/]+\/std\/product\.okr$/.test(r.result.uri) &&
    r.result.range.start.line === 0 && r.result.range.start.character === 0, r);

  r = await s.request('textDocument/documentSymbol', { textDocument: td });
  const syms = (r && r.result) || [];
  const byName = (list, name) => (list || []).find((x) => x.name === name);
  const obj = byName(syms, 'onboarding');
  check('documentSymbol: team, metric, objective with kinds',
    byName(syms, 'growth') && byName(syms, 'growth').kind === 3 &&
    byName(syms, 'connect_rate') && byName(syms, 'connect_rate').kind === 13 &&
    obj && obj.kind === 5, syms);
  check('documentSymbol: key results and counters are children of the objective',
    obj && byName(obj.children, 'activation') && byName(obj.children, 'activation').kind === 8 &&
    byName(obj.children, 'connect') && byName(obj.children, 'nps') && byName(obj.children, 'nps').kind === 7, obj);
  const inside = (a, b) => (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character >= b.start.character)) &&
    (a.end.line < b.end.line || (a.end.line === b.end.line && a.end.character <= b.end.character));
  check('documentSymbol: selectionRange inside range',
    obj && inside(obj.selectionRange, obj.range) && obj.children.every((c) => inside(c.selectionRange, c.range)), obj);

  const labels = (reply) => ((reply && reply.result && (reply.result.items || reply.result)) || []).map((x) => x.label);
  r = await s.request('textDocument/completion', { textDocument: td, position: at('connect_rate from') });
  let l = labels(r);
  check('completion after ": " offers metrics in scope', l.includes('connect_rate') && l.includes('d7_activation') && !l.includes('objective'), l);
  r = await s.request('textDocument/completion', { textDocument: td, position: at('company.self_serve') });
  l = labels(r);
  check('completion after "aligns " offers team names', l.includes('company') && l.includes('growth'), l);
  r = await s.request('textDocument/completion', { textDocument: td, position: at('self_serve') });
  l = labels(r);
  check('completion after "aligns TEAM." offers its objectives', l.includes('self_serve') && !l.includes('company'), l);
  r = await s.request('textDocument/completion', { textDocument: td, position: at('\naspirational', 1) });
  const items = (r && r.result && r.result.items) || [];
  const kw = items.find((x) => x.label === 'objective');
  check('completion at a line start offers keywords with their class', kw && kw.kind === 14 && kw.detail === 'declaration', items.slice(0, 5));
}

// Every keyword of lexer/keywords.def has its class and a meaning in the
// hover, and is offered by completion: the server's table of meanings must
// follow the list.
async function keywordChecks(s, ws) {
  const def = fs.readFileSync(path.join(__dirname, '..', '..', 'lexer', 'keywords.def'), 'utf8');
  const keywords = [...def.matchAll(/^OKR_KEYWORD\(\w+,\s*"([a-z]+)",\s*(\w+)\)/gm)].map((m) => ({ word: m[1], klass: m[2] }));
  const text = keywords.map((k) => k.word).join(' ') + '\n';
  const uri = fileUri(path.join(ws, 'keywords.okr'));
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version: 1, text } });
  const missing = [];
  let column = 0;
  for (const k of keywords) {
    const r = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: column + 1 } });
    const v = r && r.result && r.result.contents && r.result.contents.value;
    if (typeof v !== 'string' || !v.includes(`keyword (${k.klass})`) || v.trim().split('\n\n').length < 2) missing.push(k.word);
    column += k.word.length + 1;
  }
  check(`hover gives class and meaning of all ${keywords.length} keywords`, keywords.length > 40 && missing.length === 0, missing);
  const r = await s.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
  const items = (r && r.result && r.result.items) || [];
  const offered = keywords.filter((k) => items.some((i) => i.label === k.word && i.detail === k.klass && i.kind === 14));
  check('completion offers every keyword with its class', offered.length === keywords.length, items.map((i) => i.label));
  s.notify('textDocument/didClose', { textDocument: { uri } });
  await s.sync();
  s.take(() => true);
}

async function formattingChecks(s, ws) {
  const probe = path.join(ws, 'probe.okr.tmp');
  fs.writeFileSync(probe, 'team probe "P"\n');
  const fmtProbe = spawnSync(OKRC, ['fmt', '--check', probe], { encoding: 'utf8' });
  const stub = fmtProbe.status === 2 && /not built/.test(fmtProbe.stderr);
  fs.unlinkSync(probe);

  const messy = 'team   fmt   "Format"   owner "X"\ncycle   2026-Q3\nmetric m "Metric" : percent increasing\n';
  const uri = fileUri(path.join(ws, 'fmt.okr'));
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version: 1, text: messy } });
  let r = await s.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  const edits = r && r.result;
  if (stub) {
    check('formatting answers [] while the formatter is not built', Array.isArray(edits) && edits.length === 0, r);
  } else {
    const copy = path.join(ws, 'fmt-copy');
    fs.mkdirSync(copy);
    fs.writeFileSync(path.join(copy, 'fmt.okr'), messy);
    spawnSync(OKRC, ['fmt', path.join(copy, 'fmt.okr')]);
    const want = fs.readFileSync(path.join(copy, 'fmt.okr'), 'utf8');
    check('formatting replaces the whole document with `okrc fmt` output',
      Array.isArray(edits) && edits.length === 1 && edits[0].newText === want &&
      edits[0].range.start.line === 0 && edits[0].range.start.character === 0 && edits[0].range.end.line === 3, { edits, want });
    s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: want }] });
    r = await s.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    check('formatting a formatted document answers []', r && Array.isArray(r.result) && r.result.length === 0, r);
  }
  s.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'team fmt "F" {{{\n  cycle\n' }] });
  r = await s.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  check('formatting a document with syntax errors answers []', r && Array.isArray(r.result) && r.result.length === 0, r);
  s.notify('textDocument/didClose', { textDocument: { uri } });
  await s.sync();
  s.take(() => true);
}

async function robustnessChecks(s) {
  const nullError = (code) => (m) => m.id === null && m.error && m.error.code === code;
  s.frame('{"jsonrpc": "2.0", "id": 5, "method": ');
  let r = await s.waitFor(nullError(-32700));
  check('invalid JSON -> -32700 with id null', !!r, s.queue);

  s.raw('Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"shutdown"}');
  r = await s.waitFor(nullError(-32700));
  check('bad Content-Length header -> -32700', !!r, s.queue);
  let after = await s.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.okr' } });
  check('server answers the request after a bad header', after && Array.isArray(after.result), after);
  check('the body after a bad header is not run', s.take((m) => m.id === 900).length === 0);

  s.raw('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Unknown: 1\r\n');
  s.frame('{"jsonrpc":"2.0","id":901,"method":"okrc/unknownMethod"}');
  r = await s.waitFor((m) => m.id === 901);
  check('Content-Type and unknown headers are accepted', r && r.error && r.error.code === -32601, r);

  s.send({ jsonrpc: '2.0', id: 77 });
  r = await s.waitFor((m) => m.id === 77);
  check('request without method -> -32600', r && r.error && r.error.code === -32600, r);

  s.frame('[1, 2, 3]');
  r = await s.waitFor(nullError(-32600));
  check('a message that is not an object -> -32600', !!r, s.queue);

  r = await s.request('textDocument/notAThing', {});
  check('unknown method -> -32601', r && r.error && r.error.code === -32601, r);

  r = await s.request('textDocument/hover', { textDocument: { uri: 'file:///x.okr' } });
  check('hover without a position -> -32602', r && r.error && r.error.code === -32602, r);

  s.notify('okrc/unknownNotification', {});
  s.notify('$/cancelRequest', { id: 1 });
  s.notify('$/setTrace', { value: 'off' });
  await s.sync();
  check('unknown and $/ notifications get no answer', s.queue.length === 0, s.queue);

  after = await s.request('textDocument/completion', { textDocument: { uri: 'file:///nowhere.okr' }, position: { line: 0, character: 0 } });
  check('server still answers after malformed messages', after && after.result && Array.isArray(after.result.items), after);
}

// The workspace walk passes over dependency and build folders, and says in
// the log (window/logMessage) when a bound stopped it, once, not at every
// change (spec.md, "The workspace and the program").
async function walkBoundChecks() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'okrc-lsp-walk-'));
  try {
    fs.writeFileSync(path.join(ws, 'company.okr'), COMPANY);
    fs.mkdirSync(path.join(ws, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'node_modules', 'pkg', 'broken.okr'), 'team ??? {{{\n');
    let deep = ws;
    for (let i = 0; i < 26; i++) deep = path.join(deep, 'd');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'deep.okr'), 'team ??? {{{\n');
    const s = new Session(ws);
    await s.request('initialize', { processId: null, rootUri: fileUri(ws), capabilities: {} });
    s.notify('initialized', {});
    await s.sync();
    const logs = s.take((m) => m.method === 'window/logMessage');
    check('lsp walk: a bound hit is logged once', logs.length === 1 && logs[0].params.type === 2 &&
          /stopped at a bound \(directories more than 24 levels deep not read\)/.test(logs[0].params.message), logs);
    check('lsp walk: node_modules and too-deep files are not loaded',
          !s.queue.some((m) => m.method === 'textDocument/publishDiagnostics'), s.queue);
    const uri = fileUri(path.join(ws, 'company.okr'));
    s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version: 1, text: COMPANY } });
    s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: COMPANY + '\n' }] });
    await s.sync();
    check('lsp walk: the same bound is not logged again', s.take((m) => m.method === 'window/logMessage').length === 0);
    await s.request('shutdown', null);
    s.notify('exit');
    await s.exitStatus();
    sanitizerClean(s, 'walk bounds run');
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

// The LSP position of a string index: JavaScript strings are UTF-16, as
// LSP columns are.
function positionAt(text, index) {
  const before = text.slice(0, index).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function indexAt(text, pos) {
  const lines = text.split('\n');
  let index = 0;
  for (let i = 0; i < pos.line && i < lines.length; i++) index += lines[i].length + 1;
  return index + Math.min(pos.character, (lines[pos.line] || '').length);
}

// Applies LSP TextEdits (ranges against the original text) as a client does.
function applyEdits(text, edits) {
  const sorted = edits.map((e) => ({ start: indexAt(text, e.range.start), end: indexAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

// The edits of a WorkspaceEdit for one file, whatever spelling of its URI.
function editsFor(workspaceEdit, uri) {
  const changes = (workspaceEdit && workspaceEdit.changes) || {};
  const key = Object.keys(changes).find((k) => decodeURIComponent(k) === decodeURIComponent(uri));
  return key ? changes[key] : null;
}

// Go to definition on a standard-library metric opens a read-only copy of
// its module under $XDG_CACHE_HOME (spec.md, "Go to definition").
async function stdlibDefinitionChecks(s, r) {
  const loc = r && r.result;
  const m = loc && /^file:\/\/(.*\/okrc\/stdlib\/[^/]+\/std\/product\.okr)$/.exec(loc.uri);
  const cache = process.env.XDG_CACHE_HOME;
  const file = m && decodeURIComponent(m[1]);
  check('definition of a standard-library metric is its copy under $XDG_CACHE_HOME/okrc/stdlib/VERSION/std',
    !!file && file.startsWith(cache + '/okrc/stdlib/'), r);
  if (!file || !fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const decl = positionOf(text, 'metric d7_activation');
  check('definition range is the metric name in the copy',
    loc.range.start.line === decl.line && loc.range.start.character === decl.character + 'metric '.length &&
    loc.range.end.character === decl.character + 'metric d7_activation'.length, { range: loc.range, decl });
  check('the standard-library copy is read-only', (fs.statSync(file).mode & 0o222) === 0, fs.statSync(file).mode.toString(8));
  s.notify('textDocument/didOpen', { textDocument: { uri: loc.uri, languageId: 'okr', version: 1, text } });
  await s.sync();
  const pubs = s.take((x) => x.method === 'textDocument/publishDiagnostics' && decodeURIComponent(x.params.uri) === file);
  check('an opened standard-library copy is shown, not checked',
    pubs.every((p) => p.params.diagnostics.length === 0), pubs);
  const r2 = await s.request('textDocument/prepareRename', { textDocument: { uri: loc.uri }, position: loc.range.start });
  check('renaming in a standard-library copy is refused as read-only',
    r2 && r2.error && r2.error.code === -32803 && /standard library, which is read-only/.test(r2.error.message), r2);
  s.notify('textDocument/didClose', { textDocument: { uri: loc.uri } });
  await s.sync();
  s.take((x) => x.method === 'textDocument/publishDiagnostics');
}

// Unused suppressions (OKR701) carry machine-applicable fixes: removing the
// whole comment line, one code of a comment, or the trailing comment. The
// 😀 before the last comment makes byte or code-point columns wrong.
const SUPPRESS = `team supp "Supp" owner "X"
cycle 2026-Q3
use std.product

aspirational objective onboard "Customers see their data in minutes" {
  owner "X"
  // okrc:allow OKR301 -- nothing to silence
  kr act "Raise activation" : d7_activation from 22% to 35%
  kr "Launch the onboarding checklist" // okrc:allow OKR301, OKR302 -- one is used
  kr ret "Keep customers, café 😀" : nps from 20 to 30 // okrc:allow OKR301, OKR303
  counter churn_rate at most 3%
}
`;
const SUPPRESS_FIXED = SUPPRESS.replace('  // okrc:allow OKR301 -- nothing to silence\n', '')
  .replace('OKR301, OKR302 --', 'OKR301 --').replace(' // okrc:allow OKR301, OKR303', '');

async function codeActionChecks(s, ws) {
  const uri = fileUri(path.join(ws, 'supp.okr'));
  s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version: 1, text: SUPPRESS } });
  await s.sync();
  const diags = s.lastDiagnostics(uri) || [];
  check('OKR701 diagnostics publish the labels of their fixes in data',
    diags.length === 4 && diags.every((d) => d.code === 'OKR701' && d.data && Array.isArray(d.data.fixes) &&
      d.data.fixes.length === 1), diags);
  const ask = (start, end, only) => s.request('textDocument/codeAction', {
    textDocument: { uri }, range: { start, end: end || start },
    context: Object.assign({ diagnostics: [] }, only ? { only } : {}) });

  let r = await ask(positionOf(SUPPRESS, 'OKR302'));
  let actions = (r && r.result) || [];
  const quick = actions.filter((a) => a.kind === 'quickfix');
  const code = SUPPRESS.indexOf(', OKR302');
  check('codeAction offers the fix of the diagnostic under the cursor as a preferred quickfix',
    quick.length === 1 && quick[0].title === 'remove OKR302 from the comment' && quick[0].isPreferred === true &&
    quick[0].diagnostics.length === 1 && quick[0].diagnostics[0].code === 'OKR701' &&
    /OKR302/.test(quick[0].diagnostics[0].message), actions);
  const e = quick[0] && editsFor(quick[0].edit, uri);
  check('quickfix edit removes the code with its separator (LSP range)',
    e && e.length === 1 && e[0].newText === '' &&
    JSON.stringify(e[0].range) === JSON.stringify({ start: positionAt(SUPPRESS, code), end: positionAt(SUPPRESS, code + ', OKR302'.length) }), e);
  check('codeAction without `only` also offers source.fixAll.okrc', actions.some((a) => a.kind === 'source.fixAll.okrc'), actions);

  r = await ask(positionOf(SUPPRESS, 'OKR303'));
  actions = ((r && r.result) || []).filter((a) => a.kind === 'quickfix');
  const cut = SUPPRESS.indexOf(' // okrc:allow OKR301, OKR303');
  const want = { start: positionAt(SUPPRESS, cut), end: positionAt(SUPPRESS, cut + ' // okrc:allow OKR301, OKR303'.length) };
  check('a comment of two unused codes: each diagnostic offers removing the comment, in UTF-16 columns',
    actions.length === 2 && actions.every((a) => a.title === 'remove the unused suppression' &&
      JSON.stringify(editsFor(a.edit, uri)) === JSON.stringify([{ range: want, newText: '' }])), { actions, want });

  r = await ask({ line: 0, character: 0 }, { line: 1, character: 0 }, ['quickfix']);
  check('codeAction on a range without diagnostics answers []', r && Array.isArray(r.result) && r.result.length === 0, r);

  r = await ask({ line: 0, character: 0 }, null, ['source.fixAll']);
  actions = (r && r.result) || [];
  const all = actions[0];
  const fixed = all && applyEdits(SUPPRESS, editsFor(all.edit, uri) || []);
  check('source.fixAll.okrc applies every machine-applicable fix once (a shared edit once)',
    actions.length === 1 && all.kind === 'source.fixAll.okrc' && fixed === SUPPRESS_FIXED, { actions, fixed });

  s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed || SUPPRESS }] });
  await s.sync();
  check('after fix-all the document has no OKR701', (s.lastDiagnostics(uri) || ['?']).length === 0);
  r = await ask({ line: 0, character: 0 }, null, ['source']);
  check('fix-all of a document without fixes answers []', r && Array.isArray(r.result) && r.result.length === 0, r);
  s.notify('textDocument/didClose', { textDocument: { uri } });
  await s.sync();
  s.take(() => true);
}

// References and rename of metrics, objectives and teams across the
// workspace's files on disk (spec.md, "References and rename").
const GROWTH_MORE = GROWTH + `
metric signup_rate "Share of visitors who sign up" : percent increasing

aspirational objective retention "Customers stay because the product keeps helping them" {
  owner "Dana Lee"
  kr signups "More sign-ups" : signup_rate from 3% to 4%
  counter nps no worse than baseline
}
`;
const AI_REFS = `team ai "AI" owner "Lee Chen"
cycle 2026-Q3

use growth

aspirational objective assistant "People get answers from their data by asking" {
  owner "Lee Chen"
  aligns growth.onboarding
  kr connect "More connected workspaces" : connect_rate from 40% to 50%
  kr share "Workspaces that connect" : growth.connect_rate from 40% to 45%
  counter std.product.nps no worse than baseline
}
`;

async function renameChecks() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'okrc-lsp-rename-'));
  const files = { 'company.okr': COMPANY, 'growth.okr': GROWTH_MORE, 'ai.okr': AI_REFS };
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(ws, name), text);
    const uri = (name) => fileUri(path.join(ws, name));
    const s = new Session(ws);
    await s.request('initialize', { processId: null, rootUri: fileUri(ws), capabilities: {} });
    s.notify('initialized', {});
    await s.sync();
    const pos = (name, needle, shift = 0, from = 0) => {
      const p = positionOf(files[name], needle, files[name].indexOf(from || needle));
      return { line: p.line, character: p.character + shift };
    };
    const where = (locs) => (locs || []).map((l) => `${path.basename(decodeURIComponent(l.uri))}:${l.range.start.line}:${l.range.start.character}`).sort();
    const at = (name, needle, from) => { const p = pos(name, needle, 0, from); return `${name}:${p.line}:${p.character}`; };

    let r = await s.request('textDocument/references', { textDocument: { uri: uri('growth.okr') },
      position: pos('growth.okr', 'connect_rate', 2), context: { includeDeclaration: true } });
    let want = [at('growth.okr', 'connect_rate'), at('growth.okr', 'connect_rate', 'connect_rate from'),
      at('ai.okr', 'connect_rate'), at('ai.okr', 'connect_rate', 'growth.connect_rate')].sort();
    check('references of a metric: declaration, own and other files, qualified', JSON.stringify(where(r && r.result)) === JSON.stringify(want),
      { got: where(r && r.result), want });
    r = await s.request('textDocument/references', { textDocument: { uri: uri('ai.okr') },
      position: pos('ai.okr', 'connect_rate', 1), context: { includeDeclaration: false } });
    check('references without the declaration', (r && r.result || []).length === 3, r);

    r = await s.request('textDocument/references', { textDocument: { uri: uri('ai.okr') },
      position: pos('ai.okr', 'growth', 1, 'use growth'), context: { includeDeclaration: true } });
    check('references of a team: `team`, `use`, aligns and qualified metric',
      JSON.stringify(where(r && r.result)) === JSON.stringify([at('ai.okr', 'growth', 'use growth'),
        at('ai.okr', 'growth', 'growth.onboarding'), at('ai.okr', 'growth', 'growth.connect_rate'), at('growth.okr', 'growth')].sort()), where(r && r.result));

    r = await s.request('textDocument/references', { textDocument: { uri: uri('ai.okr') },
      position: pos('ai.okr', 'onboarding', 2), context: { includeDeclaration: true } });
    check('references of an objective from an aligns target',
      JSON.stringify(where(r && r.result)) === JSON.stringify([at('ai.okr', 'onboarding'), at('growth.okr', 'onboarding')].sort()), where(r && r.result));

    r = await s.request('textDocument/references', { textDocument: { uri: uri('growth.okr') },
      position: pos('growth.okr', 'd7_activation', 2), context: { includeDeclaration: true } });
    check('references of a standard-library metric: its cached declaration and the uses in every file',
      (r && r.result || []).some((l) => /\/std\/product\.okr$/.test(l.uri)) && (r.result || []).length === 3, r);

    r = await s.request('textDocument/prepareRename', { textDocument: { uri: uri('ai.okr') }, position: pos('ai.okr', 'connect_rate', 3, 'growth.connect_rate') });
    const q = pos('ai.okr', 'connect_rate', 0, 'growth.connect_rate');
    check('prepareRename answers the name part of a qualified reference',
      r && r.result && r.result.placeholder === 'connect_rate' && r.result.range.start.line === q.line &&
      r.result.range.start.character === q.character && r.result.range.end.character === q.character + 'connect_rate'.length, r);

    const rename = (name, needle, shift, newName, from) => s.request('textDocument/rename', {
      textDocument: { uri: uri(name) }, position: pos(name, needle, shift, from), newName });
    const applied = (reply, name) => applyEdits(files[name], editsFor(reply && reply.result, uri(name)) || []);

    r = await rename('ai.okr', 'connect_rate', 2, 'link_rate');
    check('rename of a metric edits every file',
      applied(r, 'growth.okr') === GROWTH_MORE.replaceAll('connect_rate', 'link_rate') &&
      applied(r, 'ai.okr') === AI_REFS.replaceAll('connect_rate', 'link_rate') && !editsFor(r && r.result, uri('company.okr')), r);
    r = await rename('growth.okr', 'growth', 1, 'expansion');
    check('rename of a team edits `team`, `use`, aligns and qualified names',
      applied(r, 'growth.okr') === GROWTH_MORE.replace(/\bgrowth\b/g, 'expansion') &&
      applied(r, 'ai.okr') === AI_REFS.replace(/\bgrowth\b/g, 'expansion'), r);
    r = await rename('company.okr', 'self_serve', 1, 'self_service');
    check('rename of an objective edits its declaration and the aligns targets',
      applied(r, 'company.okr') === COMPANY.replace('self_serve', 'self_service') &&
      applied(r, 'growth.okr') === GROWTH_MORE.replace('self_serve', 'self_service'), r);

    const refused = async (label, reply, pattern) =>
      check(label, reply && reply.error && reply.error.code === -32803 && pattern.test(reply.error.message), reply);
    await refused('rename to a keyword is refused', await rename('growth.okr', 'connect_rate', 1, 'objective'), /keyword/);
    await refused('rename to a non-identifier is refused', await rename('growth.okr', 'connect_rate', 1, '2fast'), /not an identifier/);
    await refused('rename to a metric of the same team is refused', await rename('growth.okr', 'connect_rate', 1, 'signup_rate'),
      /team 'growth' already has a metric 'signup_rate'/);
    await refused('rename to a metric in scope by `use` is refused', await rename('growth.okr', 'connect_rate', 1, 'nps'),
      /clash with the metric 'std\.product\.nps'/);
    await refused('rename to an objective of the same team and cycle is refused', await rename('growth.okr', 'onboarding', 1, 'retention'),
      /already has an objective 'retention'/);
    await refused('rename to an existing team is refused', await rename('growth.okr', 'growth', 1, 'company'), /team 'company' already exists/);
    await refused('rename of a standard-library metric is refused', await rename('growth.okr', 'd7_activation', 1, 'activation'),
      /standard library.*read-only/);
    r = await s.request('textDocument/prepareRename', { textDocument: { uri: uri('growth.okr') }, position: pos('growth.okr', 'd7_activation', 1) });
    await refused('prepareRename of a standard-library metric is refused', r, /read-only/);
    r = await s.request('textDocument/prepareRename', { textDocument: { uri: uri('growth.okr') }, position: pos('growth.okr', 'aligns', 1) });
    await refused('prepareRename of a keyword is refused', r, /keyword/);
    check('refusals leave the files on disk alone', Object.entries(files).every(([n, t]) => fs.readFileSync(path.join(ws, n), 'utf8') === t));
    await s.request('shutdown', null);
    s.notify('exit');
    await s.exitStatus();
    sanitizerClean(s, 'rename run');
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

async function main() {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'okrc-lsp-'));
  // Standard-library copies go to a cache of the test's own.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'okrc-lsp-cache-'));
  process.env.XDG_CACHE_HOME = cache;
  const overall = setTimeout(() => {
    console.log('not ok lsp session finished within 120 s');
    process.exit(1);
  }, 120000);
  try {
    fs.writeFileSync(path.join(ws, 'company.okr'), COMPANY);
    fs.mkdirSync(path.join(ws, '.hidden'));
    fs.writeFileSync(path.join(ws, '.hidden', 'broken.okr'), 'team ??? {{{\n');

    const { s, ok } = await lifecycleChecks(ws);
    if (ok) {
      await s.sync();
      check('hidden directories are not loaded', !s.queue.some((m) => m.method === 'textDocument/publishDiagnostics'), s.queue);
      s.take(() => true);
      const growthUri = await diagnosticChecks(s, ws);
      await featureChecks(s, ws, growthUri);
      await keywordChecks(s, ws);
      await formattingChecks(s, ws);
      await codeActionChecks(s, ws);
      await robustnessChecks(s);
      const down = await s.request('shutdown', null);
      check('shutdown replies null', down && down.result === null && !down.error, down);
      const late = await s.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///x.okr' } });
      check('request after shutdown -> -32600', late && late.error && late.error.code === -32600, late);
      s.notify('exit');
    }
    const status = await s.exitStatus();
    check('exit after shutdown ends with status 0', status === 0, `status ${status}; stderr: ${s.stderr}`);
    check('nothing but framed messages on stdout', s.garbage.length === 0, s.garbage);
    sanitizerClean(s, 'first run');

    const s2 = new Session(ws);
    const init2 = await s2.request('initialize', { processId: null, rootUri: null, capabilities: {} });
    check('initialize without a workspace', init2 && init2.result && init2.result.capabilities, init2);
    s2.notify('exit');
    const status2 = await s2.exitStatus();
    check('exit without shutdown ends with status 1', status2 === 1, `status ${status2}`);
    sanitizerClean(s2, 'second run');

    const s3 = new Session(ws);
    await s3.request('initialize', { processId: null, rootUri: fileUri(ws), capabilities: {} });
    s3.proc.stdin.end();
    const status3 = await s3.exitStatus();
    check('end of input without shutdown ends with status 1', status3 === 1, `status ${status3}`);
    sanitizerClean(s3, 'third run');

    await walkBoundChecks();
    await renameChecks();
  } catch (e) {
    check('session ran without exceptions', false, e.stack);
  } finally {
    clearTimeout(overall);
    fs.rmSync(ws, { recursive: true, force: true });
    fs.chmodSync(cache, 0o700);
    fs.rmSync(cache, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main();
