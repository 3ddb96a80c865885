#!/usr/bin/env bash
# scripts/install-deps.sh [build|demo|test]: install the Debian 12 packages
# okrc needs, if any is missing. Needs root (or sudo) only when something is
# missing; does nothing otherwise, so `make test` stays fast on a set-up machine.
#
#   build  a C compiler, make, flex, bison and the -dev libraries okrc links
#   demo   what `make demo` needs: the build set (the demo runs okrc only);
#          --build is the same (the GitHub Action, action.yml)
#   test   (default) the build set, and what `make test`, `make fuzz` and
#          `make bench` run: cmocka, PostgreSQL, Chromium, Node.js, the
#          editors, the shells of the completion tests, mandoc, clang, valgrind
#
# Off Debian (no dpkg-query or apt-get) it installs nothing: it prints the
# packages to install with dnf, pacman, apk or brew and exits 2.
set -eu
set_name=${1:-test}
build=(gcc make flex bison libffi-dev libjansson-dev libutf8proc-dev
       libsqlite3-dev libpq-dev pkg-config
       libyaml-dev)     # its header; it brings libyaml-0-2, which okrc import loads for YAML
test_only=(libcmocka-dev nodejs npm
           postgresql libxml2-utils chromium  # test servers and the HTML check
           vim-nox emacs-nox                  # the editor tests
           mandoc zsh fish                    # man page lint, completion tests
           clang libclang-rt-14-dev valgrind  # fuzzing and memcheck
           jq sqlite3 mawk                    # peers in make bench
           pre-commit git)                    # the pre-commit hooks test
case $set_name in
    build|--build|demo) packages=("${build[@]}") ;;
    test) packages=("${build[@]}" "${test_only[@]}") ;;
    *) echo "usage: scripts/install-deps.sh [build|demo|test]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    cat >&2 <<'EOF'
scripts/install-deps.sh installs Debian packages, and this system has no
dpkg-query or apt-get. Install the build dependencies (a C11 compiler, make,
flex, bison, libffi, jansson, utf8proc, SQLite, libpq and libyaml with their headers)
with your package manager, then run make again:

  Fedora:  sudo dnf install gcc make flex bison libffi-devel jansson-devel utf8proc-devel sqlite-devel libpq-devel libyaml-devel pkgconf-pkg-config
  Arch:    sudo pacman -S --needed base-devel flex bison libffi jansson libutf8proc sqlite postgresql-libs libyaml pkgconf
  Alpine:  apk add build-base flex bison libffi-dev jansson-dev utf8proc-dev sqlite-dev libpq-dev yaml-dev pkgconf
  macOS:   brew install flex bison libffi jansson utf8proc sqlite libpq libyaml pkg-config

A release tarball (make dist) builds without flex and bison. The tests also
need cmocka (libcmocka-devel, cmocka, cmocka-dev, cmocka) and Node.js; the
whole suite (make test) is written for Debian 12.
EOF
    exit 2
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs/npm may come from elsewhere than Debian's packages: a working node and npm will do.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]+"${missing[@]}"}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || filtered+=("$p"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
