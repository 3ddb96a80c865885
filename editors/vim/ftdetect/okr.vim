" Vim filetype detection for okrc's .okr files and the okr.policy file.
" Maintainer: the okrc project (editors/vim in the okrc repository)
autocmd BufNewFile,BufRead *.okr,okr.policy setfiletype okr
