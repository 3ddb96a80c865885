// client.js: a language-server client for the tests under tests/lsp/:
// starts `okrc lsp` with OKRC_LSP_TRACE set (its trace lines say how each
// change was checked and which build a request read), frames messages,
// keeps the last diagnostics published per URI and answers requests'
// promises (null after a timeout).
'use strict';

const { spawn } = require('child_process');

const TIMEOUT = 10000;

class Session {
  constructor(OKRC, root) {
    this.proc = spawn(OKRC, ['lsp'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'],
      env: Object.assign({}, process.env, { OKRC_LSP_TRACE: '1' }) });
    this.buf = Buffer.alloc(0);
    this.waiters = [];
    this.published = new Map(); // uri -> last diagnostics
    this.versions = new Map();  // uri -> version of the last publish
    this.stderr = '';
    this.serverRequests = [];
    this.nextId = 1;
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk) => { this.stderr += chunk.toString(); });
    this.proc.stdin.on('error', () => {});
    this.root = root;
  }

  onData(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(this.buf.slice(0, end).toString())[1]);
      if (this.buf.length < end + 4 + len) return;
      const msg = JSON.parse(this.buf.slice(end + 4, end + 4 + len).toString('utf8'));
      this.buf = this.buf.slice(end + 4 + len);
      if (msg.method && msg.id !== undefined) this.serverRequests.push(msg);
      if (msg.method === 'textDocument/publishDiagnostics') {
        this.published.set(msg.params.uri, msg.params.diagnostics);
        this.versions.set(msg.params.uri, msg.params.version);
      }
      for (const w of this.waiters.slice()) {
        if (msg.id === w.id && msg.method === undefined) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(msg);
        }
      }
    }
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  request(method, params) {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve) => {
      const w = { id, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        resolve(null);
      }, TIMEOUT);
      this.waiters.push(w);
    });
  }

  async start(capabilities = {}) {
    const init = await this.request('initialize', { processId: null, rootUri: fileUri(this.root), capabilities });
    this.notify('initialized', {});
    return init !== null;
  }

  // Every message sent so far has been handled once this resolves (an
  // unknown request is answered in order, after what earlier ones caused).
  sync() {
    return this.request('okrc/sync', {});
  }

  // The non-empty diagnostics published, by URI, sorted for comparison.
  state() {
    const out = {};
    for (const uri of [...this.published.keys()].sort())
      if (this.published.get(uri).length) out[uri] = this.published.get(uri);
    return out;
  }

  async stop() {
    await this.request('shutdown', null);
    this.notify('exit');
    await new Promise((resolve) => {
      const timer = setTimeout(() => { this.proc.kill('SIGKILL'); resolve(); }, TIMEOUT);
      this.proc.on('exit', () => { clearTimeout(timer); resolve(); });
    });
  }
}

function fileUri(p) {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}

// One TAP-like line per check ("ok NAME" / "not ok NAME" with the detail
// indented below a failure); checks.failed counts the failures, for the
// script's exit status.
const checks = {
  failed: 0,
  check(name, ok, detail) {
    console.log(`${ok ? 'ok' : 'not ok'} ${name}`);
    if (ok)
      return;
    this.failed++;
    if (detail !== undefined) {
      const text = typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1);
      console.log('    ' + text.slice(0, 3000).replace(/\n/g, '\n    '));
    }
  },
};

module.exports = { Session, fileUri, TIMEOUT, checks };
