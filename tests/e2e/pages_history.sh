#!/usr/bin/env bash
# The management reviews, readiness and control history pages
# (docs/portal.md), through nginx with a viewer's bearer token: each list
# holds exactly the rows of the JSON API's answer for the same as_of, the
# counts are the API's, the overview's counts link to the lists, every
# link answers, errors are HTML pages (an unknown control, another
# organisation: 404), and the hostile organisation's text
# (tests/fixtures/hostile) is shown as text on each page.
set -u
E2E_NAME=pages_history
. "$(dirname "$0")/lib.sh"
e2e_require

PY=/usr/bin/python3
A=("$BIN" --config "$ANNEXA_CONFIG")
AS_OF=2026-11-28
VIEWER=$(new_token --org acme-cloud --role viewer)
H=(-H "Authorization: Bearer $VIEWER")
O=/orgs/acme-cloud
API=/api/v1/orgs/acme-cloud

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

# page NAME PATH [STATUS]: GETs PATH as the viewer; passes when the answer
# is an HTML page with STATUS (200) and the page headers; the body is
# then in $E2E_TMP/page.html.
page() {
	local want=${3:-200} ct csp
	req "${H[@]}" "$U$2"
	cp "$E2E_TMP/body" "$E2E_TMP/page.html"
	ct=$(header Content-Type)
	csp=$(header Content-Security-Policy)
	if [ "$STATUS" = "$want" ] && [ "$ct" = "text/html; charset=utf-8" ] &&
	    case "$csp" in *"default-src 'self'"*) true ;; *) false ;; esac &&
	    case "$BODY" in "<!DOCTYPE html>"*"<h1>"*"</html>"*) true ;; *) false ;; esac; then
		pass "$1"
	else
		fail "$1" "status $STATUS ($want wanted), type '$ct', CSP '$csp': ${BODY:0:200}"
	fi
}

# api PATH FILE: the JSON answer of the API, saved to FILE.
api() {
	req "${H[@]}" "$U$1"
	cp "$E2E_TMP/body" "$2"
	[ "$STATUS" = 200 ] || fail "GET $1" "status $STATUS"
}

# compare MODE PAGE JSON [ARG]: tests/e2e/pages_history.py's comparison
# of a page with the API's answer; prints what differs.
compare() {
	$PY "$ANNEXA_SRCDIR/tests/e2e/pages_history.py" "$@"
}

# compare_check NAME MODE PAGE JSON [ARG]
compare_check() {
	local name=$1 out
	shift
	if out=$(compare "$@" 2>&1); then
		pass "$name${out:+ ($out)}"
	else
		fail "$name" "$out"
	fi
}

# links_answer NAME FILE MIN [TOKEN]: every href/src/action of the page
# is a path of this site that answers < 400, and there are MIN or more.
links_answer() {
	local name=$1 file=$2 min=$3 tok=${4:-$VIEWER} bad="" n l s
	compare links "$file" >"$E2E_TMP/links" || true
	sort -u -o "$E2E_TMP/links" "$E2E_TMP/links"
	n=$(wc -l <"$E2E_TMP/links")
	while read -r l; do
		case "$l" in
		/*) ;;
		*) bad="$bad $l(not a path of this site)"; continue ;;
		esac
		s=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$U$l")
		[ "$s" -lt 400 ] 2>/dev/null || bad="$bad $l($s)"
	done <"$E2E_TMP/links"
	if [ -z "$bad" ] && [ "$n" -ge "$min" ]; then
		pass "$name ($n links)"
	else
		fail "$name" "$n links (at least $min wanted); bad:$bad"
	fi
}

# --- readiness -------------------------------------------------------------
for d in "$AS_OF" 2026-03-31; do
	page "the readiness page answers 200 (as_of $d)" "$O/readiness?as_of=$d"
	cp "$E2E_TMP/page.html" "$E2E_TMP/ready-$d.html"
	api "$API/readiness?as_of=$d" "$E2E_TMP/ready-$d.json"
	compare_check "... its counts are the readiness API's ($d)" \
	    counts "$E2E_TMP/ready-$d.html" "$E2E_TMP/ready-$d.json"
	compare_check "... each list holds exactly the API's rows, in its order ($d)" \
	    readiness "$E2E_TMP/ready-$d.html" "$E2E_TMP/ready-$d.json" "$d"
done
links_answer "every link of the readiness page answers < 400" "$E2E_TMP/ready-$AS_OF.html" 20

# The overview's counts link to these lists, with the API's numbers.
page "the overview answers 200" "$O?as_of=$AS_OF"
cp "$E2E_TMP/page.html" "$E2E_TMP/overview.html"
compare_check "the overview's readiness counts are the API's and link to the readiness page's lists" \
    overview "$E2E_TMP/overview.html" "$E2E_TMP/ready-$AS_OF.json" "$AS_OF"

# --- control history -------------------------------------------------------
# The controls of the readiness lists, and one with a long history.
controls=$(compare controls "$E2E_TMP/ready-$AS_OF.json" | head -n 6)
controls="CLD.9.5.1 $controls"
nc=0
for ctl in $controls; do
	nc=$((nc + 1))
	page "the history page of $ctl answers 200" "$O/controls/$ctl?as_of=$AS_OF"
	cp "$E2E_TMP/page.html" "$E2E_TMP/hist.html"
	api "$API/controls/$ctl/history" "$E2E_TMP/hist.json"
	compare_check "... it lists exactly the history API's records of $ctl, newest first" \
	    history "$E2E_TMP/hist.html" "$E2E_TMP/hist.json"
done
check "the readiness lists named controls to follow" test "$nc" -ge 3
page "the history page of CLD.9.5.1 answers 200" "$O/controls/CLD.9.5.1?as_of=$AS_OF"
cp "$E2E_TMP/page.html" "$E2E_TMP/hist1.html"
check "... it names the control's title from the catalog" \
    grep -qF '<bdi>Segregation in virtual computing environments</bdi>' "$E2E_TMP/hist1.html"
links_answer "every link of a control's history page answers < 400" "$E2E_TMP/hist1.html" 5
page "an unknown control is a 404 page" "$O/controls/NO.SUCH.1" 404
check "... saying which" grep -qF "no such control" "$E2E_TMP/page.html"
page "a control of another framework is a 404 page" "$O/controls/A.5.1" 404

# The gap page links each contributing source control to its history.
page "the gap page answers 200" "$O/gap/iso27001-2022?as_of=$AS_OF"
cp "$E2E_TMP/page.html" "$E2E_TMP/gap.html"
n=$(grep -oE "href=\"/orgs/acme-cloud/controls/[^\"?]+\?as_of=$AS_OF\"" "$E2E_TMP/gap.html" | sort -u | wc -l)
check "the gap page links its source controls to their history ($n)" test "$n" -ge 10
grep -oE "href=\"/orgs/acme-cloud/controls/[^\"]+\"" "$E2E_TMP/gap.html" | sort -u | head -n 5 |
    sed 's/^href="//; s/"$//; s/&amp;/\&/g' >"$E2E_TMP/gapctl"
bad=""
while read -r l; do
	s=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$U$l")
	[ "$s" = 200 ] || bad="$bad $l($s)"
done <"$E2E_TMP/gapctl"
check "... and those links answer 200${bad:+:$bad}" test -z "$bad"

# --- management reviews ----------------------------------------------------
api "$API/management-reviews" "$E2E_TMP/mr.json"
for d in "$AS_OF" 2026-06-30; do
	page "the management reviews page answers 200 (as_of $d)" "$O/management-reviews?as_of=$d"
	cp "$E2E_TMP/page.html" "$E2E_TMP/mr-$d.html"
	compare_check "... it shows the reviews held by $d with their decisions and actions" \
	    reviews "$E2E_TMP/mr-$d.html" "$E2E_TMP/mr.json" "$d"
	api "$API/readiness?as_of=$d" "$E2E_TMP/mr-ready.json"
	compare_check "... the next review's inputs: open actions of earlier reviews, readiness counts ($d)" \
	    inputs "$E2E_TMP/mr-$d.html" "$E2E_TMP/mr.json" "$d" "$E2E_TMP/mr-ready.json"
done
check "the demo has reviews after 2026-06-30 that the page of that date leaves out" \
    bash -c "grep -q 'data-review=\"MR-2026-Q3\"' '$E2E_TMP/mr-$AS_OF.html' && ! grep -q 'data-review=\"MR-2026-Q3\"' '$E2E_TMP/mr-2026-06-30.html'"
check "the page links the signed management review" grep -qF \
    "id=\"download-management-review\" href=\"/api/v1/orgs/acme-cloud/reports/management-review.pdf?as_of=$AS_OF\"" \
    "$E2E_TMP/mr-$AS_OF.html"
links_answer "every link of the management reviews page answers < 400" "$E2E_TMP/mr-$AS_OF.html" 10

# The frame's navigation reaches both pages.
check "the navigation links the management reviews and readiness pages" \
    bash -c "grep -qF '<a id=\"nav-management-reviews\" href=\"/orgs/acme-cloud/management-reviews?as_of=$AS_OF\">Management reviews</a>' '$E2E_TMP/overview.html' && grep -qF '<a id=\"nav-readiness\" href=\"/orgs/acme-cloud/readiness?as_of=$AS_OF\">Readiness</a>' '$E2E_TMP/overview.html'"

# --- roles and organisations ----------------------------------------------
for p in readiness management-reviews controls/T1; do
	page "another organisation's $p page is a 404 page" "/orgs/tiny/$p" 404
done
page "an unknown organisation's readiness page is a 404 page" "/orgs/no-such-org/readiness" 404
page "a bad as_of is a 400 page" "$O/readiness?as_of=2026-13-01" 400
page "the last date as_of on the management reviews page is a 400 page" "$O/management-reviews?as_of=9999-12-31" 400
check "... naming the field" grep -qF "as_of:" "$E2E_TMP/page.html"
page "an unknown parameter is a 400 page" "$O/management-reviews?colour=red" 400
req -X POST "${H[@]}" "$U$O/readiness"
check "POST to the readiness page is a 405" test "$STATUS" = 405
req "$U$O/management-reviews"
case "$STATUS" in
401|303) pass "without credentials the management reviews page is closed ($STATUS)" ;;
*) fail "without credentials the management reviews page is closed" "status $STATUS" ;;
esac

# --- hostile text is text ----------------------------------------------------
HT=$(new_token --org hostile --role viewer)
# hostile_page NAME PATH [PREFIX...]: the page answers, nothing from the
# data makes markup, and each record whose text is PREFIX followed by the
# hostile strings (the fixture's) is shown whole, as escaped text.
hostile_page() {
	local n=$1 p=$2 out
	shift 2
	req -H "Authorization: Bearer $HT" "$U$p"
	cp "$E2E_TMP/body" "$E2E_TMP/hostile.html"
	if [ "$STATUS" != 200 ]; then
		fail "$n" "status $STATUS"
		return
	fi
	if out=$(compare hostile "$E2E_TMP/hostile.html" "$@"); then
		pass "$n"
	else
		fail "$n" "$out"
	fi
}
HA=2026-06-30
hostile_page "the hostile readiness page shows its text as text" "/orgs/hostile/readiness?as_of=$HA" Evidence
links_answer "... and its links answer < 400" "$E2E_TMP/hostile.html" 8 "$HT"
hostile_page "the hostile management reviews page shows its text as text" \
    "/orgs/hostile/management-reviews?as_of=$HA" Summary Decision Action Change Finding "Corrective action"
links_answer "... and its links answer < 400" "$E2E_TMP/hostile.html" 8 "$HT"
hostile_page "the hostile history of HS2 shows its text as text" "/orgs/hostile/controls/HS2?as_of=$HA" Evidence Finding
hostile_page "the hostile history of HS3 shows its text as text" "/orgs/hostile/controls/HS3?as_of=$HA" Exception
hostile_page "the hostile history of HS1 shows its text as text" "/orgs/hostile/controls/HS1?as_of=$HA" Notes Change
hostile_page "the hostile gap page links its controls and stays text" "/orgs/hostile/gap/hx-tgt?as_of=$HA"
check "... its source controls link to their history" grep -qF \
    "href=\"/orgs/hostile/controls/HS1?as_of=$HA\"" "$E2E_TMP/hostile.html"

e2e_done
