/* lsp.h: `okrc lsp`, a Language Server Protocol server on stdin/stdout
 * (spec.md, "Language server").
 *
 * JSON-RPC 2.0 with Content-Length framing, parsed with jansson. Open
 * documents and the workspace's other .okr files form one program, checked
 * as `okrc check` would; diagnostics are published on open and change. */
#ifndef OKR_LSP_H
#define OKR_LSP_H

#include <stdio.h>

/* Serves one session until `exit` or end of input. Returns the process exit
 * status: 0 after shutdown then exit, 1 after exit without shutdown (as the
 * protocol says) or end of input. */
int okr_lsp_main(FILE *in, FILE *out, int argc, char **argv);

/* The session itself, with a standard library the caller prepared
 * (checker/program.h) and keeps until it returns: okr_lsp_main prepares
 * one per session, the fuzz target one per process. */
struct okr_prepared_stdlib;
int okr_lsp_serve(FILE *in, FILE *out, const struct okr_prepared_stdlib *std);

#endif
