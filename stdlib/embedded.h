/* embedded.h: the standard library files compiled into okrc.
 *
 * The files under stdlib/std/ are written in the .okr language itself and
 * embedded at build time by tools/embed.c (build/gen/stdlib_embed.c). The
 * name is the module path on disk: "std/product.okr" is module std.product;
 * "std/vocabulary.okr" holds the default policy and activity vocabulary. */
#ifndef OKR_EMBEDDED_H
#define OKR_EMBEDDED_H

#include <stddef.h>

typedef struct okr_embedded_file {
    const char *name;
    const char *text;
    size_t len;
} okr_embedded_file;

extern const okr_embedded_file okr_stdlib_files[];
extern const size_t okr_stdlib_count;

#endif
