#!/usr/bin/env bash
# test_tutorial.sh: docs/tutorial.md is run as written, so the tutorial
# cannot drift from what okrc does. In an empty temporary folder, with the
# okrc under test first on PATH, the fenced blocks are taken in order:
#   ```sh              each line is a command (bash; a line ending in
#                      "# exit status N" must exit N, every other one 0);
#   ```okr file=PATH   the block is written to PATH (created or replaced);
#   ```csv append=PATH the block is appended to PATH;
#   ```text            output the page shows (an excerpt): every non-blank
#                      line of it must appear, exactly, in the output of the
#                      last ```sh block.
# Any other block (yaml, a table) is prose and is not run. Prints one
# "ok NAME" / "not ok NAME" line per command and per shown output line
# (tests/run.sh counts them), and fails when the page runs no command.
set -u
OKRC=$(realpath "${OKRC:-build/okrc}")
DOC=$(realpath docs/tutorial.md)
T=$(mktemp -d /tmp/okrc-tutorial.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/work"
ln -s "$OKRC" "$T/bin/okrc"
export PATH="$T/bin:$PATH" NO_COLOR=1

# The page split into records: "BEGIN<TAB>INFO", the block's lines, "END".
blocks=$T/blocks
awk '
    /^```/ {
        if (inside) { print "END"; inside = 0 }
        else { inside = 1; printf "BEGIN\t%s\n", substr($0, 4) }
        next
    }
    inside { print "LINE\t" $0 }
' "$DOC" > "$blocks"

cd "$T/work" || exit 1
commands=0
last_output=$T/last_output
: > "$last_output"
kind="" arg="" buffer=$T/buffer

run_command() { # run_command LINE: one command of a ```sh block
    local line=$1 want=0 status
    case $line in
        *"# exit status "*) want=${line##*# exit status }; want=${want%%[!0-9]*} ;;
    esac
    bash -c "$line" >> "$last_output" 2>&1
    status=$?
    commands=$((commands + 1))
    if [ "$status" -eq "$want" ]; then
        echo "ok tutorial: $line"
    else
        echo "not ok tutorial: $line (exit $status, the page says $want)"
        tail -15 "$last_output" | sed 's/^/    /'
    fi
}

check_shown() { # check_shown FILE: the shown output lines that must appear
    local shown
    while IFS= read -r shown; do
        [ -n "${shown// /}" ] || continue
        if grep -qF -- "$shown" "$last_output"; then
            echo "ok tutorial shows: $shown"
        else
            echo "not ok tutorial shows: $shown (not in the output of the command above it)"
            sed 's/^/    /' "$last_output" | head -20
        fi
    done < "$1"
}

while IFS= read -r record; do
    case $record in
        BEGIN$'\t'*)
            info=${record#BEGIN$'\t'}
            kind=${info%% *}
            arg=""
            case $info in *" "*) arg=${info#* } ;; esac
            : > "$buffer"
            [ "$kind" = sh ] && : > "$last_output"
            ;;
        LINE$'\t'*)
            printf '%s\n' "${record#LINE$'\t'}" >> "$buffer"
            ;;
        END)
            case "$kind:$arg" in
                sh:)
                    while IFS= read -r line; do
                        case $line in "" | "#"*) continue ;; esac
                        run_command "$line"
                    done < "$buffer"
                    ;;
                okr:file=*) mkdir -p "$(dirname "${arg#file=}")"; cp "$buffer" "${arg#file=}" ;;
                csv:append=*) cat "$buffer" >> "${arg#append=}" ;;
                text:) check_shown "$buffer" ;;
            esac
            ;;
    esac
done < "$blocks"

if [ "$commands" -gt 0 ]; then
    echo "ok tutorial runs $commands commands"
else
    echo "not ok tutorial runs no command (is docs/tutorial.md there?)"
fi
