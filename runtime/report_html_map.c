/* report_html_map.c: the alignment parts of the HTML report.
 *
 * The map the report opens with (spec.md, "HTML"): every objective, from
 * the company's down to the teams', as nested lists of boxes, each
 * coloured by its state and saying that state in words too, so colour is
 * never the only carrier (and the page still reads in print or to a
 * screen reader). Then, inside each objective's card, the table of the
 * objectives aligned to it. Pure HTML and CSS: no script, no external
 * resource. The layout comes from the report model's map (report_rollup.c),
 * already in pre-order with depths; this file only renders it, escaping
 * all user text with the page's own escaper. */
#include "report_internal.h"

void rpt_html_map_style(FILE *out)
{
    fputs("<style>\n"
          ".map ul{list-style:none;margin:0;padding-left:26px;border-left:2px solid var(--line)}\n"
          ".map>ul{padding-left:0;border-left:0}\n"
          ".map li{margin:6px 0}\n"
          ".map .node{display:inline-block;background:#fff;border:1px solid var(--line);border-left:6px solid var(--none);"
          "border-radius:6px;padding:4px 10px}\n"
          ".map .node.good{border-left-color:var(--good);background:var(--good-bg)}\n"
          ".map .node.mixed{border-left-color:var(--mixed);background:var(--mixed-bg)}\n"
          ".map .node.bad{border-left-color:var(--bad);background:var(--bad-bg)}\n"
          ".map .node a{color:inherit;font-weight:600;text-decoration:none}\n"
          ".map .node .state{font-weight:600;margin-left:6px}\n"
          ".map .node .facts{color:#374151;font-size:12px;margin-left:6px}\n"
          ".map .via{color:var(--muted);font-size:12px;margin-right:6px}\n"
          ".map .legend{color:var(--muted);font-size:12px;margin:0 0 8px}\n"
          ".map .legend span{display:inline-block;border-left:6px solid var(--none);padding:0 8px;margin-right:8px}\n"
          ".map .legend .good{border-left-color:var(--good)}\n.map .legend .mixed{border-left-color:var(--mixed)}\n"
          ".map .legend .bad{border-left-color:var(--bad)}\n"
          "</style>\n",
          out);
}

/* One box: the objective's name (a link to its card), its state in
 * words, its score and roll-up, its owner; above it, how it aligns. */
static void map_node(FILE *out, const rpt_model *model, const rpt_map_node *n, void (*h_text)(FILE *, const char *))
{
    const rpt_objective *o = n->objective;
    const okr_objective_grade *og = o->grade;
    size_t index = (size_t)(o - model->objectives);
    fputs("<li>", out);
    if (n->via) {
        fputs("<span class=\"via\">", out);
        if (n->via->through) {
            fputs("via key result ", out);
            h_text(out, n->via->through);
            fputs(" \xC2\xB7 ", out);
        }
        fprintf(out, "weight %s", n->via->weight);
        if (n->via->note)
            fprintf(out, " \xC2\xB7 %s", n->via->note);
        fputs("</span>", out);
    }
    fprintf(out, "<div class=\"node %s\" data-objective=\"", rpt_html_tone_class(o->tone));
    h_text(out, o->qualified);
    fprintf(out, "\" data-tone=\"%s\" data-state=\"", rpt_html_tone_class(o->tone));
    h_text(out, o->verdict);
    fprintf(out, "\"><a href=\"#objective-%zu\">", index + 1);
    h_text(out, o->qualified);
    fputs("</a><span class=\"state\">", out);
    h_text(out, o->verdict);
    fputs("</span><span class=\"facts\">", out);
    if (o->scored)
        fprintf(out, "score %.2f", og->score);
    else
        fputs("no score", out);
    if (o->rollup && o->contributor_count)
        fprintf(out, " \xC2\xB7 roll-up %s", o->rollup);
    if (o->rollup_status && o->contributor_count)
        fprintf(out, " (%s)", o->rollup_status);
    if (o->owner) {
        fputs(" \xC2\xB7 owner ", out);
        h_text(out, o->owner);
    }
    if (n->repeat)
        fputs(" \xC2\xB7 shown above", out);
    if (n->hidden)
        fprintf(out, " \xC2\xB7 continued below with the %zu %s aligned to it (the map is %d levels deep)", n->hidden,
                rpt_plural(n->hidden, "objective", "objectives"), RPT_MAP_DEPTH);
    fputs("</span></div>", out);
}

void rpt_html_map(FILE *out, const rpt_model *model, void (*h_text)(FILE *, const char *))
{
    if (!model->map_count)
        return;
    fputs("<section class=\"map\" id=\"map\" aria-labelledby=\"map-heading\">\n<h2 id=\"map-heading\">Alignment map</h2>\n"
          "<p class=\"legend\">Each objective, with the objectives aligned to it below it. "
          "<span class=\"good\">good</span><span class=\"mixed\">mixed</span><span class=\"bad\">bad</span>"
          "<span class=\"none\">no data or not graded</span>The state is written in every box.</p>\n",
          out);
    size_t depth = 0;
    fputs("<ul>", out);
    for (size_t i = 0; i < model->map_count; i++) {
        const rpt_map_node *n = &model->map[i];
        if (i > 0) {
            if (n->depth > depth) {
                fputs("\n<ul>", out); /* one deeper: the previous node's list of contributors */
            } else {
                fputs("</li>", out);
                for (; depth > n->depth; depth--)
                    fputs("</ul></li>", out);
            }
            fputc('\n', out);
        }
        depth = n->depth;
        map_node(out, model, n, h_text);
    }
    fputs("</li>", out);
    for (; depth > 0; depth--)
        fputs("</ul></li>", out);
    fputs("</ul>\n</section>\n", out);
}

/* Inside an objective's card: the objectives aligned to it. */
void rpt_html_contributors(FILE *out, const rpt_objective *o, void (*h_text)(FILE *, const char *))
{
    if (!o->contributor_count)
        return;
    fprintf(out, "<h4>Aligned to it</h4>\n<p class=\"%s\">", rpt_html_tone_class(o->rollup_tone));
    h_text(out, o->rollup_line);
    if (o->rollup_status) {
        fputs(" \xC2\xB7 roll-up status ", out);
        h_text(out, o->rollup_status);
    }
    for (size_t i = 0; i < o->grade->kr_count; i++) {
        if (!o->krs[i].rollup)
            continue;
        fputs("<br/>key result <code>", out);
        h_text(out, o->krs[i].label);
        fputs("</code>: roll-up ", out);
        h_text(out, o->krs[i].rollup);
    }
    fputs("</p>\n<table class=\"contributors\">\n<thead><tr><th>Objective</th><th>Through</th><th class=\"num\">Weight</th>"
          "<th class=\"num\">Roll-up</th><th>Verdict</th><th>Owner</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t k = 0; k < o->contributor_count; k++) {
        const rpt_contributor *c = &o->contributors[k];
        fputs("<tr><td>", out);
        h_text(out, c->objective->qualified);
        fputs("</td><td>", out);
        if (c->through) {
            fputs("<code>", out);
            h_text(out, c->through);
            fputs("</code>", out);
        } else {
            fputs("\xE2\x80\x94", out);
        }
        fprintf(out, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td><span class=\"pill %s\">", c->weight,
                c->rollup ? c->rollup : "\xE2\x80\x94", rpt_html_tone_class(c->objective->tone));
        h_text(out, c->objective->verdict);
        fputs("</span>", out);
        if (c->rollup_status)
            fprintf(out, "<div class=\"detail %s\">roll-up status %s</div>", rpt_html_tone_class(c->objective->rollup_tone),
                    c->rollup_status);
        if (c->note)
            fprintf(out, "<div class=\"detail\">%s</div>", c->note);
        fputs("</td><td>", out);
        h_text(out, c->objective->owner ? c->objective->owner : "\xE2\x80\x94");
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}
