#!/usr/bin/env bash
# SQL injection, tried for real: a bounded sqlmap run (Debian's package)
# against the routes that take parameters, GET and POST.  Every statement
# annexa runs is prepared with out-of-line parameters and every value is
# validated first, so sqlmap must find nothing, and nothing may change.
set -u
E2E_NAME=sqlmap
. "$(dirname "$0")/lib.sh"
e2e_require

if ! command -v sqlmap >/dev/null; then
	echo "SKIP: sqlmap is not installed (scripts/deps installs it)"
	exit 77
fi
FIX=$ANNEXA_SRCDIR/tests/fixtures/tiny
SQL=(psql -X -q -At "$ANNEXA_TEST_ADMIN_DB")
"$BIN" --config "$ANNEXA_CONFIG" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null
sed 's/"id": "tiny"/"id": "sqlmap-org"/' "$FIX/tiny-org.json" >"$E2E_TMP/o.json"
"$BIN" --config "$ANNEXA_CONFIG" import org "$E2E_TMP/o.json" >/dev/null
VIEW=$(new_token --global --role viewer)
EDIT=$(new_token --org sqlmap-org --role editor)
before=$("${SQL[@]}" -c "SELECT (SELECT count(*) FROM annexa.control), (SELECT count(*) FROM annexa.control_review WHERE org_id = 'acme-cloud'), (SELECT count(*) FROM annexa.api_token), (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'annexa')")

# run NAME TOKEN sqlmap-args...: one bounded sqlmap run; passes when
# sqlmap reports every parameter not injectable and no injection point.
run() {
	local name=$1 tok=$2 out
	shift 2
	out=$(timeout 240 sqlmap --batch --flush-session --level 2 --risk 1 \
	    --technique=BEUST --time-sec 2 --threads 2 \
	    --output-dir "$E2E_TMP/sqlmap" -H "Authorization: Bearer $tok" "$@" 2>&1)
	if grep -q 'identified the following injection point' <<<"$out"; then
		fail "$name: sqlmap finds an injection" "$(grep -A8 'injection point' <<<"$out")"
	elif grep -q 'all tested parameters do not appear to be injectable' <<<"$out"; then
		pass "$name: no parameter is injectable"
	else
		fail "$name: sqlmap did not finish its tests" "$(tail -n 5 <<<"$out")"
	fi
}

run "framework id and group" "$VIEW" -u "$U/api/v1/frameworks/ccm-v4*/controls?group=IAM"
run "mappings" "$VIEW" -u "$U/api/v1/mappings?source=iso27017-2015&target=ccm-v4&control=9.1.1&mapping_set=iso27017-2015-to-ccm-v4"
run "gap" "$VIEW" -u "$U/api/v1/orgs/acme-cloud*/gap?target=ccm-v4&as_of=2026-11-28&format=json"
run "reviews page" "$VIEW" -u "$U/api/v1/orgs/acme-cloud/reviews?since=2026-01-01&until=2026-06-30&result=effective&limit=5"
run "control history" "$VIEW" -u "$U/api/v1/orgs/acme-cloud/controls/9.1.1*/history"
run "readiness" "$VIEW" -u "$U/api/v1/orgs/acme-cloud/readiness?as_of=2026-06-30"
run "POST a review (JSON body)" "$EDIT" -u "$U/api/v1/orgs/sqlmap-org/reviews" \
    -H 'Content-Type: application/json' \
    --data '{"control":"S1","reviewed_at":"2026-06-01","reviewer":"sqlmap","result":"effective","notes":"probe"}'

after=$("${SQL[@]}" -c "SELECT (SELECT count(*) FROM annexa.control), (SELECT count(*) FROM annexa.control_review WHERE org_id = 'acme-cloud'), (SELECT count(*) FROM annexa.api_token), (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'annexa')")
check "nothing outside the probe's own organisation changed ($before / $after)" test "$before" = "$after"
req "$U/healthz"
expect "annexa still answers" 200 '"status":"ok"'

e2e_done
