/* fuzz_lsp.c: arbitrary bytes -> one language-server session.
 *
 * The input is what a client writes to the server's stdin: Content-Length
 * framed JSON-RPC messages (or anything else), read by lsp/jsonrpc.c and
 * dispatched as `okrc lsp` dispatches them, until `exit` or the end of the
 * input; replies go to /dev/null. Every didOpen and didChange rebuilds and
 * checks the program, so a sequence of messages reaches the checker, the
 * navigation, completion and formatting requests on the documents it
 * opened.
 *
 * The session never reads the disk: a workspace root (rootUri, rootPath or
 * workspaceFolders) would make the server walk a real directory, slowly
 * and differently on every machine. So the harness spoils those keys
 * before the server sees them ("ro0t", "F0lders"), and the JSON escapes of
 * ASCII characters that could spell them ("\u0072oot" becomes "\x0072oot",
 * a bad escape); other escapes stay. Nor does it write: go-to-definition
 * on a standard-library metric writes a copy of the module under the
 * user's cache directory, so the harness leaves the server none (no HOME,
 * no XDG_CACHE_HOME) and the answer is null. The standard library is
 * prepared once per process (okr_lsp_serve). */
#include "fuzz_common.h"

#include "../../checker/program.h"
#include "../../lsp/lsp.h"

static void spoil(char *p, size_t n, const char *key, size_t at, char with)
{
    for (const char *hit = fuzz_find(p, p + n, key); hit; hit = fuzz_find(hit + 1, p + n, key))
        p[(size_t)(hit - p) + at] = with;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static okr_prepared_stdlib *std;
    if (!std) {
        std = okr_stdlib_prepare();
        unsetenv("HOME");
        unsetenv("XDG_CACHE_HOME");
    }
    if (size == 0)
        return 0; /* fmemopen wants at least one byte */
    char *copy = malloc(size);
    if (!copy)
        fuzz_die("out of memory");
    memcpy(copy, data, size);
    spoil(copy, size, "root", 2, '0');
    spoil(copy, size, "Folders", 1, '0');
    for (size_t i = 0; i + 4 < size; i++)
        if (copy[i] == '\\' && copy[i + 1] == 'u' && copy[i + 2] == '0' && copy[i + 3] == '0' &&
            copy[i + 4] >= '0' && copy[i + 4] <= '7')
            copy[i + 1] = 'x';
    FILE *in = fmemopen(copy, size, "r");
    if (!in)
        fuzz_die("fmemopen failed");
    okr_lsp_serve(in, fuzz_devnull(), std);
    fclose(in);
    free(copy);
    return 0;
}
