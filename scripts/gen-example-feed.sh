#!/usr/bin/env bash
# scripts/gen-example-feed.sh: writes examples/metrics/analytics.csv, the
# weekly metric feed of the example company for 2026-Q3 (and the company's
# second half-year). Deterministic: the same script writes the same file.
# Each line below is: feed name, value on 2026-07-06, value on 2026-09-28,
# and a wobble amplitude; a few metrics have a deliberate story (a spike that
# breaches a guardrail, a cap crept over) so the report has something to show.
# Values are in the metric type's base unit (percent in points, durations in
# seconds, money in currency units).
set -eu
out=${1:-examples/metrics/analytics.csv}
awk -v OFS=, '
BEGIN {
    n = split("d7_activation 22 31.5 0.4|growth.data_source_connect_rate 38 44 0.5|time_to_first_value 259200 129600 3600|growth.first_dashboard_shared_rate 9 16.5 0.3|first_week_ticket_rate 10 10.5 0.4|d30_retention 41 42 0.3|trial_to_paid 11 13.6 0.2|arpa 310 342 2|mrr_churn_rate 2.3 2.1 0.1|cac 1080 1170 10|payback_period 31104000 31536000 86400|company.self_serve_arr 6200000 7150000 20000|net_revenue_retention 108 111 0.2|company.arr 48000000 51200000 100000|company.assistant_weekly_accounts 420 640 8|gross_revenue_retention 91.5 92 0.2|support_tickets_per_week 610 630 12|availability 99.97 99.98 0.005|incidents_sev1 0 1 0|compliance_controls_passing 100 100 0|nps 34 38 0.2|hallucination_rate 9.5 6.6 0.2|groundedness 82 87 0.4|retrieval_recall 76 86.5 0.5|answer_accuracy 71 77.5 0.3|user_thumbs_up_rate 58 63 0.4|human_escalation_rate 24 19 0.3|response_latency_p95 7.2 6.4 0.3|cost_per_task 0.041 0.038 0.001|safety_violation_rate 0.06 0.05 0.01|pii_leak_rate 0 0 0|jailbreak_success_rate 1.4 1.1 0.1", spec, "|")
    print "metric", "timestamp", "value"
    for (i = 1; i <= n; i++) {
        split(spec[i], f, " ")
        for (w = 0; w <= 12; w++) {
            day = 6 + 7 * w                      # Mondays from 2026-07-06
            month = day <= 31 ? 7 : day <= 62 ? 8 : 9
            dom = day <= 31 ? day : day <= 62 ? day - 31 : day - 62
            v = f[2] + (f[3] - f[2]) * w / 12 + f[4] * sin(w * 1.7 + i)
            if (f[1] == "first_week_ticket_rate" && w == 5) v = 13.2   # onboarding spike
            if (f[1] == "incidents_sev1") v = w < 7 ? 0 : 1
            if (f[1] == "cac" && w >= 10) v = 1160 + 5 * (w - 10)       # the cap creeps over
            printf "%s,2026-%02d-%02dT09:00:00Z,%.6g\n", f[1], month, dom, v
        }
    }
}' > "$out"
echo "wrote $out ($(($(wc -l < "$out") - 1)) rows)"
