/* ast.c: constructors and names for the syntax tree; see ast.h. */
#include "ast.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A path's count shares okr_name's padding, never its text or span. */
_Static_assert(offsetof(okr_path, count) >= offsetof(okr_name, span) + sizeof(okr_span),
               "okr_path.count overlaps the part it shares storage with");

const okr_quantity okr_quantity_none;
const okr_string okr_string_none;
const okr_kr_more okr_kr_none; /* no owner, no weight: all zero */
const okr_metric_more okr_metric_none; /* no currency, score range or feed clause */

okr_path *okr_ast_path(okr_arena *arena, okr_name first)
{
    okr_path *p = okr_arena_alloc(arena, sizeof *p);
    p->only = first;
    p->count = 1; /* after `only`: the copy may write okr_name's padding */
    p->parts = &p->only;
    return p;
}

void okr_ast_path_append(okr_arena *arena, okr_textset *words, okr_path *path, okr_name part)
{
    okr_name *parts = okr_arena_alloc(arena, (size_t)(path->count + 1) * sizeof *parts);
    memcpy(parts, path->parts, (size_t)path->count * sizeof *parts);
    parts[path->count++] = part;
    path->parts = parts;
    /* A dotted name is a name: interned like the parts (many files align
     * to the same company.objective), unless it is too long to join here. */
    char joined[256];
    int n = snprintf(joined, sizeof joined, "%s.%s", path->text, part.text);
    if (words && n >= 0 && (size_t)n < sizeof joined)
        path->text = okr_textset_intern(words, joined, (size_t)n);
    else
        path->text = okr_arena_printf(arena, "%s.%s", path->text, part.text);
    path->span = okr_span_join(path->span, part.span);
}

okr_kr_more *okr_ast_kr_more(okr_arena *arena, okr_kr *kr)
{
    if (kr->more != &okr_kr_none)
        return (okr_kr_more *)kr->more; /* made below: the parser's to write */
    okr_kr_more *more = okr_arena_alloc(arena, sizeof *more);
    kr->more = more;
    return more;
}

okr_metric_decl *okr_ast_metric(okr_arena *arena, okr_type_kind type, okr_span type_span)
{
    okr_metric_decl *m = okr_arena_alloc(arena, sizeof *m);
    m->type = type;
    m->type_span = type_span;
    m->more = &okr_metric_none;
    return m;
}

okr_metric_more *okr_ast_metric_more(okr_arena *arena, okr_metric_decl *m)
{
    if (m->more != &okr_metric_none)
        return (okr_metric_more *)m->more; /* made below: the parser's to write */
    okr_metric_more *more = okr_arena_alloc(arena, sizeof *more);
    m->more = more;
    return more;
}

okr_decl *okr_ast_decl(okr_arena *arena, okr_decl_kind kind, void *node, okr_span span)
{
    okr_decl *d = okr_arena_alloc(arena, sizeof *d);
    d->kind = kind;
    d->node = node;
    d->span = span;
    return d;
}

void okr_ast_objective_add(okr_obj_items *open, okr_objective *obj, okr_obj_item_kind kind, void *node,
                           okr_span span)
{
    if (open->obj != obj) { /* a new objective; one never closed is dropped */
        open->obj = obj;
        open->len = open->krs = open->counters = open->aligns = 0;
    }
    if (open->len == open->cap) {
        size_t cap = open->cap ? open->cap * 2 : 16;
        okr_obj_item *grown = realloc(open->items, cap * sizeof *grown);
        if (!grown) {
            fprintf(stderr, "okrc: out of memory\n");
            abort();
        }
        open->items = grown;
        open->cap = cap;
    }
    open->items[open->len++] = (okr_obj_item){.node = node, .start = span.start, .kind = kind};
    switch (kind) {
    case OKR_OBJ_KR:
        open->krs++;
        break;
    case OKR_OBJ_COUNTER:
        open->counters++;
        break;
    case OKR_OBJ_ALIGNS:
        open->aligns++;
        break;
    case OKR_OBJ_OWNER:
        obj->owner = node;
        break;
    case OKR_OBJ_EXPECT:
        obj->has_expect = 1;
        obj->expect = node;
        break;
    }
}

okr_span okr_obj_item_span(const okr_obj_item *item)
{
    okr_span node = {OKR_NO_FILE, 0, 0};
    switch (item->kind) {
    case OKR_OBJ_OWNER:
        node = ((const okr_string *)item->node)->span;
        break;
    case OKR_OBJ_EXPECT:
        node = ((const okr_quantity *)item->node)->span;
        break;
    case OKR_OBJ_ALIGNS:
        node = ((const okr_align *)item->node)->span;
        break;
    case OKR_OBJ_KR:
        node = ((const okr_kr *)item->node)->span;
        break;
    case OKR_OBJ_COUNTER:
        node = ((const okr_counter *)item->node)->span;
        break;
    }
    return okr_span_make(node.file, item->start, node.end);
}

/* Points LIST at N slots of the block at *NEXT and moves *NEXT past them. */
static void take(okr_list *list, void ***next, size_t n)
{
    list->items = n ? *next : NULL;
    list->len = 0;
    *next += n;
}

void okr_ast_objective_finish(okr_arena *arena, okr_obj_items *open, okr_objective *obj)
{
    if (open->obj != obj || !open->len)
        return;
    /* One block for the items and the three lists, each exactly full. */
    size_t nodes = open->krs + open->counters + open->aligns;
    obj->items.items = okr_arena_alloc(arena, open->len * sizeof *obj->items.items + nodes * sizeof(void *));
    memcpy(obj->items.items, open->items, open->len * sizeof *open->items);
    obj->items.len = open->len;
    void **next = (void **)(obj->items.items + open->len); /* 24-byte items keep 8-byte alignment */
    take(&obj->krs, &next, open->krs);
    take(&obj->counters, &next, open->counters);
    take(&obj->aligns, &next, open->aligns);
    for (size_t i = 0; i < open->len; i++) {
        const okr_obj_item *item = &open->items[i];
        if (item->kind == OKR_OBJ_KR)
            obj->krs.items[obj->krs.len++] = item->node;
        else if (item->kind == OKR_OBJ_COUNTER)
            obj->counters.items[obj->counters.len++] = item->node;
        else if (item->kind == OKR_OBJ_ALIGNS)
            obj->aligns.items[obj->aligns.len++] = item->node;
    }
    open->obj = NULL;
    open->len = 0;
}

void okr_ast_obj_items_free(okr_obj_items *open)
{
    free(open->items);
    memset(open, 0, sizeof *open);
}

const char *okr_type_name(okr_type_kind type)
{
    switch (type) {
    case OKR_TYPE_PERCENT: return "percent";
    case OKR_TYPE_COUNT: return "count";
    case OKR_TYPE_NUMBER: return "number";
    case OKR_TYPE_DURATION: return "duration";
    case OKR_TYPE_MONEY: return "money";
    case OKR_TYPE_SCORE: return "score";
    case OKR_TYPE_NONE: break;
    }
    return "none";
}

const char *okr_archetype_name(okr_archetype arch)
{
    switch (arch) {
    case OKR_ARCH_COMMITTED: return "committed";
    case OKR_ARCH_ASPIRATIONAL: return "aspirational";
    case OKR_ARCH_LEARNING: return "learning";
    case OKR_ARCH_NONE: break;
    }
    return "none";
}

const char *okr_direction_name(okr_direction dir)
{
    switch (dir) {
    case OKR_DIR_INCREASING: return "increasing";
    case OKR_DIR_DECREASING: return "decreasing";
    case OKR_DIR_NONE: break;
    }
    return "none";
}
