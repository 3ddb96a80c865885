# tests/cli/zsh_complete.zsh OKRC_DIR LINE WANT...: completes LINE (two TABs)
# in an interactive zsh on a pseudo-terminal (zpty) with completions/_okrc
# on fpath, and prints "ok" when every WANT shows in the listing or the
# completed line within 10 seconds, else what the terminal showed.
# Run by tests/cli/test_install.sh from the repository root: zsh -f THIS ...
zmodload zsh/zpty || exit 2
okrc_dir=$1 line=$2
shift 2
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($PWD/completions \$fpath); autoload -U compinit; compinit -u; PATH=$okrc_dir:\$PATH"
zpty -n -w z "$line"$'\t'
sleep 0.5
zpty -n -w z $'\t'
acc= chunk=
for i in {1..100}; do
  while zpty -r -t z chunk; do acc+=$chunk; done
  seen=1
  for w in "$@"; do [[ $acc == *$w* ]] || seen=0; done
  (( seen )) && break
  sleep 0.1
done
zpty -d z
if (( seen )); then print ok; else print -r -- "${acc//$'\r'/}" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tail -5; fi
