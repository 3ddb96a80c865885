/* fmt.h: the canonical layout of .okr files (`okrc fmt`, spec.md "Formatting").
 *
 * One style, no options, in the spirit of gofmt: two-space indentation in
 * blocks, the `:` column of consecutive metric declarations aligned, single
 * spaces between tokens, one blank line between objectives, at most one
 * blank line kept where the author left some, and every comment kept where
 * it belongs (on its own line above what it precedes, or at the end of the
 * line it trails). Leaves (names, strings, numbers with their units) are
 * copied from the source as written, so formatting never changes a value:
 * the formatted program compiles to the same JSON. Formatting is
 * idempotent. A file with syntax errors is not formatted. */
#ifndef OKR_FMT_H
#define OKR_FMT_H

#include <stddef.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/source.h"

/* Formats the text of one file. Returns 0 and the formatted text (in the
 * arena, NUL-terminated) when the file parses; returns -1 when it has input
 * or syntax errors (OKR0xx), which are recorded in diags. `path` is used in
 * diagnostics only. */
int okr_fmt_text(okr_arena *arena, okr_source_table *sources, okr_diags *diags, const char *path,
                 const char *text, size_t len, char **out, size_t *out_len);

/* `okrc fmt [--check | --diff] [PATH...]`: formats files in place (each
 * replaced atomically: a temporary file in the same directory, then
 * rename), or with --check lists the files that would change and exits 1,
 * or with --diff prints a unified diff and exits 1 when any file differs.
 * Exit 2 on usage or I/O errors; a file with syntax errors is reported and
 * left untouched (exit 1). */
int okr_fmt_main(int argc, char **argv);

/* Prints a unified diff (diff -u, labels a/PATH and b/PATH) of the file at
 * `path` against `text` to standard output; `okrc check --fix --diff`
 * shows its changes the same way. Returns 0, or -1 after reporting. */
int okr_fmt_show_diff(const char *path, const char *text, size_t len);

#endif
