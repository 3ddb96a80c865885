" Vim indent file for okr (OKRs checked by okrc)
" Maintainer: the okrc project (editors/vim in the okrc repository)
"
" Two spaces (one 'shiftwidth') inside the { } of an objective or a policy
" block, none at top level: a line after one that opens a brace is indented
" one level more, a line that starts with } one level less. Braces inside
" strings ("... { ...") and comments (// ... }) do not count.

if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetOkrIndent(v:lnum)
setlocal indentkeys=0},0{,!^F,o,O
setlocal autoindent nolisp nosmartindent nocindent

let b:undo_indent = "setlocal indentexpr< indentkeys< autoindent< lisp< smartindent< cindent<"

if exists("*GetOkrIndent")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" The code of a line with its strings and comment removed, scanning from the
" left as the lexer does: a // inside a string is part of the string, a " in a
" comment is part of the comment, and a string ends at the end of the line.
function! s:Code(lnum) abort
  return substitute(getline(a:lnum), '"\%([^"\\]\|\\.\)*\\\="\=\|//.*', '', 'g')
endfunction

function! GetOkrIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let ind = indent(prev)
  " The braces the previous line leaves open; a } that starts it has already
  " dedented that line itself.
  let code = substitute(s:Code(prev), '^\s*}', '', '')
  let open = len(substitute(code, '[^{]', '', 'g'))
  let close = len(substitute(code, '[^}]', '', 'g'))
  if open > close
    let ind += shiftwidth()
  elseif close > open
    let ind -= shiftwidth()
  endif
  if getline(a:lnum) =~# '^\s*}'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
