#!/usr/bin/env bash
# scripts/install-deps.sh: install the Debian 12 packages okrc needs to build
# and test, if any is missing. Needs root (or sudo) only when something is
# missing; does nothing otherwise, so `make test` stays fast on a set-up machine.
# With --build, only what `make all` needs (the GitHub Action, action.yml).
set -eu
packages=(gcc make flex bison libffi-dev libjansson-dev libutf8proc-dev
          libsqlite3-dev libpq-dev pkg-config)
if [ "${1:-}" != --build ]; then
    packages+=(libcmocka-dev nodejs npm
               postgresql libxml2-utils chromium  # test servers and the HTML check
               vim-nox emacs-nox                  # the editor tests
               clang libclang-rt-14-dev valgrind  # fuzzing and memcheck
               jq sqlite3 mawk                    # peers in make bench
               pre-commit git)                    # the pre-commit hooks test
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs/npm may come from elsewhere than Debian's packages: a working node and npm will do.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || filtered+=("$p"); done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
