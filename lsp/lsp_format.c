/* lsp_format.c: textDocument/formatting with okrc's one canonical layout
 * (format/fmt.h), the same as `okrc fmt`.
 *
 * The reply is a single TextEdit replacing the whole document, or no edit
 * at all when the text is already canonical or cannot be formatted (syntax
 * errors: the formatter refuses, and the diagnostics already say why).
 * Options the client sends (tab size, spaces) are ignored: there is one
 * style. The formatter gets its own session (arena, source table,
 * diagnostics), so a request leaves the checked program untouched. */
#include <string.h>

#include "../common/workspace.h"
#include "../format/fmt.h"
#include "lsp_internal.h"

int lsp_formatting(lsp_server *s, json_t *params, json_t **result)
{
    const char *uri;
    if (lsp_params_document(params, &uri) != 0)
        return LSP_INVALID_PARAMS;
    *result = json_array();
    lsp_file *f = lsp_file_for_uri(s, uri);
    if (!f || !f->unit)
        return 0;
    okr_workspace_session w;
    okr_workspace_session_init(&w);
    char *out = NULL;
    size_t out_len = 0;
    okr_source_file *src = okr_source_get(&s->view->prog.sources, f->id);
    if (okr_fmt_text(&w.arena, &w.sources, &w.diags, src->path, f->text, f->len, &out, &out_len) == 0 && out &&
        (out_len != f->len || memcmp(out, f->text, f->len) != 0)) {
        json_t *edit = json_object();
        json_object_set_new(edit, "range", lsp_range_json(f, 0, (uint32_t)f->len));
        json_object_set_new(edit, "newText", lsp_jstrn(out, out_len));
        json_array_append_new(*result, edit);
    }
    okr_workspace_session_free(&w);
    return 0;
}
