#!/usr/bin/env bash
# Browser sessions through nginx: sign-in links (one time, shown before
# they are spent), token sign-in, the session cookie and what it may do
# (its organisation only, its role only, CSRF token and Origin on every
# POST), sign-out, idle and absolute expiry (the row is aged, no test
# sleeps), `annexa session list|revoke`, `annexa login-link` and POST
# /api/v1/orgs/{org}/login-links with their bad input, and no sign-in
# link's token in any log.
#
# curl sends a Secure cookie over plain http only to localhost names: the
# Cookie header is sent by hand.
set -u
E2E_NAME=sessions
. "$(dirname "$0")/lib.sh"
e2e_require

ADB=${ANNEXA_TEST_ADMIN_DB:?}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$ADB" -c "$1"; }
ORG=acme-cloud
OTHER=e2e-sess-other
CK=__Host-annexa_session
ORIGIN=(-H "Origin: $U")
LINKS=()	# every link token made, for the log check at the end

sql "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('$OTHER', 'Other Org', 'csp') ON CONFLICT DO NOTHING"

# link ROLE [ORG]: a new sign-in link (its URL in LINK, its token in LTOK).
link() {
	LINK=$("$BIN" --config "$ANNEXA_CONFIG" login-link --org "${2:-$ORG}" \
	    --role "$1" --for "E2E $1 <$1@sessions.example>" 2>/dev/null)
	LTOK=${LINK##*/login/}
	LINKS+=("$LTOK")
}
# signin_link URL: POSTs the link's form; the session id goes to SID.
signin_link() {
	req -X POST "${ORIGIN[@]}" "$1"
	SID=$(header Set-Cookie | sed -n "s/^$CK=\([^;]*\);.*/\1/p")
}
# csrf SID: the CSRF token of a session (session.h: SHA-256 of a label and the id).
csrf() { printf 'annexa-csrf\n%s' "$1" | sha256sum | cut -c1-64; }
cookie() { printf 'Cookie: %s=%s' "$CK" "$1"; }

# --- a sign-in link --------------------------------------------------------
link admin
case "$LINK" in
"$U/login/"*) pass "login-link prints public_url/login/TOKEN" ;;
*) fail "login-link prints public_url/login/TOKEN" "printed '$LINK'" ;;
esac
check "the link's token is 43 base64url characters" \
    grep -Eqx '[A-Za-z0-9_-]{43}' <<<"$LTOK"
check "only the link's hash is stored" \
    test "$(sql "SELECT count(*) FROM annexa.login_link WHERE link_sha256 = '$(printf %s "$LTOK" | sha256sum | cut -c1-64)'")" = 1
check "the token itself is in no row" \
    test "$(sql "SELECT count(*) FROM annexa.login_link WHERE link_sha256 LIKE '%$LTOK%'")" = 0
req "$LINK"
expect "GET of the link shows whom it signs in, with the form" 200 \
    'Sign in as E2E admin to Acme Cloud' '<form id="login" method="post" action="/login/'
expect_header "the link page is HTML" Content-Type "text/html; charset=utf-8"
expect_header "the link page has the CSP" Content-Security-Policy "default-src 'self'; frame-ancestors 'none'"
check "the link page sets no cookie" test -z "$(header Set-Cookie)"
req "$LINK"
expect "a second GET does not spend the link" 200 'Sign in as E2E admin'
req -X POST "$LINK"
expect "POST of the link without Origin is refused" 403 'another site'
req -X POST -H "Origin: http://evil.example" "$LINK"
expect "POST of the link from another origin is refused" 403
signin_link "$LINK"
expect "POST of the link signs in" 303
expect_header "... and goes to the organisation's overview" Location "/orgs/$ORG"
SC=$(header Set-Cookie)
check "the cookie has exactly the contract's attributes" \
    grep -Eqx "$CK=[A-Za-z0-9_-]{43}; Path=/; Max-Age=[0-9]+; HttpOnly; Secure; SameSite=Strict" <<<"$SC"
check "the cookie has no Domain" bash -c "! grep -qi domain <<<'$SC'"
ADMIN_SID=$SID
req -X POST "${ORIGIN[@]}" "$LINK"
expect "the link signs in once: a second POST is 410" 410 'already'
req "$LINK"
expect "... and its page says it was used" 410 'used'
# A person's name is data: shown as text.
LINK=$("$BIN" --config "$ANNEXA_CONFIG" login-link --org "$ORG" --role viewer \
    --for "Eve \"Q\" & O'Neil <eve@sessions.example>" 2>/dev/null)
LINKS+=("${LINK##*/login/}")
req "$LINK"
expect "a person's name on the link page is escaped text" 200 \
    '<bdi>Eve &quot;Q&quot; &amp; O&#39;Neil</bdi>'
req "$U/login/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect "an unknown link is 404" 404 'does not exist'
req "$U/login/not-a-token"
expect "a malformed link is 404" 404
check "only the session's hash is stored" \
    test "$(sql "SELECT count(*) FROM annexa.session WHERE session_sha256 = '$(printf %s "$ADMIN_SID" | sha256sum | cut -c1-64)'")" = 1

# An expired link.
link viewer
sql "UPDATE annexa.login_link SET created_at = now() - interval '8 days', expires_at = now() - interval '1 second' WHERE link_sha256 = '$(printf %s "$LTOK" | sha256sum | cut -c1-64)'"
req "$LINK"
expect "an expired link's page says so" 410 'expired'
req -X POST "${ORIGIN[@]}" "$LINK"
expect "an expired link does not sign in" 410 'expired'
check "... and sets no cookie" test -z "$(header Set-Cookie)"

# --- what a session may do -------------------------------------------------
req -H "$(cookie "$ADMIN_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "a session reads its organisation's API" 200 '"org":"acme-cloud"'
req -H "$(cookie "$ADMIN_SID")" "$U/api/v1/orgs/$OTHER/readiness"
expect "a session does not see another organisation (404)" 404 '"field":"org"'
GT=$(new_token --global --role admin)
req -H "Authorization: Bearer $GT" "$U/api/v1/orgs/$OTHER/readiness"
expect "(that organisation exists: a global token reads it)" 200
STATUS=$(curl -s -o /dev/null -D "$E2E_TMP/head" -w '%{http_code}' -H "$(cookie "$ADMIN_SID")" "$U/api/v1/orgs/$ORG/charts/coverage.png")
expect_header "a session loads the org's charts (for <img> in pages)" Content-Type "image/png"
req -H "$(cookie "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")" "$U/api/v1/orgs/$ORG/readiness"
expect "an unknown session id is 401 JSON" 401 '"code":"session_expired"'
req -H "$(cookie "short")" "$U/api/v1/orgs/$ORG/readiness"
expect "a malformed cookie is 401" 401

RUN=$$-$RANDOM	# marks this run's rows: the file may run twice on one stack
REVIEW='{"control":"5.1.1","reviewed_at":"2026-01-15","reviewer":"E2E '$RUN'","result":"effective"}'
JSON=(-H 'Content-Type: application/json')
link viewer
signin_link "$LINK"
VIEWER_SID=$SID
req -X POST "${ORIGIN[@]}" -H "$(cookie "$VIEWER_SID")" -H "X-CSRF-Token: $(csrf "$VIEWER_SID")" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "a viewer session cannot append a review (403, as a viewer token)" 403 '"code":"forbidden"'
VT=$(new_token --org "$ORG" --role viewer)
req -X POST -H "Authorization: Bearer $VT" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "(a viewer token cannot either)" 403

link editor
signin_link "$LINK"
EDITOR_SID=$SID
req -X POST "${ORIGIN[@]}" -H "$(cookie "$EDITOR_SID")" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "POST with the cookie but no CSRF token is 403" 403 '"field":"csrf"'
req -X POST "${ORIGIN[@]}" -H "$(cookie "$EDITOR_SID")" -H "X-CSRF-Token: $(csrf "$VIEWER_SID")" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "POST with another session's CSRF token is 403" 403 '"field":"csrf"'
req -X POST -H "Origin: http://evil.example" -H "$(cookie "$EDITOR_SID")" -H "X-CSRF-Token: $(csrf "$EDITOR_SID")" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "POST with the CSRF token from a wrong Origin is 403" 403 '"field":"Origin"'
req -X POST -H "$(cookie "$EDITOR_SID")" -H "X-CSRF-Token: $(csrf "$EDITOR_SID")" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "POST with the CSRF token but no Origin nor Referer is 403" 403
check "no review was written by the refused POSTs" \
    test "$(sql "SELECT count(*) FROM annexa.control_review WHERE org_id = '$ORG' AND reviewer = 'E2E $RUN'")" = 0
req -X POST "${ORIGIN[@]}" -H "$(cookie "$EDITOR_SID")" -H "X-CSRF-Token: $(csrf "$EDITOR_SID")" "${JSON[@]}" -d "$REVIEW" "$U/api/v1/orgs/$ORG/reviews"
expect "an editor session with CSRF token and Origin appends a review" 201
RID=$(grep -o '"id":[0-9]*' <<<"$BODY" | head -n 1 | cut -d: -f2)
check "the append is audited under the person's name" \
    test "$(sql "SELECT person_name || ' <' || person_email || '>' FROM annexa.audit_log WHERE action = 'review.create' AND detail->>'id' = '$RID'")" = "E2E editor <editor@sessions.example>"
check "... and the sign-ins too" \
    test "$(sql "SELECT count(*) FROM annexa.audit_log WHERE action = 'session.create' AND person_email LIKE '%@sessions.example'")" -ge 3

# --- the overview's data part is kept (page.h), the frame is each session's ---
req -H "$(cookie "$EDITOR_SID")" "$U/orgs/$ORG"
expect "the editor's overview" 200
EDITOR_PAGE=$BODY
req -H "$(cookie "$ADMIN_SID")" "$U/orgs/$ORG"
expect "the admin's overview, the same data part from the cache" 200
check "each page's sign-out form carries its own session's CSRF token" \
    bash -c 'grep -qF "value=\"$1\"" <<<"$2" && grep -qF "value=\"$3\"" <<<"$4" &&
        ! grep -qF "$1" <<<"$4" && ! grep -qF "$3" <<<"$2"' _ \
    "$(csrf "$EDITOR_SID")" "$EDITOR_PAGE" "$(csrf "$ADMIN_SID")" "$BODY"

# --- sign-out ---------------------------------------------------------------
req -X POST "${ORIGIN[@]}" -H "$(cookie "$EDITOR_SID")" -H 'Content-Type: application/x-www-form-urlencoded' --data "csrf=0000" "$U/signout"
expect "sign-out with a wrong CSRF field is 403" 403
req -X POST "${ORIGIN[@]}" -H "$(cookie "$EDITOR_SID")" -H 'Content-Type: application/x-www-form-urlencoded' --data "csrf=$(csrf "$EDITOR_SID")" "$U/signout"
expect "sign-out" 303
expect_header "... goes to /signin" Location "/signin"
expect_header "... and clears the cookie" Set-Cookie "$CK=; Path=/; Max-Age=0"
req -H "$(cookie "$EDITOR_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "after sign-out the session is refused by the API (401)" 401 '"code":"session_expired"'
req -X POST "${ORIGIN[@]}" -H "$(cookie "$EDITOR_SID")" -H 'Content-Type: application/x-www-form-urlencoded' --data "csrf=$(csrf "$EDITOR_SID")" "$U/signout"
expect "... and a page route sends it to /signin (303)" 303
expect_header "... Location /signin" Location "/signin"

# --- expiry: the rows are aged, nobody sleeps --------------------------------
link viewer
signin_link "$LINK"
IDLE_SID=$SID
HASH=$(printf %s "$IDLE_SID" | sha256sum | cut -c1-64)
req -H "$(cookie "$IDLE_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "a fresh session is accepted" 200
sql "UPDATE annexa.session SET last_seen_at = now() - interval '31 minutes' WHERE session_sha256 = '$HASH'"
req -H "$(cookie "$IDLE_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "a session idle for longer than session_idle (30m) is refused" 401 '"code":"session_expired"'
link viewer
signin_link "$LINK"
ABS_SID=$SID
HASH=$(printf %s "$ABS_SID" | sha256sum | cut -c1-64)
sql "UPDATE annexa.session SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 second' WHERE session_sha256 = '$HASH'"
req -H "$(cookie "$ABS_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "a session past its absolute end (session_max) is refused" 401
check "its cookie never outlived it: Max-Age was session_max (12h)" \
    grep -q 'Max-Age=43200;' <<<"$SC"

# --- session list and revoke --------------------------------------------------
OUT=$("$BIN" --config "$ANNEXA_CONFIG" session list 2>&1)
check "session list names the person" grep -q 'E2E admin <admin@sessions.example>' <<<"$OUT"
check "session list shows a revoked, an idle and an expired session" \
    bash -c "grep -q ' revoked ' <<<\"\$1\" && grep -q ' idle ' <<<\"\$1\" && grep -q ' expired ' <<<\"\$1\"" _ "$OUT"
check "session list never shows a session id" bash -c "! grep -qF '$ADMIN_SID' <<<\"\$1\"" _ "$OUT"
AID=$(sql "SELECT id FROM annexa.session WHERE session_sha256 = '$(printf %s "$ADMIN_SID" | sha256sum | cut -c1-64)'")
check "session revoke ID" "$BIN" --config "$ANNEXA_CONFIG" session revoke "$AID" >/dev/null
req -H "$(cookie "$ADMIN_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "a revoked session is refused" 401
"$BIN" --config "$ANNEXA_CONFIG" session revoke "$AID" 2>/dev/null
check "revoking it again exits 3" test $? -eq 3
"$BIN" --config "$ANNEXA_CONFIG" session revoke x1 2>/dev/null
check "session revoke of a non-number exits 2" test $? -eq 2

# --- signing in with an API token ---------------------------------------------
FORM=(-H 'Content-Type: application/x-www-form-urlencoded')
req "$U/signin"
expect "the sign-in form" 200 '<form id="signin" method="post" action="/signin">' 'name="token" type="password"'
ET=$(new_token --org "$ORG" --role editor --label "E2E token")
req -X POST "${FORM[@]}" --data "token=$ET" "$U/signin"
expect "token sign-in without Origin is refused" 403
req -X POST "${ORIGIN[@]}" "${FORM[@]}" --data "token=ax_nope" "$U/signin"
expect "a malformed token shows the form again, 401" 401 '<form id="signin"'
req -X POST "${ORIGIN[@]}" "${FORM[@]}" --data "token=ax_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$U/signin"
expect "an unknown token shows the form again, 401" 401 'unknown, revoked or expired'
req -X POST "${ORIGIN[@]}" "${FORM[@]}" --data "token=$ET" "$U/signin"
expect "token sign-in" 303
expect_header "... to the token's organisation" Location "/orgs/$ORG"
TOK_SID=$(header Set-Cookie | sed -n "s/^$CK=\([^;]*\);.*/\1/p")
req -X POST "${ORIGIN[@]}" -H "$(cookie "$TOK_SID")" "${FORM[@]}" --data "token=$ET" "$U/signin"
NEXT_SID=$(header Set-Cookie | sed -n "s/^$CK=\([^;]*\);.*/\1/p")
check "every sign-in makes a new session id" test -n "$NEXT_SID" -a "$NEXT_SID" != "$TOK_SID"
req -H "$(cookie "$TOK_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "signing in again ends the session the browser held" 401
TOK_SID=$NEXT_SID
req -H "$(cookie "$TOK_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "the token's session reads the API" 200
req -X POST "${ORIGIN[@]}" "${FORM[@]}" --data "token=$GT" "$U/signin"
expect_header "a global token's session goes to /" Location "/"
TID=$(sql "SELECT id FROM annexa.api_token WHERE label = 'E2E token' ORDER BY id DESC LIMIT 1")
"$BIN" --config "$ANNEXA_CONFIG" token revoke "$TID" >/dev/null
req -H "$(cookie "$TOK_SID")" "$U/api/v1/orgs/$ORG/readiness"
expect "a token's session ends when the token is revoked" 401

# --- annexa login-link: bad input ---------------------------------------------
# ll WANT-EXIT WANT-TEXT ARGS...: runs login-link, checks exit and message.
ll() {
	local want=$1 text=$2 rc out
	shift 2
	out=$("$BIN" --config "$ANNEXA_CONFIG" login-link "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qF -- "$text" <<<"$out"; then
		pass "login-link $* exits $want naming $text"
	else
		fail "login-link $* exits $want naming $text" "exit $rc: $out"
	fi
}
ll 2 --for --org "$ORG" --role admin --for "Jane Doe"
ll 2 --for --org "$ORG" --role admin --for "<jane@example.com>"
ll 2 --for --org "$ORG" --role admin --for "Jane <not-an-address>"
ll 2 --role --org "$ORG" --role root --for "Jane Doe <jane@example.com>"
ll 2 --expires --org "$ORG" --role admin --for "Jane Doe <jane@example.com>" --expires 31d
ll 2 --expires --org "$ORG" --role admin --for "Jane Doe <jane@example.com>" --expires 7w
ll 2 --org --role admin --for "Jane Doe <jane@example.com>"
ll 3 --org --org no-such-org --role admin --for "Jane Doe <jane@example.com>"
grep -v '^public_url' "$ANNEXA_CONFIG" >"$E2E_TMP/nourl.conf"
out=$("$BIN" --config "$E2E_TMP/nourl.conf" login-link --org "$ORG" --role admin --for "Jane Doe <jane@example.com>" 2>&1 >/dev/null)
rc=$?
check "without public_url login-link exits 1 saying so" \
    bash -c "[ $rc = 1 ] && grep -q public_url <<<\"\$1\"" _ "$out"
OUT=$("$BIN" --config "$ANNEXA_CONFIG" login-link --org "$ORG" --role viewer --for "Jane Doe <jane@example.com>" --expires 2d 2>&1 >/dev/null)
DAYS=$(sql "SELECT round(extract(epoch FROM expires_at - created_at) / 86400) FROM annexa.login_link ORDER BY id DESC LIMIT 1")
check "--expires 2d makes a link valid for 2 days" test "$DAYS" = 2
"$BIN" --config "$ANNEXA_CONFIG" login-link --org "$ORG" --role viewer --for "Jane Doe <jane@example.com>" >/dev/null 2>&1
DAYS=$(sql "SELECT round(extract(epoch FROM expires_at - created_at) / 86400) FROM annexa.login_link ORDER BY id DESC LIMIT 1")
check "the default validity is 7 days" test "$DAYS" = 7

# --- POST /api/v1/orgs/{org}/login-links ---------------------------------------
AT=$(new_token --org "$ORG" --role admin)
OAT=$(new_token --org "$OTHER" --role admin)
API=$U/api/v1/orgs/$ORG/login-links
BEFORE=$(sql "SELECT count(*) FROM annexa.login_link")
req -X POST -H "Authorization: Bearer $AT" "${JSON[@]}" -d '{"for":"Api Person <api-'$RUN'@sessions.example>","role":"viewer"}' "$API"
expect "an org admin makes a sign-in link: 201" 201 "\"url\":\"$U/login/" '"expires_at":"'
ATOK=$(grep -o '/login/[A-Za-z0-9_-]*' <<<"$BODY" | cut -d/ -f3)
LINKS+=("$ATOK")
req "$U/login/$ATOK"
expect "... which opens" 200 'Sign in as Api Person'
req -X POST -H "Authorization: Bearer $GT" "${JSON[@]}" -d '{"for":"Api Person <api-'$RUN'@sessions.example>","role":"admin","expires_days":30}' "$API"
expect "a global admin makes one, for 30 days" 201
LINKS+=("$(grep -o '/login/[A-Za-z0-9_-]*' <<<"$BODY" | cut -d/ -f3)")
req -X POST -H "Authorization: Bearer $VT" "${JSON[@]}" -d '{"for":"A B <a@b.example>","role":"viewer"}' "$API"
expect "a viewer may not (403)" 403
req -X POST -H "Authorization: Bearer $OAT" "${JSON[@]}" -d '{"for":"A B <a@b.example>","role":"viewer"}' "$API"
expect "another organisation's admin gets 404" 404 '"field":"org"'
req -X POST "${JSON[@]}" -d '{"for":"A B <a@b.example>","role":"viewer"}' "$API"
expect "no credentials: 401" 401
# bad BODY FIELD: a 400 naming the field.
bad() {
	req -X POST -H "Authorization: Bearer $AT" "${JSON[@]}" -d "$1" "$API"
	expect "login-links refuses $1 naming $2" 400 "\"field\":\"$2\""
}
bad '{"role":"viewer"}' for
bad '{"for":"Jane","role":"viewer"}' for
bad '{"for":42,"role":"viewer"}' for
bad '{"for":"A B <a@b.example>"}' role
bad '{"for":"A B <a@b.example>","role":"owner"}' role
bad '{"for":"A B <a@b.example>","role":"viewer","expires_days":0}' expires_days
bad '{"for":"A B <a@b.example>","role":"viewer","expires_days":31}' expires_days
bad '{"for":"A B <a@b.example>","role":"viewer","expires_days":"7"}' expires_days
bad '{"for":"A B <a@b.example>","role":"viewer","org":"x"}' org
bad '[1]' body
bad '{"for":' body
req -X POST -H "Authorization: Bearer $AT" -H 'Content-Type: text/plain' -d '{}' "$API"
expect "a body that is not JSON is 415" 415 '"field":"body"'
check "no refused request made a link" \
    test "$(sql "SELECT count(*) FROM annexa.login_link")" = "$((BEFORE + 2))"
check "link creation is audited" \
    test "$(sql "SELECT count(*) FROM annexa.audit_log WHERE action = 'login_link.create' AND detail->>'for' = 'Api Person <api-$RUN@sessions.example>'")" = 2

# --- no sign-in link's token in any log -----------------------------------------
LOGS=("$ANNEXA_STACK_DIR/annexa.log" "$ANNEXA_STACK_DIR"/nginx/*.log)
leaked=""
for t in "${LINKS[@]}"; do
	[ -n "$t" ] || continue
	grep -lF -- "$t" "${LOGS[@]}" 2>/dev/null && leaked="$leaked $t"
done
check "annexa logged the link requests, with the token hidden" \
    grep -q '^POST /login/… 303 ' "$ANNEXA_STACK_DIR/annexa.log"
check "no log line holds a sign-in link's token (${#LINKS[@]} links)" test -z "$leaked"
for s in "$ADMIN_SID" "$VIEWER_SID" "$TOK_SID"; do
	[ -n "$s" ] || continue
	grep -lF -- "$s" "${LOGS[@]}" 2>/dev/null && leaked="$leaked session"
done
check "no log line holds a session id" test -z "$leaked"

e2e_done
