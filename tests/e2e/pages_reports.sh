#!/usr/bin/env bash
# The reports page and the verify page (docs/portal.md), through nginx,
# as a browser uses them (a session cookie, its CSRF token, Origin):
#   - the reports page offers one GET form per report kind whose action
#     is the report API's route, and only choices the API takes (every
#     option is asked of the API with HEAD, which never generates);
#   - a download through a form is a PDF pdfsig calls valid and whole; the
#     history lists its run with the file's SHA-256, the signer and a
#     link that gives the same bytes again; older runs page by page;
#   - the verify page's upload (multipart/form-data) says valid, whole
#     document and which run for the file, not valid for a flipped byte
#     or appended bytes, 400 for a file that is no PDF and for a
#     malformed body, 403 without the CSRF token or with a wrong one;
#   - another organisation's viewer gets 404 and is not told the run;
#   - hostile text (tests/fixtures/hostile) stays text on both pages.
set -u
E2E_NAME=pages_reports
. "$(dirname "$0")/lib.sh"
e2e_require

PY=/usr/bin/python3
A=("$BIN" --config "$ANNEXA_CONFIG")
ADB=${ANNEXA_TEST_ADMIN_DB:?}
NSS=${ANNEXA_NSSDIR:?}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$ADB" -c "$1"; }
# A date no other test file asks reports for: a stored run of an identical
# request made by another file would name its requester, not this one.
AS_OF=2026-11-26
ORG=acme-cloud
OTHER=e2e-rp-other
CK=__Host-annexa_session
O=/orgs/$ORG
RUN=rp-$$-$RANDOM	# marks this run's rows: the file may run twice on one stack

sql "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('$OTHER', 'Other Org', 'csp') ON CONFLICT DO NOTHING"
# The hostile organisation, with its own frameworks and mapping: loaded
# before the forms are read, so that a target only another
# organisation's mapping reaches would show in them.
HX=$ANNEXA_SRCDIR/tests/fixtures/hostile
{
	"${A[@]}" import catalog "$HX/hx-src.json" "$HX/hx-tgt.json" &&
	"${A[@]}" import mappings "$HX/hx-src-to-hx-tgt.csv" &&
	"${A[@]}" import org "$HX/hostile-org.json"
} >"$E2E_TMP/import.log" 2>&1 || { cat "$E2E_TMP/import.log"; exit 1; }
VIEWER=$(new_token --org "$ORG" --role viewer)
OTHER_VIEWER=$(new_token --org "$OTHER" --role viewer)
HV=(-H "Authorization: Bearer $VIEWER")

# A browser session of a viewer of ORG: its cookie and CSRF token.
LINK=$("${A[@]}" login-link --org "$ORG" --role viewer \
    --for "E2E Reports <reports@pages.example>" 2>/dev/null)
req -X POST -H "Origin: $U" "$LINK"
SID=$(header Set-Cookie | sed -n "s/^$CK=\([^;]*\);.*/\1/p")
check "a viewer signs in with a sign-in link" test -n "$SID"
CSRF=$(printf 'annexa-csrf\n%s' "$SID" | sha256sum | cut -c1-64)
CS=(-H "Cookie: $CK=$SID")

# is_html_page NAME STATUS: the last answer is an HTML page with STATUS.
is_html_page() {
	local ct
	ct=$(header Content-Type)
	if [ "$STATUS" = "$2" ] && [ "$ct" = "text/html; charset=utf-8" ] &&
	    case "$BODY" in "<!DOCTYPE html>"*"<h1>"*"</html>"*) true ;; *) false ;; esac; then
		pass "$1"
	else
		fail "$1" "status $STATUS ($2 wanted), type '$ct': ${BODY:0:300}"
	fi
}

# forms FILE: each GET form of the page as one line
# "id action field=value&..." (the selected option of each select; every
# option in OPTIONS lines "id name value" to stdout when ALL=1).
forms() {
	ALL=${ALL:-0} $PY - "$1" <<'EOF'
import html.parser, os, sys, urllib.parse
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.cur, self.sel = [], None, None
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "form" and a.get("method") == "get":
            self.cur = {"id": a.get("id"), "action": a.get("action"),
                        "fields": [], "options": []}
            self.forms.append(self.cur)
        elif self.cur is None:
            return
        elif tag == "select":
            self.sel = [a["name"], None, None]
            self.cur["fields"].append(self.sel)
        elif tag == "option" and self.sel is not None:
            self.cur["options"].append((self.sel[0], a["value"]))
            if self.sel[1] is None:
                self.sel[1] = a["value"]
            if "selected" in a:
                self.sel[1] = a["value"]
        elif tag == "input" and a.get("type") == "hidden":
            self.cur["fields"].append([a["name"], a["value"], None])
    def handle_endtag(self, tag):
        if tag == "select":
            self.sel = None
        elif tag == "form":
            self.cur = None
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
for f in p.forms:
    if os.environ["ALL"] == "1":
        for n, v in f["options"]:
            print(f["id"], f["action"], n, v)
    else:
        print(f["id"], f["action"] + "?" + urllib.parse.urlencode(
            [(n, v) for n, v, _ in f["fields"]]))
EOF
}

# --- the reports page: forms and choices ---------------------------------
req "${CS[@]}" "$U$O/reports?as_of=$AS_OF"
is_html_page "the reports page answers a viewer's session with an HTML page" 200
cp "$E2E_TMP/body" "$E2E_TMP/reports.html"
expect_header "... with the pages' CSP" Content-Security-Policy \
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
forms "$E2E_TMP/reports.html" >"$E2E_TMP/forms"
want_forms="report-management-review /api/v1/orgs/$ORG/reports/management-review.pdf
report-gap /api/v1/orgs/$ORG/reports/gap.pdf
report-comparison /api/v1/orgs/$ORG/reports/comparison.pdf
report-soa /api/v1/orgs/$ORG/reports/soa.pdf
report-traceability /api/v1/orgs/$ORG/reports/traceability.pdf"
got_forms=$(sed 's/?.*//' "$E2E_TMP/forms")
check "one GET form per report kind, each to the report API's route" \
    test "$got_forms" = "$want_forms"
check "the management review's default is the quarter holding as_of, as the API's" \
    grep -qx "report-management-review /api/v1/orgs/$ORG/reports/management-review.pdf?period=2026-Q4&audience=internal&as_of=$AS_OF" "$E2E_TMP/forms"
ALL=1 forms "$E2E_TMP/reports.html" >"$E2E_TMP/options"
targets=$(awk '$3 == "target" { print $4 }' "$E2E_TMP/options" | sort | tr '\n' ' ')
req "${HV[@]}" "$U/api/v1/orgs/$ORG/comparison?as_of=$AS_OF"
api_targets=$($PY -c 'import json,sys; print(" ".join(sorted(t["target"] for t in json.load(sys.stdin)["targets"])))' <"$E2E_TMP/body")
check "the gap form offers the targets the organisation reaches ($api_targets)" \
    test "$targets" = "$api_targets "
check "the audiences are internal and customer, in every form" \
    test "$(awk '$3 == "audience" { print $4 }' "$E2E_TMP/options" | sort | uniq -c | awk '{ print $1 $2 }' | tr '\n' ' ')" = "5customer 5internal "
check "only the management review offers a period" \
    test "$(awk '$3 == "period" { print $1 }' "$E2E_TMP/options" | sort -u)" = report-management-review
check "only the gap report offers a target" \
    test "$(awk '$3 == "target" { print $1 }' "$E2E_TMP/options" | sort -u)" = report-gap
check "the forms keep the page's as_of" \
    test "$(grep -c "as_of=$AS_OF" "$E2E_TMP/forms")" = 5
# Every choice offered is one the API takes: HEAD never generates, and
# answers 200 (X-Report-Stored: no) for a request it would take.
bad=""
n=0
while read -r id action name value; do
	n=$((n + 1))
	s=$(curl -s -o /dev/null -I -w '%{http_code}' "${CS[@]}" \
	    "$U$action?$name=$value&as_of=$AS_OF$([ "$id" = report-gap ] && [ "$name" != target ] && echo "&target=ccm-v4")")
	[ "$s" = 200 ] || bad="$bad $id:$name=$value($s)"
done <"$E2E_TMP/options"
if [ -z "$bad" ] && [ "$n" -ge 20 ]; then
	pass "the report API takes all $n choices the forms offer"
else
	fail "the report API takes all choices the forms offer" "$n choices; refused:$bad"
fi
req "${CS[@]}" "$U$O/reports"
periods=$(ALL=1 forms "$E2E_TMP/body" | awk '$3 == "period" { print $4 }' | tr '\n' ' ')
today=$(date -u +%Y-%m-%d)
check "without as_of the periods start from today's quarter" \
    $PY -c "
import sys
y, m = map(int, '$today'[:7].split('-'))
sys.exit(0 if '$periods'.split()[0] == '%d-Q%d' % (y, (m - 1) // 3 + 1) else 1)"

# --- a download through the form, its run in the history ------------------
url=$(awk '$1 == "report-gap" { print $2 }' "$E2E_TMP/forms")
check "the gap form asks for ccm-v4, internal, as of $AS_OF" \
    test "$url" = "/api/v1/orgs/$ORG/reports/gap.pdf?target=ccm-v4&audience=internal&as_of=$AS_OF"
STATUS=$(curl -s -o "$E2E_TMP/form.pdf" -D "$E2E_TMP/head" -w '%{http_code}' "${CS[@]}" "$U$url")
RUNID=$(header X-Report-Run)
check "the form's request answers a PDF to the session" \
    test "$STATUS" = 200 -a "$(head -c 5 "$E2E_TMP/form.pdf")" = "%PDF-"
out=$(pdfsig -nssdir "$NSS" "$E2E_TMP/form.pdf" 2>&1)
case "$out" in
*"Signature is Valid."*"Total document signed"*|*"Total document signed"*"Signature is Valid."*)
	pass "pdfsig: the form's PDF is signed, valid, the whole document" ;;
*) fail "pdfsig: the form's PDF is signed, valid, the whole document" "$out" ;;
esac
SHA=$(sha256sum "$E2E_TMP/form.pdf" | cut -c1-64)
req "${CS[@]}" "$U$O/reports?as_of=$AS_OF"
cp "$E2E_TMP/body" "$E2E_TMP/history.html"
row=$(grep -o "<tr data-run=\"$RUNID\">.*</tr>" "$E2E_TMP/history.html")
check "the history lists run $RUNID" test -n "$row"
check "... with the SHA-256 of the downloaded file" \
    grep -qF "data-sha256=\"$SHA\"" <<<"$row"
check "... shortened visibly, whole in a details element" \
    grep -qF "<summary title=\"$SHA\">${SHA:0:12}…</summary><span class=\"full\">$SHA</span>" <<<"$row"
check "... its kind, target, audience and trigger" \
    grep -qF "<td><bdi>gap</bdi></td><td><bdi>$AS_OF</bdi></td><td><bdi>ccm-v4</bdi></td><td><bdi>internal</bdi></td><td><bdi>api</bdi></td>" <<<"$row"
check "... and who asked: the person signed in, as text" \
    grep -qF "<td><bdi>api</bdi></td><td><bdi>E2E Reports &lt;reports@pages.example&gt;</bdi></td>" <<<"$row"
req "${HV[@]}" -H 'Content-Type: application/pdf' --data-binary "@$E2E_TMP/form.pdf" "$U/api/v1/verify"
cert=$($PY -c 'import json,sys; print(json.load(sys.stdin)["signer"]["certificate_sha256"])' <"$E2E_TMP/body" 2>/dev/null)
check "... the signer: this server's certificate, by name ($cert)" \
    grep -qE "<td class=\"signer\" data-sha256=\"$cert\"[^>]*><bdi>[^<]+</bdi> <span class=\"note\">\(this server\)</span></td>" <<<"$row"
href=$(grep -o 'href="[^"]*"' <<<"$row" | sed 's/href="//; s/"$//')
check "... and a re-download link to the stored run" \
    test "$href" = "/api/v1/orgs/$ORG/report-runs/$RUNID.pdf"
curl -s -o "$E2E_TMP/again.pdf" "${CS[@]}" "$U$href"
check "the re-download gives the same bytes" cmp -s "$E2E_TMP/form.pdf" "$E2E_TMP/again.pdf"
# Other test files make runs of this organisation at the same time: ask for
# all of them, not the newest few.
req "${HV[@]}" "$U/api/v1/orgs/$ORG/report-runs?limit=500"
check "the API's run list names the target, the signer and who asked too" \
    $PY -c "
import json, sys
r = [x for x in json.load(open('$E2E_TMP/body'))['report_runs'] if x['id'] == int('$RUNID')][0]
sys.exit(0 if r['target'] == 'ccm-v4' and r['signer_fingerprint'] == '$cert' and r['requested_by'] == 'E2E Reports <reports@pages.example>' else 1)"

# --- the history page by page ---------------------------------------------
sql "INSERT INTO annexa.report_run (org_id, kind, status, trigger, started_at, error)
    SELECT '$ORG', 'soa', 'failed', 'cli', timestamptz '2026-01-01' + g * interval '1 hour', '$RUN'
    FROM generate_series(1, 30) g"
req "${HV[@]}" "$U/api/v1/orgs/$ORG/report-runs?limit=500"
$PY -c 'import json,sys; print("\n".join(str(r["id"]) for r in json.load(sys.stdin)["report_runs"]))' <"$E2E_TMP/body" >"$E2E_TMP/api_ids"
page="$O/reports?as_of=$AS_OF"
: >"$E2E_TMP/page_ids"
pages=0
while [ -n "$page" ] && [ $pages -lt 50 ]; do
	req "${CS[@]}" "$U$page"
	pages=$((pages + 1))
	[ "$STATUS" = 200 ] || break
	grep -o '<tr data-run="[0-9]*"' "$E2E_TMP/body" | grep -o '[0-9]*' >>"$E2E_TMP/page_ids"
	if [ $pages = 1 ]; then
		rows1=$(grep -c '<tr data-run=' "$E2E_TMP/body")
		check "the older-runs link keeps as_of" grep -qE \
		    "id=\"older-runs\" href=\"$O/reports\?as_of=$AS_OF&amp;before=[0-9]+\"" "$E2E_TMP/body"
	fi
	page=$(grep -o 'id="older-runs" href="[^"]*"' "$E2E_TMP/body" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
	[ $pages = 2 ] && check "an older page links back to the newest runs" \
	    grep -qF "id=\"newest-runs\" href=\"/orgs/$ORG/reports?as_of=$AS_OF\"" "$E2E_TMP/body"
done
check "the first page shows 25 runs" test "${rows1:-0}" = 25
if [ $pages -ge 2 ] && cmp -s "$E2E_TMP/api_ids" "$E2E_TMP/page_ids"; then
	pass "the $pages pages of older runs list every run once, in the API's order ($(wc -l <"$E2E_TMP/api_ids") runs)"
else
	fail "the pages of older runs list every run once, in the API's order" \
	    "$pages pages; api $(wc -l <"$E2E_TMP/api_ids"), pages $(wc -l <"$E2E_TMP/page_ids")"
fi
req "${CS[@]}" "$U$O/reports?before=0"
is_html_page "a bad before= is a 400 page" 400
check "... naming the parameter" grep -qF "before:" "$E2E_TMP/body"
req "${CS[@]}" "$U$O/reports?before=999999999"
is_html_page "a run that is not there: an empty page of runs" 200
check "... saying so" grep -qF "No older report runs." "$E2E_TMP/body"
sql "DELETE FROM annexa.report_run WHERE error = '$RUN'"

# --- links to the pages ----------------------------------------------------
req "${CS[@]}" "$U$O?as_of=$AS_OF"
check "the overview's navigation links the reports page (keeping as_of)" \
    grep -qF "<a id=\"nav-reports\" href=\"$O/reports?as_of=$AS_OF\">Reports</a>" "$E2E_TMP/body"
check "... and the verify page" grep -qF '<a id="nav-verify" href="/verify">Verify</a>' "$E2E_TMP/body"
check "the overview's runs section links the reports page" \
    grep -qF "<a id=\"all-runs\" href=\"$O/reports?as_of=$AS_OF\">" "$E2E_TMP/body"

# --- the verify page -------------------------------------------------------
req "${CS[@]}" "$U/verify"
is_html_page "the verify page answers the session" 200
check "its form posts multipart/form-data to /verify" grep -qF \
    '<form id="verify" class="upload" method="post" action="/verify" enctype="multipart/form-data">' "$E2E_TMP/body"
check "... carrying the session's CSRF token" \
    grep -qF "<input type=\"hidden\" name=\"csrf\" value=\"$CSRF\">" "$E2E_TMP/body"
check "... and a file field" grep -qF '<input type="file" name="file"' "$E2E_TMP/body"

# upload FILE [CURL ARGS...]: posts the verify form as a browser does.
upload() {
	local f=$1
	shift
	req "${CS[@]}" -H "Origin: $U" -F "csrf=$CSRF" -F "file=@$f;type=application/pdf" "$@" "$U/verify"
}
result() {	# result ATTR: an attribute of section#result
	grep -o "<section id=\"result\"[^>]*>" "$E2E_TMP/body" | grep -o " $1=\"[^\"]*\"" | cut -d'"' -f2
}
upload "$E2E_TMP/form.pdf"
is_html_page "uploading the downloaded PDF answers a result page" 200
cp "$E2E_TMP/body" "$E2E_TMP/verify-good.html"
if [ "$(result data-valid)" = true ] && [ "$(result data-whole)" = true ] &&
    [ "$(result data-run)" = "$RUNID" ] &&
    grep -qF '<strong>Valid</strong>: the signature is intact and covers the whole document.' "$E2E_TMP/body" &&
    grep -qF '<dd id="whole">yes, the whole document</dd>' "$E2E_TMP/body" &&
    grep -qF "<strong>Run $RUNID</strong>" "$E2E_TMP/body"; then
	pass "... valid, the whole document, run $RUNID"
else
	fail "... valid, the whole document, run $RUNID" "$(grep -A3 'id="result"' "$E2E_TMP/body" | head -n 5)"
fi
check "... signed by this service, its SHA-256 shown" \
    grep -qF "<dd id=\"file-sha256\"><span class=\"hash\">$SHA</span></dd>" "$E2E_TMP/body"
check "... the signer named" grep -qE '<dd id="signer"><bdi>[^<]+</bdi>' "$E2E_TMP/body"
check "... the run's stored file linked" grep -qF \
    "<a id=\"run-download\" href=\"/api/v1/orgs/$ORG/report-runs/$RUNID.pdf\">" "$E2E_TMP/body"
# The page says what the API says.
req "${HV[@]}" -H 'Content-Type: application/pdf' --data-binary "@$E2E_TMP/form.pdf" "$U/api/v1/verify"
check "... as POST /api/v1/verify does" \
    $PY -c "
import json, sys
v = json.load(open('$E2E_TMP/body'))
sys.exit(0 if v['valid'] and v['report_run']['id'] == int('$RUNID') and v['sha256'] == '$SHA' else 1)"

# A byte flipped inside the signed range, and bytes appended.
cp "$E2E_TMP/form.pdf" "$E2E_TMP/flipped.pdf"
printf '\x00' | dd of="$E2E_TMP/flipped.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
upload "$E2E_TMP/flipped.pdf"
if [ "$STATUS" = 200 ] && [ "$(result data-valid)" = false ] &&
    [ "$(result data-signature-valid)" = false ] &&
    grep -qF '<strong>Not valid</strong>' "$E2E_TMP/body"; then
	pass "a flipped byte: not valid"
else
	fail "a flipped byte: not valid" "$STATUS $(grep -o '<section id="result"[^>]*>' "$E2E_TMP/body")"
fi
cp "$E2E_TMP/form.pdf" "$E2E_TMP/appended.pdf"
printf '%% appended\n' >>"$E2E_TMP/appended.pdf"
upload "$E2E_TMP/appended.pdf"
if [ "$STATUS" = 200 ] && [ "$(result data-valid)" = false ] &&
    [ "$(result data-whole)" = false ] &&
    grep -qF '<dd id="whole">no: ' "$E2E_TMP/body"; then
	pass "appended bytes: not the whole document, not valid"
else
	fail "appended bytes: not the whole document, not valid" "$STATUS $(grep -o '<section id="result"[^>]*>' "$E2E_TMP/body")"
fi
check "... and no run is named for a file no run made" test -z "$(result data-run)"

# Bad uploads are 400 pages that say what is wrong.
printf 'just text\n' >"$E2E_TMP/note.txt"
upload "$E2E_TMP/note.txt"
is_html_page "a file that is no PDF is a 400 page" 400
check "... saying so" grep -qF 'file: the file is not a PDF' "$E2E_TMP/body"
req "${CS[@]}" -H "Origin: $U" -F "csrf=$CSRF" "$U/verify"
is_html_page "a form without its file is a 400 page" 400
check "... naming the file" grep -qF 'file: choose a PDF file' "$E2E_TMP/body"
mp() {	# mp BODY: posts BODY as multipart/form-data, boundary XyZ
	req "${CS[@]}" -H "Origin: $U" -H 'Content-Type: multipart/form-data; boundary=XyZ' \
	    --data-binary "$1" "$U/verify"
}
mp $'--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'"$CSRF"$'\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 x'
is_html_page "a body without its closing boundary is a 400 page" 400
check "... saying what is wrong" grep -qF 'does not end with the closing boundary' "$E2E_TMP/body"
mp $'--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\nX-Evil: 1\r\n\r\n'"$CSRF"$'\r\n--XyZ--\r\n'
is_html_page "a part with another header is a 400 page" 400
req "${CS[@]}" -H "Origin: $U" -H 'Content-Type: multipart/form-data' --data-binary 'x' "$U/verify"
is_html_page "a Content-Type without boundary is a 400 page" 400
check "... naming the Content-Type" grep -qF 'Content-Type: the Content-Type has no boundary' "$E2E_TMP/body"

# CSRF and Origin: the token travels inside the form's body only.
req "${CS[@]}" -H "Origin: $U" -F "file=@$E2E_TMP/form.pdf" "$U/verify"
is_html_page "an upload without the CSRF token is a 403 page" 403
req "${CS[@]}" -H "Origin: $U" -F "csrf=${CSRF:1}x" -F "file=@$E2E_TMP/form.pdf" "$U/verify"
is_html_page "an upload with a wrong CSRF token is a 403 page" 403
req "${CS[@]}" -H "Origin: $U" -F "file=@$E2E_TMP/form.pdf" "$U/verify?csrf=$CSRF"
is_html_page "a CSRF token in the URL does not count (403)" 403
req "${CS[@]}" -H "Origin: http://evil.example" -F "csrf=$CSRF" -F "file=@$E2E_TMP/form.pdf" "$U/verify"
is_html_page "an upload from another origin is a 403 page" 403
req -F "csrf=$CSRF" -F "file=@$E2E_TMP/form.pdf" "$U/verify"
check "an upload without a session goes to sign in" test "$STATUS" = 303 -a "$(header Location)" = /signin
ALOG=${ANNEXA_STACK_DIR:-}/nginx/access.log
if [ -f "$ALOG" ]; then
	check "the session's CSRF token is in no access log line but the one that put it in a URL" \
	    test "$(grep -c "$CSRF" "$ALOG")" -le 1
else
	skip "the CSRF token is in no access log" "no stack directory with an access log"
fi

# --- roles and organisations ----------------------------------------------
req "${HV[@]}" "$U$O/reports"
is_html_page "a viewer's bearer token reads the reports page" 200
req -H "Authorization: Bearer $OTHER_VIEWER" "$U$O/reports"
is_html_page "another organisation's viewer: the reports page is a 404" 404
check "... the 404 of an organisation that does not exist" grep -qF "no such organisation" "$E2E_TMP/body"
req -H "Authorization: Bearer $OTHER_VIEWER" -F "file=@$E2E_TMP/form.pdf" "$U/verify"
if [ "$STATUS" = 200 ] && [ "$(result data-valid)" = true ] && [ -z "$(result data-run)" ] &&
    ! grep -qF "Run $RUNID" "$E2E_TMP/body"; then
	pass "another organisation's viewer learns the file is valid, not which run of $ORG made it"
else
	fail "another organisation's viewer learns the file is valid, not which run made it" \
	    "$STATUS $(grep -o '<section id="result"[^>]*>' "$E2E_TMP/body")"
fi
req -X POST "${HV[@]}" "$U$O/reports"
is_html_page "POST to the reports page is a 405 page" 405
req "${HV[@]}" "$U/verify?x=1"
is_html_page "an unknown parameter of the verify page is a 400 page" 400

# --- hostile text stays text ----------------------------------------------
HT=$(new_token --org hostile --role viewer)
no_markup() {	# no_markup NAME: the last body holds no markup from the data
	if grep -qi '<script' "$E2E_TMP/body" || grep -qi '<img' "$E2E_TMP/body" ||
	    grep -qP '<[^>]*\sonerror=' "$E2E_TMP/body" ||
	    grep -qiE '(href|src|action)="javascript' "$E2E_TMP/body"; then
		fail "$1" "$(grep -oiE '.{30}(<script|<img|javascript:).{30}' "$E2E_TMP/body" | head -n 3)"
	else
		pass "$1"
	fi
}
curl -s -o "$E2E_TMP/hostile.pdf" -H "Authorization: Bearer $HT" \
    "$U/api/v1/orgs/hostile/reports/gap.pdf?target=hx-tgt&as_of=2026-06-30"
req -H "Authorization: Bearer $HT" "$U/orgs/hostile/reports?as_of=2026-06-30"
is_html_page "the hostile organisation's reports page answers" 200
no_markup "... and shows no markup from the data"
check "... its name as escaped text" grep -qF \
    '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)' "$E2E_TMP/body"
req -H "Authorization: Bearer $HT" -F 'file=@'"$E2E_TMP/hostile.pdf"';filename=<script>alert(1)</script> <img src=x onerror=alert(1)>.pdf' "$U/verify"
is_html_page "the hostile organisation's report verifies" 200
no_markup "... the result page shows no markup from the file's name or signer"
check "... the file's name as escaped text" grep -qF \
    '<dd id="file"><bdi>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;.pdf</bdi>' "$E2E_TMP/body"
check "... and its run named" test -n "$(result data-run)"

e2e_done
