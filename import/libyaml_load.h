/* libyaml_load.h: libyaml, the YAML parser, loaded with dlopen when
 * `okrc import` first reads a YAML file (spec.md, "okrc import").
 *
 * okrc is not linked with libyaml: every library linked is loaded and
 * relocated at each start of okrc, and only YAML imports need this one
 * (issue 13 counts each). Like libpq (runtime/libpq_load.h, the pattern),
 * the functions are called through a table of pointers resolved with
 * dlsym (runtime/dynlib.h), each of the type of the function's own
 * declaration in <yaml.h> (__typeof__), so the compiler checks every call
 * against libyaml's real signatures. The header (libyaml-dev) is a build
 * dependency; the library (libyaml-0-2) a run-time one, for YAML only.
 *
 * An okr_libyaml is an ordinary object its caller owns and zero-initialises;
 * there is no global one. */
#ifndef OKR_LIBYAML_LOAD_H
#define OKR_LIBYAML_LOAD_H

#include <yaml.h>

#include "../runtime/dynlib.h"

/* The soname, from the libyaml-0-2 package (Debian and Ubuntu; libyaml on
 * Fedora). OKRC_LIBYAML names another file to open instead, a test hook. */
#define OKR_LIBYAML_SONAME "libyaml-0.so.2"
#define OKR_LIBYAML_ENV "OKRC_LIBYAML"
#define OKR_LIBYAML_HELP                                                                                          \
    "YAML import needs libyaml (" OKR_LIBYAML_SONAME "): install it with `apt-get install libyaml-0-2` (Debian, " \
    "Ubuntu) or `dnf install libyaml` (Fedora), or export the OKRs as Markdown or CSV"

#define OKR_LIBYAML_FUNCTIONS(X)                                                                                   \
    X(yaml_parser_initialize)                                                                                      \
    X(yaml_parser_delete)                                                                                          \
    X(yaml_parser_set_input_string)                                                                                \
    X(yaml_parser_load)                                                                                            \
    X(yaml_document_delete)                                                                                        \
    X(yaml_document_get_root_node)                                                                                 \
    X(yaml_document_get_node)

typedef struct okr_libyaml {
    okr_dynlib lib; /* lib.error says why, when it cannot be loaded */
#define OKR_LIBYAML_POINTER(name) __typeof__(&name) name;
    OKR_LIBYAML_FUNCTIONS(OKR_LIBYAML_POINTER)
#undef OKR_LIBYAML_POINTER
} okr_libyaml;

/* Loads libyaml into a zeroed (or loaded) *y. Returns 0, or -1 with
 * y->lib.error saying why (the library's name included). */
int okr_libyaml_load(okr_libyaml *y);

/* Unloads it and zeroes *y; harmless when it was never loaded. */
void okr_libyaml_close(okr_libyaml *y);

#endif
