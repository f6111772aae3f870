#!/usr/bin/env bash
# Signed PDF reports end to end (docs/reports.md), on the demo organisation:
# every kind through nginx, checked with pdfsig (trusting the stack's test
# CA), qpdf --check, pdftotext and page images; tampering detected by
# pdfsig, annexa verify and POST /api/v1/verify; report runs stored;
# charts probed against their data.
set -u
E2E_NAME=reports
. "$(dirname "$0")/lib.sh"
e2e_require

PPMSTAT=${ANNEXA_BUILDDIR:-.}/tests/e2e/ppmstat
# A second organisation, for the scoping checks.
FIX=$ANNEXA_SRCDIR/tests/fixtures/tiny
t0=$(psql -X -At -c "SELECT now()" "$ANNEXA_TEST_SUPER_DB")
"$BIN" --config "$ANNEXA_CONFIG" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null
"$BIN" --config "$ANNEXA_CONFIG" import org "$FIX/tiny-org.json" >/dev/null
# An import leaves planner statistics behind, so that the reports made
# right after it are not planned for empty tables.
analyzed=$(psql -X -At -c "SELECT count(*) FROM pg_stat_user_tables
    WHERE schemaname = 'annexa' AND relname IN ('control', 'soa_entry',
    'control_review') AND last_analyze >= '$t0'" "$ANNEXA_TEST_SUPER_DB")
check "an import analyzes the tables it loads" test "$analyzed" = 3
# ... and marks their pages all-visible, so the reports' index-only reads
# need no table page per entry right after an import.
vacuumed=$(psql -X -At -c "SELECT count(*) FROM pg_stat_user_tables
    WHERE schemaname = 'annexa' AND relname IN ('control', 'soa_entry',
    'control_review') AND last_vacuum >= '$t0'" "$ANNEXA_TEST_SUPER_DB")
check "an import vacuums the tables it loads" test "$vacuumed" = 3
NSS=${ANNEXA_NSSDIR:?}
TOK=$(new_token --org acme-cloud --role viewer)
H=(-H "Authorization: Bearer $TOK")
O="$U/api/v1/orgs/acme-cloud"
AS_OF=2026-11-28

# The coverage figures of the JSON API, as the reports print them: one
# decimal, rounded once from the score itself (reports/present.h).  The
# JSON's four-decimal fraction would round twice, so the score is worked
# out again from the answer's counts, as the gap engine does.
pct() {	# pct KIND: KIND's coverage from $BODY, e.g. "57.1 %"
	grep -o "\"$1\":{[^}]*}" <<<"$BODY" | head -n 1 | awk -F'[:,]' '{
		for (i = 1; i < NF; i++) n[$i] = $(i + 1)
		c = n["\"covered\""]; p = n["\"partial\""]; g = n["\"gap\""]
		t = int((c + 0.5 * p) / (c + p + g) * 1000 + 0.5)
		printf "%d.%d %%", int(t / 10), t % 10 }'
}
req "${H[@]}" "$O/gap?target=ccm-v4&as_of=$AS_OF"
gap_design=$(pct design)
gap_assured=$(pct assured)

# check_pdf NAME FILE HEADINGS...: signature, structure, text, pages.
check_pdf() {
	local name=$1 file=$2 out s pages p stat
	shift 2
	out=$(pdfsig -nssdir "$NSS" "$file" 2>&1)
	case "$out" in
	*"Signature is Valid."*"Total document signed"*|*"Total document signed"*"Signature is Valid."*)
		pass "$name: pdfsig says valid and total document signed" ;;
	*) fail "$name: pdfsig says valid and total document signed" "$out" ;;
	esac
	case "$out" in
	*"Certificate is Trusted."*) pass "$name: the certificate is trusted through the test CA" ;;
	*) fail "$name: the certificate is trusted through the test CA" "$out" ;;
	esac
	qpdf --check "$file" >"$E2E_TMP/qpdf" 2>&1
	check "$name: qpdf --check finds no errors" grep -q 'No syntax or stream encoding errors found' "$E2E_TMP/qpdf"
	pdftotext -layout "$file" "$E2E_TMP/text" 2>/dev/null
	for s in "$@"; do
		if grep -qF -- "$s" "$E2E_TMP/text"; then
			pass "$name: text holds \"$s\""
		else
			fail "$name: text holds \"$s\""
		fi
	done
	pages=$(pdfinfo "$file" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	check "$name: every page has its \"Page x of $pages\" footer" test \
	    "$(grep -c "Page [0-9]* of $pages" "$E2E_TMP/text")" -eq "$pages"
	rm -f "$E2E_TMP"/pg-*.ppm
	pdftoppm -r 40 "$file" "$E2E_TMP/pg" 2>/dev/null
	for p in "$E2E_TMP"/pg-*.ppm; do
		stat=$("$PPMSTAT" "$p")
		set -- $stat
		if [ "$4" -ne 0 ] || [ "$5" -ne 0 ]; then
			fail "$name: nothing reaches the side margins ($(basename "$p"): $stat)"
			return
		fi
	done
	pass "$name: nothing reaches the side margins on $pages pages"
}

# A chart drawn on some page: coloured pixels in number, not a blank box.
has_chart() {	# has_chart NAME
	local p best=0 n
	for p in "$E2E_TMP"/pg-*.ppm; do
		n=$("$PPMSTAT" "$p" | awk '{ print $6 }')
		[ "$n" -gt "$best" ] && best=$n
	done
	check "$1: a page carries a chart (coloured pixels: $best)" test "$best" -gt 2000
}

# Charts are drawn as vector paths and text: the file holds no image.
no_images() {	# no_images NAME FILE
	check "$1: the charts are vectors, the file holds no image" \
	    test "$(pdfimages -list "$2" 2>/dev/null | tail -n +3 | wc -l)" -eq 0
}

fetch() {	# fetch NAME QUERY: the report through nginx into $E2E_TMP/NAME.pdf
	STATUS=$(curl -s -o "$E2E_TMP/$1.pdf" -D "$E2E_TMP/head" -w '%{http_code}' "${H[@]}" "$O/reports/$1.pdf?$2")
	check "$1: 200 application/pdf" test "$STATUS" = 200 -a \
	    "$(header Content-Type)" = application/pdf
	expect_header "$1: an attachment" Content-Disposition "attachment; filename=\"$1-acme-cloud"
	sha=$(sha256sum "$E2E_TMP/$1.pdf" | cut -c1-64)
	check "$1: X-Report-SHA256 is the file's SHA-256" test "$(header X-Report-SHA256)" = "$sha"
	check "$1: ETag is the SHA-256" test "$(header ETag)" = "\"$sha\""
}

fetch management-review "period=2026-Q3&as_of=$AS_OF"
check_pdf management-review "$E2E_TMP/management-review.pdf" "Management review" \
    "How to verify this report" \
    "a) Status of actions from previous management reviews" \
    "b) Changes in external and internal issues" \
    "c) Changes in needs and expectations of interested" \
    "d) Information security performance" "Nonconformities and corrective actions" \
    "Monitoring and measurement results" "Audit results" \
    "Fulfilment of information security objectives" \
    "e) Feedback from interested parties" \
    "f) Results of risk assessment and status of risk" \
    "g) Opportunities for continual improvement" "Decisions and actions (9.3.3)"
has_chart management-review
no_images management-review "$E2E_TMP/management-review.pdf"
# The charts' words are text a reader can find: titles, axis titles and
# legend entries that appear nowhere else in the report.
for s in "Control review results per month" "Open findings at the end of each month" \
    "Coverage per target framework on" "Coverage (%)" \
    "Open findings at month end" "No expiry"; do
	check "management-review: pdftotext finds the chart text \"$s\"" grep -qF -- "$s" "$E2E_TMP/text"
done
fetch gap "target=ccm-v4&as_of=$AS_OF"
check_pdf gap "$E2E_TMP/gap.pdf" "Framework gap analysis" "How to verify this report" \
    "$gap_design" "$gap_assured" "Coverage per group" "Target controls" \
    "Mapping provenance" "IAM-01"
has_chart gap
no_images gap "$E2E_TMP/gap.pdf"
fetch comparison "as_of=$AS_OF"
check_pdf comparison "$E2E_TMP/comparison.pdf" "Framework comparison" \
    "How to verify this report" "Coverage at a glance" \
    "$gap_design" "$gap_assured"
has_chart comparison
no_images comparison "$E2E_TMP/comparison.pdf"
check "comparison: pdftotext finds the chart's legend" grep -qF "Assured coverage" "$E2E_TMP/text"

# One report layer: the same thing is printed with the same words and the
# same precision in every report.  The texts of the management review, the
# gap report and the comparison, all made for ccm-v4 at the same as_of.
for k in management-review gap comparison; do
	pdftotext -layout "$E2E_TMP/$k.pdf" "$E2E_TMP/$k.txt" 2>/dev/null
done
first_pct() {	# first_pct N: the Nth percentage on stdin's first line
	head -n 1 | grep -oE '[0-9]+\.[0-9]+ %' | sed -n "${1}p"
}
# The gap report's score table: "Design (as ..." and "Assured (...".
gd=$(grep -E '^ *Design \(' "$E2E_TMP/gap.txt" | first_pct 1)
ga=$(grep -E '^ *Assured \(' "$E2E_TMP/gap.txt" | first_pct 1)
# The comparison: ccm-v4 comes first; its design row, then its assured row.
cd_=$(grep -E ' design +[0-9]' "$E2E_TMP/comparison.txt" | first_pct 1)
ca=$(grep -E ' assured +[0-9]' "$E2E_TMP/comparison.txt" | first_pct 1)
# The management review, g): design now, design before, change, assured now.
mrow=$(grep -E '^ *CSA Cloud Controls Matrix +[0-9.]+ %' "$E2E_TMP/management-review.txt" | head -n 1)
md=$(first_pct 1 <<<"$mrow")
ma=$(first_pct 3 <<<"$mrow")
check "same words: ccm-v4 design coverage is \"$gd\" in the gap report, the comparison and the management review" \
    test -n "$gd" -a "$gd" = "$cd_" -a "$gd" = "$md" -a "$gd" = "$gap_design"
check "same words: ccm-v4 assured coverage is \"$ga\" in the gap report, the comparison and the management review" \
    test -n "$ga" -a "$ga" = "$ca" -a "$ga" = "$ma" -a "$ga" = "$gap_assured"
for k in management-review gap comparison; do
	check "same precision: every percentage in the $k report has one decimal" \
	    test -z "$(grep -oE '[0-9]+\.[0-9]{2,} %' "$E2E_TMP/$k.txt")"
	check "same words: the $k report says \"not applicable\", never the API's token" \
	    test -z "$(grep -F 'not-applicable' "$E2E_TMP/$k.txt")"
done
# A status: the first of the management review's largest ccm-v4 gaps has
# the same design status, in the same word, in the gap report's table.
grow=$(sed -n '/^Largest coverage gaps/,$p' "$E2E_TMP/management-review.txt" | grep -E '^ *[A-Z]{3}-[0-9]{2} ' | head -n 1)
gid=$(awk '{ print $1 }' <<<"$grow")
mstat=$(grep -oE '  (covered|partial|gap|unmapped|not applicable)  ' <<<"$grow" | head -n 1 | tr -d ' ')
gstat=$(grep -E "^ *$gid " "$E2E_TMP/gap.txt" | grep -oE '  (covered|partial|gap|unmapped|not)  ' | head -n 1 | tr -d ' ')
check "same words: $gid's design status is \"$mstat\" in the management review and the gap report" \
    test -n "$gid" -a -n "$mstat" -a "$mstat" = "$gstat"
fetch soa "as_of=$AS_OF"
check_pdf soa "$E2E_TMP/soa.pdf" "Statement of Applicability" \
    "How to verify this report" "CLD.9.5.1" "18.2.3" "Entries missing a required element"
fetch traceability "as_of=$AS_OF"
check_pdf traceability "$E2E_TMP/traceability.pdf" "Traceability" \
    "How to verify this report" "Traceability chain"

# The customer audience leaves owners' names out.
owner="D. Okafor"
pdftotext "$E2E_TMP/soa.pdf" - 2>/dev/null | grep -qF "$owner"
check "the internal SoA names owners" test $? -eq 0
STATUS=$(curl -s -o "$E2E_TMP/soa-c.pdf" -w '%{http_code}' "${H[@]}" "$O/reports/soa.pdf?as_of=$AS_OF&audience=customer")
pdftotext "$E2E_TMP/soa-c.pdf" - 2>/dev/null | grep -qF "$owner"
check "the customer SoA names no owner" test $? -ne 0 -a "$STATUS" = 200

# Tampering: one flipped byte inside the signed range.
cp "$E2E_TMP/gap.pdf" "$E2E_TMP/flip.pdf"
printf '\x00' | dd of="$E2E_TMP/flip.pdf" bs=1 seek=3000 conv=notrunc 2>/dev/null
cmp -s "$E2E_TMP/gap.pdf" "$E2E_TMP/flip.pdf"
check "the copy differs by a byte" test $? -ne 0
pdfsig -nssdir "$NSS" "$E2E_TMP/flip.pdf" 2>&1 | grep -q 'Digest Mismatch'
check "pdfsig reports a digest mismatch" test $? -eq 0
"$BIN" --config "$ANNEXA_CONFIG" verify "$E2E_TMP/flip.pdf" >"$E2E_TMP/vflip" 2>&1
check "annexa verify exits non-zero on it" test $? -ne 0
check "and says why" grep -q 'digest mismatch' "$E2E_TMP/vflip"
"$BIN" --config "$ANNEXA_CONFIG" verify "$E2E_TMP/gap.pdf" >"$E2E_TMP/v" 2>&1
check "annexa verify accepts the original" test $? -eq 0
check "and names its report run" grep -q 'report run: *[0-9]* (acme-cloud, gap' "$E2E_TMP/v"
req "${H[@]}" -H 'Content-Type: application/pdf' --data-binary @"$E2E_TMP/gap.pdf" "$U/api/v1/verify"
expect "POST /api/v1/verify: valid, whole file, this service, its run" 200 \
    '"valid":true' '"covers_whole_file":true' '"signed_by_this_service":true' \
    '"report_run":{"id":' '"kind":"gap"'
CERT=$(grep -o '"certificate_sha256":"[0-9a-f]*"' <<<"$BODY" | cut -d'"' -f4)
req "${H[@]}" -H 'Content-Type: application/pdf' --data-binary @"$E2E_TMP/flip.pdf" "$U/api/v1/verify"
expect "POST /api/v1/verify: the flipped copy is not valid" 200 '"valid":false' '"reason":"digest mismatch"'
expect "  nor signed by this service, though its certificate is" 200 \
    '"signed_by_this_service":false' "\"certificate_sha256\":\"$CERT\""
check "annexa verify: the flipped copy is not this service's, and why" \
    grep -q '^this service: *no: its certificate, but digest mismatch$' "$E2E_TMP/vflip"
# Bytes after the signature: it no longer covers the whole file.
cp "$E2E_TMP/gap.pdf" "$E2E_TMP/tail.pdf"
printf '%% appended after signing\n' >>"$E2E_TMP/tail.pdf"
req "${H[@]}" -H 'Content-Type: application/pdf' --data-binary @"$E2E_TMP/tail.pdf" "$U/api/v1/verify"
expect "POST /api/v1/verify: bytes appended after the signature" 200 \
    '"valid":false' '"covers_whole_file":false' '"signed_by_this_service":false' \
    '"reason":"byte range does not cover the file"'
"$BIN" --config "$ANNEXA_CONFIG" verify "$E2E_TMP/tail.pdf" >"$E2E_TMP/v" 2>&1
check "annexa verify exits non-zero on the extended file" test $? -ne 0
check "  and says it is not this service's, and why" grep -q \
    '^this service: *no: its certificate, but byte range does not cover the file$' "$E2E_TMP/v"
"$BIN" --config "$ANNEXA_CONFIG" verify "$E2E_TMP/gap.pdf" >"$E2E_TMP/v" 2>&1
check "annexa verify: the untouched file is this service's" grep -q \
    '^this service: *yes' "$E2E_TMP/v"
printf 'not a pdf' >"$E2E_TMP/junk"
req "${H[@]}" -H 'Content-Type: application/pdf' --data-binary @"$E2E_TMP/junk" "$U/api/v1/verify"
expect "POST /api/v1/verify: junk has no signature" 200 '"valid":false' '"signer":null'
req "${H[@]}" -H 'Content-Type: text/plain' --data-binary @"$E2E_TMP/junk" "$U/api/v1/verify"
expect "POST /api/v1/verify: a wrong content type is 415" 415 '"field":"body"'
OTHER=$(new_token --org tiny --role viewer)
req -H "Authorization: Bearer $OTHER" -H 'Content-Type: application/pdf' --data-binary @"$E2E_TMP/gap.pdf" "$U/api/v1/verify"
expect "another organisation's token learns validity, not the run" 200 '"valid":true' '"report_run":null'

# Report runs: listed, and their stored bytes served unchanged.
req "${H[@]}" "$O/report-runs?limit=500"
expect "report runs list the generated reports" 200 '"kind":"gap"' '"trigger":"api"' '"status":"succeeded"'
# This file's gap run, by its file's SHA-256: other test files make runs of
# the same organisation at the same time.
gap_sha=$(sha256sum <"$E2E_TMP/gap.pdf" | cut -c1-64)
run=$(/usr/bin/python3 -c '
import json, sys
print(next((r["id"] for r in json.load(sys.stdin)["report_runs"] if r["sha256"] == sys.argv[1]), 0))' "$gap_sha" <<<"$BODY")
curl -s -o "$E2E_TMP/stored.pdf" "${H[@]}" "$O/report-runs/$run.pdf"
check "a stored run's PDF is the file served" cmp -s "$E2E_TMP/stored.pdf" "$E2E_TMP/gap.pdf"
req -H "Authorization: Bearer $OTHER" "$O/report-runs/$run.pdf"
expect "another organisation gets 404 on it" 404 '"field":"org"'

# Determinism: same data, as_of and signing time, same bytes.
for i in 1 2; do
	"$BIN" --config "$ANNEXA_CONFIG" report gap --org acme-cloud --target ccm-v4 \
	    --as-of "$AS_OF" --signing-time 2026-11-28T12:00:00Z --no-record \
	    -o "$E2E_TMP/det$i.pdf" 2>/dev/null
done
check "annexa report twice with one signing time: identical bytes" cmp -s "$E2E_TMP/det1.pdf" "$E2E_TMP/det2.pdf"
# What a process keeps between reports (the fonts, the mapping sets, the
# prepared statements) changes no byte: the last of three management
# reviews made in one process is the one a process of its own makes.
mr=(report management-review --org acme-cloud --period 2026-Q3 --as-of "$AS_OF"
    --signing-time 2026-11-28T12:00:00Z --no-record)
"$BIN" --config "$ANNEXA_CONFIG" "${mr[@]}" -o "$E2E_TMP/mr1.pdf" 2>/dev/null
"$BIN" --config "$ANNEXA_CONFIG" "${mr[@]}" --repeat 3 -o "$E2E_TMP/mr3.pdf" >/dev/null 2>&1
check "a management review made third in one process: the same bytes" \
    cmp -s "$E2E_TMP/mr1.pdf" "$E2E_TMP/mr3.pdf"

# Bad report requests
req "${H[@]}" "$O/reports/annual.pdf"
expect "unknown report kind is 404" 404 '"field":"kind"'
req "${H[@]}" "$O/reports/gap.pdf"
expect "gap without target is 400" 400 '"field":"target"'
req "${H[@]}" "$O/reports/gap.pdf?target=nope"
expect "gap with an unknown target is 404" 404 '"field":"target"'
req "${H[@]}" "$O/reports/management-review.pdf?period=2026-Q5"
expect "a bad period is 400" 400 '"field":"period"'
req "${H[@]}" "$O/reports/soa.pdf?audience=board"
expect "a bad audience is 400" 400 '"field":"audience"'
req -H "Authorization: Bearer $OTHER" "$O/reports/soa.pdf"
expect "another organisation's report is 404" 404 '"field":"org"'

# Charts: PNG and SVG, bounded sizes, and pixels against the data.
for n in coverage review-results findings-trend evidence-freshness; do
	STATUS=$(curl -s -o "$E2E_TMP/$n.png" -D "$E2E_TMP/head" -w '%{http_code}' "${H[@]}" "$O/charts/$n.png?as_of=$AS_OF")
	check "chart $n.png: 200 image/png" test "$STATUS" = 200 -a "$(header Content-Type)" = image/png
	check "chart $n.png is a PNG" test "$(head -c 8 "$E2E_TMP/$n.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
done
STATUS=$(curl -s -o "$E2E_TMP/c.svg" -w '%{http_code}' "${H[@]}" "$O/charts/coverage.svg?target=ccm-v4&width=640&height=400")
check "chart coverage.svg per group of a target" test "$STATUS" = 200
check "the SVG is an SVG of the asked width" grep -q 'width="640' "$E2E_TMP/c.svg"
req "${H[@]}" "$O/charts/coverage.png?width=5000"
expect "an oversized chart is 400" 400 '"field":"width"'
req "${H[@]}" "$O/charts/coverage.png?months=0"
expect "months 0 is 400" 400 '"field":"months"'
req "${H[@]}" "$O/charts/pie.png"
expect "an unknown chart is 404" 404 '"field":"name"'
req "${H[@]}" "$O/charts/coverage.gif"
expect "an unknown chart format is 404" 404 '"field":"name"'

e2e_done
