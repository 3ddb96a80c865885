/* report_html_checkin.c: the owners' check-ins in the HTML report (spec.md,
 * "Human check-ins" and "HTML").
 *
 * Kept apart from report_html.c so that the check-in parts of the page
 * (their CSS, the header line, and per objective a table of the latest
 * check-in of each key result beside its status) can change without
 * touching the charts. Like every writer it only renders: the latest
 * check-in and the disagreement were decided by grading (checkin.c) and
 * worded by the report model; user text goes through rpt_html_text. */
#include "report_internal.h"

#include "checkin.h"

void rpt_html_checkin_style(FILE *out)
{
    fputs(".checkins td.conf{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
          ".meter{display:inline-block;width:60px;height:6px;background:var(--line);border-radius:3px;"
          "overflow:hidden;vertical-align:middle;margin-left:6px}\n"
          ".meter span{display:block;height:100%;background:#4f46e5}\n"
          "tr.disagree td{background:var(--mixed-bg)}\n"
          ".note{font-style:italic;color:#374151}\n",
          out);
}

void rpt_html_checkin_summary(FILE *out, const rpt_totals *t)
{
    if (!t->checkins)
        return;
    fputs("<p class=\"sub\">Check-ins: ", out);
    rpt_html_text(out, t->checkins);
    fputs(".</p>\n", out);
}

static void checkin_row(FILE *out, const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    const struct okr_checkin *c = kg->checkin;
    fprintf(out, "<tr%s><td><span class=\"kr-title\">", row->disagreement ? " class=\"disagree\"" : "");
    rpt_html_text(out, row->heading);
    fputs("</span></td>\n<td class=\"conf\">", out);
    /* The meter is the confidence out of 10, as a share of its width. */
    fprintf(out, "%d/10<span class=\"meter\" role=\"img\" aria-label=\"confidence %d of 10\">"
                 "<span style=\"width:%d%%\"></span></span>",
            c->confidence, c->confidence, c->confidence * 10);
    fputs("<div class=\"detail\">", out);
    rpt_html_text(out, row->checkin);
    fputs("</div></td>\n<td>", out);
    if (row->state)
        rpt_html_pill(out, row->state_tone, row->state);
    if (row->disagreement) {
        fputs(" ", out);
        rpt_html_pill(out, RPT_TONE_MIXED, "disagrees");
        fputs("<div class=\"detail\">", out);
        rpt_html_text(out, row->disagreement);
        fputs("</div>", out);
    }
    fputs("</td>\n<td class=\"note\">", out);
    rpt_html_text(out, row->checkin_note);
    fputs("</td></tr>\n", out);
}

void rpt_html_checkins(FILE *out, const rpt_objective *o)
{
    const okr_objective_grade *og = o->grade;
    if (!o->checkins_shown)
        return;
    fputs("<h4>Owners&#39; check-ins</h4>\n<table class=\"checkins\">\n<thead><tr><th>Key result</th>"
          "<th>Confidence</th><th>Data says</th><th>Note</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < og->kr_count; i++)
        if (o->krs[i].checkin)
            checkin_row(out, &o->krs[i]);
    fputs("</tbody>\n</table>\n", out);
}
