#!/usr/bin/env bash
# test_rollup.sh: roll-up along alignment in the text, Markdown and HTML
# reports (spec.md, "Roll-up"; the JSON is pinned by tests/grade/rollup_*).
# Grades tests/grade/rollup_levels (company <- product <- web and mobile;
# sales through a company key result; a learning parent; an objective with
# no contributors) at the cycle's end and mid-cycle, checks the lines the
# text and Markdown reports give, and renders the HTML report in headless
# Chromium: the alignment map's nesting, the states written in its boxes,
# its colours in the screenshot. Also a 5,000-objective alignment chain:
# grading and the map stay bounded.
# Prints "ok NAME" or "not ok NAME" per check. Needs $OKRC; tools:
# xmllint (libxml2-utils), chromium, python3 (the screenshot's pixels).
set -u
OKRC=${OKRC:-build/okrc}
T=$(mktemp -d /tmp/okrc-rollup.XXXXXX)
trap 'rm -rf "$T"' EXIT
case_dir=tests/grade/rollup_levels

. "$(dirname "$0")/lib.sh"

grade() { # grade FORMAT OUT AT FEED
    "$OKRC" grade "$case_dir" --feed "$4" --at "$3" --format "$1" -o "$2" > "$T/grade.log" 2>&1
    local rc=$?
    [ "$rc" -le 1 ] || { sed 's/^/    /' "$T/grade.log" | head -5; return 1; }
}

end_feed=$case_dir/feed.csv
mid_feed=tests/grade/rollup_checkin/feed.csv

# ---- text
grade text "$T/end.txt" 2026-09-30 "$end_feed"
check "rollup text: roll-up line, key-result roll-up, contributors with owners" eval '
    file_has "$T/end.txt" "aligned to it: roll-up 0.54: 2 key results, 2 of 2 aligned objectives counted" &&
    file_has "$T/end.txt" "roll-up 0.57 with 1 aligned objective" &&
    file_has "$T/end.txt" "<- product.activation             weight 2   roll-up 0.53  partial; owner Priya Natarajan" &&
    file_has "$T/end.txt" "<- sales.pipeline via kr arr_up   weight 1   roll-up 0.65  partial; owner Sam Reyes" &&
    file_has "$T/end.txt" "not counted again: it counts once, by its first link" &&
    file_has "$T/end.txt" "not counted: a learning objective has no roll-up" &&
    file_has "$T/end.txt" "== team company: Company (owner Chief Executive) " &&
    file_has "$T/end.txt" "grow  [aspirational, 2026-Q3]  owner Chief Executive"'
# ops.uptime has no contributors: no roll-up block in its card.
check "rollup text: no block for an objective without contributors" eval '
    [ "$(sed -n "/^  uptime /,/^==/p" "$T/end.txt" | grep -c "aligned to it")" -eq 0 ]'
grade text "$T/mid.txt" 2026-08-15 "$mid_feed"
check "rollup text mid-cycle: roll-up status is the worst of the tree" eval '
    file_has "$T/mid.txt" "aligned to it: roll-up 0.43: 2 key results, 2 of 2 aligned objectives counted; roll-up status" &&
    [ "$(grep -A1 "aligned to it: roll-up 0.43" "$T/mid.txt" | tail -1 | tr -s " ")" = " off track" ] &&
    file_has "$T/mid.txt" "<- sales.pipeline via kr arr_up   weight 1   roll-up 0.50  incomplete (check-in)" &&
    file_has "$T/mid.txt" "<- product.activation             weight 2   roll-up 0.33  on track (check-in); roll-up status"'

# ---- Markdown
grade markdown "$T/end.md" 2026-09-30 "$end_feed"
grade markdown "$T/mid.md" 2026-08-15 "$mid_feed"
check "rollup markdown mid-cycle: a contributor's own roll-up status" \
    file_has "$T/mid.md" "| product.activation | — | 2 | 0.33 | ✅ on track (check-in) · roll-up status off track | Priya Natarajan |"
check "rollup markdown: aligned-to-it line and table" eval '
    file_has "$T/end.md" "**Aligned to it:** ⚠️ roll-up 0.54: 2 key results, 2 of 2 aligned objectives counted" &&
    file_has "$T/end.md" "- key result \`arr_up\`: roll-up 0.57 with 1 aligned objective" &&
    file_has "$T/end.md" "| Aligned objective | Through | Weight | Roll-up | Verdict | Owner |" &&
    file_has "$T/end.md" "| sales.pipeline | \`arr_up\` | 1 | 0.65 | ⚠️ partial | Sam Reyes |" &&
    file_has "$T/end.md" "| web.onboard | \`act\` | 5 | 0.50 | ⚠️ partial (not counted again: it counts once, by its first link) | Wes Brown |"'

# ---- HTML
grade html "$T/end.html" 2026-09-30 "$end_feed"
grade html "$T/mid.html" 2026-08-15 "$mid_feed"
if ! command -v xmllint > /dev/null 2>&1; then
    echo "not ok xmllint available (apt-get install libxml2-utils)"
    exit 0
fi
check "rollup html is well-formed XML" xmllint --noout "$T/end.html" "$T/mid.html"
check "rollup html: the map comes before the first team" eval '
    [ "$(grep -n "id=\"map\"" "$T/end.html" | cut -d: -f1)" -lt "$(grep -n "class=\"team\"" "$T/end.html" | head -1 | cut -d: -f1)" ]'

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "not ok chromium available (apt-get install chromium)"
    exit 0
fi
chrome() { # chrome PAGE ARGS...
    local page=$1
    shift
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/chrome" "$@" "file://$page"
}
chrome "$T/end.html" --dump-dom > "$T/end.dom" 2> "$T/chrome.log"
chrome "$T/mid.html" --dump-dom > "$T/mid.dom" 2> "$T/chrome.log"

# xpath DOM EXPR: evaluates an XPath over the DOM Chromium rendered.
xpath() { xmllint --html --xpath "$2" "$1" 2> /dev/null; }
map='//section[@id="map"]'
box() { echo "div[contains(concat(\" \",@class,\" \"),\" node \")][@data-objective=\"$1\"]"; }
check "rollup map in the rendered DOM: one box per objective and link" eval '
    [ "$(xpath "$T/end.dom" "count($map//$(box "*" | sed "s/\[@data-objective=\"\*\"\]//"))")" = 9 ]'
check "rollup map in the rendered DOM: company <- department <- team nesting" eval '
    [ "$(xpath "$T/end.dom" "count($map/ul/li[$(box company.grow)]/ul/li[$(box product.activation)]/ul/li/$(box mobile.onboard))")" = 1 ] &&
    [ "$(xpath "$T/end.dom" "count($map/ul/li[$(box company.grow)]/ul/li/$(box sales.pipeline))")" = 1 ] &&
    [ "$(xpath "$T/end.dom" "count($map/ul/li/$(box ops.uptime))")" = 1 ]'
check "rollup map in the rendered DOM: the key result and weight of each link" eval '
    [ "$(xpath "$T/end.dom" "string($map//li[$(box sales.pipeline)]/span[@class=\"via\"])")" = "via key result arr_up · weight 1" ] &&
    [ "$(xpath "$T/end.dom" "string($map//li[$(box product.activation)]/span[@class=\"via\"])")" = "weight 2" ]'
# Every box says its state in words, the same as its data-state, and is
# coloured by its tone.
check "rollup map in the rendered DOM: states in words, not only colour" eval '
    [ "$(xpath "$T/end.dom" "count($map//div[@data-state][span[@class=\"state\"] != @data-state])")" = 0 ] &&
    [ "$(xpath "$T/end.dom" "string($map//$(box company.grow)/span[@class=\"state\"])")" = partial ] &&
    [ "$(xpath "$T/end.dom" "string($map//$(box company.grow)/@class)")" = "node mixed" ] &&
    [ "$(xpath "$T/end.dom" "string($map//$(box ops.uptime)/span[@class=\"state\"])")" = passed ] &&
    [ "$(xpath "$T/end.dom" "string($map//$(box ops.uptime)/@class)")" = "node good" ]'
check "rollup map mid-cycle: check-in states and the roll-up status" eval '
    [ "$(xpath "$T/mid.dom" "string($map//$(box mobile.onboard)/span[@class=\"state\"])")" = "off track (check-in)" ] &&
    [ "$(xpath "$T/mid.dom" "string($map//$(box mobile.onboard)/@class)")" = "node bad" ] &&
    [ "$(xpath "$T/mid.dom" "string($map/ul/li/$(box company.grow)/span[@class=\"facts\"])")" = "score 0.50 · roll-up 0.43 (off track) · owner Chief Executive" ]'
check "rollup map links to the objective cards" eval '
    target=$(xpath "$T/end.dom" "string($map//$(box sales.pipeline)/a/@href)") &&
    [ "$(xpath "$T/end.dom" "count(//article[@id=\"${target#\#}\"]//h3[.=\"pipeline\"])")" = 1 ]'

# The colours as drawn: the map is at the top of the page, so a screenshot
# of it holds the amber (mixed) and green (good) box backgrounds.
chrome "$T/mid.html" --screenshot="$T/mid.png" --window-size=1200,900 > "$T/chrome.log" 2>&1
if command -v python3 > /dev/null 2>&1; then
    check "rollup map in the screenshot: boxes coloured by state" python3 - "$T/mid.png" << 'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride, prev, seen = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        seen.add(tuple(line[x:x + 3]))
    prev = line
# --good-bg, --mixed-bg, --bad-bg of the report's style
want = {(0xdc, 0xfc, 0xe7), (0xfe, 0xf3, 0xc7), (0xfe, 0xe2, 0xe2)}
sys.exit(0 if want <= seen else 1)
EOF
fi

# ---- a 5,000-objective chain: linear, and the map at most 16 levels below
# its roots (17 nested lists, never 18)
python3 - "$T" << 'EOF'
import sys
d = sys.argv[1]
lines = ['team t "T" owner "O"', 'cycle 2026-Q3', 'metric x "A rate" : percent increasing',
         'metric z "Complaints" : count decreasing']
for i in range(5000):
    lines.append('aspirational objective o%d "Customers see step %d" {' % (i, i))
    if i:
        lines.append('  aligns o%d' % (i - 1))
    lines += ['  kr a "Raise x" : x from 0% to 100%', '  kr b "Raise x more" : x from 0% to 50%',
              '  counter z at most 10', '}']
open(d + '/chain.okr', 'w').write('\n'.join(lines) + '\n')
open(d + '/chain.csv', 'w').write('metric,timestamp,value\nx,2026-08-01,20\n')
EOF
timeout 60 "$OKRC" grade "$T/chain.okr" --feed "$T/chain.csv" --at 2026-09-30 --format html -o "$T/chain.html" \
    > "$T/chain.log" 2>&1
check "rollup over a 5,000-objective chain: graded, map bounded" eval '
    [ "$(grep -o "<li>" "$T/chain.html" | wc -l)" -lt 5400 ] &&
    [ "$(xmllint --html --xpath "count(//section[@id=\"map\"]//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul//ul)" "$T/chain.html" 2> /dev/null)" = 0 ] &&
    grep -q "continued below with the 1 objective aligned to it" "$T/chain.html"'
