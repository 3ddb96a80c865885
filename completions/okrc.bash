# completions/okrc.bash: bash completion for okrc, installed as
# share/bash-completion/completions/okrc. Completes the commands, each
# command's options, the values of --format (per command), --color and
# --emit, the diagnostic codes and names after `explain` (asked of the okrc
# being completed, `okrc explain`), and .okr files and directories as PATHs.
# tests/cli/test_install.sh checks it against `okrc help`.

# _okrc_files [okr]: files (only *.okr with "okr") and directories matching $cur.
_okrc_files() {
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    if [ "${1:-}" = okr ]; then
        COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.okr' -- "$cur"))
    else
        COMPREPLY+=($(compgen -f -- "$cur"))
    fi
}

_okrc() {
    local cur prev cmd i word
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]:-}
    # --opt=value: bash splits at '=' (COMP_WORDBREAKS), so the option is
    # before the '=' word.
    if [ "$cur" = = ]; then
        cur=
    elif [ "$prev" = = ] && [ "$COMP_CWORD" -ge 2 ]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    else
        case $cur in --*=*) prev=${cur%%=*}; cur=${cur#*=} ;; esac
    fi
    [ "$prev" = = ] && prev=${COMP_WORDS[COMP_CWORD-2]}

    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in -*|=) ;; *) cmd=$word; break ;; esac
    done

    local commands='check compile grade feed fmt diff lsp explain init import help version'
    if [ -z "$cmd" ]; then
        COMPREPLY=($(compgen -W "$commands --version -h --help" -- "$cur"))
        return 0
    fi

    case $prev in
        --format)
            case $cmd in
                grade) COMPREPLY=($(compgen -W 'text json markdown html' -- "$cur")) ;;
                diff) COMPREPLY=($(compgen -W 'text json markdown' -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W 'text json sarif github gitlab' -- "$cur")) ;;
            esac
            return 0 ;;
        --color|--colour) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return 0 ;;
        --emit) COMPREPLY=($(compgen -W 'json' -- "$cur")); return 0 ;;
        --from) COMPREPLY=($(compgen -W 'markdown yaml csv' -- "$cur")); return 0 ;;
        --project) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
        --policy|-o|--output|--checkins) _okrc_files; return 0 ;;
        --feed)
            COMPREPLY=($(compgen -W 'sqlite: postgres:' -- "$cur"))
            compopt -o nospace 2>/dev/null
            _okrc_files; return 0 ;;
        --at|--table|--cycle) return 0 ;;
    esac

    local common='--policy --no-policy --color --colour -o --output -h --help'
    local opts=
    case $cmd in
        check) opts="--format $common --werror --fix --diff --project --no-project --checkins --" ;;
        compile) opts="--emit $common --" ;;
        grade) opts="--feed --at --format $common --strict-feeds --allow-native --checkins --history --" ;;
        fmt) opts='--check --diff -h --help --' ;;
        diff) opts='--format --at -o --output -h --help --' ;;
        feed) opts='--table -h --help' ;;
        init) opts='--cycle --force -h --help' ;;
        import) opts='--from --cycle -o --output -h --help --' ;;
        lsp|version) opts='-h --help' ;;
        explain|help) opts='-h --help' ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    case $cmd in
        check|compile|grade|fmt) _okrc_files okr ;;
        diff) # OLD and NEW: a directory, a file or a git revision
            _okrc_files okr
            COMPREPLY+=($(compgen -W "HEAD $(git for-each-ref --format='%(refname:short)' refs/heads refs/tags 2>/dev/null)" -- "$cur")) ;;
        init) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
        import) _okrc_files ;;
        feed)
            local n=0
            for ((i = 1; i < COMP_CWORD; i++)); do
                case ${COMP_WORDS[i]} in -*|=) ;; *) n=$((n + 1)) ;; esac
            done
            if [ "$n" -le 1 ]; then COMPREPLY=($(compgen -W 'import' -- "$cur")); else _okrc_files; fi ;;
        explain)
            local codes
            codes=$("${COMP_WORDS[0]}" explain 2>/dev/null | awk '$1 ~ /^OKR[0-9]+$/ { print $1; print $3 }')
            COMPREPLY=($(compgen -W "$codes" -- "$cur")) ;;
        help) COMPREPLY=($(compgen -W "${commands% version}" -- "$cur")) ;;
    esac
    return 0
}
complete -F _okrc okrc
