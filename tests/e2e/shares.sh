#!/usr/bin/env bash
# Share links through nginx (issue 14): `annexa share create|list|revoke|
# nda` and the API (POST/GET .../shares, DELETE .../shares/{id}, GET
# .../shares/{id}/accesses) with their roles and bad input; the
# recipient's pages with no sign-in (the NDA form first, its Origin
# check, then the download); the watermark on every page of the PDF and
# in its metadata, the signature valid and whole; `annexa verify` and
# POST /api/v1/verify naming the link, its recipient and download; the
# access log with its views, acceptance and download; revoke, expiry
# (with the test clock ANNEXA_TEST_NOW) and --max-downloads 1 answering
# 410; hostile recipient and NDA text shown as text; no link's secret in
# any log.
set -u
E2E_NAME=shares
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
ADB=${ANNEXA_TEST_ADMIN_DB:?}
NSS=${ANNEXA_NSSDIR:?}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$ADB" -c "$1"; }
ORG=acme-cloud
OTHER=e2e-share-other
OR=(-H "Origin: $U")
SECRETS=()	# every link's secret, for the log check at the end

sql "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('$OTHER', 'Other Org', 'csp') ON CONFLICT DO NOTHING"
HX=$ANNEXA_SRCDIR/tests/fixtures/hostile
{
	"${A[@]}" import catalog "$HX/hx-src.json" "$HX/hx-tgt.json" &&
	"${A[@]}" import mappings "$HX/hx-src-to-hx-tgt.csv" &&
	"${A[@]}" import org "$HX/hostile-org.json"
} >"$E2E_TMP/import.log" 2>&1 || { cat "$E2E_TMP/import.log"; exit 1; }
VIEWER=$(new_token --org "$ORG" --role viewer)
EDITOR=$(new_token --org "$ORG" --role editor)
ADMIN=$(new_token --org "$ORG" --role admin)
OTHER_ADMIN=$(new_token --org "$OTHER" --role admin)
json() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$E2E_TMP/body')); print($1)"; }
# secret_of URL: the link's secret, remembered for the log check.
secret_of() { S=${1##*/s/}; SECRETS+=("$S"); }

# --- the NDA text: versioned per organisation -------------------------------
NDA_HOSTILE='Confidential. <script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1) ‮txt.exe'
printf '%s\nSecond line.\n' "$NDA_HOSTILE" >"$E2E_TMP/nda.txt"
out=$("${A[@]}" share nda --org "$ORG" "$E2E_TMP/nda.txt" 2>&1)
v1=$(sed -n 's/^NDA of .*: version \([0-9]*\)$/\1/p' <<<"$out")
out=$("${A[@]}" share nda --org "$ORG" "$E2E_TMP/nda.txt" 2>&1)
v2=$(sed -n 's/^NDA of .*: version \([0-9]*\)$/\1/p' <<<"$out")
check "share nda stores a new version each time" test -n "$v1" -a "$v2" = "$((v1 + 1))"
printf 'a\001b' >"$E2E_TMP/bad-nda.txt"
"${A[@]}" share nda --org "$ORG" "$E2E_TMP/bad-nda.txt" >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "share nda refuses control characters, naming FILE (exit 3)" \
    test "$rc" = 3 -a -n "$(grep 'FILE:' "$E2E_TMP/err")"

# --- share create: bad input, each refused naming its option ---------------
# refused NAME WANT-RC WANT-TEXT ARGS...: share create exits WANT-RC, its
# message naming WANT-TEXT, and no link is stored.
refused() {
	local name=$1 rc=$2 text=$3 before after got
	shift 3
	before=$(sql "SELECT count(*) FROM annexa.share_link")
	"${A[@]}" share create "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"; got=$?
	after=$(sql "SELECT count(*) FROM annexa.share_link")
	if [ "$got" = "$rc" ] && grep -q -- "$text" "$E2E_TMP/err" && [ "$before" = "$after" ]; then
		pass "$name"
	else
		fail "$name" "exit $got, stderr: $(head -c 300 "$E2E_TMP/err"), links $before -> $after"
	fi
}
TO="Globex Corp, Ana Ruiz <ana@globex.example>"
refused "share create without --expires" 2 "--expires is required" --org "$ORG" --report comparison --to "$TO"
refused "share create --expires 366d (over a year)" 2 "--expires:" --org "$ORG" --report comparison --to "$TO" --expires 366d
refused "share create --expires 30m" 2 "--expires:" --org "$ORG" --report comparison --to "$TO" --expires 30m
refused "share create --to without a company" 2 "--to:" --org "$ORG" --report comparison --to "Ana Ruiz <ana@globex.example>" --expires 30d
refused "share create --to with a script for a company" 2 "--to:" --org "$ORG" --report comparison --to "<script>alert(1)</script>, Ana <ana@globex.example>" --expires 30d
refused "share create --report traceability" 2 "--report:" --org "$ORG" --report traceability --to "$TO" --expires 30d
refused "share create --report gap without --target" 2 "--target is required" --org "$ORG" --report gap --to "$TO" --expires 30d
refused "share create --max-downloads 0" 2 "--max-downloads:" --org "$ORG" --report comparison --to "$TO" --expires 30d --max-downloads 0
refused "share create --org of no organisation" 3 "--org: no organisation" --org no-such-org --report comparison --to "$TO" --expires 30d
refused "share create --nda for an organisation without an NDA (exit 3)" 3 "--nda:" --org "$OTHER" --report comparison --to "$TO" --expires 30d --nda

# --- the API: roles, organisations, bad input --------------------------------
post() { req -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$2" "$U/api/v1/orgs/${3:-$ORG}/shares"; }
GOOD='{"report":"gap","target":"ccm-v4","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"30d","nda":true}'
post "$VIEWER" "$GOOD"
expect "a viewer may not make a share link (403)" 403 '"forbidden"'
post "$OTHER_ADMIN" "$GOOD"
expect "another organisation's admin gets 404" 404 '"field":"org"'
req -H "Authorization: Bearer $VIEWER" "$U/api/v1/orgs/$ORG/shares"
expect "a viewer may not list share links (403)" 403
# bad_body NAME BODY FIELD: 400 naming FIELD, nothing stored.
bad_body() {
	local before after
	before=$(sql "SELECT count(*) FROM annexa.share_link")
	post "$EDITOR" "$2"
	after=$(sql "SELECT count(*) FROM annexa.share_link")
	if [ "$STATUS" = 400 ] && [ "$(json "d['error']['field']")" = "$3" ] && [ "$before" = "$after" ]; then
		pass "$1"
	else
		fail "$1" "status $STATUS, body ${BODY:0:300}, links $before -> $after"
	fi
}
bad_body "POST shares without expires: 400 naming expires" '{"report":"comparison","to":"Globex Corp, Ana Ruiz <ana@globex.example>"}' expires
bad_body "POST shares expiring after a year: 400 naming expires" '{"report":"comparison","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"400d"}' expires
bad_body "POST shares of an unknown report: 400 naming report" '{"report":"traceability","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"30d"}' report
bad_body "POST shares with a bad recipient: 400 naming to" '{"report":"comparison","to":"nobody","expires":"30d"}' to
bad_body "POST shares with a target for comparison: 400 naming target" '{"report":"comparison","target":"ccm-v4","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"30d"}' target
bad_body "POST shares with max_downloads 0: 400 naming max_downloads" '{"report":"comparison","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"30d","max_downloads":0}' max_downloads
bad_body "POST shares with an unknown field: 400 naming it" '{"report":"comparison","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"30d","audience":"internal"}' audience
bad_body "POST shares with nda a string: 400 naming nda" '{"report":"comparison","to":"Globex Corp, Ana Ruiz <ana@globex.example>","expires":"30d","nda":"yes"}' nda

post "$EDITOR" "$GOOD"
expect "an editor makes a share link (201)" 201 '"url"' '"ref"'
URL=$(json "d['url']"); SID=$(json "d['id']"); REF=$(json "d['ref']")
secret_of "$URL"
check "the link is public_url/s/ and 128 bits in hex" grep -Eqx "$U/s/[0-9a-f]{32}" <<<"$URL"
check "only the link's hash is stored" \
    test "$(sql "SELECT count(*) FROM annexa.share_link WHERE link_sha256 = '$(printf %s "$S" | sha256sum | cut -c1-64)'")" = 1
check "the secret itself is in no row" \
    test "$(sql "SELECT count(*) FROM annexa.share_link WHERE link_sha256 LIKE '%$S%'")" = 0
check "the reference is the hash's first six hex digits" \
    test "$REF" = "$(printf %s "$S" | sha256sum | cut -c1-6)"

# --- the recipient's page, no session: the NDA first ------------------------
req "$URL"
expect "the link opens without signing in, on the NDA" 200 'asks you to accept its NDA' 'id="nda-form"'
check "nothing is shared before the NDA is accepted (no download form)" \
    test -z "$(grep -o 'id="download"' "$E2E_TMP/body")"
check "the NDA's hostile text is shown as text" \
    grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;' "$E2E_TMP/body"
check "no script or img element comes from the NDA text" \
    test -z "$(grep -o '<script\|<img' "$E2E_TMP/body")"
check "the recipient's page sets no cookie" test -z "$(header Set-Cookie)"
expect_header "the recipient's page has the CSP" Content-Security-Policy "default-src 'self'"
NV=$(sed -n 's/.*name="nda_version" value="\([0-9]*\)".*/\1/p' "$E2E_TMP/body")
check "the form carries the NDA version in force" test "$NV" = "$v2"
req -X POST "${OR[@]}" "$URL/download"
expect "a download before the NDA is accepted is refused (403)" 403 'Accept the NDA first'
FORM=(--data-urlencode "name=Ana Ruiz" --data-urlencode "email=ana@globex.example" --data-urlencode "company=Globex Corp" -d accept=yes -d "nda_version=$NV")
req -X POST "${FORM[@]}" "$URL/nda"
expect "the NDA form without Origin is refused (403)" 403
req -X POST -H "Origin: http://evil.example" "${FORM[@]}" "$URL/nda"
expect "the NDA form from another site is refused (403)" 403 'another site'
req -X POST "${OR[@]}" --data-urlencode "name=<script>alert(1)</script>" --data-urlencode "email=ana@globex.example" --data-urlencode "company=Globex Corp" -d accept=yes -d "nda_version=$NV" "$URL/nda"
expect "a name with markup is refused, naming name (400)" 400 'name: your name'
req -X POST "${OR[@]}" --data-urlencode "name=Ana Ruiz" --data-urlencode "email=not-an-address" --data-urlencode "company=Globex Corp" -d accept=yes -d "nda_version=$NV" "$URL/nda"
expect "a bad e-mail is refused, naming email (400)" 400 'email: an e-mail address'
req -X POST "${OR[@]}" --data-urlencode "name=Ana Ruiz" --data-urlencode "email=ana@globex.example" --data-urlencode "company=Globex Corp" -d "nda_version=$NV" "$URL/nda"
expect "the NDA without I accept is refused, naming accept (400)" 400 'accept: tick'
req -X POST "${OR[@]}" --data-urlencode "name=Ana Ruiz" --data-urlencode "email=ana@globex.example" --data-urlencode "company=Globex Corp" -d accept=yes -d "nda_version=$v1" "$URL/nda"
expect "an acceptance of an older NDA version is refused (409)" 409 'nda_version'
check "no refused acceptance was recorded" \
    test "$(sql "SELECT count(*) FROM annexa.share_access WHERE share_id = $SID AND event = 'nda'")" = 0
req -X POST "${OR[@]}" -A "e2e-recipient/1.0" "${FORM[@]}" "$URL/nda"
expect "the NDA accepted: 303 back to the link" 303
expect_header "the acceptance sends the browser back to the link" Location "/s/$S"
req "$URL"
expect "after the NDA, the page shows what is shared and the download" 200 'shares a report with you' 'id="download"' 'Framework gap analysis'

# --- the download: watermarked, signed, a report run of the link -----------
STATUS=$(curl -s -o "$E2E_TMP/share.pdf" -D "$E2E_TMP/head" -w '%{http_code}' -X POST "${OR[@]}" -A "e2e-recipient/1.0" "$URL/download")
RUN=$(header X-Report-Run)
check "the download answers a PDF" test "$STATUS" = 200 -a "$(head -c 5 "$E2E_TMP/share.pdf")" = "%PDF-"
expect_header "the download is application/pdf" Content-Type "application/pdf"
TODAY=$(date -u +%F)
MARK="Prepared for Globex Corp (ana@globex.example) · $TODAY · link $REF"
pages=$(pdfinfo "$E2E_TMP/share.pdf" | sed -n 's/^Pages: *//p')
marked=0
for ((i = 1; i <= ${pages:-0}; i++)); do
	pdftotext -f "$i" -l "$i" "$E2E_TMP/share.pdf" - | grep -qF "$MARK" && marked=$((marked + 1))
done
check "pdftotext finds the watermark on every one of the $pages pages" test "${pages:-0}" -gt 1 -a "$marked" = "$pages"
check "the PDF's Keywords say the same" grep -qx "Keywords: *$MARK" <(pdfinfo "$E2E_TMP/share.pdf")
check "the PDF's Subject names the recipient" grep -qF "$MARK" <(pdfinfo "$E2E_TMP/share.pdf" | grep '^Subject:')
out=$(pdfsig -nssdir "$NSS" "$E2E_TMP/share.pdf" 2>&1)
case "$out" in
*"Signature is Valid."*"Total document signed"*|*"Total document signed"*"Signature is Valid."*)
	pass "pdfsig: the shared PDF is signed, valid, the whole document" ;;
*) fail "pdfsig: the shared PDF is signed, valid, the whole document" "$out" ;;
esac
check "the shared report is the customer's (audience customer)" \
    test "$(sql "SELECT audience || ' ' || trigger || ' ' || share_id FROM annexa.report_run WHERE id = ${RUN:-0}")" = "customer share $SID"
check "the run names who asked: the recipient, through the link" \
    test "$(sql "SELECT requested_by FROM annexa.report_run WHERE id = ${RUN:-0}")" = "share link $REF for Globex Corp (ana@globex.example)"
check "the shared PDF says audience customer" grep -q 'customer' <(pdftotext "$E2E_TMP/share.pdf" - | grep -A2 '^Audience$')
out=$("${A[@]}" verify "$E2E_TMP/share.pdf" 2>&1)
case "$out" in
*"share link:        $SID (ref $REF), made for Globex Corp, Ana Ruiz <ana@globex.example>"*"download:"*)
	pass "annexa verify names the link, the recipient and the download" ;;
*) fail "annexa verify names the link, the recipient and the download" "$out" ;;
esac
req -X POST -H "Authorization: Bearer $VIEWER" -H 'Content-Type: application/pdf' --data-binary "@$E2E_TMP/share.pdf" "$U/api/v1/verify"
check "POST /api/v1/verify names the link and recipient to a viewer of the organisation" \
    test "$(json "d['share']['ref'] + ' ' + d['share']['recipient']['email'] + ' ' + str(d['share']['download']['access_id'] > 0)")" = "$REF ana@globex.example True"
req -X POST -H "Authorization: Bearer $OTHER_ADMIN" -H 'Content-Type: application/pdf' --data-binary "@$E2E_TMP/share.pdf" "$U/api/v1/verify"
check "POST /api/v1/verify tells another organisation nothing of the link" \
    test "$(json "str(d['share']) + ' ' + str(d['report_run'])")" = "None None"
req -H "Authorization: Bearer $VIEWER" -F "file=@$E2E_TMP/share.pdf;type=application/pdf" "$U/verify"
expect "the verify page names the link and its recipient" 200 'Share link' "ref <span class=\"hash\">$REF</span>), made for <bdi>Globex Corp</bdi>"
HEAD_STORED=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VIEWER" "$U/api/v1/orgs/$ORG/reports/gap.pdf?target=ccm-v4&audience=customer")
check "a token's own customer gap report is no watermarked one (never reused)" \
    test "$HEAD_STORED" = 200 -a "$(header X-Report-Run)" != "$RUN"

# --- the access log ----------------------------------------------------------
req -H "Authorization: Bearer $EDITOR" "$U/api/v1/orgs/$ORG/shares/$SID/accesses"
expect "an editor may not read the access log (403)" 403
req -H "Authorization: Bearer $OTHER_ADMIN" "$U/api/v1/orgs/$ORG/shares/$SID/accesses"
expect "another organisation's admin gets 404 for the access log" 404
req -H "Authorization: Bearer $ADMIN" "$U/api/v1/orgs/$ORG/shares/$SID/accesses"
expect "an admin reads the access log" 200 '"accesses"'
check "the log has a view, the NDA acceptance and the download" \
    test "$(json "' '.join(sorted(set(a['event'] for a in d['accesses'])))")" = "download nda view"
check "the acceptance records the version, name, e-mail, company, address and agent" \
    test "$(json "[(a['nda_version'], a['name'], a['email'], a['company'], a['client_addr'], a['user_agent']) for a in d['accesses'] if a['event'] == 'nda'][0]")" = "($NV, 'Ana Ruiz', 'ana@globex.example', 'Globex Corp', '127.0.0.1', 'e2e-recipient/1.0')"
check "the download names its report run" \
    test "$(json "[a['report_run'] for a in d['accesses'] if a['event'] == 'download'][0]")" = "$RUN"
req -H "Authorization: Bearer $ADMIN" "$U/api/v1/orgs/$ORG/shares/$SID/accesses?format=csv"
expect "the access log as CSV" 200 'id,at,event,client_addr,user_agent,nda_version,name,email,company,report_run'
expect_header "the CSV is text/csv" Content-Type "text/csv"
check "the CSV has a row per access" test "$(grep -c ',download,\|,nda,\|,view,' "$E2E_TMP/body")" -ge 3
req -H "Authorization: Bearer $EDITOR" "$U/api/v1/orgs/$ORG/shares"
check "GET shares lists the link with its counts and state" \
    test "$(json "[(s['ref'], s['state'], s['nda_acceptances'], s['downloads']) for s in d['shares'] if s['id'] == $SID][0]")" = "('$REF', 'active', 1, 1)"
out=$("${A[@]}" share list --org "$ORG")
check "share list shows the counts and the last access" \
    grep -Eq "^$SID	ref $REF	$ORG	gap:ccm-v4	active	to Globex Corp, Ana Ruiz <ana@globex.example>	.*accepted 1	downloads 1	last 20" <<<"$out"

# --- revoke: 410 --------------------------------------------------------------
req -X DELETE -H "Authorization: Bearer $VIEWER" "$U/api/v1/orgs/$ORG/shares/$SID"
expect "a viewer may not revoke (403)" 403
req -X DELETE -H "Authorization: Bearer $OTHER_ADMIN" "$U/api/v1/orgs/$ORG/shares/$SID"
expect "another organisation may not revoke (404)" 404
req -X DELETE -H "Authorization: Bearer $EDITOR" "$U/api/v1/orgs/$ORG/shares/999999999"
expect "revoking an unknown link: 404 naming id" 404 '"field":"id"'
req -X DELETE -H "Authorization: Bearer $EDITOR" "$U/api/v1/orgs/$ORG/shares/$SID"
expect "an editor revokes the link" 200 '"revoked"'
req "$URL"
expect "a revoked link answers 410 and says so" 410 'Link revoked' 'ask your contact at'
req -X POST "${OR[@]}" "$URL/download"
expect "a revoked link gives no download (410)" 410 'Link revoked'
check "the refusals are in the access log" \
    test "$(sql "SELECT count(*) FROM annexa.share_access WHERE share_id = $SID AND event = 'refused'")" -ge 2

# --- expiry, with the test clock ---------------------------------------------
EXP=$(ANNEXA_TEST_NOW=2020-01-01T00:00:00Z "${A[@]}" share create --org "$ORG" --report comparison --to "$TO" --expires 1d 2>/dev/null)
secret_of "$EXP"
check "ANNEXA_TEST_NOW dates the link's creation" \
    test "$(sql "SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM annexa.share_link WHERE link_sha256 = '$(printf %s "$S" | sha256sum | cut -c1-64)'")" = 2020-01-02
req "$EXP"
expect "an expired link answers 410 and says so" 410 'Link expired'
ANNEXA_TEST_NOW=yesterday "${A[@]}" share create --org "$ORG" --report comparison --to "$TO" --expires 1d >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "a malformed ANNEXA_TEST_NOW is a usage error" test "$rc" = 2

# --- --max-downloads 1 --------------------------------------------------------
ONE=$("${A[@]}" share create --org "$ORG" --report comparison --to "$TO" --expires 2d --max-downloads 1 2>/dev/null)
secret_of "$ONE"
req "$ONE"
expect "a link without NDA shows the download at once" 200 'id="download"' 'Downloads left: 1 of 1'
STATUS=$(curl -s -o "$E2E_TMP/one.pdf" -w '%{http_code}' -X POST "${OR[@]}" "$ONE/download")
check "--max-downloads 1: the first download is a PDF" test "$STATUS" = 200 -a "$(head -c 5 "$E2E_TMP/one.pdf")" = "%PDF-"
req -X POST "${OR[@]}" "$ONE/download"
expect "--max-downloads 1: the second download is refused (410)" 410 'Link used up'
req "$ONE"
expect "a used-up link's page answers 410" 410 'Link used up'
req -X POST "$ONE/download"
expect "a download without Origin is refused (403)" 403

# --- the last downloads, asked for at once ----------------------------------------
# Six downloads race for a link's two: the row lock lets exactly two
# through, each recorded once; the other four are told it is used up.
TWO=$("${A[@]}" share create --org "$ORG" --report comparison --to "$TO" --expires 2d --max-downloads 2 2>/dev/null)
secret_of "$TWO"
for i in 1 2 3 4 5 6; do
    curl -s -o "$E2E_TMP/race$i.pdf" -w '%{http_code}\n' -X POST "${OR[@]}" "$TWO/download" >"$E2E_TMP/race$i.code" &
done
wait
codes=$(cat "$E2E_TMP"/race?.code | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
check "six concurrent downloads of a two-download link: two PDFs, four 410 ($codes)" \
    test "$codes" = "2×200 4×410 "
TWO_ID=$(sql "SELECT id FROM annexa.share_link WHERE link_sha256 = '$(printf %s "$S" | sha256sum | cut -c1-64)'")
check "the race recorded two downloads, each its own report run" \
    test "$(sql "SELECT count(*) || ' ' || count(DISTINCT report_run_id) FROM annexa.share_access WHERE share_id = $TWO_ID AND event = 'download'")" = "2 2"
req "$TWO"
expect "after the race the link's page says it is used up" 410 'Link used up'

# --- unknown and malformed links ----------------------------------------------
req "$U/s/0123456789abcdef0123456789abcdef"
expect "an unknown link answers 404" 404 'Unknown link'
req "$U/s/not-a-link"
expect "a malformed link answers 404" 404 'Unknown link'
req "$U/s/%3Cscript%3E"
check "markup in a link's place answers 4xx, never echoed" \
    test "${STATUS:0:1}" = 4 -a -z "$(grep -o '<script' "$E2E_TMP/body")"

# --- hostile text: an organisation's name, a recipient's company ----------------
HOSTILE_TO='Globex "&'"'"' javascript:alert(1) ‮txt.exe, Ana Ruiz <ana@globex.example>'
HL=$("${A[@]}" share create --org hostile --report comparison --to "$HOSTILE_TO" --expires 1d 2>/dev/null)
secret_of "$HL"
req "$HL"
expect "a hostile organisation's link opens" 200 'shares a report with you'
check "the organisation's name is shown as text" grep -q 'Hostile &lt;script&gt;alert(1)&lt;/script&gt;' "$E2E_TMP/body"
check "the company is shown as text, isolated" grep -q '<bdi>Globex &quot;&amp;&#39; javascript:alert(1)' "$E2E_TMP/body"
check "no script, img or javascript: link in the page" \
    test -z "$(grep -o '<script\|<img\|href="javascript' "$E2E_TMP/body")"

# --- the share links page of the portal (editors and admins) ----------------
CK=__Host-annexa_session
# session ROLE: a browser session of ORG with ROLE: SID, CSRF, CS.
session() {
	local link
	link=$("${A[@]}" login-link --org "$ORG" --role "$1" --for "E2E $1 <$1@shares.example>" 2>/dev/null)
	req -X POST "${OR[@]}" "$link"
	SIDC=$(header Set-Cookie | sed -n "s/^$CK=\([^;]*\);.*/\1/p")
	CSRF=$(printf 'annexa-csrf\n%s' "$SIDC" | sha256sum | cut -c1-64)
	CS=(-H "Cookie: $CK=$SIDC")
}
session viewer
req "${CS[@]}" "$U/orgs/$ORG"
check "a viewer's navigation has no Shares link" test -z "$(grep -o 'nav-shares' "$E2E_TMP/body")"
req "${CS[@]}" "$U/orgs/$ORG/shares"
expect "a viewer gets 403 for the share links page" 403
session editor
req "${CS[@]}" "$U/orgs/$ORG"
check "an editor's navigation links the share links page" \
    grep -qF "<a id=\"nav-shares\" href=\"/orgs/$ORG/shares\">Shares</a>" "$E2E_TMP/body"
req "${CS[@]}" "$U/orgs/$ORG/shares"
expect "the share links page lists the links and has the form" 200 'id="share-form"' "<tr data-key=\"$SID\">"
req -X POST "${CS[@]}" "${OR[@]}" --data-urlencode "to=Initech, Bill L <bill@initech.example>" -d report=soa -d expires=7d "$U/orgs/$ORG/shares"
expect "the form without the CSRF token is refused (403)" 403
req -X POST "${CS[@]}" "${OR[@]}" -d "csrf=$CSRF" --data-urlencode "to=Initech, Bill L <bill@initech.example>" -d report=soa -d expires=400d "$U/orgs/$ORG/shares"
expect "the form with a bad validity says so, naming expires (400)" 400 'expires: days or hours'
req -X POST "${CS[@]}" "${OR[@]}" -d "csrf=$CSRF" --data-urlencode "to=Initech, Bill L <bill@initech.example>" -d report=soa -d expires=7d -d max_downloads=2 "$U/orgs/$ORG/shares"
expect "the form makes a link and shows it once (201)" 201 'id="share-url"'
PURL=$(sed -n 's/.*id="share-url">[^<]*<code>\([^<]*\)<\/code>.*/\1/p' "$E2E_TMP/body")
secret_of "$PURL"
PSID=$(sql "SELECT id FROM annexa.share_link WHERE link_sha256 = '$(printf %s "$S" | sha256sum | cut -c1-64)'")
check "the page's link is stored by its hash, made by the session's person" \
    test "$(sql "SELECT report || ' ' || max_downloads || ' ' || created_by_name FROM annexa.share_link WHERE id = ${PSID:-0}")" = "soa 2 E2E editor"
req -X POST "${CS[@]}" "${OR[@]}" -d "csrf=$CSRF" "$U/orgs/$ORG/shares/$PSID/revoke"
expect "the page's revoke button revokes (303)" 303
req "$PURL"
expect "the link revoked from the page answers 410" 410 'Link revoked'

# --- no link's secret in any log ------------------------------------------------
leak=""
for s in "${SECRETS[@]}"; do
	grep -rqF "$s" "$ANNEXA_STACK_DIR/nginx/access.log" "$ANNEXA_STACK_DIR/nginx/error.log" "$ANNEXA_STACK_DIR/annexa.log" 2>/dev/null && leak="$leak $s"
	[ "$(sql "SELECT count(*) FROM annexa.audit_log WHERE detail::text LIKE '%$s%'")" = 0 ] || leak="$leak audit:$s"
done
check "no link's secret is in nginx's logs, annexa's log or the audit log" test -z "$leak"

e2e_done
