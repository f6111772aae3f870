#!/usr/bin/env bash
# End-to-end tests of the foundation through the real nginx: statuses,
# the JSON error format, limits, tokens, and a PostgreSQL outage.
set -u
E2E_NAME=e2e
. "$(dirname "$0")/lib.sh"
e2e_require

SRC=${ANNEXA_SRCDIR:?}
VIEWER=$(new_token --global --role viewer --label e2e-viewer)
AUTH="Authorization: Bearer $VIEWER"
PID=$(cat "$ANNEXA_STACK_DIR/annexa.pid")

# --- health and catalog
req "$U/healthz"
expect "healthz answers ok without a token" 200 '{"status":"ok"}'
expect_header "JSON content type" Content-Type application/json

req -H "$AUTH" "$U/api/v1/frameworks"
expect "frameworks lists the five catalogs with their counts" 200 \
    '"id":"iso27017-2015"' '"id":"iso27017-2015","name":"ISO/IEC 27017","version":"2015","publisher":"ISO/IEC","control_count":121' \
    '"id":"iso27001-2022","name":"ISO/IEC 27001 Annex A","version":"2022","publisher":"ISO/IEC","control_count":93' \
    '"control_count":139' '"id":"ccm-v4"' '"control_count":197' '"id":"soc2-2017"' '"control_count":61'

req -H "$AUTH" "$U/api/v1/frameworks/iso27017-2015/controls"
n=$(grep -o '"id":' <<<"$BODY" | wc -l)
if [ "$STATUS" = 200 ] && [ "$n" -eq 121 ]; then pass "27017 catalog has 121 controls"; else fail "27017 catalog has 121 controls" "status $STATUS, $n controls"; fi
expect "27017 catalog holds the CLD controls" 200 '"id":"CLD.9.5.1"' '"id":"CLD.13.1.4"' '"id":"18.2.3"'

# The group filter returns exactly the controls of that group in the shipped file.
want=$(grep -c '"group_id": "IAM"' "$SRC/sql/catalog/ccm-v4.json")
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=IAM"
n=$(grep -o '"group_id":"IAM"' <<<"$BODY" | wc -l)
others=$(grep -o '"group_id":"[^"]*"' <<<"$BODY" | grep -vc '"IAM"')
if [ "$STATUS" = 200 ] && [ "$n" -eq "$want" ] && [ "$others" -eq 0 ]; then
	pass "group=IAM returns the $want IAM controls only"
else
	fail "group=IAM returns the IAM controls only" "status $STATUS, $n IAM, $others others, wanted $want"
fi
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=A%26A"
expect "a group id with & is decoded" 200 '"id":"A&A-01"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=NOPE"
expect "an unknown group is an empty list" 200 '"controls":[]'

# --- metrics (no token; nginx lets only loopback reach it)
req "$U/metrics"
expect "metrics in Prometheus text" 200 '# TYPE annexa_requests_total counter' \
    'annexa_requests_total{route="healthz",status="2xx"}' \
    'annexa_request_duration_seconds_bucket{le="+Inf"}' 'annexa_db_reconnects_total'
expect_header "metrics content type" Content-Type 'text/plain; version=0.0.4'

# --- authentication
req "$U/api/v1/frameworks"
expect "missing token is 401" 401 '"status":401' '"code":"unauthorized"'
expect_header "401 carries WWW-Authenticate: Bearer" WWW-Authenticate Bearer
req -H "Authorization: Bearer ax_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$U/api/v1/frameworks"
expect "unknown token is 401" 401 '"code":"invalid_token"'
expect_header "unknown token: error=invalid_token" WWW-Authenticate 'error="invalid_token"'
req -H "Authorization: Bearer not-a-token" "$U/api/v1/frameworks"
expect "malformed token is 401" 401 '"code":"invalid_token"'
req -H "Authorization: Basic dXNlcjpwYXNz" "$U/api/v1/frameworks"
expect "another scheme is 401" 401 '"code":"invalid_token"'

tok=$(new_token --global --role viewer --label to-revoke)
req -H "Authorization: Bearer $tok" "$U/api/v1/frameworks"
expect "a fresh token works" 200 '"frameworks"'
id=$("$BIN" --config "$ANNEXA_CONFIG" token list | awk '$NF == "to-revoke" { print $1 }')
"$BIN" --config "$ANNEXA_CONFIG" token revoke "$id" >/dev/null
req -H "Authorization: Bearer $tok" "$U/api/v1/frameworks"
expect "a revoked token is 401" 401 '"code":"invalid_token"'
tok=$(new_token --global --role viewer --expires 2020-01-01)
req -H "Authorization: Bearer $tok" "$U/api/v1/frameworks"
expect "an expired token is 401" 401 '"code":"invalid_token"'
"$BIN" --config "$ANNEXA_CONFIG" token list >"$E2E_TMP/list"
if grep -q "$VIEWER" "$E2E_TMP/list"; then fail "token list never shows a token"; else pass "token list never shows a token"; fi
check "token list shows states" grep -q revoked "$E2E_TMP/list"

# --- organisations: a global token sees all, an organisation's token its own
psql -X -q -v ON_ERROR_STOP=1 "$ANNEXA_TEST_ADMIN_DB" -c \
    "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('e2e-a', 'E2E A', 'csp'), ('e2e-b', 'E2E B', 'csc') ON CONFLICT DO NOTHING"
req -H "$AUTH" "$U/api/v1/orgs"
expect "a global token lists every organisation" 200 '"id":"e2e-a"' '"id":"e2e-b"' '"source_framework":"iso27017-2015"'
tok_a=$(new_token --org e2e-a --role viewer)
req -H "Authorization: Bearer $tok_a" "$U/api/v1/orgs"
case "$BODY" in
*'"id":"e2e-b"'*) fail "an organisation's token lists only its own" "$BODY" ;;
*) expect "an organisation's token lists only its own" 200 '"id":"e2e-a","name":"E2E A","cloud_role":"csp"' ;;
esac
if "$BIN" --config "$ANNEXA_CONFIG" token create --org no-such-org --role viewer >/dev/null 2>"$E2E_TMP/err"; then
	fail "token for an unknown organisation is refused"
else
	rc=$?
	check "token for an unknown organisation exits 3 naming --org" test "$rc" -eq 3 -a -n "$(grep -- '--org' "$E2E_TMP/err")"
fi

# Without --config or ANNEXA_CONFIG, a missing default file is said, not
# silently replaced by defaults; a named file that is missing stops annexa.
DEF=$(grep -aoE '/[A-Za-z0-9/._-]*/annexa/annexa\.conf' "$BIN" | head -n 1)
check "the binary holds its default configuration path ($DEF)" test -n "$DEF"
if [ -n "$DEF" ] && [ ! -e "$DEF" ]; then
	env -u ANNEXA_CONFIG "$BIN" migrate --dry-run >/dev/null 2>"$E2E_TMP/err"
	check "a missing default configuration file is named on stderr" \
	    grep -q "no $DEF: using the built-in defaults" "$E2E_TMP/err"
fi
if "$BIN" --config "$E2E_TMP/none.conf" migrate --dry-run >/dev/null 2>"$E2E_TMP/err"; then
	fail "a named configuration file that is missing stops annexa"
else
	check "a named configuration file that is missing stops annexa, naming it" \
	    grep -q "none.conf" "$E2E_TMP/err"
fi

# --- bad input, as a new user would send it
req -H "$AUTH" "$U/api/v1/frameworks/nist-800-53/controls"
expect "unknown framework is 404 naming fw" 404 '"code":"not_found"' '"field":"fw"'
req -H "$AUTH" "$U/api/v1/frameworks/bad%20id/controls"
expect "bad framework id is 400 naming fw" 400 '"code":"invalid_parameter"' '"field":"fw"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=I%00AM"
expect "NUL byte in a parameter is 400 naming it" 400 '"field":"group"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=I%0d%0aX:1"
expect "CR/LF in a parameter is 400" 400 '"field":"group"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=%zz"
expect "bad %-escape is 400" 400 '"field":"group"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=IAM&group=BCR"
expect "repeated parameter is 400" 400 '"code":"duplicate_parameter"' '"field":"group"'
req -H "$AUTH" "$U/api/v1/frameworks?colour=blue"
expect "undeclared parameter is 400 naming it" 400 '"code":"unknown_parameter"' '"field":"colour"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm-v4/controls?group=$(printf 'x%.0s' $(seq 1 65))"
expect "over-long group is 400" 400 '"code":"invalid_parameter"' '"field":"group"'
long=$(head -c 10240 /dev/zero | tr '\0' a)
req -H "$AUTH" "$U/api/v1/frameworks?q=$long"
expect "10 KiB query string is 414 JSON" 414 '"code":"uri_too_long"' '"field":"query"'
long=$(head -c 20480 /dev/zero | tr '\0' a)
req -H "$AUTH" "$U/api/v1/frameworks?q=$long"
expect "20 KiB query string is 414 JSON from nginx" 414 '"code":"uri_too_long"'
req -H "$AUTH" "$U/api/v1/frameworks/ccm%00/controls"
expect "NUL in the path is 400 JSON" 400 '"status":400'
req -H "$AUTH" -X POST -H 'Content-Type: application/json' -d '{}' "$U/api/v1/frameworks"
expect "POST to a GET route is 405" 405 '"code":"method_not_allowed"'
expect_header "405 carries Allow" Allow "GET, HEAD"
req -I -H "$AUTH" "$U/api/v1/frameworks"
expect "HEAD answers like GET, without a body" 200
req -H "$AUTH" -X DELETE "$U/api/v1/frameworks/ccm-v4/controls"
expect "DELETE is 405" 405 '"status":405'
head -c 2000000 /dev/zero >"$E2E_TMP/big"
req -H "$AUTH" -X POST --data-binary @"$E2E_TMP/big" "$U/api/v1/frameworks"
expect "2 MB body is 413 JSON" 413 '"code":"body_too_large"'
req -H "$AUTH" "$U/api/v1/nope"
expect "unknown API path is 404 JSON" 404 '"code":"not_found"'
# Outside /api/v1 the paths are the pages (tests/e2e/pages.sh): the root
# without credentials is closed, and an unknown path is an HTML 404.
req "$U/"
case "$STATUS" in
401|303) expect_header "the site root without credentials is closed ($STATUS)" \
    Content-Type text/html ;;
*) fail "the site root without credentials is closed" "status $STATUS" ;;
esac
req -H "$AUTH" "$U/nope"
expect "unknown site path is a 404 page" 404 '<h1>404 Not Found</h1>'
req -H "$AUTH" "$U/api/v1/frameworks/x/controls/y/z/a/b/c/d/e/f/g/h/i/j/k/l/m"
expect "a very deep path is 404" 404 '"code":"not_found"'

req -H "$AUTH" "$U/api/v1/frameworks"
expect "the worker keeps serving after bad input" 200 '"frameworks"'
check "annexa was never restarted" kill -0 "$PID"

# --- PostgreSQL outage: 503 while down, 200 again after, same process
"$SRC/scripts/stack" pg-stop "$ANNEXA_STACK_DIR"
req "$U/healthz"
expect "healthz is 503 while PostgreSQL is down" 503 '"status":"unavailable"'
expect_header "503 carries Retry-After" Retry-After 5
req -H "$AUTH" "$U/api/v1/frameworks"
expect "API is 503 JSON while PostgreSQL is down" 503 '"code":"unavailable"'
expect_header "API 503 carries Retry-After" Retry-After 5
"$SRC/scripts/stack" pg-start "$ANNEXA_STACK_DIR"
req -H "$AUTH" "$U/api/v1/frameworks"
expect "API is 200 again after PostgreSQL restarts" 200 '"control_count":121'
for i in 1 2 3 4 5 6 7 8; do req "$U/healthz"; [ "$STATUS" = 200 ] || break; done
expect "every worker reconnected" 200 '"status":"ok"'
check "annexa survived the outage in the same process" kill -0 "$PID"
req "$U/metrics"
n=$(sed -n 's/^annexa_db_reconnects_total //p' <<<"$BODY")
check "metrics count the reconnects ($n)" test "${n:-0}" -ge 1

e2e_done
