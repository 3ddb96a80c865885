/* read_yaml.c: OKRs kept as YAML, in the layout of okrchestra and its
 * like (spec.md, "okrc import"):
 *
 *   objectives:
 *     - objective_id: OBJ-RELIABILITY
 *       objective: Customers can rely on the API
 *       owner_id: team-platform
 *       key_results:
 *         - kr_id: KR-UPTIME
 *           description: Increase API uptime to 99.9%
 *           metric_key: api.uptime.pct
 *           baseline: 99.3
 *           target: 99.9
 *
 * libyaml parses (loaded with dlopen on first use: libyaml_load.h); this
 * file walks its document tree. Keys are matched case-insensitively, with
 * the usual synonyms (title, description, owner, krs, goal); keys it does
 * not know (confidence, status, evidence) are skipped. A key result may
 * also be a plain string. The root may be the mapping above or the list of
 * objectives itself. A YAML syntax error is OKR852 at libyaml's line; a
 * document of another shape is OKR853 at the node that does not fit. */
#include "import_model.h"

#include <string.h>
#include <strings.h>

#include "libyaml_load.h"

typedef struct yaml_walk {
    imp_ctx *c;
    okr_libyaml *y;
    yaml_document_t *doc;
    size_t work; /* key results and their keys read so far */
} yaml_walk;

/* More key results (counting their keys) than any team writes: aliases
 * (*a) repeating lists of lists, or a mapping of many keys, could
 * otherwise make a small file cost time without bound. */
enum { YAML_MAX_WORK = 1000000 };

/* The byte offset of a libyaml mark (its line, and its column counted in
 * characters). */
static size_t yaml_offset(const imp_ctx *c, yaml_mark_t mark)
{
    size_t i = 0, line = 0;
    while (i < c->len && line < mark.line) {
        if (c->text[i] == '\n' || (c->text[i] == '\r' && (i + 1 >= c->len || c->text[i + 1] != '\n')))
            line++;
        i++;
    }
    for (size_t col = 0; col < mark.column && i < c->len && c->text[i] != '\n' && c->text[i] != '\r'; col++) {
        i++;
        while (i < c->len && ((unsigned char)c->text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static okr_span yaml_node_span(const yaml_walk *w, const yaml_node_t *n)
{
    size_t start = yaml_offset(w->c, n->start_mark);
    size_t end = yaml_offset(w->c, n->end_mark);
    /* A block node's end lies on a later line: point at its first line only. */
    size_t eol = start;
    while (eol < w->c->len && w->c->text[eol] != '\n' && w->c->text[eol] != '\r')
        eol++;
    return imp_span(w->c, start, end < eol && end > start ? end : eol);
}

static const char *yaml_scalar(const yaml_walk *w, const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    return imp_trim(w->c->arena, (const char *)n->data.scalar.value, n->data.scalar.length);
}

/* The value of mapping n's key named `names[0]`, else `names[1]`, ...: the
 * list is in order of preference (a `baseline` before a `current`), or
 * NULL. */
static yaml_node_t *yaml_get(const yaml_walk *w, const yaml_node_t *n, const char *const *names)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return NULL;
    for (; *names; names++) {
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = w->y->yaml_document_get_node(w->doc, p->key);
            if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(*names) &&
                strncasecmp((const char *)k->data.scalar.value, *names, k->data.scalar.length) == 0)
                return w->y->yaml_document_get_node(w->doc, p->value);
        }
    }
    return NULL;
}

static const char *yaml_get_text(const yaml_walk *w, const yaml_node_t *n, const char *const *names)
{
    const char *s = yaml_scalar(w, yaml_get(w, n, names));
    return s && *s ? s : NULL;
}

static int yaml_shape(const yaml_walk *w, const yaml_node_t *n, const char *what, const char *help)
{
    okr_diag *d = okr_diag_report(w->c->diags, OKR853, yaml_node_span(w, n), "%s", what);
    okr_diag_help(w->c->diags, d, "%s", help);
    return -1;
}

static const char *const K_TITLE[] = {"description", "title", "key_result", "kr", "name", "text", NULL};
static const char *const K_KR_ID[] = {"kr_id", "id", "key", NULL};
static const char *const K_METRIC[] = {"metric_key", "metric", "metric_name", NULL};
static const char *const K_BASELINE[] = {"baseline", "start", "from", "current", NULL};
static const char *const K_TARGET[] = {"target", "goal", "to", NULL};
static const char *const K_UNIT[] = {"unit", "units", NULL};
static const char *const K_OBJ[] = {"objective", "title", "statement", "name", "description", NULL};
static const char *const K_OBJ_ID[] = {"objective_id", "id", "key", NULL};
static const char *const K_OWNER[] = {"owner", "owner_id", "team", "dri", NULL};
static const char *const K_KRS[] = {"key_results", "keyresults", "key results", "krs", "results", NULL};
static const char *const K_OBJS[] = {"objectives", "okrs", "goals", NULL};
static const char *const K_TEAM[] = {"team", "team_name", NULL};
static const char *const K_CYCLE[] = {"cycle", "quarter", "period", NULL};

static int yaml_kr(yaml_walk *w, imp_objective *o, yaml_node_t *n)
{
    uint32_t line = (uint32_t)n->start_mark.line + 1;
    w->work += 1;
    if (n->type == YAML_MAPPING_NODE)
        w->work += (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (w->work > YAML_MAX_WORK) {
        okr_diag *d = okr_diag_report(w->c->diags, OKR852, yaml_node_span(w, n),
                                      "more key results and keys than okrc reads (%d; aliases repeat them)",
                                      YAML_MAX_WORK);
        okr_diag_help(w->c->diags, d, "write each key result once, with only the keys it needs");
        return -1;
    }
    const char *title = yaml_scalar(w, n);
    if (n->type == YAML_MAPPING_NODE)
        title = yaml_get_text(w, n, K_TITLE);
    if (!title || !*title)
        return yaml_shape(w, n, "key result has no text",
                          "give each key result a `description:` (or `title:`), or write it as a plain string");
    int label;
    imp_kr *k = imp_add_kr(w->c, o, imp_strip_label(title, &label), line);
    k->name = yaml_get_text(w, n, K_KR_ID);
    k->metric_key = yaml_get_text(w, n, K_METRIC);
    k->baseline = yaml_get_text(w, n, K_BASELINE);
    k->target = yaml_get_text(w, n, K_TARGET);
    k->unit = yaml_get_text(w, n, K_UNIT);
    return 0;
}

static int yaml_objective(yaml_walk *w, imp_doc *doc, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return yaml_shape(w, n, "objective is not a mapping",
                          "write each objective as `- objective: TEXT` with its `key_results:` list");
    const char *statement = yaml_get_text(w, n, K_OBJ);
    if (!statement)
        return yaml_shape(w, n, "objective has no text", "give the objective an `objective:` (or `title:`) key");
    int label;
    imp_objective *o = imp_add_objective(w->c, doc, imp_strip_label(statement, &label),
                                         (uint32_t)n->start_mark.line + 1);
    o->name = yaml_get_text(w, n, K_OBJ_ID);
    o->owner = yaml_get_text(w, n, K_OWNER);
    yaml_node_t *krs = yaml_get(w, n, K_KRS);
    if (!krs)
        return 0; /* an objective without key results: the check says so */
    if (krs->type != YAML_SEQUENCE_NODE)
        return yaml_shape(w, krs, "key_results is not a list", "write the key results as a list: `- description: ...`");
    for (yaml_node_item_t *it = krs->data.sequence.items.start; it < krs->data.sequence.items.top; it++)
        if (yaml_kr(w, o, w->y->yaml_document_get_node(w->doc, *it)) < 0)
            return -1;
    return 0;
}

static int yaml_walk_root(yaml_walk *w, imp_doc *doc, yaml_node_t *root)
{
    yaml_node_t *objs = root;
    if (root->type == YAML_MAPPING_NODE) {
        doc->team_title = yaml_get_text(w, root, K_TEAM);
        const char *cycle = yaml_get_text(w, root, K_CYCLE);
        if (cycle)
            doc->cycle = imp_find_cycle(w->c->arena, cycle);
        objs = yaml_get(w, root, K_OBJS);
        if (!objs)
            return yaml_shape(w, root, "the YAML document has no `objectives` key",
                              "list the objectives under `objectives:`, each with `objective:` and `key_results:`");
    }
    if (objs->type != YAML_SEQUENCE_NODE)
        return yaml_shape(w, objs, "objectives is not a list",
                          "write the objectives as a list: `- objective: TEXT`");
    for (yaml_node_item_t *it = objs->data.sequence.items.start; it < objs->data.sequence.items.top; it++)
        if (yaml_objective(w, doc, w->y->yaml_document_get_node(w->doc, *it)) < 0)
            return -1;
    return 0;
}

int imp_read_yaml(imp_ctx *c, imp_doc *doc, okr_libyaml *y)
{
    if (okr_libyaml_load(y) != 0)
        return -2;
    yaml_parser_t parser;
    yaml_document_t document;
    if (!y->yaml_parser_initialize(&parser))
        return -2;
    y->yaml_parser_set_input_string(&parser, (const unsigned char *)c->text, c->len);
    if (!y->yaml_parser_load(&parser, &document)) {
        size_t at = yaml_offset(c, parser.problem_mark);
        okr_diag *d = okr_diag_report(c->diags, OKR852, imp_span(c, at, at < c->len ? at + 1 : at),
                                      "YAML syntax error: %s", parser.problem ? parser.problem : "unknown error");
        okr_diag_help(c->diags, d, "fix the YAML here (indentation, a ':' after each key, quotes closed)");
        if (parser.context) { /* where what was being read started: an open quote, a list */
            size_t from = yaml_offset(c, parser.context_mark);
            okr_diag_note(c->diags, d, imp_span(c, from, from < c->len ? from + 1 : from), "%s started here",
                          parser.context + (strncmp(parser.context, "while ", 6) == 0 ? 6 : 0));
        }
        y->yaml_parser_delete(&parser);
        return -1;
    }
    yaml_walk w = {c, y, &document, 0};
    yaml_node_t *root = y->yaml_document_get_root_node(&document);
    int r = 0;
    if (!root) {
        okr_diag *d = okr_diag_report(c->diags, OKR851, imp_span(c, 0, 0), "the YAML file holds no document");
        okr_diag_help(c->diags, d, "list the objectives under `objectives:`, each with `objective:` and "
                                   "`key_results:`");
        r = -1;
    } else {
        r = yaml_walk_root(&w, doc, root);
    }
    y->yaml_document_delete(&document);
    y->yaml_parser_delete(&parser);
    return r;
}
