#!/usr/bin/env bash
# An organisation's records end to end: readiness, control history,
# paged reviews, management reviews, and editors' appends (POST), which
# must show in the history and move the assured state; appends that break
# a rule of the schema, refused first with the field named; source ids of
# history records, by POST and in bundles.  Runs on a fresh copy of the
# tiny fixture organisation under a new id.
set -u
E2E_NAME=records
. "$(dirname "$0")/lib.sh"
e2e_require

FIX=$ANNEXA_SRCDIR/tests/fixtures/tiny
A=("$BIN" --config "$ANNEXA_CONFIG")
W="w$(date +%s%N | tail -c 9)"
"${A[@]}" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null
"${A[@]}" import mappings "$FIX/t-src-to-t-tgt.csv" >/dev/null
sed "s/\"id\": \"tiny\"/\"id\": \"$W\"/" "$FIX/tiny-org.json" >"$E2E_TMP/w.json"
"${A[@]}" import org "$E2E_TMP/w.json" >/dev/null
check "a fresh copy of the tiny organisation imports" test $? -eq 0

VIEW=$(new_token --org "$W" --role viewer)
EDIT=$(new_token --org "$W" --role editor)
ACME=$(new_token --org acme-cloud --role admin)
V=(-H "Authorization: Bearer $VIEW")
E=(-H "Authorization: Bearer $EDIT")
O="$U/api/v1/orgs/$W"

# Readiness as of 2026-06-30, worked out from the fixture:
#   S4 lacks its escalation path (S5 is not applicable: not listed);
#   the S2 access review ran out 2026-01-01 (stale) and the S3 log
#   extract runs out 2026-07-10, within 30 days (expiring);
#   S2's review was due 2026-06-01 (overdue); EX1 expired 2026-06-01
#   while open; F1 was due 2026-06-15 and is open.
req "${V[@]}" "$O/readiness?as_of=2026-06-30"
expect "readiness lists the entry missing an element" 200 \
    '"soa_entries_missing_elements":[{"control":"S4","missing":["escalation_path"]}]'
expect "readiness: stale, then expiring evidence" 200 \
    '"control":"S2","kind":"privileged-access-review","title":"S2 access review","collected_at":"2025-10-01","valid_until":"2026-01-01","status":"stale"}' \
    '"control":"S3","kind":"log-record","title":"S3 log extract","collected_at":"2026-02-10","valid_until":"2026-07-10","status":"expiring"}'
expect "readiness: overdue review" 200 \
    '"reviews_overdue":[{"control":"S2","reviewed_at":"2026-05-01","next_review_due":"2026-06-01"}]'
expect "readiness: expired exception" 200 \
    '"exceptions_expired_or_expiring":[{"id":"EX1","control":"S4","expires_at":"2026-06-01","status":"expired"}]'
expect "readiness: finding past due" 200 \
    '"findings_past_due":[{"id":"F1","control":"S2","severity":"minor","due_at":"2026-06-15","owner":"Owner Two"}]'
n=$(grep -o '"status":"stale"\|"status":"expiring"' <<<"$BODY" | wc -l)
check "exactly two evidence items need attention" test "$n" -eq 2
req "${V[@]}" "$O/readiness?as_of=2026-01-01"
expect "earlier as_of: nothing overdue yet" 200 '"reviews_overdue":[]' '"findings_past_due":[]'

# History of one control, newest first
req "${V[@]}" "$O/controls/S1/history"
expect "history of S1" 200 '"control":"S1"' \
    '"reviews":[{"id":' '"reviewed_at":"2026-07-15","reviewer":"Rev","result":"ineffective"'
first=$(grep -o '"reviewed_at":"[0-9-]*"' <<<"$BODY" | head -n 1)
check "history is newest first" test "$first" = '"reviewed_at":"2026-07-15"'
req "${V[@]}" "$O/controls/S2/history"
expect "history of S2 holds its finding" 200 '"findings":[{"id":"F1","source":"internal-audit"'
req "${V[@]}" "$O/controls/S6/history"
expect "history of S6 holds its change" 200 '"changes":[{"id":' '"kind":"architecture","description":"S6 platform rebuilt"'
req "${V[@]}" "$O/controls/NOPE/history"
expect "unknown control is 404" 404 '"field":"control"'

# Reviews, paged: 7 in the fixture, 3 a page
ids=""
cursor=""
pages=0
while :; do
	req "${V[@]}" "$O/reviews?limit=3${cursor:+&cursor=$cursor}"
	[ "$STATUS" = 200 ] || break
	pages=$((pages + 1))
	ids="$ids $(grep -o '"id":[0-9]*' <<<"$BODY" | cut -d: -f2 | tr '\n' ' ')"
	cursor=$(grep -o '"next_cursor":"[^"]*"' <<<"$BODY" | cut -d'"' -f4)
	[ -n "$cursor" ] || break
	[ $pages -lt 10 ] || break
done
total=$(wc -w <<<"$ids")
distinct=$(tr ' ' '\n' <<<"$ids" | grep -c . | tr -d ' ')
uniq=$(tr ' ' '\n' <<<"$ids" | grep . | sort -u | wc -l)
check "3 pages of 3 + 3 + 1 reviews" test "$pages" -eq 3 -a "$total" -eq 7 -a "$uniq" -eq 7 -a "$distinct" -eq 7
req "${V[@]}" "$O/reviews?result=ineffective"
n=$(grep -o '"result":"ineffective"' <<<"$BODY" | wc -l)
check "result filter: 2 ineffective reviews" test "$n" -eq 2
req "${V[@]}" "$O/reviews?since=2026-05-01&until=2026-05-01"
n=$(grep -o '"id":' <<<"$BODY" | wc -l)
check "since/until filter: 5 reviews on 2026-05-01" test "$n" -eq 5
req "${V[@]}" "$O/reviews?cursor=2026-02-30_1"
expect "a forged cursor is 400" 400 '"field":"cursor"'
req "${V[@]}" "$O/reviews?limit=0"
expect "limit 0 is 400" 400 '"field":"limit"'
req "${V[@]}" "$O/reviews?limit=501"
expect "limit 501 is 400" 400 '"field":"limit"'

req "${V[@]}" "$O/management-reviews"
expect "management reviews with their items" 200 '"id":"MR1","held_at":"2026-03-20"' \
    '{"kind":"decision","text":"fund S4","owner":"CEO","due_at":null,"status":"open","closed_at":null}' \
    '{"kind":"action","text":"re-review S2"'

# Appends: an ineffective review of S3 moves T4 to a gap (assured)
req "${V[@]}" "$U/api/v1/orgs/$W/gap?target=t-tgt&as_of=2026-06-30"
expect "before: assured coverage 0.4375" 200 '"assured":{"coverage":0.4375'
POST=(-X POST -H 'Content-Type: application/json')
req "${V[@]}" "${POST[@]}" -d '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"ineffective"}' "$O/reviews"
expect "a viewer may not append" 403 '"code":"forbidden"'
req "${E[@]}" "${POST[@]}" -d '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"ineffective","notes":"controls bypassed"}' "$O/reviews"
expect "an editor appends a review: 201" 201 '"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"ineffective","notes":"controls bypassed"'
loc=$(header Location)
case "$loc" in
"/api/v1/orgs/$W/reviews/"[0-9]*) pass "201 carries Location" ;;
*) fail "201 carries Location" "$loc" ;;
esac
req "${V[@]}" "$U$loc"
expect "the Location answers the record" 200 '"control":"S3","reviewed_at":"2026-06-20"'
req "${V[@]}" "$O/controls/S3/history"
expect "the review shows in the history" 200 '"reviewer":"QA","result":"ineffective","notes":"controls bypassed"'
# T4 (S3 superset) becomes a gap: assured 1 covered, 4 partial, 3 gap:
# coverage (1 + 2) / 8 = 0.375, strict 0.125.
req "${V[@]}" "$U/api/v1/orgs/$W/gap?target=t-tgt&as_of=2026-06-30"
expect "after: the assured score moved" 200 \
    '"assured":{"coverage":0.375,"strict":0.125,"covered":1,"partial":4,"gap":3'
req "${E[@]}" "${POST[@]}" -d '{"control":"S6","kind":"change-record","title":"S6 rebuild record","collected_at":"2026-05-02","valid_until":"2027-05-02","sha256":"'"$(printf 'x' | sha256sum | cut -c1-64)"'"}' "$O/evidence"
expect "an editor appends evidence: 201" 201 '"control":"S6","kind":"change-record","title":"S6 rebuild record"'
# S6 now has evidence after its change: T7 is covered again (assured).
req "${V[@]}" "$U/api/v1/orgs/$W/gap?target=t-tgt&as_of=2026-06-30"
expect "fresh evidence restores assurance" 200 '"assured":{"coverage":0.4375,"strict":0.25,"covered":2,"partial":3,"gap":3'

# Bad appends change nothing and name the field
before=$(curl -s "${V[@]}" "$O/controls/S3/history")
bad() {	# bad NAME STATUS FIELD BODY [CONTENT-TYPE]
	req "${E[@]}" -X POST -H "Content-Type: ${5:-application/json}" --data-binary "$4" "$O/reviews"
	expect "$1" "$2" "\"field\":\"$3\""
}
bad "unknown key" 400 "colour" '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"effective","colour":"red"}'
bad "missing reviewer" 400 "reviewer" '{"control":"S3","reviewed_at":"2026-06-20","result":"effective"}'
bad "bad result" 400 "result" '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"fine"}'
bad "impossible date" 400 "reviewed_at" '{"control":"S3","reviewed_at":"2026-13-01","reviewer":"QA","result":"effective"}'
bad "date in the future" 400 "reviewed_at" '{"control":"S3","reviewed_at":"2999-01-01","reviewer":"QA","result":"effective"}'
bad "control not in the catalog" 400 "control" '{"control":"X9","reviewed_at":"2026-06-20","reviewer":"QA","result":"effective"}'
bad "NUL in a string (refused by the JSON parser)" 400 "body" '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"Q\u0000A","result":"effective"}'
bad "not JSON" 400 "body" '{"control":'
bad "not an object" 400 "body" '[1,2]'
bad "wrong content type" 415 "body" 'control=S3' 'application/x-www-form-urlencoded'
head -c 1100000 /dev/zero | tr '\0' ' ' >"$E2E_TMP/big.json"
req "${E[@]}" "${POST[@]}" --data-binary @"$E2E_TMP/big.json" "$O/reviews"
expect "a body over 1 MiB is 413" 413 '"status":413'
after=$(curl -s "${V[@]}" "$O/controls/S3/history")
check "no bad append was written" test "$before" = "$after"

# Every CHECK of the evidence and review tables is the validator's to
# refuse first: 400 in the JSON error shape naming the field, no row.
ADB=$ANNEXA_TEST_ADMIN_DB
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$ADB" -c "$1"; }
rows() {	# every history row of the organisation, with its row version
	sql "SELECT string_agg(t || id || '/' || xmin, ',' ORDER BY t, id) FROM
	    (SELECT 'e' t, id, xmin FROM annexa.evidence WHERE org_id = '$W'
	     UNION ALL SELECT 'r', id, xmin FROM annexa.control_review WHERE org_id = '$W'
	     UNION ALL SELECT 'c', id, xmin FROM annexa.change_event WHERE org_id = '$W'
	     UNION ALL SELECT 'f', id, xmin FROM annexa.feedback WHERE org_id = '$W') x"
}
epoch() { sql "SELECT epoch FROM annexa.data_epoch"; }
before=$(rows)
ev() {	# ev NAME FIELD BODY: a bad evidence append
	req "${E[@]}" "${POST[@]}" --data-binary "$3" "$O/evidence"
	expect "$1: 400 naming $2" 400 '{"error":{"status":400,"code":"invalid_record"' "\"field\":\"$2\""
}
EVB='"control":"S3","title":"t","collected_at":"2026-05-02"'
ev "valid_until before collected_at (evidence_check)" valid_until "{$EVB,\"kind\":\"other\",\"valid_until\":\"2026-05-01\"}"
ev "kind outside the list (evidence_kind_check)" kind "{$EVB,\"kind\":\"memo\"}"
ev "sha256 not 64 lowercase hex (evidence_sha256_check)" sha256 "{$EVB,\"kind\":\"other\",\"sha256\":\"ABC\"}"
ev "control outside the catalog (evidence_framework_id_control_fkey)" control '{"control":"X9","kind":"other","title":"t","collected_at":"2026-05-02"}'
ev "title given as \"\" (NOT NULL)" title '{"control":"S3","kind":"other","title":"","collected_at":"2026-05-02"}'
ev "source id outside the ident domain" id "{$EVB,\"kind\":\"other\",\"id\":\"EV 1\"}"
bad "result outside the list (control_review_result_check)" 400 "result" '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"meh"}'
check "no bad append wrote a row" test "$(rows)" = "$before"

# An optional field given as "" is absent, in the API as in bundles.
req "${E[@]}" "${POST[@]}" -d "{$EVB,\"kind\":\"other\",\"valid_until\":\"\",\"location\":\"\",\"sha256\":\"\",\"collected_by\":\"\",\"id\":\"\"}" "$O/evidence"
expect "optional fields given as \"\" are absent" 201 '"valid_until":null,"location":null,"sha256":null,"collected_by":null,"source_id":null'

# A record may carry its source id: posting it again changes nothing.
EVID='{"id":"EV-77","control":"S3","kind":"log-record","title":"S3 export","collected_at":"2026-05-03"}'
req "${E[@]}" "${POST[@]}" -d "$EVID" "$O/evidence"
expect "evidence with a source id: 201" 201 '"source_id":"EV-77"'
first=$(grep -o '"id":[0-9]*' <<<"$BODY" | cut -d: -f2)
before=$(rows)
e0=$(epoch)
req "${E[@]}" "${POST[@]}" -d "$EVID" "$O/evidence"
expect "the same record again: 200, the stored one" 200 "\"id\":$first," '"source_id":"EV-77"'
check "the same record again: no row written or changed" test "$(rows)" = "$before"
check "the same record again: the data epoch stays" test "$(epoch)" = "$e0"
req "${E[@]}" "${POST[@]}" -d "${EVID/S3 export/S3 export v2}" "$O/evidence"
expect "the same id, other content: 409 naming id" 409 '"code":"conflict"' '"field":"id"'
check "the conflicting record wrote nothing" test "$(rows)" = "$before"
req "${V[@]}" "$O/controls/S3/history"
expect "history shows the source id" 200 '"title":"S3 export","collected_at":"2026-05-03","valid_until":null,"location":null,"sha256":null,"collected_by":null,"source_id":"EV-77"'
req "${E[@]}" "${POST[@]}" -d '{"id":"RV-9","control":"S3","reviewed_at":"2026-06-21","reviewer":"QA","result":"effective","notes":""}' "$O/reviews"
expect "a review with a source id, notes \"\" absent" 201 '"notes":null,"next_review_due":null,"source_id":"RV-9"'

# Bundles: history ids, "" for none, re-import, conflicts (import org).
H="$E2E_TMP/hist.json"
hist() {	# hist TITLE: a bundle of $W's org with history records that carry ids
	cat >"$H" <<EOT
{"org": {"id": "$W", "name": "Tiny Test Ltd", "cloud_role": "csp", "source_framework": "t-src"},
 "evidence": [{"id": "EV-12", "control": "S2", "kind": "other", "title": "$1", "collected_at": "2026-04-01", "valid_until": "", "location": ""}],
 "reviews": [{"id": "RV-12", "control": "S2", "reviewed_at": "2026-04-02", "reviewer": "Ext", "result": "effective", "notes": ""}],
 "changes": [{"id": "CH-12", "occurred_at": "2026-04-03", "kind": "supplier", "description": "new host", "control": ""}],
 "feedback": [{"id": "FB-12", "received_at": "2026-04-04", "party": "staff", "summary": "fine", "response": ""}]}
EOT
}
hist "S2 export"
"${A[@]}" import org "$H" >/dev/null 2>"$E2E_TMP/err"
check "a bundle whose history records carry ids imports" test $? -eq 0
before=$(rows)
report() {	# report FILE: the management review of $W, at a fixed signing time
	"${A[@]}" report management-review --org "$W" --as-of 2026-06-30 \
	    --signing-time 2026-07-01T12:00:00Z --no-record -o "$1" 2>/dev/null
}
report "$E2E_TMP/mr1.pdf"
"${A[@]}" import org "$H" >/dev/null 2>"$E2E_TMP/err"
check "re-importing it succeeds" test $? -eq 0
check "re-importing it writes or changes no history row" test "$(rows)" = "$before"
report "$E2E_TMP/mr2.pdf"
check "re-importing it leaves the report's data fingerprint (same bytes)" \
    cmp -s "$E2E_TMP/mr1.pdf" "$E2E_TMP/mr2.pdf"
check "... a report that holds the fingerprint" test -s "$E2E_TMP/mr1.pdf"
n=$(sql "SELECT count(*) FROM annexa.evidence WHERE org_id = '$W' AND source_id = 'EV-12' AND valid_until IS NULL AND location IS NULL")
check "the bundle's \"\" fields are stored as absent" test "$n" = 1
hist "S2 export, edited"
"${A[@]}" import org "$H" >/dev/null 2>"$E2E_TMP/err"
rc=$?
check "the same id with other content: exit 3" test $rc -eq 3
check "... naming the record and its id" grep -q 'evidence\[0\].id "EV-12": already imported with different content' "$E2E_TMP/err"
check "... and committing nothing" test "$(rows)" = "$before"
sed 's/"valid_until": ""/"valid_until": "2026-03-31"/' "$H" >"$E2E_TMP/h2.json"
sed -i 's/S2 export, edited/S2 export/' "$E2E_TMP/h2.json"
"${A[@]}" import org "$E2E_TMP/h2.json" >/dev/null 2>"$E2E_TMP/err"
rc=$?
check "a bundle's valid_until before collected_at: exit 3 naming the field" \
    test $rc -eq 3 -a -n "$(grep 'evidence\[0\].valid_until: must not be before collected_at' "$E2E_TMP/err")"
check "... and committing nothing" test "$(rows)" = "$before"

# Every organisation route answers 404 to another organisation's token
ids=$(grep -o '"id":[0-9]*' <<<"$after" | head -n 1 | cut -d: -f2)
for path in readiness controls/S1/history reviews "reviews/$ids" evidence/1 management-reviews "gap?target=t-tgt" comparison; do
	req -H "Authorization: Bearer $ACME" "$O/$path"
	expect "acme's admin token: $path of $W is 404" 404 '"field":"org"'
done
req -H "Authorization: Bearer $ACME" "${POST[@]}" -d '{"control":"S3","reviewed_at":"2026-06-20","reviewer":"QA","result":"effective"}' "$O/reviews"
expect "acme's admin token cannot append to $W" 404 '"field":"org"'
req "${V[@]}" "$U/api/v1/orgs/acme-cloud/reviews/1"
expect "$W's token: acme's review 1 is 404" 404 '"field":"org"'
req "${V[@]}" "$O/reviews/999999999"
expect "a review of nobody is 404" 404 '"field":"id"'

e2e_done
