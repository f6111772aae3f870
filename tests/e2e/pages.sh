#!/usr/bin/env bash
# The pages for people in a browser (docs/portal.md), through nginx with a
# bearer token: the overview shows the comparison API's numbers, carries
# the security headers, links only to what answers; errors are HTML pages
# with the API's statuses; another organisation's page is a 404; hostile
# text from the data (tests/fixtures/hostile) is shown as text; nginx
# serves the stylesheet.
set -u
E2E_NAME=pages
. "$(dirname "$0")/lib.sh"
e2e_require

PY=/usr/bin/python3
A=("$BIN" --config "$ANNEXA_CONFIG")
AS_OF=2026-11-28
ADMIN=$(new_token --org acme-cloud --role admin)
VIEWER=$(new_token --org acme-cloud --role viewer)
H=(-H "Authorization: Bearer $ADMIN")
O=/orgs/acme-cloud

# The second organisation of the scoping checks, and the hostile one.
TINY=$ANNEXA_SRCDIR/tests/fixtures/tiny
HX=$ANNEXA_SRCDIR/tests/fixtures/hostile
{
	"${A[@]}" import catalog "$TINY/t-src.json" "$TINY/t-tgt.json" &&
	"${A[@]}" import mappings "$TINY/t-src-to-t-tgt.csv" &&
	"${A[@]}" import org "$TINY/tiny-org.json" &&
	"${A[@]}" import catalog "$HX/hx-src.json" "$HX/hx-tgt.json" &&
	"${A[@]}" import mappings "$HX/hx-src-to-hx-tgt.csv" &&
	"${A[@]}" import org "$HX/hostile-org.json"
} >"$E2E_TMP/import.log" 2>&1 || { cat "$E2E_TMP/import.log"; exit 1; }

# is_html_page NAME STATUS: the last answer is an HTML page with STATUS.
is_html_page() {
	local ct
	ct=$(header Content-Type)
	if [ "$STATUS" = "$2" ] && [ "$ct" = "text/html; charset=utf-8" ] &&
	    case "$BODY" in "<!DOCTYPE html>"*"<h1>"*"</html>"*) true ;; *) false ;; esac; then
		pass "$1"
	else
		fail "$1" "status $STATUS ($2 wanted), type '$ct': ${BODY:0:200}"
	fi
}

# --- the overview, its headers --------------------------------------------
req "${H[@]}" "$U$O?as_of=$AS_OF"
is_html_page "the overview answers 200 as an HTML page" 200
cp "$E2E_TMP/body" "$E2E_TMP/overview.html"
expect_header "Content-Security-Policy as the contract says" \
    Content-Security-Policy "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
expect_header "X-Content-Type-Options: nosniff" X-Content-Type-Options nosniff
expect_header "Referrer-Policy: strict-origin" Referrer-Policy strict-origin
expect_header "Cache-Control: no-store" Cache-Control no-store
for id in 'id="scores"' 'id="coverage-chart"' 'id="readiness"' \
    'id="schedules"' 'id="runs"' 'id="download-management-review"'; do
	check "the overview holds $id" grep -qF "$id" "$E2E_TMP/overview.html"
done

# The h1 is the organisation's name as the API gives it.
req "${H[@]}" "$U/api/v1/orgs"
name=$($PY -c 'import json,sys; print([o["name"] for o in json.load(sys.stdin)["orgs"] if o["id"]=="acme-cloud"][0])' <"$E2E_TMP/body" 2>/dev/null)
check "the h1 is the organisation's name" test -n "$name"
check "... shown as the h1" grep -qF "<h1><bdi>$name</bdi></h1>" "$E2E_TMP/overview.html"

# --- the scores equal the comparison API's, as its JSON prints them -------
# compare_scores PAGE JSON: every target of the JSON has a row whose
# design and assured data-value are the JSON's coverage text, and no
# other row; prints what differs.
compare_scores() {
	$PY - "$1" "$2" <<'EOF'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
# parse_float=str keeps the number's text exactly as the JSON printed it.
api = json.load(open(sys.argv[2]), parse_float=str, parse_int=str)
rows = dict(re.findall(r'<tr data-target="([^"]+)">(.*?)</tr>', page))
want = {t["target"]: t for t in api["targets"]}
bad = []
if set(rows) != set(want) or not want:
    bad.append("targets: page %s, api %s" % (sorted(rows), sorted(want)))
for t, row in rows.items():
    for kind in ("design", "assured"):
        m = re.search(r'<td class="%s" data-value="([^"]*)">' % kind, row)
        cov = want.get(t, {}).get(kind, {}).get("coverage")
        text = "null" if cov is None else cov
        if m is None or m.group(1) != text:
            bad.append("%s %s: page %s, api %s" % (t, kind, m and m.group(1), text))
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
}
req "${H[@]}" "$U/api/v1/orgs/acme-cloud/comparison?as_of=$AS_OF"
cp "$E2E_TMP/body" "$E2E_TMP/comparison.json"
if out=$(compare_scores "$E2E_TMP/overview.html" "$E2E_TMP/comparison.json"); then
	pass "the overview's data-values are the comparison API's coverage ($AS_OF)"
else
	fail "the overview's data-values are the comparison API's coverage ($AS_OF)" "$out"
fi
# Another date gives other numbers, and the page follows the API there too.
req "${H[@]}" "$U$O?as_of=2026-03-31"
cp "$E2E_TMP/body" "$E2E_TMP/overview2.html"
req "${H[@]}" "$U/api/v1/orgs/acme-cloud/comparison?as_of=2026-03-31"
cp "$E2E_TMP/body" "$E2E_TMP/comparison2.json"
if out=$(compare_scores "$E2E_TMP/overview2.html" "$E2E_TMP/comparison2.json"); then
	pass "the same holds for as_of=2026-03-31"
else
	fail "the same holds for as_of=2026-03-31" "$out"
fi
check "the percentages are pct.c's one-decimal text" \
    grep -qE '<td class="design" data-value="[0-9.]+">[0-9]+\.[0-9] %</td>' "$E2E_TMP/overview.html"

# --- every link of the overview answers (with the bearer) ----------------
# links FILE: every href and src of the page, one a line, entities decoded.
links() {
	$PY - "$1" <<'EOF'
import html.parser, sys
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src", "action") and v is not None:
                print(v)
P().feed(open(sys.argv[1], encoding="utf-8").read())
EOF
}
links "$E2E_TMP/overview.html" | sort -u >"$E2E_TMP/links"
nlinks=$(wc -l <"$E2E_TMP/links")
bad=""
while read -r l; do
	case "$l" in
	/*) ;;
	*) bad="$bad $l(not a path of this site)"; continue ;;
	esac
	s=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$U$l")
	[ "$s" -lt 400 ] 2>/dev/null || bad="$bad $l($s)"
done <"$E2E_TMP/links"
if [ -z "$bad" ] && [ "$nlinks" -ge 8 ]; then
	pass "all $nlinks links of the overview answer < 400"
else
	fail "all links of the overview answer < 400" "$nlinks links; bad:$bad"
fi
check "the chart image is the chart API's coverage PNG" grep -qF \
    "src=\"/api/v1/orgs/acme-cloud/charts/coverage.png?as_of=$AS_OF\"" "$E2E_TMP/overview.html"
check "the management review link is the report API's route" grep -qF \
    "id=\"download-management-review\" href=\"/api/v1/orgs/acme-cloud/reports/management-review.pdf?as_of=$AS_OF\"" \
    "$E2E_TMP/overview.html"
# The review was made by following its link: it is a last run now.
req "${H[@]}" "$U$O?as_of=$AS_OF"
check "the report run made through the link is listed with a download" \
    grep -qE 'href="/api/v1/orgs/acme-cloud/report-runs/[0-9]+\.pdf"' "$E2E_TMP/body"

# --- roles, organisations, errors ----------------------------------------
req -H "Authorization: Bearer $VIEWER" "$U$O"
is_html_page "a viewer reads the overview" 200
req "${H[@]}" "$U/orgs/tiny"
is_html_page "another organisation's overview is a 404 page" 404
check "... which says no more than for an organisation that does not exist" \
    grep -qF "no such organisation" "$E2E_TMP/body"
req "${H[@]}" "$U/orgs/tiny/gap/t-tgt"
is_html_page "another organisation's gap page is a 404 page" 404
req "${H[@]}" "$U/orgs/no-such-org"
is_html_page "an unknown organisation is the same 404 page" 404
req "${H[@]}" "$U/no/such/page"
is_html_page "an unknown page is a 404 HTML page" 404
expect_header "... with the page headers" Content-Security-Policy "default-src 'self'"
req "${H[@]}" "$U$O?as_of=2026-02-30"
is_html_page "a bad as_of is a 400 page" 400
check "... naming the field" grep -qF "as_of:" "$E2E_TMP/body"
req "${H[@]}" "$U$O?colour=red"
is_html_page "an unknown parameter is a 400 page" 400
req -X POST "${H[@]}" "$U$O"
is_html_page "POST to a page is a 405 page" 405
req "$U$O"
case "$STATUS" in
401|303) if grep -qF "$name" "$E2E_TMP/body"; then
		fail "without credentials the overview is closed" "the body names the organisation"
	else
		pass "without credentials the overview is closed ($STATUS)"
	fi ;;
*) fail "without credentials the overview is closed" "status $STATUS" ;;
esac
req "${H[@]}" "$U/api/v1/no-such"
expect "the API's errors stay JSON" 404 '"code":"not_found"'
req "${H[@]}" "$U/"
if [ "$STATUS" = 303 ] && [ "$(header Location)" = "$O" ]; then
	pass "/ sends an organisation's principal to its overview"
else
	fail "/ sends an organisation's principal to its overview" "$STATUS $(header Location)"
fi

# --- the gap page ---------------------------------------------------------
req "${H[@]}" "$U$O/gap/ccm-v4?as_of=$AS_OF"
is_html_page "the gap page answers 200" 200
cp "$E2E_TMP/body" "$E2E_TMP/gap.html"
req "${H[@]}" "$U/api/v1/orgs/acme-cloud/gap?target=ccm-v4&as_of=$AS_OF"
want=$($PY -c 'import json,sys; d=json.load(sys.stdin,parse_float=str); print(d["design"]["coverage"], d["assured"]["coverage"], len(d["controls"]))' <"$E2E_TMP/body")
got=$($PY - "$E2E_TMP/gap.html" <<'EOF'
import re, sys
p = open(sys.argv[1], encoding="utf-8").read()
d = re.search(r'class="score design">.*?data-value="([^"]*)"', p).group(1)
a = re.search(r'class="score assured">.*?data-value="([^"]*)"', p).group(1)
print(d, a, len(re.findall(r'<tr data-control=', p)))
EOF
)
check "the gap page's scores and rows are the gap API's ($want)" test "$want" = "$got"
links "$E2E_TMP/gap.html" | sort -u >"$E2E_TMP/gaplinks"
bad=""
while read -r l; do
	s=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$U$l")
	[ "$s" -lt 400 ] 2>/dev/null || bad="$bad $l($s)"
done <"$E2E_TMP/gaplinks"
ngap=$(wc -l <"$E2E_TMP/gaplinks")
if [ -z "$bad" ] && [ "$ngap" -ge 5 ]; then
	pass "the gap page's $ngap links (PDF, CSV, filter, overview) answer < 400"
else
	fail "the gap page's links (PDF, CSV, filter, overview) answer < 400" "$ngap links; bad:$bad"
fi
req "${H[@]}" "$U$O/gap/ccm-v4?as_of=$AS_OF&status=gap&group=IAM"
rows=$(grep -o '<tr data-control="[^"]*">.*</tr>' "$E2E_TMP/body")
if [ -n "$rows" ] && ! grep -v 'status-gap' <<<"$rows" | grep -q . &&
    ! grep -v '<td><bdi>IAM</bdi></td>' <<<"$rows" | grep -q .; then
	pass "the status and group filters keep only those rows"
else
	fail "the status and group filters keep only those rows" "${rows:0:300}"
fi
req "${H[@]}" "$U$O/gap/ccm-v4?status=bogus"
is_html_page "a bad status filter is a 400 page" 400

# --- hostile text is text -------------------------------------------------
HT=$(new_token --org hostile --role viewer)
hostile_page() {	# hostile_page NAME PATH
	local n=$1 p=$2
	req -H "Authorization: Bearer $HT" "$U$p"
	if [ "$STATUS" != 200 ]; then
		fail "$n" "status $STATUS"
		return
	fi
	# The chart is the one image; nothing from the data opens a tag or
	# makes a link.
	if grep -qi '<script' "$E2E_TMP/body" ||
	    [ "$(grep -oi '<img' "$E2E_TMP/body" | wc -l)" -gt "$(grep -oi '<img id="coverage-chart"' "$E2E_TMP/body" | wc -l)" ] ||
	    grep -qP '<[^>]*\sonerror=' "$E2E_TMP/body" ||
	    grep -qiE '(href|src|action)="javascript' "$E2E_TMP/body"; then
		fail "$n" "markup from the data: $(grep -oiE '.{30}(<script|<img|javascript:).{30}' "$E2E_TMP/body" | head -n 3)"
		return
	fi
	pass "$n"
}
# A schedule far ahead (never due for schedule.sh's runs) for the list of
# next scheduled reports; a second run of this file finds it there.
"${A[@]}" schedule add --org hostile --report gap --target hx-tgt \
    --frequency quarterly --start 2099-01-01 >/dev/null 2>&1
hostile_page "the hostile overview shows no markup from the data" "/orgs/hostile?as_of=2026-06-30"
check "... its next scheduled report is listed" grep -qF \
    '<tr><td><bdi>2099-01-01</bdi></td><td><bdi>gap</bdi></td><td><bdi>2098-Q4</bdi></td><td><bdi>quarterly</bdi></td><td><bdi>hx-tgt</bdi></td>' \
    "$E2E_TMP/body"
check "... its name is shown as escaped text" grep -qF \
    '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)' "$E2E_TMP/body"
long=$(printf 'Lo%.0s' $(seq 150))
check "... the 300-character word is whole" grep -qF "$long" "$E2E_TMP/body"
check "... the right-to-left override stays inside its <bdi>" \
    grep -qP '<h1><bdi>[^<]*\x{202E}txt\.exe</bdi></h1>' "$E2E_TMP/body"
check "... and in the title, escaped" grep -qF '<title>Hostile &lt;script&gt;' "$E2E_TMP/body"
# Its links answer too: the chart, whose subtitle is the long name, included.
links "$E2E_TMP/body" | sort -u >"$E2E_TMP/hlinks"
bad=""
while read -r l; do
	s=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $HT" "$U$l")
	[ "$s" -lt 400 ] 2>/dev/null || bad="$bad $l($s)"
done <"$E2E_TMP/hlinks"
nh=$(wc -l <"$E2E_TMP/hlinks")
if [ -z "$bad" ] && [ "$nh" -ge 6 ]; then
	pass "all $nh links of the hostile overview answer < 400 (its chart too)"
else
	fail "all links of the hostile overview answer < 400 (its chart too)" "$nh links; bad:$bad"
fi
hostile_page "the hostile gap page shows no markup from the data" "/orgs/hostile/gap/hx-tgt?as_of=2026-06-30"
check "... its control titles are escaped text" grep -qF \
    '<td><bdi>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</bdi></td>' "$E2E_TMP/body"
check "... a javascript: title is text, not a link" grep -qF \
    '<td><bdi>javascript:alert(1)</bdi></td>' "$E2E_TMP/body"

# --- the stylesheet -------------------------------------------------------
req "$U/static/annexa.css"
if [ "$STATUS" = 200 ] && [ "$(header Content-Type)" = "text/css" ] &&
    cmp -s "$E2E_TMP/body" "$ANNEXA_SRCDIR/web/annexa.css"; then
	pass "nginx serves web/annexa.css as text/css"
else
	fail "nginx serves web/annexa.css as text/css" "$STATUS $(header Content-Type)"
fi
expect_header "... with nosniff" X-Content-Type-Options nosniff
req "$U/static/no-such.css"
check "a missing static file is a 404" test "$STATUS" = 404
check "the stylesheet loads no font or file from elsewhere" \
    bash -c "! grep -qiE '@import|url\\(|https?:' '$ANNEXA_SRCDIR/web/annexa.css'"
# The bench's static baseline keeps its own location beside /static/.
SF=${ANNEXA_STACK_DIR:-}/static/frameworks.json
if [ -n "${ANNEXA_STACK_DIR:-}" ] && [ ! -e "$SF" ]; then
	echo '{"frameworks":[]}' >"$SF"
	req "$U/static/frameworks.json"
	rm -f "$SF"
	if [ "$STATUS" = 200 ] && [ "$(header Content-Type)" = application/json ]; then
		pass "/static/frameworks.json is still served from the stack's static/"
	else
		fail "/static/frameworks.json is still served from the stack's static/" "$STATUS $(header Content-Type)"
	fi
else
	skip "/static/frameworks.json is still served" "no stack directory, or the file is the bench's"
fi

# --- a write retires the kept part of a page (the data epoch) -----------------
ADB=${ANNEXA_TEST_ADMIN_DB:?}
TH=(-H "Authorization: Bearer $(new_token --org tiny --role viewer)")
req "${TH[@]}" "$U/orgs/tiny"
req "${TH[@]}" "$U/orgs/tiny"
check "the tiny overview is shown twice with its name" grep -qF "<h1><bdi>Tiny Test Ltd</bdi></h1>" "$E2E_TMP/body"
psql -X -q -v ON_ERROR_STOP=1 "$ADB" -c "UPDATE annexa.org SET name = 'Tiny Renamed Ltd' WHERE id = 'tiny'"
req "${TH[@]}" "$U/orgs/tiny"
check "after a rename the overview shows the new name at once" grep -qF "<h1><bdi>Tiny Renamed Ltd</bdi></h1>" "$E2E_TMP/body"
req "${TH[@]}" "$U/orgs/tiny/gap/t-tgt"
check "... and so does the gap page" grep -qF "<bdi>Tiny Renamed Ltd</bdi>" "$E2E_TMP/body"
psql -X -q -v ON_ERROR_STOP=1 "$ADB" -c "UPDATE annexa.org SET name = 'Tiny Test Ltd' WHERE id = 'tiny'"

e2e_done
