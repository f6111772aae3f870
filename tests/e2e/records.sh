#!/usr/bin/env bash
# An organisation's records end to end: readiness, control history,
# paged reviews, management reviews, and editors' appends (POST), which
# must show in the history and move the assured state.  Runs on a fresh
# copy of the tiny fixture organisation under a new id.
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
