#!/usr/bin/env bash
# test_walk.sh: the directory walk (common/walk.c, okr_workspace_gather;
# spec.md "Files checked") opens directories and files relative to their
# parent's descriptor and walks the subdirectories of a PATH on threads.
# None of that may show: the files, their order and how they are named,
# the skipping rules and the messages must be what a walk that resolves
# every path from the working directory gives. Pinned here for what a
# relative walk could change: a PATH through a symbolic link, with a
# trailing slash, '.' and '..', a directory that cannot be read, paths near
# and past PATH_MAX, a tree deeper than the descriptor limit. Prints
# "ok NAME" / "not ok NAME" (tests/run.sh counts them). Needs $OKRC.
set -u
cd "$(dirname "$0")/../.." || exit 1
OKRC=$(realpath "${OKRC:-build/okrc}")
T=$(mktemp -d /tmp/okrc-walk.XXXXXX)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
. tests/cli/lib.sh

# files ARGS...: the files `okrc check ARGS` read, in its order (every file
# is empty, so each has one OKR008 finding naming it), then its status.
files() {
    "$OKRC" check --no-policy "$@" 2>&1 | sed -n 's/:1:1: warning: file is empty \[OKR008\]$//p'
    echo "exit ${PIPESTATUS[0]}"
}

# same NAME WANT ARGS...: `files ARGS` is WANT (lines joined by spaces),
# whatever OKRC_JOBS says.
same() {
    local name=$1 want=$2 jobs got
    shift 2
    for jobs in 1 2 8 ""; do
        got=$(OKRC_JOBS=$jobs files "$@" | tr '\n' ' ')
        if [ "$got" != "$want " ]; then
            echo "not ok $name (OKRC_JOBS=$jobs)"
            echo "    got:  $got"
            echo "    want: $want"
            return
        fi
    done
    echo "ok $name"
}

W=$T/w
mkdir -p "$W/a/b" "$W/a/.hidden" "$W/a/node_modules" "$W/c" "$W/.git" "$W/d/e/f"
for f in a/b/one.okr a/c.okr a/B.okr a/.hidden/x.okr a/node_modules/y.okr a/z.txt c/two.okr c/.h.okr \
    .git/g.okr d/e/f/deep.okr top.okr; do
    : > "$W/$f"
done
ln -s b "$W/a/link_dir"                # a link to a directory: not followed
ln -s c.okr "$W/a/link.okr"            # a link to a file: taken
ln -s w/a "$T/via"                  # a PATH that is a link to a directory: walked

same order-and-skips "$T/w/a/B.okr $T/w/a/b/one.okr $T/w/a/c.okr $T/w/a/link.okr $T/w/c/two.okr \
$T/w/d/e/f/deep.okr $T/w/top.okr exit 0" "$T/w"
same trailing-slash "$T/w/a/B.okr $T/w/a/b/one.okr $T/w/a/c.okr $T/w/a/link.okr $T/w/c/two.okr \
$T/w/d/e/f/deep.okr $T/w/top.okr exit 0" "$T/w/"
same double-slash "$T/w//a/B.okr $T/w//a/b/one.okr $T/w//a/c.okr $T/w//a/link.okr $T/w//c/two.okr \
$T/w//d/e/f/deep.okr $T/w//top.okr exit 0" "$T/w//"
same path-through-link "$T/via/B.okr $T/via/b/one.okr $T/via/c.okr $T/via/link.okr exit 0" "$T/via"
same link-then-dir "$T/via/b/one.okr exit 0" "$T/via/b"
(cd "$W/a" && same dot "./B.okr ./b/one.okr ./c.okr ./link.okr exit 0" .)
(cd "$W/a" && same no-path "./B.okr ./b/one.okr ./c.okr ./link.okr exit 0")
(cd "$W/a/b" && same dot-dot "../B.okr ../b/one.okr ../c.okr ../link.okr exit 0" ..)
(cd "$W/a/b" && same dot-dot-inside "../../c/two.okr ../../d/e/f/deep.okr exit 0" ../../c ../../d)
same named-and-walked "$T/w/top.okr $T/w/c/two.okr $T/w/d/e/f/deep.okr exit 0" "$T/w/top.okr" "$T/w/c" "$T/w/d"

# A tree deeper than the descriptors a process may hold: the walk holds
# at most a few, so it goes on to the bottom.
deep=$T/deep
for i in $(seq 1 40); do deep=$deep/d$i; done
mkdir -p "$deep"
: > "$deep/bottom.okr"
: > "$T/deep/d1/top.okr"
want="$deep/bottom.okr $T/deep/d1/top.okr exit 0"
for jobs in 1 8; do
    got=$( (ulimit -n 16 && OKRC_JOBS=$jobs files "$T/deep") | tr '\n' ' ')
    if [ "$got" = "$want " ]; then echo "ok deeper-than-fd-limit OKRC_JOBS=$jobs"; else
        echo "not ok deeper-than-fd-limit OKRC_JOBS=$jobs"; echo "    got: $got"; fi
done

# Many directories, in their byte order, read on threads.
M=$T/many
for i in $(seq 1 40); do
    mkdir -p "$M/d$i/sub"
    : > "$M/d$i/f.okr"
    : > "$M/d$i/sub/g.okr"
done
want=$(cd "$M" && find . -name '*.okr' | LC_ALL=C sort | sed "s|^\.|$M|" | tr '\n' ' ')
same many-dirs "${want}exit 0" "$M"
# With barely the descriptors eight threads reading one file each need,
# the walk and the reads (which hold a directory too) give way, not up.
for jobs in 2 8; do
    got=$( (ulimit -n 11 && OKRC_JOBS=$jobs files "$M") | tr '\n' ' ')
    if [ "$got" = "${want}exit 0 " ]; then echo "ok many-dirs-few-descriptors OKRC_JOBS=$jobs"; else
        echo "not ok many-dirs-few-descriptors OKRC_JOBS=$jobs"; echo "    got: $got"; fi
done

# Paths near PATH_MAX (4096 bytes with its NUL): a file whose path is
# longer cannot be read, a directory whose path is longer cannot be read,
# as when every path is resolved from the working directory.
long=$(printf 'x%.0s' $(seq 1 200))
mid=$(printf 'y%.0s' $(seq 1 63))
L=$T/long
up=w
for i in $(seq 1 20); do up=$up/$long; done
rel=$up/$mid # 4085 bytes
mkdir -p "$L/$up"
# in_deepest CMD...: runs CMD in $L/$rel, reached in two steps (its
# absolute path is too long for one).
in_deepest() { (cd "$L/$up" && mkdir -p "$mid" && cd "$mid" && "$@"); }
in_deepest touch 0123456789.okr # 4100 bytes
: > "$L/w/near.okr"
mkdir "$L/w/a" "$L/w/zz" # subdirectories before and after: the walk splits among threads
: > "$L/w/a/a.okr"
: > "$L/w/zz/z.okr"
(cd "$L" && expect long-file-path 2 "^okrc: error: cannot read 'w/x{200}/.*/y{63}/0123456789.okr': File name too long$" \
    "$OKRC" check --no-policy w)
(cd "$L" && OKRC_JOBS=1 expect long-file-path-serial 2 "cannot read '.*0123456789.okr': File name too long" \
    "$OKRC" check --no-policy w)
in_deepest rm 0123456789.okr
in_deepest mkdir 0123456789 # 4096 bytes: one too many
in_deepest touch 0123456789/in.okr
(cd "$L" && expect long-dir-path 2 "^okrc: error: cannot read directory 'w/x{200}/.*/y{63}/0123456789': File name too long$" \
    "$OKRC" check --no-policy w)
(cd "$L" && OKRC_JOBS=1 expect long-dir-path-serial 2 "cannot read directory '.*/0123456789': File name too long" \
    "$OKRC" check --no-policy w)
in_deepest rm -r 0123456789
in_deepest touch 01234.okr # 4095 bytes: just fits
(cd "$L" && same longest-path "w/a/a.okr w/near.okr $rel/01234.okr w/zz/z.okr exit 0" w)

# A directory that cannot be read stops a strict walk with its name; a
# named file in a directory that can be searched but not listed is read.
# Root reads everything, so these run as nobody when root can drop to it.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null 2>&1; then
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
    as_nobody() { "$@"; }
fi
P=$T/perm
mkdir -p "$P/a" "$P/b/locked" "$P/c" "$P/xonly"
for f in a/1.okr b/2.okr b/locked/3.okr c/4.okr; do : > "$P/$f"; done
for i in $(seq 1 40); do : > "$P/xonly/f$i.okr"; done
cp "$OKRC" "$T/okrc"
chmod 755 "$T" "$T/okrc"
chmod -R a+rX "$P"
chmod 000 "$P/b/locked"
chmod 711 "$P/xonly"
if as_nobody test -r "$P/b/locked"; then
    echo "ok unreadable-dir # skip: cannot drop root's rights"
    echo "ok search-only-dir # skip: cannot drop root's rights"
else
    for jobs in 1 2 8; do
        OKRC_JOBS=$jobs expect "unreadable-dir OKRC_JOBS=$jobs" 2 \
            "^okrc: error: cannot read directory '$P/b/locked': Permission denied$" as_nobody "$T/okrc" check --no-policy "$P"
    done
    named=()
    for i in $(seq 1 40); do named+=("$P/xonly/f$i.okr"); done
    for jobs in 1 2 8; do
        OKRC_JOBS=$jobs expect "search-only-dir OKRC_JOBS=$jobs" 0 "0 errors, 40 warnings in 40 files" \
            as_nobody "$T/okrc" check --no-policy "${named[@]}"
    done
fi
chmod 755 "$P/b/locked"
