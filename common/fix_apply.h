/* fix_apply.h: choosing the edits of several fixes and applying them to a
 * text (spec.md, "Fixes").
 *
 * Pure functions on edits and bytes, no I/O: `okrc check --fix` (cli/fix.c)
 * gathers the edits of one file's machine-applicable fixes into an edit set
 * and applies it, and the text renderer applies one fix's edits to the
 * lines it shows, so a suggestion shows exactly what --fix writes.
 *
 * Two edits overlap when their byte ranges share a byte, or when both start
 * at one offset and one of them inserts (which goes first would be a
 * guess); an edit identical to one in the set (same range, same
 * replacement) is not an overlap but the same edit, applied once. */
#ifndef OKR_FIX_APPLY_H
#define OKR_FIX_APPLY_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* The edits chosen for one file: sorted by start, none overlapping. */
typedef struct okr_edit_set {
    okr_edit *edits; /* malloc'ed; the replacements are borrowed */
    size_t len, cap;
} okr_edit_set;

/* 1 when the two edits overlap as described above (identical edits do). */
int okr_edits_overlap(const okr_edit *a, const okr_edit *b);

/* Takes every edit of `fix` into the set, or none: returns 0 (set
 * unchanged) when one of them overlaps an edit of the set that is not
 * identical to it, else 1. A set holds the edits of one file: their file
 * ids are not compared, since a file checked twice has two. */
int okr_edit_set_add_fix(okr_edit_set *set, const okr_fix *fix);
void okr_edit_set_free(okr_edit_set *set);

/* Applies `n` sorted, non-overlapping edits to `text`, the bytes of a file
 * from offset `base` on (`len` of them); every edit must lie inside. Returns
 * a malloc'ed NUL-terminated text and its length in *out_len. */
char *okr_edits_apply(const char *text, size_t len, uint32_t base, const okr_edit *edits, size_t n,
                      size_t *out_len);

#endif
