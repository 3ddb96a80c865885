#!/usr/bin/env bash
# test_precommit.sh: the pre-commit hooks of .pre-commit-hooks.yaml.
#
# First the hooks' commands exactly as the yaml declares them (its `entry`
# with the staged file names appended, as pre-commit runs a system hook) in
# a temporary git repository holding an `okrc init` project: okrc-check
# passes on the clean files, fails on a file with an error, and checks one
# team file alone with its project as context (its `aligns` resolves);
# okrc-fmt rewrites a badly laid out file in place and leaves a formatted
# one alone. Then, when the `pre-commit` program is installed (Debian's
# pre-commit package; scripts/install-deps.sh installs it), the same
# through `pre-commit try-repo` on a repository holding the yaml, which is
# how a user meets them: okrc-fmt fails while it changes files and passes
# once they are formatted. Without pre-commit, that part is reported as
# skipped. Prints "ok NAME" / "not ok NAME" (tests/run.sh counts them).
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
ROOT=$(pwd)
YAML=$ROOT/.pre-commit-hooks.yaml
T=$(mktemp -d /tmp/okrc-precommit.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

# The hooks run the okrc on PATH.
mkdir -p "$T/bin"
ln -s "$OKRC" "$T/bin/okrc"
export PATH="$T/bin:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export PRE_COMMIT_HOME=$T/cache

# field ID KEY: the value of KEY in the hook with id ID.
field() {
    awk -v id="$1" -v key="$2" '
        /^- id:/ { cur = $3 }
        cur == id && $1 == key ":" { sub("^[^:]*: *", ""); print; exit }' "$YAML"
}
for id in okrc-check okrc-fmt; do
    [ "$(field "$id" files)" = '\.okr$' ] && [ "$(field "$id" language)" = system ] \
        && [ "$(field "$id" pass_filenames)" = true ] \
        && echo "ok $id declares files, language and pass_filenames" \
        || echo "not ok $id declares files, language and pass_filenames"
done
CHECK=$(field okrc-check entry)
FMT=$(field okrc-fmt entry)
[ "$CHECK" = "okrc check" ] && echo "ok okrc-check entry" || echo "not ok okrc-check entry: '$CHECK'"
[ "$FMT" = "okrc fmt" ] && echo "ok okrc-fmt entry" || echo "not ok okrc-fmt entry: '$FMT'"

R=$T/repo
okrc init --cycle 2026-Q3 "$R" >/dev/null
git -C "$R" init -q
git -C "$R" add -A
git -C "$R" commit -qm init

cd "$R" || exit 1
# $CHECK and $FMT are split into words on purpose, as pre-commit splits entry.
expect "okrc-check passes the staged starter files" 0 'no problems in 2 files' $CHECK company.okr teams/product.okr
expect "okrc-check on one file reads its project" 0 'no problems in 1 file' $CHECK teams/product.okr
# write_ops_team: a team file with two task-style key results (OKR301
# errors) in ./ops/team.okr.
write_ops_team() {
    mkdir -p ops
    cat >ops/team.okr <<'OKR'
team ops "Ops" owner "Ana"
cycle 2026-Q3

committed objective reviews "Learn from every incident" {
  owner "Ana"
  aligns company.customers
  expect 1.0
  kr reviews "Conduct 10 incident reviews"
  kr runbooks "Write runbooks for every service"
}
OKR
}

write_ops_team
expect "okrc-check fails on an error" 1 'ops/team\.okr:8:[0-9]+: error: .*\[OKR301\]' $CHECK ops/team.okr
expect "okrc-check reports only the files passed" 1 'okrc: 2 errors, 0 warnings in 1 file' $CHECK ops/team.okr

printf 'team   ops "Ops"   owner "Ana"\ncycle   2026-Q3\n' >ops/messy.okr
expect "okrc-fmt rewrites a file" 0 '' $FMT ops/messy.okr
[ "$(head -1 ops/messy.okr)" = 'team ops "Ops" owner "Ana"' ] && echo "ok okrc-fmt rewrote it in place" \
    || { echo "not ok okrc-fmt rewrote it in place"; sed 's/^/    /' ops/messy.okr; }
before=$(git hash-object teams/product.okr)
expect "okrc-fmt leaves a formatted file" 0 '' $FMT teams/product.okr
[ "$(git hash-object teams/product.okr)" = "$before" ] && echo "ok okrc-fmt changed nothing formatted" \
    || echo "not ok okrc-fmt changed nothing formatted"
rm -rf ops

if ! command -v pre-commit >/dev/null; then
    echo "ok pre-commit try-repo # skipped: pre-commit is not installed"
    exit 0
fi
# A hooks repository holding only the yaml: try-repo clones it.
H=$T/hooks
mkdir -p "$H"
cp "$YAML" "$H/"
git -C "$H" init -q
git -C "$H" add -A
git -C "$H" commit -qm hooks
expect "try-repo okrc-check passes" 0 'okrc check\.+Passed' pre-commit try-repo "$H" okrc-check --all-files
write_ops_team
git add ops/team.okr
expect "try-repo okrc-check fails on an error" 1 'okrc check\.+Failed' pre-commit try-repo "$H" okrc-check --files ops/team.okr
expect "try-repo okrc-check names the finding" 1 'OKR301' pre-commit try-repo "$H" okrc-check --files ops/team.okr
git rm -qf ops/team.okr
mkdir -p ops
printf 'team   ops "Ops"   owner "Ana"\ncycle   2026-Q3\n' >ops/messy.okr
git add ops/messy.okr
expect "try-repo okrc-fmt fails when it changes a file" 1 'files were modified by this hook' \
    pre-commit try-repo "$H" okrc-fmt --files ops/messy.okr
git add ops/messy.okr
expect "try-repo okrc-fmt passes once formatted" 0 'okrc fmt\.+Passed' pre-commit try-repo "$H" okrc-fmt --files ops/messy.okr
