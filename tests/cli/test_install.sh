#!/usr/bin/env bash
# test_install.sh: installing and distributing okrc (mk/install.mk, man/,
# completions/, scripts/install-deps.sh). One "ok NAME" / "not ok NAME" line
# per check:
#   1. the man pages pass `mandoc -T lint -W warning`, and okrc.1 names every
#      command of `okrc help` and every long option of `okrc help COMMAND`;
#   2. the bash completion, loaded in a non-interactive bash and driven
#      through COMP_WORDS/COMP_CWORD: commands, each command's options (those
#      of `okrc help COMMAND`), --format values per command, --color values,
#      --opt=value, codes after explain, .okr files and directories;
#   3. the zsh and fish completions parse (zsh -n, fish -n) and name every
#      command and option of `okrc help COMMAND`; an interactive zsh on a
#      pseudo-terminal (tests/cli/zsh_complete.zsh) and fish (complete -C)
#      complete commands, --format values, codes and .okr paths;
#   4. scripts/install-deps.sh: an unknown set is a usage error, and without
#      dpkg-query and apt-get it prints the dnf, pacman, apk and brew lines
#      and exits 2;
#   5. editors/vscode/package-lock.json matches package.json;
#   6. (build/ only) make install into a DESTDIR writes the binary, the man
#      pages, the completions and the editor files, and make uninstall
#      removes every file it wrote;
#   7. (build/ only) make dist writes okrc-VERSION.tar.gz, which builds with
#      bison and flex replaced by commands that must not run (its pre-generated
#      parser is newer than the grammar), and again with the grammar newer but
#      no bison or flex found; the okrc it builds checks and grades examples/.
# OKR_TEST_VSCE=1 also runs make vsix (npm registry needed).
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
OKRC=${OKRC:-build/okrc}
BUILD=${BUILD:-$(dirname "$OKRC")}
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
work=$(mktemp -d /tmp/okrc-install.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | head -20 | sed 's/^/    /'; }

# ---- 1. man pages
if command -v mandoc >/dev/null 2>&1; then
    expect "install man pages pass mandoc -T lint" 0 '' mandoc -T lint -W warning man/okrc.1 man/okr.5
else
    not_ok "install man pages pass mandoc -T lint (mandoc not found: scripts/install-deps.sh installs it)"
fi
commands=$("$OKRC" help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')
[ -n "$commands" ] || not_ok "install okrc help lists commands" "$("$OKRC" help 2>&1)"
missing=
for c in $commands; do
    grep -Eq "^\.It Cm $c( |$)" man/okrc.1 || missing+=" $c"
    for o in $("$OKRC" help "$c" | grep -Eo -- '--[a-z][a-z-]*' | sort -u); do
        grep -Eq -- "Fl -${o#--}( |$)" man/okrc.1 || missing+=" $c$o"
    done
done
for o in $("$OKRC" help | grep -Eo -- '--[a-z][a-z-]*' | sort -u); do
    grep -Eq -- "Fl -${o#--}( |$)" man/okrc.1 || missing+=" $o"
done
if [ -z "$missing" ]; then ok "install okrc.1 names every command and option of okrc help"
else not_ok "install okrc.1 names every command and option of okrc help (missing:$missing)"; fi

# Every long option of okrc help COMMAND is in the zsh and fish completions too.
missing=
for c in $commands; do
    grep -q -- "^ *$c)" completions/_okrc || grep -q -- "[ (]$c[ )]" completions/_okrc || missing+=" zsh:$c"
    grep -q -- "-a $c " completions/okrc.fish || missing+=" fish:$c"
    for o in $("$OKRC" help "$c" | grep -E '^(usage:|  -)' | grep -Eo -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "'[^']*$o[=\[]" completions/_okrc || missing+=" zsh:$c$o"
        grep -q -- "-l ${o#--} " completions/okrc.fish || missing+=" fish:$c$o"
    done
done
if [ -z "$missing" ]; then ok "install zsh and fish completions name every command and option of okrc help"
else not_ok "install zsh and fish completions name every command and option of okrc help (missing:$missing)"; fi

# ---- 2. bash completion
# bash_complete WORD...: the candidates for the last WORD, one line, sorted.
bash_complete() {
    PATH="$(dirname "$OKRC"):$PATH" bash -c '
        source completions/okrc.bash
        complete -p okrc >/dev/null || exit 3
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
        _okrc
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' bash "$@"
}
# comp_has NAME WANT WORD...: the candidates include every word of WANT.
comp_has() {
    local name=$1 want=$2 got w miss=
    shift 2
    got=" $(bash_complete "$@")"
    for w in $want; do [[ $got == *" $w "* ]] || miss+=" $w"; done
    if [ -z "$miss" ]; then ok "$name"; else not_ok "$name (missing:$miss; got:$got)"; fi
}
comp_is() { # comp_is NAME WANT WORD...: exactly WANT (sorted, space-separated)
    local name=$1 want=$2 got
    shift 2
    got=$(bash_complete "$@")
    if [ "$got" = "$want " ]; then ok "$name"; else not_ok "$name (got: $got; wanted: $want)"; fi
}
comp_has "install bash completes the commands" "$commands version --version --help" okrc ''
for c in $commands; do
    opts=$("$OKRC" help "$c" | grep -E '^(usage:|  -)' | grep -Eo -- '(^|[ ,[|])-(-[a-z][a-z-]*|[a-z])\b' | grep -Eo -- '-.*' | sort -u | tr '\n' ' ')
    [ -n "$opts" ] || continue
    comp_has "install bash completes the options of $c" "$opts" okrc "$c" -
done
comp_is "install bash completes check --format" "github gitlab json sarif text" okrc check --format ''
comp_is "install bash completes grade --format" "html json markdown text" okrc grade --format ''
comp_is "install bash completes grade --format=" "html json markdown text" okrc grade --format = ''
comp_is "install bash completes --color=al" "always" okrc check --color = al
comp_is "install bash completes --colour" "always auto never" okrc compile --colour ''
comp_is "install bash completes compile --emit" "json" okrc compile --emit ''
comp_has "install bash completes codes after explain" "OKR001 OKR301 task-key-result" "$OKRC" explain ''
comp_is "install bash completes OKR30 after explain" "OKR301 OKR302 OKR303 OKR304 OKR305" "$OKRC" explain OKR30
comp_is "install bash completes .okr files and directories" \
    "examples/okrs/ai examples/okrs/company.okr examples/okrs/growth examples/okrs/platform" okrc grade --at 2026-08-15 examples/okrs/
comp_is "install bash completes commands after help" "check compile diff explain feed fmt grade help import init lsp" okrc help ''
comp_is "install bash completes feed import" "import" okrc feed ''

# ---- 3. zsh and fish
for sh in zsh fish; do
    if ! command -v $sh >/dev/null 2>&1; then
        not_ok "install $sh completion parses ($sh not found: scripts/install-deps.sh installs it)"
        continue
    fi
    f=completions/okrc.fish
    [ $sh = zsh ] && f=completions/_okrc
    expect "install $sh completion parses ($sh -n)" 0 '' $sh -n "$f"
done
if command -v zsh >/dev/null 2>&1; then
    # zsh_expect NAME LINE WANT...: an interactive zsh completes LINE showing every WANT.
    zsh_expect() {
        local name=$1 out
        shift
        out=$(HOME=$work timeout 30 zsh -f tests/cli/zsh_complete.zsh "$(cd "$(dirname "$OKRC")" && pwd)" "$@" 2>&1)
        if [ "$out" = ok ]; then ok "$name"; else not_ok "$name" "$out"; fi
    }
    zsh_expect "install zsh completes the commands" 'okrc ' $commands
    zsh_expect "install zsh completes grade --format=" 'okrc grade --format=' html json markdown text
    zsh_expect "install zsh completes codes after explain" "$(basename "$OKRC") explain OKR30" OKR301 OKR305
    zsh_expect "install zsh completes .okr files and directories" 'okrc check examples/okrs/' ai/ company.okr growth/
fi
if command -v fish >/dev/null 2>&1; then
    fish_complete() {
        PATH="$(dirname "$OKRC"):$PATH" HOME=$work fish --no-config -c \
            "source completions/okrc.fish; complete -C '$1'" 2>&1 | cut -f1 | sort | tr '\n' ' '
    }
    got=$(fish_complete 'okrc ')
    miss=
    for c in $commands; do [[ " $got" == *" $c "* ]] || miss+=" $c"; done
    if [ -z "$miss" ]; then ok "install fish completes the commands"
    else not_ok "install fish completes the commands (missing:$miss; got: $got)"; fi
    expect "install fish completes grade --format" 0 '^html json markdown text $' fish_complete 'okrc grade --format '
    expect "install fish completes check --format" 0 '^github gitlab json sarif text $' fish_complete 'okrc check --format '
    expect "install fish completes codes after explain" 0 '^OKR301 OKR302 OKR303 OKR304 OKR305 $' \
        fish_complete 'okrc explain OKR30'
    expect "install fish completes .okr files and directories" 0 \
        '^examples/okrs/ai/ examples/okrs/company.okr examples/okrs/growth/ examples/okrs/platform/ $' \
        fish_complete 'okrc check examples/okrs/'
fi

# ---- 4. install-deps.sh
expect "install install-deps refuses an unknown set" 2 'usage: scripts/install-deps.sh \[build\|demo\|test\]' \
    scripts/install-deps.sh everything
mkdir -p "$work/nodpkg"
for t in bash cat env id grep; do ln -s "$(command -v $t)" "$work/nodpkg/$t"; done
out=$(PATH=$work/nodpkg bash scripts/install-deps.sh build 2>&1)
status=$?
miss=
for m in 'dnf install' 'pacman -S' 'apk add' 'brew install' libpq; do [[ $out == *"$m"* ]] || miss+=" '$m'"; done
if [ $status = 2 ] && [ -z "$miss" ]; then ok "install install-deps off Debian prints the packages and exits 2"
else not_ok "install install-deps off Debian prints the packages and exits 2 (exit $status, missing$miss)" "$out"; fi

# ---- 5. the VS Code lockfile
if command -v node >/dev/null 2>&1; then
    if node -e '
        const fs = require("fs");
        const p = JSON.parse(fs.readFileSync("editors/vscode/package.json"));
        const l = JSON.parse(fs.readFileSync("editors/vscode/package-lock.json"));
        const r = l.packages[""];
        if (l.name !== p.name || l.version !== p.version ||
            JSON.stringify(r.dependencies) !== JSON.stringify(p.dependencies)) process.exit(1);
        for (const d of Object.keys(p.dependencies))
            if (!l.packages["node_modules/" + d]) process.exit(1);'; then
        ok "install vscode package-lock.json matches package.json"
    else
        not_ok "install vscode package-lock.json matches package.json (run npm install --package-lock-only in editors/vscode)"
    fi
fi

if [ "$BUILD" != build ]; then
    ok "install make install, dist (run once, with build/)"
    exit 0
fi

# ---- 6. make install and uninstall
dest=$work/root
out=$(make -s install DESTDIR="$dest" PREFIX=/opt/okrc 2>&1)
status=$?
p=$dest/opt/okrc
want="bin/okrc share/man/man1/okrc.1 share/man/man5/okr.5
share/bash-completion/completions/okrc share/zsh/site-functions/_okrc
share/fish/vendor_completions.d/okrc.fish
share/okrc/vim/syntax/okr.vim share/okrc/vim/ftdetect/okr.vim share/okrc/vim/ftplugin/okr.vim
share/okrc/vim/indent/okr.vim share/okrc/emacs/okr-mode.el share/okrc/vscode/package.json
share/okrc/vscode/package-lock.json share/okrc/vscode/extension.js
share/okrc/vscode/syntaxes/okr.tmLanguage.json share/okrc/vscode/language-configuration.json"
miss=
for f in $want; do [ -f "$p/$f" ] || miss+=" $f"; done
if [ $status = 0 ] && [ -z "$miss" ]; then ok "install make install writes every file under DESTDIR/PREFIX"
else not_ok "install make install writes every file under DESTDIR/PREFIX (exit $status, missing:$miss)" "$out"; fi
expect "install installed okrc runs" 0 "^okrc $(cat VERSION)\$" "$p/bin/okrc" --version
if [ -x "$p/bin/okrc" ] && [ "$(stat -c %a "$p/bin/okrc")" = 755 ] && [ "$(stat -c %a "$p/share/man/man1/okrc.1")" = 644 ]; then
    ok "install modes: binary 755, data 644"
else
    not_ok "install modes: binary 755, data 644"
fi
out=$(make -s uninstall DESTDIR="$dest" PREFIX=/opt/okrc 2>&1)
status=$?
left=$(find "$dest" -type f -o -type l)
if [ $status = 0 ] && [ -z "$left" ] && [ ! -e "$p/share/okrc" ]; then ok "install make uninstall removes what install wrote"
else not_ok "install make uninstall removes what install wrote (exit $status)" "$out
left: $left $(find "$p/share/okrc" 2>/dev/null)"; fi

# ---- 7. make dist, built without bison and flex
version=$(cat VERSION)
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    ok "install make dist (skipped: not a git checkout)"
    exit 0
fi
out=$(make -s dist 2>&1)
status=$?
tarball=build/okrc-$version.tar.gz
if [ $status = 0 ] && [ -s "$tarball" ] && tar -tzf "$tarball" | grep -qx "okrc-$version/pregen/okr.tab.c"; then
    ok "install make dist writes $tarball with the pre-generated parser"
else
    not_ok "install make dist writes $tarball with the pre-generated parser (exit $status)" "$out"
    exit 0
fi
tar -C "$work" -xzf "$tarball"
src=$work/okrc-$version
printf '#!/bin/sh\ntouch %s/tool-ran; exit 1\n' "$work" > "$work/must-not-run"
chmod +x "$work/must-not-run"
out=$(cd "$src" && nice make -s -j2 all BISON="$work/must-not-run" FLEX="$work/must-not-run" 2>&1)
status=$?
if [ $status = 0 ] && [ ! -e "$work/tool-ran" ] && [ -x "$src/build/okrc" ]; then
    ok "install the tarball builds without running bison or flex"
else
    not_ok "install the tarball builds without running bison or flex (exit $status)" "$out"
fi
touch "$src/parser/okr.y" "$src/lexer/okr.l"
rm -rf "$src/build/gen/okr."*
out=$(cd "$src" && nice make -s -j2 all BISON=no-such-bison FLEX=no-such-flex 2>&1)
status=$?
if [ $status = 0 ] && [[ $out == *"using pregen/okr.tab.c"* ]]; then
    ok "install the tarball uses pregen/ when bison and flex are missing"
else
    not_ok "install the tarball uses pregen/ when bison and flex are missing (exit $status)" "$out"
fi
expect "install the tarball's okrc checks an example" 0 '' \
    bash -c "cd '$src' && build/okrc check examples/okrs/company.okr examples/okrs/growth"
grade_args=(grade examples/okrs/company.okr examples/okrs/growth --feed examples/metrics/analytics.csv --at 2026-08-15)
"$OKRC" "${grade_args[@]}" >/dev/null 2>&1
expect "install the tarball's okrc grades an example as the build does" $? 'growth' \
    bash -c 'cd "$1" && shift && build/okrc "$@"' bash "$src" "${grade_args[@]}"
rm -f "$tarball"

# ---- optional: the .vsix
if [ "${OKR_TEST_VSCE:-}" = 1 ]; then
    expect "install make vsix builds build/okr-$version.vsix" 0 '' \
        bash -c "make -s vsix >'$work/vsix.log' 2>&1 && [ -s build/okr-$version.vsix ] || { tail -20 '$work/vsix.log'; exit 1; }"
fi
cd "$root" || exit 1
