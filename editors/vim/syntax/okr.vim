" Vim syntax file
" Language:    okr (OKRs checked by okrc: *.okr files and okr.policy)
" Maintainer:  the okrc project (editors/vim in the okrc repository)
"
" The token classes and the group each one links to are those of spec.md,
" "Token classes"; the keyword lists are those of lexer/keywords.def, one
" `syn keyword` line per class (tests/cli/test_vim.sh checks every keyword of
" keywords.def against this file, through tests/editors/sample.okr).

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
" Identifiers are ASCII [A-Za-z_][A-Za-z0-9_]*: keywords and \< \> use that.
syn iskeyword a-z,A-Z,48-57,_

" Keywords, by class (lexer/keywords.def).
syn keyword okrDeclaration team cycle use metric objective policy kr hypothesis
syn keyword okrDeclaration counter aligns owner expect weight
syn keyword okrArchetype   committed aspirational learning
syn keyword okrType        percent count number duration money score
syn keyword okrDirection   increasing decreasing operational
syn keyword okrTarget      from to by at least most no worse than baseline
syn keyword okrPolicy      limit severity vocabulary
syn keyword okrFeed        aggregate over lag source via unit native

" Numbers: the digits, then an attached unit suffix (22%, 45min, 5000USD).
" A sign is punctuation. \< keeps the 7 of d7_activation out.
syn match okrNumber  "\<\d\+\%(\.\d\+\)\=" nextgroup=okrUnit
syn match okrUnit    "%\|[A-Za-z_][A-Za-z0-9_]*" contained
" Dates and quarters are single tokens and win over numbers: defined later,
" they take precedence when they start at the same column.
syn match okrDate    "\<\d\{4}-\d\d-\d\d"
syn match okrQuarter "\<\d\{4}-[Qq]\d\+"

" The unknown baseline of `from ? to T` (a ? is valid nowhere else).
syn match okrUnknown "?"

" Strings: one line; an unterminated string ends at the end of the line.
syn region okrString start=+"+ skip=+\\.+ end=+"+ end=+$+ oneline contains=okrEscape,@Spell
syn match okrEscape "\\." contained

" Comments: // to the end of the line, outside strings. The okrc:allow part
" of a suppression comment (the marker and the codes, up to --) is shown
" specially.
syn match okrComment "//.*$" contains=okrSuppression,@Spell
syn match okrSuppression "okrc:allow\%([ \t,]\+\a\w*\%(-\a\w*\)*\)*" contained

" Every construct fits on one line.
syn sync minlines=1

hi def link okrDeclaration Statement
hi def link okrArchetype   StorageClass
hi def link okrType        Type
hi def link okrDirection   Constant
hi def link okrTarget      Operator
hi def link okrPolicy      PreProc
hi def link okrFeed        PreProc
hi def link okrString      String
hi def link okrEscape      SpecialChar
hi def link okrNumber      Number
hi def link okrUnit        Special
hi def link okrDate        Constant
hi def link okrQuarter     Constant
hi def link okrComment     Comment
hi def link okrSuppression SpecialComment
hi def link okrUnknown     Special

let b:current_syntax = "okr"

let &cpo = s:cpo_save
unlet s:cpo_save
