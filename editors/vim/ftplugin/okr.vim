" Vim filetype plugin for okr (OKRs checked by okrc)
" Maintainer: the okrc project (editors/vim in the okrc repository)
"
" :make runs `okrc check --color=never` on the current file and reads its
" diagnostics into the quickfix list: `path:line:col: error|warning|note:
" message [CODE]` become E, W and I entries; the snippet lines under each
" diagnostic (`   |`, ` 12 | ...`, `   = help: ...`), the blank lines and the
" `okrc: N errors, ...` summary are left out. Notes that point into the
" embedded standard library (`<stdlib>/...`) have no file to jump to and are
" left out too.

if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=//\ %s
setlocal comments=://
setlocal formatoptions-=t formatoptions+=croql
setlocal shiftwidth=2 softtabstop=2 expandtab
setlocal suffixesadd=.okr

setlocal makeprg=okrc\ check\ --color=never\ %
" A diagnostic line starts a one-line multi-line entry (%E, %W, %I give the
" types E, W, I); %-Z%.%# ends it at the next line, which is dropped, and
" %-G%.%# drops every other line.
setlocal errorformat=%-G<stdlib>/%.%#
setlocal errorformat+=%E%f:%l:%c:\ error:\ %m
setlocal errorformat+=%W%f:%l:%c:\ warning:\ %m
setlocal errorformat+=%I%f:%l:%c:\ note:\ %m
setlocal errorformat+=%-Z%.%#
setlocal errorformat+=%-G%.%#

let b:undo_ftplugin = "setlocal commentstring< comments< formatoptions< shiftwidth< softtabstop<"
      \ . " expandtab< suffixesadd< makeprg< errorformat<"

let &cpo = s:cpo_save
unlet s:cpo_save
