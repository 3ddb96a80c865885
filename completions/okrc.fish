# completions/okrc.fish: fish completion for okrc, installed as
# share/fish/vendor_completions.d/okrc.fish. Completes the commands, each
# command's options, the values of --format (per command), --color and
# --emit, the diagnostic codes after `explain` (asked of `okrc explain`),
# and .okr files and directories as PATHs. tests/cli/test_install.sh checks
# it against `okrc help`.

set -l commands check compile grade feed fmt diff lsp explain init import help version
complete -c okrc -f
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -l version -d 'print the version'
complete -c okrc -s h -l help -d 'show the usage'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a check -d 'check OKR files and directories'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a compile -d 'print the resolved program as JSON'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a grade -d 'grade key results against metric feeds'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a feed -d 'load a CSV feed into a SQLite database'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a fmt -d 'format files in the canonical layout'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a diff -d 'what changed between two versions of the OKRs'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a lsp -d 'run the language server on stdin/stdout'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a explain -d 'explain a diagnostic code'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a init -d 'write a starter project'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a import -d 'turn OKRs in Markdown, YAML or CSV into .okr source'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a help -d 'show help for a command'
complete -c okrc -n "not __fish_seen_subcommand_from $commands" -a version -d 'print the version'

# .okr files and directories as PATHs.
function __okrc_okr_paths
    set -l token (commandline -ct)
    for f in $token*
        if test -d $f
            echo $f/
        else if string match -q '*.okr' -- $f
            echo $f
        end
    end
end
complete -c okrc -n '__fish_seen_subcommand_from check compile grade fmt' -a '(__okrc_okr_paths)'

# check, compile and grade
complete -c okrc -n '__fish_seen_subcommand_from check' -l format -x -a 'text json sarif github gitlab' -d 'diagnostic format'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l format -x -a 'text json markdown html' -d 'report format'
complete -c okrc -n '__fish_seen_subcommand_from check compile grade' -l color -x -a 'auto always never' -d 'when to colour'
complete -c okrc -n '__fish_seen_subcommand_from check compile grade' -l colour -x -a 'auto always never' -d 'when to colour'
complete -c okrc -n '__fish_seen_subcommand_from check compile grade' -l policy -r -F -d 'read the policy from FILE'
complete -c okrc -n '__fish_seen_subcommand_from check compile grade' -l no-policy -d 'use the default policy only'
complete -c okrc -n '__fish_seen_subcommand_from check compile grade' -s o -l output -r -F -d 'write the output to FILE'
complete -c okrc -n '__fish_seen_subcommand_from check' -l werror -d 'exit 1 on warnings too'
complete -c okrc -n '__fish_seen_subcommand_from check' -l fix -d 'apply the machine-applicable fixes'
complete -c okrc -n '__fish_seen_subcommand_from check fmt' -l diff -d 'print a unified diff'
complete -c okrc -n '__fish_seen_subcommand_from check' -l project -x -a '(__fish_complete_directories)' -d 'the project root'
complete -c okrc -n '__fish_seen_subcommand_from check' -l no-project -d 'read the PATHs named only'
complete -c okrc -n '__fish_seen_subcommand_from check' -l checkins -r -F -d "also validate owners' check-ins (CSV or JSON Lines)"
complete -c okrc -n '__fish_seen_subcommand_from compile' -l emit -x -a json -d 'output form'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l feed -r -F -a 'sqlite: postgres:' -d 'a metric feed'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l at -x -d 'grade as of DATE (YYYY-MM-DD)'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l strict-feeds -d 'stop at the first malformed feed row'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l allow-native -d 'run the native functions metrics are bound to'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l history -d 'add scores cycle over cycle, with flags'
complete -c okrc -n '__fish_seen_subcommand_from grade' -l checkins -r -F -d "owners' check-ins (CSV or JSON Lines)"

# init
complete -c okrc -n '__fish_seen_subcommand_from init' -l cycle -x -d 'the quarter the OKRs are for (YYYY-QN)'
complete -c okrc -n '__fish_seen_subcommand_from init' -l force -d 'overwrite files that exist'
complete -c okrc -n '__fish_seen_subcommand_from init' -x -a '(__fish_complete_directories)'
# import (the command; `feed import` is the feed's subcommand)
complete -c okrc -n '__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from feed' -l from -x -a 'markdown yaml csv' -d 'the input format'
complete -c okrc -n '__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from feed' -l cycle -x -d 'the cycle when the input names none (YYYY-QN)'
complete -c okrc -n '__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from feed' -s o -l output -r -F -d 'write the .okr source to FILE'
complete -c okrc -n '__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from feed' -F
# fmt, feed, explain, help
complete -c okrc -n '__fish_seen_subcommand_from fmt' -l check -d 'list the files that would change'
complete -c okrc -n '__fish_seen_subcommand_from feed; and not __fish_seen_subcommand_from import' -a import -d 'load a CSV feed into a SQLite database'
complete -c okrc -n '__fish_seen_subcommand_from feed; and __fish_seen_subcommand_from import' -l table -x -d 'the table (default: metrics)'
complete -c okrc -n '__fish_seen_subcommand_from feed; and __fish_seen_subcommand_from import' -F
# The codes, asked of the okrc being completed.
function __okrc_codes
    set -l okrc (commandline -opc)[1]
    $okrc explain 2>/dev/null | string match -r '^OKR[0-9]+'
end
complete -c okrc -n '__fish_seen_subcommand_from explain' -x -a '(__okrc_codes)' -d 'diagnostic code'
complete -c okrc -n '__fish_seen_subcommand_from help' -x -a 'check compile grade feed fmt diff lsp explain init import help'

# diff OLD NEW [PATH...]: directories, files or git revisions
complete -c okrc -n '__fish_seen_subcommand_from diff' -a '(__okrc_okr_paths)'
complete -c okrc -n '__fish_seen_subcommand_from diff' -a '(git for-each-ref --format="%(refname:short)" refs/heads refs/tags 2>/dev/null; echo HEAD)'
complete -c okrc -n '__fish_seen_subcommand_from diff' -l format -x -a 'text json markdown' -d 'report format'
complete -c okrc -n '__fish_seen_subcommand_from diff' -l at -x -d '"now" for the flags (YYYY-MM-DD)'
complete -c okrc -n '__fish_seen_subcommand_from diff' -s o -l output -r -F -d 'write the report to FILE'
