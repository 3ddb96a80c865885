#!/usr/bin/env python3
"""fuzz_front.py: differential fuzzing of okrc's front end against a reference binary.

Makes mutated .okr inputs from seed files (examples/, tests/cases/*/*.okr and a
sample of a corpus directory) and runs the same commands with two okrc binaries,
reporting any difference in stdout, stderr or exit status. It exists to check that
speed changes to the scanner, the in-place scan, the one-step read-and-parse and the
drop-and-reread of sources in `okrc check` changed no output.

Mutations: byte flips, insertions of tricky fragments (quotes, backslashes, comments,
CR/CRLF/lone CR, NUL, tab, form feed, non-ASCII and invalid UTF-8, long lines and
strings, odd numerals, quarters, units), truncation at a token boundary (so the file
ends inside a string, a comment or a number), deletions and duplications of lines.

Kinds of case (each run in a fresh directory, the same relative paths for both):
  single  `check --format text|json`, `compile --emit json`, `fmt --check`, `fmt --diff`
          on one mutated file; every fourth one also an `okrc lsp` session on it (lsp_session)
  dir     `check --format text|json` on a directory of 16-40 mutated files whose mtimes
          are set 10 s in the past and that are checked at least 3 s after they were
          written (their ctime settled too), so `check` drops each file's bytes once parsed
          and reads a file again to show a finding; OKRC_JOBS unset, 1 and 2; also
          `--format github`, `--fix --diff`, and `--fix` on two copies (files compared after);
          two in five directories get an okr.policy (examples/okrs's, sometimes mutated) and
          `check d/f00.okr d/f07.okr` reads the other files as the project's context;
          `diff --format text|json` of the directory and a copy with three files mutated again

With --exhaustive, instead: every text of up to 3 or 4 bytes from a small alphabet put
at the end of a file (after a key result, a metric, a comment), in a key result's number
(digits, points, commas, currency, units, blanks) and in a string's place (quotes,
backslashes, line ends, braces), 250 files a directory, `check --format json|text` of each
directory once its files have settled (the drop-and-reread path) and of each 15 files
(the kept path). Made to find what random mutation rarely reaches: the end of the input
just after a line end, a number's or a string's last bytes.

Usage: tools/fuzz_front.py NEW_OKRC REF_OKRC OUTDIR [--seconds S] [--seed N]
          [--corpus DIR] [--sample K] [--exhaustive]
A difference is saved under OUTDIR/diff-N/ (inputs, command, both outputs); a count
of cases run by kind is printed at the end. Nothing here is part of the test suite.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, time

FRAGMENTS = [b'""', b'"\\""', b'"', b'\\"', b'\\', b'\\\\', b'//', b'//\n', b'\r', b'\r\n',
             b'\n', b'\x00', b'\x00\x00', b'\t', b'\f', b'\v', b'\xc3\xa9', b'\xe2\x82\xac',
             b'\xff', b'\xc3', b'\xe2\x82', b'\x80', b'\xf0\x9f\x98\x80', b'1e5', b'1.0000000000000001',
             b'123456789012345678', b'0.1', b'00012', b'1,000.5', b'$1.', b'4 ', b'2026-0',
             b'Q3-20', b'2026Q3', b'2026-Q3', b'2026-Q', b'2026-Q123', b'Q3-2026', b'5 %', b'62 days',
             b'1 to', b'1..', b'.5', b'1.', b'1,', b'$1,000', b'\xc2\xa3', b'\xc2\xa35', b'\xe2\x82\xac1.5k',
             b'2026-01-01', b'2026-13-45', b'99999999999999999999999', b'1e308', b'0.000000000000000000000001',
             b'12345.678901234567890', b'%', b'{', b'}', b'(', b')', b':', b'.', b'?', b'+', b'-', b',',
             b'"\\n\\t"', b'"a\\\nb"', b'"abc', b'"abc\\', b'// okrc:allow OKR301 -- reason',
             b'"" "x"', b'"""', b'"\\\\"', b'{"', b'"{', b' {\n', b'1.5x', b'7d', b'3w', b'100%',
             b'0', b'0.0', b'9007199254740993', b'0.30000000000000004', b'1234567890123456',
             b'12345678901234567', b'0.12345678901234567890123', b'1.7976931348623157',
             b'metric', b'objective', b'kr', b'owner', b'target', b'from', b'to', b'by']


def rand_long(rng):
    k = rng.choice([100, 1000, 5000, 70000])
    kind = rng.randrange(4)
    if kind == 0:
        return b'"' + b'x' * k + b'"'
    if kind == 1:
        return b'// ' + b'y' * k
    if kind == 2:
        return b'"' + (b'ab\\"' * (k // 4))
    return b'9' * rng.choice([16, 17, 40, 400])


def token_cuts(data):
    """Offsets just inside or after tokens: inside strings, comments and numbers."""
    cuts = []
    for i, c in enumerate(data):
        if c in b'"/0123456789\\\r\n.,{} \t':
            cuts.append(i)
            cuts.append(i + 1)
    return cuts


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 5])):
        op = rng.randrange(8)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:  # byte flip
            p = rng.randrange(len(data))
            data[p] = rng.choice([data[p] ^ (1 << rng.randrange(8)), rng.randrange(256)])
        elif op in (1, 2, 3):  # fragment insertion
            frag = rand_long(rng) if rng.random() < 0.05 else rng.choice(FRAGMENTS)
            data[pos:pos] = frag
        elif op == 4:  # truncation at a token boundary, or anywhere, maybe with blanks after
            cuts = token_cuts(data)
            if cuts and rng.random() < 0.7:
                data = data[:min(rng.choice(cuts), len(data))]
            else:
                data = data[:pos]
            if rng.random() < 0.3:
                data += rng.choice([b' ', b'\n  ', b'\r\n\t', b'\r', b'//', b'"', b'\\', b'\x00'])
        elif op == 5 and data:  # deletion
            n = rng.randrange(1, 20)
            del data[pos:pos + n]
        elif op == 6:  # line duplication or deletion
            lines = bytes(data).split(b'\n')
            i = rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b'\n'.join(lines))
        else:  # line ending swap
            data = bytearray(bytes(data).replace(b'\n', rng.choice([b'\r\n', b'\r', b'\n'])))
    return bytes(data)


def lsp_message(o):
    b = json.dumps(o).encode()
    return b'Content-Length: %d\r\n\r\n' % len(b) + b


def lsp_session(text, root):
    """An editor's session as one input: open f.okr with text, ask hover, completion and
    definition at a few places of every third line, the symbols and formatting, shut down."""
    uri = 'file://' + root + '/f.okr'
    def req(i, method, params):
        return lsp_message({'jsonrpc': '2.0', 'id': i, 'method': method, 'params': params})
    out = [req(1, 'initialize', {'rootUri': 'file://' + root, 'capabilities': {}}),
           lsp_message({'jsonrpc': '2.0', 'method': 'initialized', 'params': {}}),
           lsp_message({'jsonrpc': '2.0', 'method': 'textDocument/didOpen', 'params': {
               'textDocument': {'uri': uri, 'languageId': 'okr', 'version': 1, 'text': text}}})]
    i = 2
    for line in range(0, min(text.count('\n') + 1, 60), 3):
        for ch in (0, 3, 8):
            for m in ('hover', 'completion', 'definition'):
                out.append(req(i, 'textDocument/' + m, {'textDocument': {'uri': uri},
                                                        'position': {'line': line, 'character': ch}}))
                i += 1
    for m in ('documentSymbol', 'formatting'):
        out.append(req(i, 'textDocument/' + m, {'textDocument': {'uri': uri},
                                                'options': {'tabSize': 2, 'insertSpaces': True}}))
        i += 1
    out.append(req(i, 'shutdown', None))
    out.append(lsp_message({'jsonrpc': '2.0', 'method': 'exit'}))
    return b''.join(out)


def run(binary, args, cwd, jobs=None, stdin=None):
    env = dict(os.environ)
    env.pop('OKRC_JOBS', None)
    if jobs is not None:
        env['OKRC_JOBS'] = str(jobs)
    try:
        p = subprocess.run(['nice', binary] + args, cwd=cwd, env=env, capture_output=True,
                           timeout=20, input=stdin)
        return (p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired:
        return ('timeout', b'', b'')


def compare(new, ref, args, cwd, jobs, out, counter, kind, refbugs, stdin=None):
    r = run(ref, args, cwd, jobs, stdin)
    if r[0] == 'timeout' or (isinstance(r[0], int) and r[0] < 0):
        refbugs.append((kind, args, r[0]))
        save(out, cwd, args, jobs, r, None, 'refbug')
        return True
    n = run(new, args, cwd, jobs, stdin)
    if n != r:
        save(out, cwd, args, jobs, r, n, 'diff')
        return False
    return True


def tree(d):
    return {f: open(os.path.join(d, f), 'rb').read() for f in sorted(os.listdir(d))}


def compare_fix(new, ref, pend, out):
    """`check --fix d` on the two copies of d made with it: same output, same files after."""
    res = {}
    for name, binary in (('ref', ref), ('new', new)):
        w = os.path.join(pend, 'fix-' + name)
        res[name] = (run(binary, ['check', '--fix', 'd'], w), tree(os.path.join(w, 'd')))
    if res['ref'] != res['new']:
        save(out, os.path.join(pend, 'fix-ref'), ['check', '--fix', 'd'], None, res['ref'][0],
             res['new'][0], 'diff')
        return False
    return True


def save(out, cwd, args, jobs, r, n, tag):
    if len(os.listdir(out)) > 60:  # enough examples kept; the count goes on
        print('%s (not saved): %s' % (tag, ' '.join(args)), flush=True)
        return
    k = 0
    while os.path.exists(os.path.join(out, '%s-%d' % (tag, k))):
        k += 1
    d = os.path.join(out, '%s-%d' % (tag, k))
    shutil.copytree(cwd, os.path.join(d, 'case'))
    with open(os.path.join(d, 'cmd'), 'w') as f:
        f.write('OKRC_JOBS=%s okrc %s\n' % (jobs, ' '.join(args)))
    for name, res in (('ref', r), ('new', n)):
        if res is None:
            continue
        with open(os.path.join(d, name + '.out'), 'wb') as f:
            f.write(res[1])
        with open(os.path.join(d, name + '.err'), 'wb') as f:
            f.write(res[2] + b'\nexit %s\n' % str(res[0]).encode())
    print('%s: %s (%s)' % (tag, d, ' '.join(args)), flush=True)


def seeds(root, corpus, sample, rng):
    files = []
    for base in ('examples', 'tests/cases'):
        for dp, _, fs in os.walk(os.path.join(root, base)):
            files += [os.path.join(dp, f) for f in fs if f.endswith('.okr')]
    if corpus:
        found = []
        for dp, _, fs in os.walk(corpus):
            found += [os.path.join(dp, f) for f in fs if f.endswith('.okr')]
        files += rng.sample(sorted(found), min(sample, len(found)))
    return [open(f, 'rb').read() for f in files]


ALPHA_END = [b' ', b'\t', b'\n', b'\r', b'\f', b'"', b'/', b'\\', b'1', b'.', b',', b'a', b'{',
             b'}', b'$', b'-', b'Q', b'\xc3']
ALPHA_NUM = [b'0', b'1', b'9', b'.', b',', b'$', b'-', b'Q', b' ', b'd', b'%', b'\xc2\xa3', b'\t']
ALPHA_STR = [b'"', b'\\', b'a', b'\n', b'\r', b' ', b'{', b'/', b'\t', b'n', b'}']
KR = b'cycle 2026-Q3\nteam t "T"\nmetric m "M" : count increasing\ncommitted objective a "Grow' \
     b' the number of weekly active teams" {\n  kr k "Grow weekly active teams": m from '
FAMILIES = [  # (prefix, alphabet, longest, suffix)
    (b'cycle 2026-Q3\nteam t "T"\nobjective a "x" {\n  kr "y"', ALPHA_END, 3, b''),
    (b'cycle 2026-Q3\nmetric m "M" : count increasing', ALPHA_END, 3, b''),
    (b'team t "T" // c', ALPHA_END, 3, b''),
    (b'objective a "x" {\n  kr k: m from 1 to 2', ALPHA_END, 3, b''),
    (KR, ALPHA_NUM, 4, b' to 2\n  kr z "Grow weekly active teams": m from 1 to 3\n}\n'),
    (b'cycle 2026-Q3\nteam t ', ALPHA_STR, 4, b' "x"\nteam u "y"\n'),
    (b'cycle 2026-Q3\nteam t ', ALPHA_STR, 4, b''),
    (b'objective a "x" {\n  owner ', ALPHA_STR, 4, b' "x"\nteam u "y"\n'),
    (b'objective a "x" {\n  owner ', ALPHA_STR, 4, b''),
]


def exhaustive(new, ref, out):
    import itertools
    root = os.path.join(out, 'exhaustive')
    shutil.rmtree(root, ignore_errors=True)
    dirs, n = [], 0
    for pre, alpha, longest, post in FAMILIES:
        for length in range(1, longest + 1):
            for combo in itertools.product(alpha, repeat=length):
                if n % 250 == 0:
                    dirs.append(os.path.join(root, 'd%04d' % (n // 250)))
                    os.makedirs(dirs[-1])
                with open(os.path.join(dirs[-1], 'f%06d.okr' % n), 'wb') as f:
                    f.write(pre + b''.join(combo) + post)
                n += 1
    time.sleep(2.5)  # settled: the directory checks drop and read again
    counts, diffs, refbugs = {}, 0, []
    for d in dirs:
        names = sorted(os.listdir(d))
        runs = [('dir-' + fmt, ['check', '--format', fmt, os.path.basename(d)]) for fmt in ('json', 'text')]
        runs += [('kept', ['check'] + [os.path.join(os.path.basename(d), x) for x in names[k:k + 15]])
                 for k in range(0, len(names), 15)]
        for kind, args in runs:
            counts[kind] = counts.get(kind, 0) + 1
            if not compare(new, ref, args, root, None, out, counts, kind, refbugs):
                diffs += 1
        shutil.rmtree(d)
    print('exhaustive: %d files;' % n, ' '.join('%s=%d' % kv for kv in sorted(counts.items())))
    print('differences: %d, reference crashes/hangs: %d' % (diffs, len(refbugs)))
    return 1 if diffs else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('new'); ap.add_argument('ref'); ap.add_argument('out')
    ap.add_argument('--seconds', type=float, default=60)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--corpus', default='build/bench/corpus-100000/okr')
    ap.add_argument('--sample', type=int, default=150)
    ap.add_argument('--dir-every', type=int, default=8, help='a dir case every N single cases')
    ap.add_argument('--exhaustive', action='store_true')
    a = ap.parse_args()
    if a.exhaustive:
        os.makedirs(a.out, exist_ok=True)
        return exhaustive(os.path.abspath(a.new), os.path.abspath(a.ref), a.out)
    rng = random.Random(a.seed)
    new, ref = os.path.abspath(a.new), os.path.abspath(a.ref)
    os.makedirs(a.out, exist_ok=True)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    pool = seeds(root,
                 a.corpus if os.path.isdir(a.corpus) else None, a.sample, rng)
    work = os.path.join(a.out, 'work')
    counts = {}
    pending = []
    refbugs = []
    diffs = 0
    end = time.time() + a.seconds
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))  # kill PID: finish, print counts
    i = 0
    while time.time() < end and not stop:
        i += 1
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        if i % a.dir_every == 0:
            # A file whose mtime or ctime is under 2 s old is kept, not dropped (common/source.c),
            # and touch sets the ctime to now: a directory is made here and checked on a later
            # turn, at least 3 s on, so that `check` drops each file's bytes and reads it again.
            pend = os.path.join(a.out, 'pend-%d' % i)
            d = os.path.join(pend, 'main', 'd')
            os.makedirs(d)
            for k in range(rng.randrange(16, 41)):
                with open(os.path.join(d, 'f%02d.okr' % k), 'wb') as f:
                    f.write(mutate(rng.choice(pool), rng) if rng.random() < 0.7 else rng.choice(pool))
            d2 = os.path.join(pend, 'other', 'd2')  # `diff main/d other/d2`: a few files changed
            shutil.copytree(d, d2)
            for x in rng.sample(sorted(os.listdir(d2)), 3):
                with open(os.path.join(d2, x), 'r+b') as f:
                    changed = mutate(f.read(), rng)
                    f.seek(0)
                    f.write(changed)
                    f.truncate()
            project = rng.random() < 0.4
            if project:  # a project: `check` of two files reads the others as context
                policy = open(os.path.join(root, 'examples/okrs/okr.policy'), 'rb').read()
                with open(os.path.join(pend, 'main', 'okr.policy'), 'wb') as f:
                    f.write(mutate(policy, rng) if rng.random() < 0.3 else policy)
            subprocess.run(['touch', '-d', '-10 seconds'] + [os.path.join(d, x) for x in os.listdir(d)])
            for name in ('ref', 'new'):  # separate projects, policy and all
                shutil.copytree(os.path.join(pend, 'main'), os.path.join(pend, 'fix-' + name))
            pending.append((time.time(), pend))
            if time.time() - pending[0][0] < 3:
                continue
            pend = pending.pop(0)[1]
            for fmt in ('text', 'json'):
                for jobs in (None, 1, 2):
                    kind = 'dir-%s-j%s' % (fmt, jobs)
                    counts[kind] = counts.get(kind, 0) + 1
                    if not compare(new, ref, ['check', '--format', fmt, 'd'], os.path.join(pend, 'main'), jobs, a.out,
                                   counts, kind, refbugs):
                        diffs += 1
            for kind, args in (('dir-github', ['check', '--format', 'github', 'd']),
                               ('dir-fix-diff', ['check', '--fix', '--diff', 'd'])) + \
                    ((('project-two', ['check', 'd/f00.okr', 'd/f07.okr']),) if project else ()):
                counts[kind] = counts.get(kind, 0) + 1
                if not compare(new, ref, args, os.path.join(pend, 'main'), None, a.out, counts, kind, refbugs):
                    diffs += 1
            for fmt in ('text', 'json'):
                kind = 'dir-diff-' + fmt
                counts[kind] = counts.get(kind, 0) + 1
                if not compare(new, ref, ['diff', '--format', fmt, '--at', '2026-08-01', 'main/d',
                                          'other/d2'], pend, None, a.out, counts, kind, refbugs):
                    diffs += 1
            counts['dir-fix'] = counts.get('dir-fix', 0) + 1
            if not compare_fix(new, ref, pend, a.out):
                diffs += 1
            shutil.rmtree(pend)
            continue
        data = mutate(rng.choice(pool), rng)
        with open(os.path.join(work, 'f.okr'), 'wb') as f:
            f.write(data)
        if i % 4 == 1:
            session = lsp_session(data.decode('utf-8', 'replace'), os.path.abspath(work))
            with open(os.path.join(work, 'lsp.in'), 'wb') as f:
                f.write(session)
            counts['lsp'] = counts.get('lsp', 0) + 1
            if not compare(new, ref, ['lsp'], work, None, a.out, counts, 'lsp', refbugs, session):
                diffs += 1
        for kind, args in (('check-text', ['check', '--format', 'text', 'f.okr']),
                           ('check-json', ['check', '--format', 'json', 'f.okr']),
                           ('compile', ['compile', '--emit', 'json', 'f.okr']),
                           ('fmt-check', ['fmt', '--check', 'f.okr']),
                           ('fmt-diff', ['fmt', '--diff', 'f.okr'])):
            counts[kind] = counts.get(kind, 0) + 1
            if not compare(new, ref, args, work, None, a.out, counts, kind, refbugs):
                diffs += 1
    shutil.rmtree(work, ignore_errors=True)
    for _, pend in pending:
        shutil.rmtree(pend, ignore_errors=True)
    print('cases:', ' '.join('%s=%d' % kv for kv in sorted(counts.items())))
    print('differences: %d, reference crashes/hangs: %d' % (diffs, len(refbugs)))
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main())
