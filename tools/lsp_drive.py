#!/usr/bin/env python3
"""lsp_drive.py: times `okrc lsp` the way an editor uses it while typing.

Usage: lsp_drive.py OKRC ROOT FILE [EDITS] [keystroke|completion|references|identifier]

Starts `OKRC lsp` over pipes with ROOT as the workspace, opens FILE (a .okr
file under ROOT) and waits for its diagnostics, then sends EDITS (default
100) textDocument/didChange notifications, one at a time: edit i types one
more character into the first quoted title of the file (a keystroke; after
200 the title starts again from one typed character), and
the driver waits for the publishDiagnostics of FILE carrying that version
before sending the next. The time of each round trip (write of didChange to
the matching publishDiagnostics read) is one sample. Prints one line:

    lsp FILES median_ms p95_ms

In `completion` mode each didChange is followed at once by a
textDocument/completion request, as an editor sends the completion a
keystroke triggers; it asks at the metric of the file's first key result
(`kr NAME "..." : |`), which lists the metrics in scope and every team. A
sample is the time from the write of the didChange to the read of the
completion's reply (the diagnostics come before it), and the line printed
starts `lsp-completion` instead. The reply must hold items. `references`
mode asks textDocument/references there instead (a request over every
file, which checks the whole workspace after a keystroke) and prints
`lsp-references`.

where FILES is the number of .okr files under ROOT (hidden and vendored
folders are not excluded: the generated workspaces have none). p95 is the
nearest-rank 95th percentile. Exits 1, saying why on stderr, when the
server dies or does not answer within 60 s.

Python (standard library only) rather than C: the framing is a dozen lines
and the driver's own cost per round trip (tens of microseconds) is far
below what is measured.
"""
import json
import os
import select
import subprocess
import sys
import time
import urllib.parse

TIMEOUT = 60.0


class Server:
    def __init__(self, okrc, cwd):
        self.proc = subprocess.Popen([okrc, 'lsp'], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        self.buf = b''

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.proc.stdin.flush()

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError('no answer from the server within %.0f s' % TIMEOUT)
        ready, _, _ = select.select([self.proc.stdout], [], [], left)
        if not ready:
            raise TimeoutError('no answer from the server within %.0f s' % TIMEOUT)
        chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
        if not chunk:
            raise EOFError('the server closed its output (exit status %s)' % self.proc.poll())
        self.buf += chunk

    def read(self):
        deadline = time.monotonic() + TIMEOUT
        while True:
            head_end = self.buf.find(b'\r\n\r\n')
            if head_end >= 0:
                length = None
                for line in self.buf[:head_end].split(b'\r\n'):
                    name, _, value = line.partition(b':')
                    if name.strip().lower() == b'content-length':
                        length = int(value)
                if length is None:
                    raise ValueError('a message without Content-Length')
                end = head_end + 4 + length
                if len(self.buf) >= end:
                    body = self.buf[head_end + 4:end]
                    self.buf = self.buf[end:]
                    return json.loads(body)
            self._fill(deadline)

    def wait_diagnostics(self, uri, version):
        while True:
            msg = self.read()
            if msg.get('method') != 'textDocument/publishDiagnostics':
                continue
            params = msg.get('params', {})
            if params.get('uri') == uri and (version is None or params.get('version') == version):
                return params


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    okrc, root, path = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    mode = sys.argv[5] if len(sys.argv) > 5 else 'keystroke'
    if mode not in ('keystroke', 'completion', 'references', 'identifier'):
        sys.stderr.write(__doc__)
        return 2
    files = sum(1 for _, _, names in os.walk(root) for n in names if n.endswith('.okr'))
    with open(path, encoding='utf-8') as f:
        text = f.read()
    quote = text.find('"')
    if quote < 0:
        sys.stderr.write('lsp_drive: %s has no quoted title to type into\n' % path)
        return 2
    kr = text.find('\n  kr ', quote)
    colon = text.find(' : ', kr) if kr >= 0 else -1
    if mode != 'keystroke' and (colon < 0 or '\n' in text[kr + 1:colon]):
        sys.stderr.write('lsp_drive: %s has no key result after its first title\n' % path)
        return 2
    # The line and column after `: ` (ASCII text: UTF-16 columns are bytes);
    # typing into the title above never moves it.
    where = {'line': text.count('\n', 0, colon), 'character': colon + 3 - (text.rfind('\n', 0, colon) + 1)}
    metric_end = colon + 3
    while metric_end < len(text) and (text[metric_end].isalnum() or text[metric_end] in '_.'):
        metric_end += 1
    metric = text[colon + 3:metric_end]
    if mode == 'identifier' and not metric:
        sys.stderr.write('lsp_drive: %s has no metric after its first key result\n' % path)
        return 2
    where_start = where['character']
    uri = 'file://' + urllib.parse.quote(path)
    s = Server(okrc, root)
    try:
        s.send({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize',
                'params': {'processId': None, 'rootUri': 'file://' + urllib.parse.quote(root),
                           'capabilities': {}}})
        while s.read().get('id') != 1:
            pass
        s.send({'jsonrpc': '2.0', 'method': 'initialized', 'params': {}})
        s.send({'jsonrpc': '2.0', 'method': 'textDocument/didOpen',
                'params': {'textDocument': {'uri': uri, 'languageId': 'okr', 'version': 1, 'text': text}}})
        s.wait_diagnostics(uri, 1)
        samples = []
        for i in range(1, edits + 1):
            # Titles have a length limit (a finding of its own): after 200
            # characters the typing starts again from one.
            edited = text[:quote + 1] + 'x' * (1 + (i - 1) % 200) + text[quote + 1:]
            if mode == 'identifier':
                typed = metric[:1 + (i - 1) % len(metric)]
                edited = text[:colon + 3] + typed + text[metric_end:]
                where = {'line': where['line'], 'character': where_start + len(typed)}
            msg = {'jsonrpc': '2.0', 'method': 'textDocument/didChange',
                   'params': {'textDocument': {'uri': uri, 'version': i + 1},
                              'contentChanges': [{'text': edited}]}}
            start = time.monotonic()
            s.send(msg)
            if mode != 'keystroke':
                params = {'textDocument': {'uri': uri}, 'position': where}
                if mode == 'references':
                    params['context'] = {'includeDeclaration': True}
                method = 'completion' if mode == 'identifier' else mode
                s.send({'jsonrpc': '2.0', 'id': 100 + i, 'method': 'textDocument/' + method, 'params': params})
                reply = s.read()
                while reply.get('id') != 100 + i:
                    reply = s.read()
                result = reply.get('result')
                if not (result.get('items') if isinstance(result, dict) else result):
                    raise ValueError('completion %d answered without items: %s' % (i, json.dumps(reply)[:300]))
            else:
                s.wait_diagnostics(uri, i + 1)
            samples.append((time.monotonic() - start) * 1000.0)
        s.send({'jsonrpc': '2.0', 'id': 2, 'method': 'shutdown'})
        while s.read().get('id') != 2:
            pass
        s.send({'jsonrpc': '2.0', 'method': 'exit'})
        s.proc.wait(timeout=TIMEOUT)
    except (TimeoutError, EOFError, ValueError, BrokenPipeError) as e:
        sys.stderr.write('lsp_drive: %s\n' % e)
        s.proc.kill()
        return 1
    samples.sort()
    n = len(samples)
    median = samples[n // 2] if n % 2 else (samples[n // 2 - 1] + samples[n // 2]) / 2
    p95 = samples[max(0, -(-95 * n // 100) - 1)]
    print('%s %d %.2f %.2f' % ('lsp' if mode == 'keystroke' else 'lsp-' + mode, files, median, p95))
    return 0


if __name__ == '__main__':
    sys.exit(main())
