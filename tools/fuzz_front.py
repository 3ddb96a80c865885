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
          on one mutated file
  dir     `check --format text|json` on a directory of 16-40 mutated files whose mtimes
          are set 10 s in the past (so `check` drops each file's bytes once parsed and
          reads a file again to show a finding), OKRC_JOBS unset, 1 and 2

Usage: tools/fuzz_front.py NEW_OKRC REF_OKRC OUTDIR [--seconds S] [--seed N]
          [--corpus DIR] [--sample K]
A difference is saved under OUTDIR/diff-N/ (inputs, command, both outputs); a count
of cases run by kind is printed at the end. Nothing here is part of the test suite.
"""
import argparse, os, random, shutil, subprocess, sys, time

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
        if c in b'"/0123456789\\\r\n.,{}':
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
        elif op == 4:  # truncation at a token boundary
            cuts = token_cuts(data)
            if cuts:
                data = data[:min(rng.choice(cuts), len(data))]
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


def run(binary, args, cwd, jobs=None):
    env = dict(os.environ)
    env.pop('OKRC_JOBS', None)
    if jobs is not None:
        env['OKRC_JOBS'] = str(jobs)
    try:
        p = subprocess.run(['nice', binary] + args, cwd=cwd, env=env, capture_output=True,
                           timeout=20)
        return (p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired:
        return ('timeout', b'', b'')


def compare(new, ref, args, cwd, jobs, out, counter, kind, refbugs):
    r = run(ref, args, cwd, jobs)
    if r[0] == 'timeout' or (isinstance(r[0], int) and r[0] < 0):
        refbugs.append((kind, args, r[0]))
        save(out, cwd, args, jobs, r, None, 'refbug')
        return True
    n = run(new, args, cwd, jobs)
    if n != r:
        save(out, cwd, args, jobs, r, n, 'diff')
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('new'); ap.add_argument('ref'); ap.add_argument('out')
    ap.add_argument('--seconds', type=float, default=60)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--corpus', default='build/bench/corpus-100000/okr')
    ap.add_argument('--sample', type=int, default=150)
    ap.add_argument('--dir-every', type=int, default=8, help='a dir case every N single cases')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    new, ref = os.path.abspath(a.new), os.path.abspath(a.ref)
    os.makedirs(a.out, exist_ok=True)
    pool = seeds(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                 a.corpus if os.path.isdir(a.corpus) else None, a.sample, rng)
    work = os.path.join(a.out, 'work')
    counts = {}
    refbugs = []
    diffs = 0
    end = time.time() + a.seconds
    i = 0
    while time.time() < end:
        i += 1
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        if i % a.dir_every == 0:
            d = os.path.join(work, 'd')
            os.makedirs(d)
            for k in range(rng.randrange(16, 41)):
                with open(os.path.join(d, 'f%02d.okr' % k), 'wb') as f:
                    f.write(mutate(rng.choice(pool), rng) if rng.random() < 0.7 else rng.choice(pool))
            subprocess.run(['touch', '-d', '-10 seconds'] + [os.path.join(d, x) for x in os.listdir(d)])
            for fmt in ('text', 'json'):
                for jobs in (None, 1, 2):
                    kind = 'dir-%s-j%s' % (fmt, jobs)
                    counts[kind] = counts.get(kind, 0) + 1
                    if not compare(new, ref, ['check', '--format', fmt, 'd'], work, jobs, a.out,
                                   counts, kind, refbugs):
                        diffs += 1
            continue
        with open(os.path.join(work, 'f.okr'), 'wb') as f:
            f.write(mutate(rng.choice(pool), rng))
        for kind, args in (('check-text', ['check', '--format', 'text', 'f.okr']),
                           ('check-json', ['check', '--format', 'json', 'f.okr']),
                           ('compile', ['compile', '--emit', 'json', 'f.okr']),
                           ('fmt-check', ['fmt', '--check', 'f.okr']),
                           ('fmt-diff', ['fmt', '--diff', 'f.okr'])):
            counts[kind] = counts.get(kind, 0) + 1
            if not compare(new, ref, args, work, None, a.out, counts, kind, refbugs):
                diffs += 1
    shutil.rmtree(work, ignore_errors=True)
    print('cases:', ' '.join('%s=%d' % kv for kv in sorted(counts.items())))
    print('differences: %d, reference crashes/hangs: %d' % (diffs, len(refbugs)))
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main())
