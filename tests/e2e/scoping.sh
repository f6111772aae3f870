#!/usr/bin/env bash
# Organisation scoping on every /api/v1/orgs/{org} route with every role
# (docs/api.md: another organisation's data is 404, its existence not
# revealed; a role too low is 403).  Two fresh copies of the tiny fixture
# organisation, A and B; tokens of A as viewer, editor and admin, and a
# global viewer.  For every organisation route of the route table (the
# test fails when src/route.c gains one it does not cover):
#   - each of A's tokens asking for B: 404 naming "org", and B's review,
#     evidence and report-run rows are unchanged;
#   - each of A's tokens asking for A: 200, and for a POST 201 when the
#     role reaches the route's (editor, or admin for sign-in links), else
#     403;
#   - the global viewer: 200 for both, 403 for every POST;
#   - B's record ids asked for under A's path: 404, B's data not shown.
set -u
E2E_NAME=scoping
. "$(dirname "$0")/lib.sh"
e2e_require

SRC=${ANNEXA_SRCDIR:?}
FIX=$SRC/tests/fixtures/tiny
ADB=${ANNEXA_TEST_ADMIN_DB:?}
A=("$BIN" --config "$ANNEXA_CONFIG")
sfx=$(date +%s%N | tail -c 9)
OA="scope-a-$sfx"
OB="scope-b-$sfx"
rc=0
"${A[@]}" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null || rc=1
"${A[@]}" import mappings "$FIX/t-src-to-t-tgt.csv" >/dev/null || rc=1
for o in "$OA" "$OB"; do
	sed "s/\"id\": \"tiny\"/\"id\": \"$o\"/; s/\"name\": \"Tiny Test Ltd\"/\"name\": \"Org $o\"/" \
	    "$FIX/tiny-org.json" >"$E2E_TMP/$o.json"
	"${A[@]}" import org "$E2E_TMP/$o.json" >/dev/null || rc=1
done
check "two copies of the tiny organisation import ($OA, $OB)" test "$rc" -eq 0

A_VIEWER=$(new_token --org "$OA" --role viewer --label scoping)
A_EDITOR=$(new_token --org "$OA" --role editor --label scoping)
A_ADMIN=$(new_token --org "$OA" --role admin --label scoping)
G_VIEWER=$(new_token --global --role viewer --label scoping)
check "four tokens are created" test -n "$A_VIEWER" -a -n "$A_EDITOR" -a -n "$A_ADMIN" -a -n "$G_VIEWER"

psql_q() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$ADB" -c "$1"; }
# rows ORG: the organisation's review, evidence, report-run and sign-in
# link counts.
rows() {
	psql_q "SELECT (SELECT count(*) FROM annexa.control_review WHERE org_id = '$1') || ' ' ||
	    (SELECT count(*) FROM annexa.evidence WHERE org_id = '$1') || ' ' ||
	    (SELECT count(*) FROM annexa.report_run WHERE org_id = '$1') || ' ' ||
	    (SELECT count(*) FROM annexa.login_link WHERE org_id = '$1')"
}
first_id() { psql_q "SELECT min(id) FROM annexa.$1 WHERE org_id = '$2'"; }

# call TOKEN METHOD URL [JSON]: sets STATUS, CTYPE, MAGIC (first bytes)
# and BODY (the text of a JSON answer).
call() {
	local tok=$1 meth=$2 url=$3 out=$E2E_TMP/out
	local args=(-s -o "$out" -w '%{http_code} %{content_type}' -X "$meth" \
	    -H "Authorization: Bearer $tok")
	[ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
	read -r STATUS CTYPE <<<"$(curl "${args[@]}" "$url")" || STATUS=000
	MAGIC=$(head -c 4 "$out" | tr -dc 'A-Za-z%')
	case "$CTYPE" in
	application/json*) BODY=$(head -c 2000 "$out") ;;
	*) BODY="($CTYPE, $(wc -c <"$out") bytes)" ;;
	esac
}

# Report runs to ask for: one for each organisation, made by the global
# viewer (any role may generate a report).
for o in "$OA" "$OB"; do
	call "$G_VIEWER" GET "$U/api/v1/orgs/$o/reports/soa.pdf"
	[ "$STATUS" = 200 ] || fail "a report run for $o is made" "status $STATUS: ${BODY:0:200}"
done
RUN_A=$(psql_q "SELECT max(id) FROM annexa.report_run WHERE org_id = '$OA' AND status = 'succeeded'")
RUN_B=$(psql_q "SELECT max(id) FROM annexa.report_run WHERE org_id = '$OB' AND status = 'succeeded'")
REV_A=$(first_id control_review "$OA")
REV_B=$(first_id control_review "$OB")
EVI_A=$(first_id evidence "$OA")
EVI_B=$(first_id evidence "$OB")
check "each organisation has a review, an evidence item and a report run" \
    test -n "$RUN_A" -a -n "$RUN_B" -a -n "$REV_A" -a -n "$REV_B" -a -n "$EVI_A" -a -n "$EVI_B"

REVIEW='{"control":"S3","reviewed_at":"2026-06-20","reviewer":"Scoping","result":"effective","notes":"scoping test"}'
EVIDENCE='{"control":"S6","kind":"change-record","title":"scoping test","collected_at":"2026-05-02"}'
LINK='{"for":"Scoping Person <scoping@example.com>","role":"viewer"}'
SHARE='{"report":"comparison","to":"Scoping Corp, Scoping Person <scoping@example.com>","expires":"30d"}'
# new_share ORG: the id of a new share link of ORG (made on the command line).
new_share() {
	"$BIN" --config "$ANNEXA_CONFIG" share create --org "$1" --report comparison \
	    --to "Scoping Corp, Scoping Person <scoping@example.com>" --expires 30d >/dev/null 2>&1
	psql_q "SELECT max(id) FROM annexa.share_link WHERE org_id = '$1'"
}
SHR_A=$(new_share "$OA")
SHR_B=$(new_share "$OB")
# A schedule of each organisation (never due: disabled) for the delivery
# routes, and new_notify SCHEDULE: the id of a new recipient of it.
for o in "$OA" "$OB"; do
	"$BIN" --config "$ANNEXA_CONFIG" schedule add --org "$o" --report soa \
	    --frequency yearly --start 2030-01-01 >/dev/null 2>&1
done
psql_q "UPDATE annexa.report_schedule SET enabled = false WHERE org_id IN ('$OA', '$OB')" >/dev/null
SCH_A=$(psql_q "SELECT max(id) FROM annexa.report_schedule WHERE org_id = '$OA'")
SCH_B=$(psql_q "SELECT max(id) FROM annexa.report_schedule WHERE org_id = '$OB'")
NOTIFY='{"to":"mailto:scoping@example.com"}'
new_notify() {
	"$BIN" --config "$ANNEXA_CONFIG" schedule notify add "$1" \
	    "mailto:n$RANDOM$RANDOM@example.com" 2>/dev/null | sed -n 's/^recipient \([0-9]*\) .*/\1/p'
}
check "each organisation has a schedule" test -n "$SCH_A" -a -n "$SCH_B"
check "each organisation has a share link" test -n "$SHR_A" -a -n "$SHR_B"

# The cases, one a line: route-table pattern, method, path after
# /api/v1/orgs/ORG/ (@REV@ @EVI@ @RUN@ @SHR@ become ORG's own ids,
# @NEWSHR@ a share link made for the call, @SCH@ ORG's schedule, @NEWNTF@
# a recipient of it made for the call), body name, and the lowest role
# the route is open to (when empty: viewer for GET, editor otherwise).
cases() {
	cat <<'EOT'
GET /api/v1/orgs/{org}/gap|GET|gap?target=t-tgt|
GET /api/v1/orgs/{org}/gap|GET|gap?target=t-tgt&format=csv|
GET /api/v1/orgs/{org}/comparison|GET|comparison|
GET /api/v1/orgs/{org}/readiness|GET|readiness?as_of=2026-06-30|
GET /api/v1/orgs/{org}/controls/{control}/history|GET|controls/S1/history|
GET /api/v1/orgs/{org}/reviews|GET|reviews?limit=5|
GET /api/v1/orgs/{org}/reviews/{id}|GET|reviews/@REV@|
GET /api/v1/orgs/{org}/evidence/{id}|GET|evidence/@EVI@|
GET /api/v1/orgs/{org}/management-reviews|GET|management-reviews|
GET /api/v1/orgs/{org}/reports/{file}|GET|reports/management-review.pdf?as_of=2026-06-30|
GET /api/v1/orgs/{org}/reports/{file}|GET|reports/gap.pdf?target=t-tgt&as_of=2026-06-30|
GET /api/v1/orgs/{org}/reports/{file}|GET|reports/comparison.pdf?as_of=2026-06-30|
GET /api/v1/orgs/{org}/reports/{file}|GET|reports/soa.pdf?as_of=2026-06-30|
GET /api/v1/orgs/{org}/reports/{file}|GET|reports/traceability.pdf?as_of=2026-06-30|
GET /api/v1/orgs/{org}/report-runs|GET|report-runs|
GET /api/v1/orgs/{org}/report-runs/{file}|GET|report-runs/@RUN@.pdf|
GET /api/v1/orgs/{org}/charts/{file}|GET|charts/coverage.png?target=t-tgt|
GET /api/v1/orgs/{org}/charts/{file}|GET|charts/review-results.png|
GET /api/v1/orgs/{org}/charts/{file}|GET|charts/findings-trend.svg|
GET /api/v1/orgs/{org}/charts/{file}|GET|charts/evidence-freshness.png|
GET /api/v1/orgs/{org}/exports/{file}|GET|exports/soa.xlsx?as_of=2026-06-30|
GET /api/v1/orgs/{org}/shares|GET|shares||editor
GET /api/v1/orgs/{org}/shares/{id}/accesses|GET|shares/@SHR@/accesses||admin
POST /api/v1/orgs/{org}/shares|POST|shares|SHARE
DELETE /api/v1/orgs/{org}/shares/{id}|DELETE|shares/@NEWSHR@|
GET /api/v1/orgs/{org}/schedules/{id}/notify|GET|schedules/@SCH@/notify||admin
POST /api/v1/orgs/{org}/schedules/{id}/notify|POST|schedules/@SCH@/notify|NOTIFY|admin
DELETE /api/v1/orgs/{org}/schedules/{id}/notify/{nid}|DELETE|schedules/@SCH@/notify/@NEWNTF@||admin
GET /api/v1/orgs/{org}/deliveries|GET|deliveries||admin
POST /api/v1/orgs/{org}/reviews|POST|reviews|REVIEW
POST /api/v1/orgs/{org}/evidence|POST|evidence|EVIDENCE
POST /api/v1/orgs/{org}/login-links|POST|login-links|LINK|admin
EOT
}

# Every organisation route of the route table has a case.
tr '\n\t' '  ' <"$SRC/src/route.c" | grep -o 'METHOD_[A-Z]*, *"/api/v1/orgs/{org}[^"]*"' |
    sed 's/METHOD_//; s/, *"/ /; s/"$//' | sort -u >"$E2E_TMP/table"
cases | cut -d'|' -f1 | sort -u >"$E2E_TMP/covered"
missing=$(comm -23 "$E2E_TMP/table" "$E2E_TMP/covered" | tr '\n' ';')
check "the route table has $(wc -l <"$E2E_TMP/table") organisation routes, every one covered${missing:+ (missing: $missing)}" \
    test -z "$missing" -a "$(wc -l <"$E2E_TMP/table")" -ge 14

# role_reaches ROLE LEAST: true when ROLE is LEAST or above.
role_reaches() {
	local rank=(viewer editor admin) i r=-1 l=-1
	for i in 0 1 2; do
		[ "${rank[$i]}" = "$1" ] && r=$i
		[ "${rank[$i]}" = "$2" ] && l=$i
	done
	[ "$r" -ge "$l" ]
}

# url ORG PATH: the full URL, with ORG's own record ids.
url() {
	local p=$2
	if [ "$1" = "$OA" ]; then
		p=${p//@REV@/$REV_A}; p=${p//@EVI@/$EVI_A}; p=${p//@RUN@/$RUN_A}
		p=${p//@SHR@/$SHR_A}
		[[ "$p" != *@NEWNTF@* ]] || p=${p//@NEWNTF@/$(new_notify "$SCH_A")}
		p=${p//@SCH@/$SCH_A}
	else
		p=${p//@REV@/$REV_B}; p=${p//@EVI@/$EVI_B}; p=${p//@RUN@/$RUN_B}
		p=${p//@SHR@/$SHR_B}
		[[ "$p" != *@NEWNTF@* ]] || p=${p//@NEWNTF@/$(new_notify "$SCH_B")}
		p=${p//@SCH@/$SCH_B}
	fi
	[[ "$p" != *@NEWSHR@* ]] || p=${p//@NEWSHR@/$(new_share "$1")}
	echo "$U/api/v1/orgs/$1/$p"
}

# expect_ok NAME WANT: a success answers with the right kind of body.
expect_ok() {
	if [ "$STATUS" != "$2" ]; then
		fail "$1" "status $STATUS, wanted $2; body: ${BODY:0:300}"
		return
	fi
	case "$CTYPE:$MAGIC" in
	application/json*) case "$BODY" in '{"error":'*) fail "$1" "${BODY:0:300}"; return ;; esac ;;
	application/pdf*:%PDF|image/png*:PNG*|image/svg*|text/csv*) ;;
	application/vnd.openxmlformats-officedocument.spreadsheetml.sheet*:PK*) ;;
	*) fail "$1" "unexpected body: $CTYPE, starts '$MAGIC'"; return ;;
	esac
	pass "$1"
}

# --- A's tokens asking for B: 404 naming org, nothing changes in B
before_b=$(rows "$OB")
for role in viewer editor admin; do
	case $role in viewer) tok=$A_VIEWER ;; editor) tok=$A_EDITOR ;; admin) tok=$A_ADMIN ;; esac
	while IFS='|' read -r pat meth path body least; do
		data=()
		[ -n "$body" ] && data=("${!body}")
		call "$tok" "$meth" "$(url "$OB" "$path")" "${data[@]}"
		if [ "$STATUS" = 404 ] && [[ "$BODY" == *'"code":"not_found"'*'"field":"org"'* ]]; then
			pass "A's $role: $meth B/$path is 404 naming org"
		else
			fail "A's $role: $meth B/$path is 404 naming org" "status $STATUS; body: ${BODY:0:300}"
		fi
	done < <(cases)
done
after_b=$(rows "$OB")
check "B's reviews, evidence and report runs are unchanged ($before_b -> $after_b)" test "$before_b" = "$after_b"

# --- B's existence is not revealed: B and an organisation that does not
# exist get the same answer, whatever the method and role.
for role in viewer editor admin; do
	case $role in viewer) tok=$A_VIEWER ;; editor) tok=$A_EDITOR ;; admin) tok=$A_ADMIN ;; esac
	for mp in "GET readiness" "POST reviews"; do
		set -- $mp
		data=()
		[ "$1" = POST ] && data=("$REVIEW")
		call "$tok" "$1" "$U/api/v1/orgs/$OB/$2" "${data[@]}"
		b="$STATUS $BODY"
		call "$tok" "$1" "$U/api/v1/orgs/no-such-org-$sfx/$2" "${data[@]}"
		check "A's $role: $1 $2 answers alike for B and for no organisation" test "$b" = "$STATUS $BODY"
	done
done

# --- B's record ids under A's path: no such record for A
for p in "reviews/$REV_B" "evidence/$EVI_B" "report-runs/$RUN_B.pdf"; do
	call "$A_ADMIN" GET "$U/api/v1/orgs/$OA/$p"
	if [ "$STATUS" = 404 ] && [[ "$BODY" != *"$OB"* ]]; then
		pass "A's admin: A/$p (B's id) is 404"
	else
		fail "A's admin: A/$p (B's id) is 404" "status $STATUS; body: ${BODY:0:300}"
	fi
	call "$G_VIEWER" GET "$U/api/v1/orgs/$OA/$p"
	check "global viewer: A/$p (B's id) is 404 ($STATUS)" test "$STATUS" = 404
done

# --- A's tokens asking for A
for role in viewer editor admin; do
	case $role in viewer) tok=$A_VIEWER ;; editor) tok=$A_EDITOR ;; admin) tok=$A_ADMIN ;; esac
	before_a=$(rows "$OA")
	posts=0 made=0 links=0
	while IFS='|' read -r pat meth path body least; do
		data=()
		[ -n "$body" ] && data=("${!body}")
		call "$tok" "$meth" "$(url "$OA" "$path")" "${data[@]}"
		[ -n "$least" ] || { [ "$meth" = GET ] && least=viewer || least=editor; }
		if ! role_reaches "$role" "$least"; then
			expect "A's $role: $meth A/$path is 403" 403 '"code":"forbidden"'
		elif [ "$meth" = POST ]; then
			expect_ok "A's $role: POST A/$path is 201" 201
			if [ "$STATUS" = 201 ] && [ "$path" = login-links ]; then
				links=$((links + 1))
			elif [ "$STATUS" = 201 ] && [ "$path" != shares ] &&
			    [[ "$path" != schedules/* ]]; then
				posts=$((posts + 1))
			fi
		else
			expect_ok "A's $role: $meth A/$path is 200" 200
			[[ "$path" == reports/* || "$path" == exports/* ]] &&
			    [ "$STATUS" = 200 ] && made=$((made + 1))
		fi
	done < <(cases)
	after_a=$(rows "$OA")
	# Each 201 adds one review, one evidence item or one sign-in link;
	# each report at most one run (a report asked for before is answered
	# from its run).
	read -r r0 e0 x0 l0 <<<"$before_a"
	read -r r1 e1 x1 l1 <<<"$after_a"
	want="$((r0 + posts / 2)) $((e0 + posts / 2)) $x0..$((x0 + made)) $((l0 + links))"
	check "A's $role: A's rows moved by exactly what was allowed ($before_a -> $after_a, wanted $want)" \
	    test "$r1 $e1 $l1" = "$((r0 + posts / 2)) $((e0 + posts / 2)) $((l0 + links))" -a \
	    "$x1" -ge "$x0" -a "$x1" -le "$((x0 + made))"
done

# --- the global viewer sees both, writes neither
for o in "$OA" "$OB"; do
	before=$(rows "$o")
	made=0
	while IFS='|' read -r pat meth path body least; do
		data=()
		[ -n "$body" ] && data=("${!body}")
		call "$G_VIEWER" "$meth" "$(url "$o" "$path")" "${data[@]}"
		if [ "$meth" != GET ] || [ -n "$least" ]; then
			expect "global viewer: $meth $o/$path is 403" 403 '"code":"forbidden"'
		else
			expect_ok "global viewer: GET $o/$path is 200" 200
			[[ "$path" == reports/* || "$path" == exports/* ]] &&
			    [ "$STATUS" = 200 ] && made=$((made + 1))
		fi
	done < <(cases)
	read -r r0 e0 x0 l0 <<<"$before"
	read -r r1 e1 x1 l1 <<<"$(rows "$o")"
	check "global viewer: no review, evidence or sign-in link of $o was written, at most a run per report" \
	    test "$r1 $e1 $l1" = "$r0 $e0 $l0" -a "$x1" -ge "$x0" -a "$x1" -le "$((x0 + made))"
done

e2e_done
