#!/usr/bin/env bash
# test_vim.sh: the Vim support of editors/vim, with the real Vim, headless
# (vim -Nu NONE -i NONE -es). Checks, one "ok NAME" / "not ok NAME" line each
# (tests/run.sh counts them):
#   - *.okr and okr.policy get the filetype okr; the ftplugin's settings;
#   - the syntax group at chosen positions of tests/editors/sample.okr (every
#     token class of spec.md, "Token classes", and the groups editors.md names);
#   - every keyword of lexer/keywords.def (parsed here) at its first
#     occurrence in the sample's code has the group of its class;
#   - gg=G re-indents a flattened copy of the sample back to the sample;
#   - the errorformat reads `okrc check --color=never` output into exactly one
#     quickfix entry per diagnostic (E/W/I), without the snippet lines, and
#     :make runs okrc and fills the quickfix list.
# Run from the repository root; $OKRC is the okrc binary (default build/okrc).
set -u
OKRC=${OKRC:-build/okrc}
SAMPLE=tests/editors/sample.okr
CASE=tests/cases/task_style/task_krs.okr

if ! command -v vim >/dev/null 2>&1; then
    echo "not ok vim available (apt-get install vim-nox)"
    exit 0
fi
if ! vim --version 2>/dev/null | grep -q '+syntax' || ! vim --version | grep -q '+eval'; then
    echo "not ok vim available (this vim has no +syntax/+eval: apt-get install vim-nox)"
    exit 0
fi
if [ ! -f "$SAMPLE" ] || [ ! -f lexer/keywords.def ]; then
    echo "not ok vim: run from the repository root ($SAMPLE, lexer/keywords.def)"
    exit 0
fi

T=$(mktemp -d /tmp/okrc-vim.XXXXXX)
trap 'rm -rf "$T"' EXIT

# --- keywords.def: "spelling class" per keyword
sed -n 's/^OKR_KEYWORD([A-Z_0-9]*, *"\([^"]*\)", *\([a-z_]*\)).*/\1 \2/p' lexer/keywords.def > "$T/keywords"
if [ "$(wc -l < "$T/keywords")" -lt 40 ]; then
    echo "not ok vim: parse lexer/keywords.def ($(wc -l < "$T/keywords") keywords)"
    exit 0
fi

# --- where each keyword first occurs in the sample's code: strings and
# comments are blanked out first (byte columns, as Vim's synID takes them).
# Prints "spelling class line col", or "spelling class 0 0" when missing.
LC_ALL=C awk '
    function code(s,    out, i, n, c, instr) {
        out = ""; n = length(s); instr = 0
        for (i = 1; i <= n; i++) {
            c = substr(s, i, 1)
            if (instr) {
                if (c == "\\" && i < n) { out = out "  "; i++; continue }
                if (c == "\"") instr = 0
                out = out " "; continue
            }
            if (c == "\"") { instr = 1; out = out " "; continue }
            if (c == "/" && substr(s, i + 1, 1) == "/") {
                for (; i <= n; i++) out = out " "
                break
            }
            out = out c
        }
        return out
    }
    function isword(c) { return c ~ /[A-Za-z0-9_]/ }
    NR == FNR { kw[++nkw] = $1; cls[nkw] = $2; next }
    {
        line = code($0)
        for (k = 1; k <= nkw; k++) {
            if (k in found) continue
            w = kw[k]; rest = line; off = 0
            while ((p = index(rest, w)) > 0) {
                col = off + p
                before = col > 1 ? substr(line, col - 1, 1) : " "
                after = substr(line, col + length(w), 1)
                if (!isword(before) && !isword(after)) { found[k] = FNR " " col; break }
                rest = substr(rest, p + 1); off += p
            }
        }
    }
    END { for (k = 1; k <= nkw; k++) print kw[k], cls[k], (k in found ? found[k] : "0 0") }
' "$T/keywords" "$SAMPLE" > "$T/keyword-positions"

# --- positions to check: NEEDLE<TAB>OFFSET<TAB>GROUP<TAB>WHAT. The column is
# that of the first occurrence of NEEDLE in the sample, plus OFFSET bytes;
# GROUP "" means no group (identifiers, punctuation).
cat > "$T/spots" <<'EOF'
2026-Q3	0	okrQuarter	quarter 2026-Q3
2026-Q3	4	okrQuarter	quarter: the - is part of it
2026-Q3	6	okrQuarter	quarter: Q3 is not a unit
2026-07-01	0	okrDate	date 2026-07-01
2026-07-01	4	okrDate	date: no subtraction
2026-07-01	8	okrDate	date: 01 is not a number
"Growth – Wachstum	0	okrString	string
Wachstum	0	okrString	string after a non-ASCII character
☕	0	okrString	non-ASCII character in a string
\"DL	0	okrEscape	escape \"
\"DL	1	okrEscape	escape \" (the quote)
DL\"	0	okrString	string between escapes
\\ ops	1	okrEscape	escape \\
\n\t	0	okrEscape	escape \n
\n\t	3	okrEscape	escape \t
\n\t"	4	okrString	string ends after escapes
// not a comment	0	okrString	// inside a string is string
{ not a brace	0	okrString	{ inside a string is string
"finance.seats"	1	okrString	string after a feed keyword
22%	0	okrNumber	number 22
22%	2	okrUnit	unit %
45min	1	okrNumber	number 45
45min	2	okrUnit	unit min
45min	4	okrUnit	unit min (end)
99.95%	2	okrNumber	number 99.95: the fraction dot
99.95%	5	okrUnit	unit % after a fraction
+5000USD	0		sign is punctuation
+5000USD	1	okrNumber	number 5000
+5000USD	5	okrUnit	unit USD
over 7d	5	okrNumber	number in a window
over 7d	6	okrUnit	unit d
lag 2d	5	okrUnit	unit d after lag
-100..100	0		sign in a score range
-100..100	1	okrNumber	number in a score range
-100..100	4		range .. is punctuation
-100..100	6	okrNumber	number after ..
2..5	0	okrNumber	number before ..
2..5	1		.. after a number
0.7	0	okrNumber	number 0.7
1.5	2	okrNumber	number 1.5 (fraction)
1e5	1	okrUnit	1e5 is the number 1 with the unit e5
from ? to	5	okrUnknown	unknown baseline ?
// Objectives	0	okrComment	comment
// Objectives	5	okrComment	comment text
// okrc:allow OKR301	0	okrComment	comment before a suppression
okrc:allow OKR301	0	okrSuppression	suppression marker
okrc:allow OKR301	11	okrSuppression	suppression code
OKR302 --	0	okrSuppression	suppression second code after a comma
OKR302 --	7	okrComment	suppression reason is comment
-- a milestone	5	okrComment	suppression reason text
okrc:allow task-key-result	16	okrSuppression	suppression slug
a { brace	2	okrComment	{ inside a comment is comment
d7_activation	0		identifier
d7_activation	1		7 inside an identifier is not a number
std.product	3		dotted name
krs_per_objective	0		krs_per_objective is an identifier
baseline_quality	0		baseline_quality is an identifier
kr_x	0		kr_x is an identifier
counters "	0		counters is an identifier
OKR305 off	0		severity code is an identifier
OKR305 off	7		severity level is an identifier
EOF

LC_ALL=C awk -F '\t' '
    NR == FNR { lines[++n] = $0; next }
    {
        for (l = 1; l <= n; l++) if ((p = index(lines[l], $1)) > 0) break
        if (l > n) { print 0 "\t" 0 "\t" $3 "\tvim: " $4 " (needle not in the sample: " $1 ")"; next }
        print l "\t" (p + $2) "\t" $3 "\tvim: " $4
    }
' "$SAMPLE" "$T/spots" > "$T/checks"

awk '$3 == 0 { next } { print $3 "\t" $4 "\t" $1 "\t" $2 }' "$T/keyword-positions" > "$T/keyword-checks"
missing=$(awk '$3 == 0 { printf " %s", $1 }' "$T/keyword-positions")
if [ -z "$missing" ]; then
    echo "ok vim: every keyword of keywords.def occurs in the sample's code"
else
    echo "not ok vim: every keyword of keywords.def occurs in the sample's code (missing:$missing)"
fi

# --- the indentation input: the sample with its indentation flattened and
# every third line indented wrongly
sed -E 's/^[[:space:]]+//' "$SAMPLE" | awk 'NF && NR % 3 == 0 { $0 = "      " $0 } { print }' > "$T/flat.okr"
: > "$T/okr.policy"

# --- a captured okrc check output, for the errorformat
have_okrc=1
if [ -x "$OKRC" ]; then
    "$OKRC" check --color=never "$CASE" > "$T/capture.txt" 2>&1
else
    have_okrc=0
    : > "$T/capture.txt"
fi
diag_re='^[^< ][^ ]*:[0-9]+:[0-9]+: (error|warning|note): '
n_diag=$(grep -cE "$diag_re" "$T/capture.txt")
n_err=$(grep -cE '^[^< ][^ ]*:[0-9]+:[0-9]+: error: ' "$T/capture.txt")
n_warn=$(grep -cE '^[^< ][^ ]*:[0-9]+:[0-9]+: warning: ' "$T/capture.txt")
n_note=$(grep -cE '^[^< ][^ ]*:[0-9]+:[0-9]+: note: ' "$T/capture.txt")
first=$(grep -m1 -E "$diag_re" "$T/capture.txt" | sed -E 's/^[^ ]*:([0-9]+):([0-9]+): (.).*/\1 \2 \3/' | tr ewn EWI)

cat > "$T/test.vim" <<'EOF'
let s:out = []
function! s:Report(name, ok, detail) abort
  call add(s:out, (a:ok ? 'ok ' : 'not ok ') . a:name . (a:ok ? '' : ' (' . a:detail . ')'))
endfunction
function! s:Group(l, c) abort
  return synIDattr(synID(a:l, a:c, 1), 'name')
endfunction
try
  set noswapfile
  set rtp^=editors/vim
  filetype plugin indent on
  syntax on

  " --- filetype detection and the ftplugin
  execute 'edit' fnameescape($T . '/okr.policy')
  call s:Report('vim: okr.policy has filetype okr', &filetype ==# 'okr', 'filetype=' . &filetype)
  execute 'edit' fnameescape($SAMPLE)
  call s:Report('vim: *.okr has filetype okr', &filetype ==# 'okr', 'filetype=' . &filetype)
  call s:Report('vim: syntax okr loaded', get(b:, 'current_syntax', '') ==# 'okr', get(b:, 'current_syntax', ''))
  call s:Report('vim: commentstring', &commentstring ==# '// %s', &commentstring)
  call s:Report('vim: comments', &comments ==# '://', &comments)
  call s:Report('vim: shiftwidth 2 expandtab', &shiftwidth == 2 && &expandtab, 'sw=' . &shiftwidth . ' et=' . &expandtab)
  call s:Report('vim: makeprg', &makeprg ==# 'okrc check --color=never %', &makeprg)
  call s:Report('vim: b:undo_ftplugin', exists('b:undo_ftplugin') && b:undo_ftplugin =~# 'errorformat<', get(b:, 'undo_ftplugin', ''))
  call s:Report('vim: indentexpr', &indentexpr =~# 'GetOkrIndent', &indentexpr)

  " --- highlighting at chosen positions
  for s:line in readfile($T . '/checks')
    let [s:l, s:c, s:want, s:name] = split(s:line, "\t", 1)
    let s:got = s:l == 0 ? '?' : s:Group(str2nr(s:l), str2nr(s:c))
    call s:Report(s:name, s:got ==# s:want, 'line ' . s:l . ' col ' . s:c . ': got "' . s:got . '", want "' . s:want . '"')
  endfor

  " --- every keyword of keywords.def in its class, one result per class
  let s:bad = {}
  let s:count = {}
  for s:line in readfile($T . '/keyword-checks')
    let [s:l, s:c, s:kw, s:class] = split(s:line, "\t", 1)
    let s:want = 'okr' . toupper(s:class[0]) . s:class[1:]
    let s:got = s:Group(str2nr(s:l), str2nr(s:c))
    let s:count[s:class] = get(s:count, s:class, 0) + 1
    if s:got !=# s:want || s:Group(str2nr(s:l), str2nr(s:c) + len(s:kw) - 1) !=# s:want
      let s:bad[s:class] = get(s:bad, s:class, []) + [s:kw . ' at ' . s:l . ':' . s:c . ' is "' . s:got . '", want ' . s:want]
    endif
  endfor
  for s:class in sort(keys(s:count))
    call s:Report('vim: ' . s:class . ' keywords (' . s:count[s:class] . ') in their group', !has_key(s:bad, s:class), join(get(s:bad, s:class, []), '; '))
  endfor

  " --- indentation: gg=G over the flattened sample
  execute 'edit' fnameescape($T . '/flat.okr')
  normal! gg=G
  write
  " a brace in a string or a comment does not count
  enew!
  setfiletype okr
  call setline(1, ['objective a "{" {', '// }', 'kr x "}" // {', '}', 'x'])
  normal! gg=G
  call s:Report('vim: braces in strings and comments do not indent', getline(1, '$') == ['objective a "{" {', '  // }', '  kr x "}" // {', '}', 'x'], string(getline(1, '$')))
  bwipeout!

  " --- errorformat: the captured okrc output into the quickfix list
  execute 'edit' fnameescape($SAMPLE)
  if $HAVE_OKRC == '1'
    " :cgetexpr reads with the global 'errorformat' (:make uses the local one)
    call s:Report('vim: errorformat is buffer-local', &l:errorformat =~# 'note', &l:errorformat)
    let s:efm_save = &g:errorformat
    let &g:errorformat = &l:errorformat
    cgetexpr readfile($T . '/capture.txt')
    let &g:errorformat = s:efm_save
    let s:qf = getqflist()
    let s:valid = filter(copy(s:qf), 'v:val.valid')
    call s:Report('vim: errorformat: one quickfix entry per diagnostic', len(s:qf) == str2nr($N_DIAG) && len(s:valid) == len(s:qf), len(s:qf) . ' entries, ' . len(s:valid) . ' valid, want ' . $N_DIAG)
    let s:types = map(copy(s:qf), 'v:val.type')
    let s:counts = [count(s:types, 'E'), count(s:types, 'W'), count(s:types, 'I')]
    call s:Report('vim: errorformat: types E/W/I', s:counts == [str2nr($N_ERR), str2nr($N_WARN), str2nr($N_NOTE)], string(s:counts) . ' want ' . string([$N_ERR, $N_WARN, $N_NOTE]))
    let [s:fl, s:fc, s:ft] = split($FIRST)
    let s:e = get(s:qf, 0, {'lnum': 0, 'col': 0, 'type': '', 'bufnr': 0, 'text': ''})
    call s:Report('vim: errorformat: first entry', s:e.lnum == s:fl && s:e.col == s:fc && s:e.type ==# s:ft && bufname(s:e.bufnr) ==# $CASE && s:e.text =~# '\[OKR\d\+\]$', string(s:e) . ' want ' . $FIRST)
    call s:Report('vim: errorformat: no snippet lines', empty(filter(copy(s:qf), 'v:val.text =~# ''^\s*\(\d*\s*|\|= help\)''')), string(s:qf))

    " :make runs okrc on the current file
    execute 'edit' fnameescape($CASE)
    let &l:makeprg = fnameescape($OKRC) . ' check --color=never %'
    silent make!
    let s:qf = getqflist()
    call s:Report('vim: :make fills the quickfix list', len(s:qf) == str2nr($N_DIAG) && get(s:qf, 0, {'lnum': 0}).lnum == s:fl, len(s:qf) . ' entries, want ' . $N_DIAG)
  else
    call s:Report('vim: errorformat (okrc binary ' . $OKRC . ' not built)', 0, 'run make')
  endif
catch
  call add(s:out, 'not ok vim: script error: ' . v:exception . ' at ' . v:throwpoint)
endtry
call writefile(s:out, $T . '/results')
qa!
EOF

T="$T" SAMPLE="$SAMPLE" CASE="$CASE" OKRC="$OKRC" HAVE_OKRC=$have_okrc N_DIAG="$n_diag" \
    N_ERR="$n_err" N_WARN="$n_warn" N_NOTE="$n_note" FIRST="$first" \
    timeout 60 vim -Nu NONE -i NONE -es -S "$T/test.vim" < /dev/null > "$T/vim.log" 2>&1
status=$?
if [ -s "$T/results" ]; then
    cat "$T/results"
else
    echo "not ok vim: the test script ran (exit $status)"
    head -20 "$T/vim.log" | sed 's/^/    /'
fi

if [ -f "$T/flat.okr" ] && diff -u "$SAMPLE" "$T/flat.okr" > "$T/indent.diff"; then
    echo "ok vim: gg=G re-indents the sample canonically"
else
    echo "not ok vim: gg=G re-indents the sample canonically"
    head -30 "$T/indent.diff" | sed 's/^/    /'
fi
if [ "$n_diag" -gt 0 ] || [ "$have_okrc" = 0 ]; then :; else
    echo "not ok vim: captured okrc output has diagnostics"
fi
