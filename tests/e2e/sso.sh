#!/usr/bin/env bash
# Single sign-on through an identity proxy, with the real nginx: an nginx
# of this test's own runs the shipped nginx/annexa.conf with its single
# sign-on line turned on and nginx/annexa_sso.conf, in front of
#   - server A: an annexa of this test's own with sso_param set, and
#   - server B: the stack's annexa, which has no sso_param;
# and a stand-in for the identity proxy (a small python3 http.server on
# loopback) answers nginx's auth_request: 202 with X-Auth-Request-Email
# taken from the test's cookie idp_user, or 401 without it.
#
# Checks `annexa user add|list|remove` and their bad input; a known person
# lands on the overview with a session cookie; the role holds (a viewer
# cannot append a review, an editor can, audited under the name); an
# unknown address gets a 403 page; a header the client sends itself is
# not believed, with or without the proxy's approval; the proxy's person
# wins over the cookie's; a person of several organisations; with
# sso_param unset the proxy's address is ignored; `user remove` ends the
# person's session; sso_param refuses a name a client could produce.
#
# curl sends a Secure cookie over plain http only to localhost names: the
# Cookie header is sent by hand.
set -u
E2E_NAME=sso
. "$(dirname "$0")/lib.sh"
e2e_require

SRC=${ANNEXA_SRCDIR:?}
ADB=${ANNEXA_TEST_ADMIN_DB:?}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PY=/usr/bin/python3
if [ ! -x "$NGINX" ] || [ ! -x "$PY" ]; then
	echo "SKIP: nginx or /usr/bin/python3 is not installed (scripts/deps installs them)"
	exit 77
fi
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$ADB" -c "$1"; }
A() { "$BIN" --config "$ANNEXA_CONFIG" "$@"; }
ORG=acme-cloud
OTHER=e2e-sso-other
CK=__Host-annexa_session
H_ORG='<h1><bdi>Acme Cloud Ltd</bdi></h1>'
H_OTHER='<h1><bdi>SSO Other Org</bdi></h1>'
STACK_SOCK=$(sed -n 's/^listen *= *unix:\(.*\)$/\1/p' "$ANNEXA_CONFIG")
N=$E2E_TMP/nginx
mkdir -p "$N/tmp"
PIDS=()
cleanup() {
	[ -f "$N/nginx.pid" ] && "$NGINX" -e "$N/error.log" -c "$N/nginx.conf" -p "$N" -s stop 2>/dev/null
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$E2E_TMP"
}
trap cleanup EXIT

check "nginx has the auth_request module" \
    bash -c "'$NGINX' -V 2>&1 | grep -q -- --with-http_auth_request_module"

# --- the people: annexa user add|list|remove and bad input -----------------
sql "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('$OTHER', 'SSO Other Org', 'csp') ON CONFLICT DO NOTHING"
# A run before this one may have left its people: start clean.
for e in viewer@sso.example editor@sso.example multi@sso.example; do
	A user remove --email "$e" --org "$ORG" >/dev/null 2>&1
	A user remove --email "$e" --org "$OTHER" >/dev/null 2>&1
done
OUT=$(A user add --email Viewer@SSO.example --org "$ORG" --role viewer --name "Vera Viewer" 2>&1)
check "user add a viewer (the address given in mixed case)" test $? -eq 0
check "user add editor" A user add --email editor@sso.example --org "$ORG" --role editor --name "Ed <Editor>"
check "user add: one address in two organisations" \
    bash -c "'$BIN' --config '$ANNEXA_CONFIG' user add --email multi@sso.example --org $ORG --role viewer >/dev/null &&
        '$BIN' --config '$ANNEXA_CONFIG' user add --email multi@sso.example --org $OTHER --role admin >/dev/null"
OUT=$(A user list --org "$ORG" 2>&1)
check "user list --org shows the address in lower case, role and name" \
    grep -Eq "^$ORG +viewer@sso\.example +viewer .*Vera Viewer\$" <<<"$OUT"
check "the database holds it in lower case" \
    test "$(sql "SELECT count(*) FROM annexa.person WHERE email = 'viewer@sso.example' AND org_id = '$ORG'")" = 1
OUT=$(A user list 2>&1)
check "user list without --org shows every organisation's people" \
    grep -q "^$OTHER .*multi@sso\.example .*admin" <<<"$OUT"
# usage_err NAME WANT-EXIT WANT-TEXT ARGS...: a refused command line; its
# first line (the reason, before any usage) holds WANT-TEXT.
usage_err() {
	local name=$1 want=$2 text=$3 out rc before after
	shift 3
	before=$(sql "SELECT count(*) FROM annexa.person")
	out=$(A user "$@" 2>&1)
	rc=$?
	after=$(sql "SELECT count(*) FROM annexa.person")
	if [ "$rc" != "$want" ]; then
		fail "$name" "exit $rc, wanted $want: $out"
	elif ! head -n 1 <<<"$out" | grep -qF -- "$text"; then
		fail "$name" "its first line lacks '$text': $out"
	elif [ "$before" != "$after" ]; then
		fail "$name" "people changed: $before -> $after"
	else
		pass "$name"
	fi
}
usage_err "user add: a malformed --email (exit 2, names it)" 2 "--email" add --email nope --org "$ORG" --role viewer
usage_err "user add: --email with a space" 2 "--email" add --email "a b@x.example" --org "$ORG" --role viewer
usage_err "user add: --email without a dot in the domain" 2 "--email" add --email "a@localhost" --org "$ORG" --role viewer
usage_err "user add: --email longer than 254 bytes" 2 "--email" add --email "$(printf 'a%.0s' $(seq 1 250))@x.example" --org "$ORG" --role viewer
usage_err "user add: an unknown --role" 2 "--role" add --email x@sso.example --org "$ORG" --role boss
usage_err "user add: a malformed --org" 2 "--org" add --email x@sso.example --org "a b" --role viewer
usage_err "user add: --name with a control character" 2 "--name" add --email x@sso.example --org "$ORG" --role viewer --name "$(printf 'a\tb')"
usage_err "user add: --name over 200 bytes" 2 "--name" add --email x@sso.example --org "$ORG" --role viewer --name "$(printf 'n%.0s' $(seq 1 201))"
usage_err "user add: --email missing" 2 "--email is required" add --org "$ORG" --role viewer
usage_err "user add: --role missing" 2 "--role is required" add --email x@sso.example --org "$ORG"
usage_err "user add: an unknown option" 2 "--expires" add --email x@sso.example --org "$ORG" --role viewer --expires 7d
usage_err "user remove: an option remove does not take" 2 "remove does not take --role" remove --email x@sso.example --org "$ORG" --role viewer
usage_err "user add: an unknown organisation (exit 3, names --org)" 3 "--org: no organisation" add --email x@sso.example --org no-such-org --role viewer
usage_err "user add: the same person twice (exit 3)" 3 "already" add --email VIEWER@sso.example --org "$ORG" --role admin
usage_err "user remove: no such person (exit 3)" 3 "--email" remove --email nobody@sso.example --org "$ORG"
usage_err "user remove: --org missing" 2 "--org is required" remove --email viewer@sso.example
usage_err "user: no subcommand" 2 "annexa user: add, list or remove"
usage_err "user list: a malformed --org" 2 "--org" list --org "a/b"

# --- the stand-in identity proxy ------------------------------------------
cat >"$E2E_TMP/idp.py" <<'EOF'
# A stand-in for oauth2-proxy: /oauth2/auth answers 202 with the address of
# the cookie idp_user in X-Auth-Request-Email, else 401; /oauth2/sign_in
# is its sign-in page (401).  Every question is appended to the log file.
import http.server
import sys


class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        user = None
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "idp_user" and value:
                user = value
        with open(sys.argv[2], "a") as log:
            log.write("%s %s\n" % (path, user or "-"))
        if path == "/oauth2/auth" and user:
            self.send_response(202)
            self.send_header("X-Auth-Request-Email", user)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"identity proxy stand-in: sign in first\n"
        self.send_response(401 if path.startswith("/oauth2/") else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Proxy).serve_forever()
EOF
PI=$("$SRC/scripts/stack" port "$E2E_TMP/port")
"$PY" "$E2E_TMP/idp.py" "$PI" "$E2E_TMP/idp.log" &
PIDS+=($!)

# --- server A's annexa: the stack's configuration and sso_param ------------
PA=$("$SRC/scripts/stack" port "$E2E_TMP/port")
PB=$("$SRC/scripts/stack" port "$E2E_TMP/port")
while [ "$PB" = "$PA" ] || [ "$PB" = "$PI" ]; do PB=$("$SRC/scripts/stack" port "$E2E_TMP/port"); done
UA=http://127.0.0.1:$PA
UB=http://127.0.0.1:$PB
SOCK=$E2E_TMP/sso.sock
grep -v -e '^listen' -e '^public_url' "$ANNEXA_CONFIG" >"$E2E_TMP/sso.conf"
printf 'listen = unix:%s\npublic_url = %s\nsso_param = ANNEXA_SSO_EMAIL\n' "$SOCK" "$UA" >>"$E2E_TMP/sso.conf"
"$BIN" --config "$E2E_TMP/sso.conf" serve --threads 2 2>"$E2E_TMP/sso-annexa.log" &
SSO_PID=$!
PIDS+=($SSO_PID)
for _ in $(seq 1 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
check "annexa with sso_param = ANNEXA_SSO_EMAIL starts" test -S "$SOCK"

# --- nginx: the shipped files, single sign-on turned on --------------------
check "annexa.conf's location / has the single sign-on line, commented" \
    grep -q '^	#include annexa_sso_params;' "$SRC/nginx/annexa.conf"
# site SOCKET: annexa.conf for one annexa, the single sign-on line on.
site() {
	sed -e "s#unix:/run/annexa/fcgi.sock#unix:$1#" \
	    -e "s#include annexa_fastcgi_params;#include $SRC/nginx/annexa_fastcgi_params;#" \
	    -e "s#^	\#include annexa_sso_params;#	include $SRC/nginx/annexa_sso_params;#" \
	    "$SRC/nginx/annexa.conf"
}
site "$SOCK" >"$N/site-a.conf"
site "$STACK_SOCK" >"$N/site-b.conf"
sed "s#127.0.0.1:4180#127.0.0.1:$PI#" "$SRC/nginx/annexa_sso.conf" >"$N/sso.conf" 2>/dev/null
{
	[ "$(id -u)" -eq 0 ] && echo "user root;"
	cat <<EOT
worker_processes 1;
daemon on;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 256; }
http {
	access_log $N/access.log;
	client_body_temp_path $N/tmp;
	fastcgi_temp_path $N/tmp;
	proxy_temp_path $N/tmp;
	uwsgi_temp_path $N/tmp;
	scgi_temp_path $N/tmp;
$(grep '^limit_req_zone ' "$SRC/nginx/production.conf")
	server {
		listen 127.0.0.1:$PA;
		include $N/sso.conf;
		include $N/site-a.conf;
	}
	server {
		listen 127.0.0.1:$PB;
		include $N/sso.conf;
		include $N/site-b.conf;
	}
}
EOT
} >"$N/nginx.conf"
if ! "$NGINX" -e "$N/error.log" -c "$N/nginx.conf" -p "$N" 2>"$N/start.err"; then
	fail "nginx with auth_request and annexa_sso.conf starts" "$(cat "$N/start.err")"
	e2e_done
	exit 1
fi
pass "nginx with auth_request and annexa_sso.conf starts"
for _ in $(seq 1 50); do
	curl -s -o /dev/null "$UA/healthz" && curl -s -o /dev/null "$UB/healthz" && break
	sleep 0.1
done

sid() { header Set-Cookie | sed -n "s/^$CK=\([^;]*\);.*/\1/p"; }
csrf() { printf 'annexa-csrf\n%s' "$1" | sha256sum | cut -c1-64; }
sessions_of() { sql "SELECT count(*) FROM annexa.session WHERE person_email = '$1'"; }
live_of() { sql "SELECT count(*) FROM annexa.session WHERE person_email = '$1' AND revoked_at IS NULL"; }
FORGE=(-H "X-Auth-Request-Email: editor@sso.example" -H "X-Forwarded-Email: editor@sso.example"
    -H "Annexa-Sso-Email: editor@sso.example" -H "Remote-Email: editor@sso.example")

# --- the proxy decides who comes in ----------------------------------------
req "$UA/orgs/$ORG"
expect "without the proxy's approval a page is its sign-in (401), not annexa's" 401 'identity proxy stand-in'
BEFORE=$(sessions_of editor@sso.example)
req "${FORGE[@]}" "$UA/orgs/$ORG"
expect "a client's own identity headers without approval: still the proxy's 401" 401 'identity proxy stand-in'
check "... and no session was opened for the address they name" \
    test "$(sessions_of editor@sso.example)" = "$BEFORE"
req -H "Cookie: idp_user=viewer@sso.example" "$UA/orgs/$ORG"
expect "a known person lands on the overview" 200 "$H_ORG" '<table id="scores">'
VSID=$(sid)
check "... with a session cookie of the contract's attributes" \
    grep -Eqx "$CK=[A-Za-z0-9_-]{43}; Path=/; Max-Age=[0-9]+; HttpOnly; Secure; SameSite=Strict" <<<"$(header Set-Cookie)"
check "the session is the person's: viewer, acme-cloud, named" \
    test "$(sql "SELECT role || '|' || org_id || '|' || person_name || '|' || (person_id IS NOT NULL) FROM annexa.session WHERE person_email = 'viewer@sso.example' AND revoked_at IS NULL ORDER BY id DESC LIMIT 1")" = "viewer|$ORG|Vera Viewer|true"
check "the sign-in is audited under the person, via sso" \
    test "$(sql "SELECT person_name || '|' || (detail->>'via') FROM annexa.audit_log WHERE action = 'session.create' AND person_email = 'viewer@sso.example' ORDER BY id DESC LIMIT 1")" = "Vera Viewer|sso"
OUT=$(A session list 2>&1)
check "annexa session list shows the person's session" grep -q 'Vera Viewer <viewer@sso.example>' <<<"$OUT"
N_BEFORE=$(sessions_of viewer@sso.example)
req -H "Cookie: idp_user=viewer@sso.example; $CK=$VSID" "$UA/orgs/$ORG"
expect "the same person with their cookie: the overview" 200 "$H_ORG"
check "... on the same session (no new cookie, no new row)" \
    test -z "$(sid)" -a "$(sessions_of viewer@sso.example)" = "$N_BEFORE"
check "the page carries the sign-out form with the session's CSRF token" \
    grep -q "value=\"$(csrf "$VSID")\"" <<<"$BODY"

# --- the role holds --------------------------------------------------------
RUN=$$-$RANDOM
REVIEW='{"control":"5.1.1","reviewed_at":"2026-01-15","reviewer":"SSO '$RUN'","result":"effective"}'
JSON=(-H 'Content-Type: application/json')
req -X POST -H "Origin: $UA" -H "Cookie: $CK=$VSID" -H "X-CSRF-Token: $(csrf "$VSID")" "${JSON[@]}" -d "$REVIEW" "$UA/api/v1/orgs/$ORG/reviews"
expect "a viewer's SSO session cannot append a review (403, as the API refuses a viewer)" 403 '"code":"forbidden"'
req -X POST -H "Origin: $UA" -H "Cookie: $CK=$VSID" -H "X-CSRF-Token: $(csrf "$VSID")" "${FORGE[@]}" "${JSON[@]}" -d "$REVIEW" "$UA/api/v1/orgs/$ORG/reviews"
expect "... nor with an editor's address in the client's own headers" 403 '"code":"forbidden"'
req -H "Cookie: idp_user=editor@sso.example" "$UA/orgs/$ORG"
ESID=$(sid)
expect "an editor signs in through the proxy" 200 "$H_ORG"
req -X POST -H "Origin: $UA" -H "Cookie: $CK=$ESID" -H "X-CSRF-Token: $(csrf "$ESID")" "${JSON[@]}" -d "$REVIEW" "$UA/api/v1/orgs/$ORG/reviews"
expect "an editor's SSO session with CSRF token and Origin appends a review" 201
RID=$(grep -o '"id":[0-9]*' <<<"$BODY" | head -n 1 | cut -d: -f2)
check "the append is audited under the person's name and address" \
    test "$(sql "SELECT person_name || ' <' || person_email || '>' FROM annexa.audit_log WHERE action = 'review.create' AND detail->>'id' = '${RID:-0}'")" = "Ed <Editor> <editor@sso.example>"
req -X POST -H "Origin: $UA" -H "Cookie: $CK=$ESID" "${JSON[@]}" -d "$REVIEW" "$UA/api/v1/orgs/$ORG/reviews"
expect "... and without the CSRF token it is refused" 403 '"field":"csrf"'

# --- a header from the client is never believed ----------------------------
req -H "Cookie: idp_user=viewer@sso.example" "${FORGE[@]}" "$UA/orgs/$ORG"
expect "proxy approves the viewer, the client claims the editor: a page" 200
check "... the new session is the viewer's, not the claimed editor's" \
    test "$(sql "SELECT person_email || '|' || role FROM annexa.session ORDER BY id DESC LIMIT 1")" = "viewer@sso.example|viewer"
req -H "Cookie: idp_user=viewer@sso.example" -H "ANNEXA_SSO_EMAIL: editor@sso.example" -H "Annexa-SSO-Email: editor@sso.example" "$UA/orgs/$ORG"
check "a header named like the parameter itself changes nothing either" \
    test "$(sql "SELECT person_email FROM annexa.session ORDER BY id DESC LIMIT 1")" = "viewer@sso.example"

# --- the proxy's person wins over the cookie's -----------------------------
req -H "Cookie: idp_user=viewer@sso.example" "$UA/orgs/$ORG"
V2=$(sid)
req -H "Cookie: idp_user=editor@sso.example; $CK=$V2" "$UA/orgs/$ORG"
expect "another person at the proxy, the viewer's cookie: a page" 200
NEW=$(sid)
check "... on a new session (a new cookie)" test -n "$NEW" -a "$NEW" != "$V2"
check "... which is the editor's" \
    test "$(sql "SELECT person_email FROM annexa.session ORDER BY id DESC LIMIT 1")" = "editor@sso.example"
req -H "Cookie: idp_user=viewer@sso.example; $CK=$V2" "$UB/orgs/$ORG"
expect "the viewer's session the browser gave up has ended" 303
expect_header "... (a page sends it to sign in)" Location /signin

# --- unknown and unusable addresses -----------------------------------------
req -H "Cookie: idp_user=stranger@sso.example" "$UA/orgs/$ORG"
expect "an address no organisation knows: 403 page saying whom to ask" 403 \
    'No access to annexa' 'stranger@sso.example' 'annexa user add --email stranger@sso.example'
expect_header "... in HTML" Content-Type "text/html; charset=utf-8"
expect_header "... with the page headers" Content-Security-Policy "default-src 'self'"
check "... and no session" test "$(sessions_of stranger@sso.example)" = 0
req -H "Cookie: idp_user=stranger@sso.example" "$UA/"
expect "... the start page too" 403 'No access to annexa'
req -H "Cookie: idp_user=not-an-address" "$UA/orgs/$ORG"
expect "a value that is no address: 403 page, not 500" 403 'no e-mail address it can use'
req -H "Cookie: idp_user=%3Cscript%3E@x.example" "$UA/orgs/$ORG"
expect "an address with markup: refused as unusable" 403 'No access to annexa'

# --- organisations ----------------------------------------------------------
req -H "Cookie: idp_user=viewer@sso.example" "$UA/orgs/$OTHER"
expect "a person's pages of another organisation answer 404" 404
check "... and open no session there" \
    test "$(sql "SELECT count(*) FROM annexa.session WHERE person_email = 'viewer@sso.example' AND org_id = '$OTHER'")" = 0
req -H "Cookie: idp_user=viewer@sso.example" "$UA/"
expect "a person of one organisation: / goes to its overview" 303
expect_header "... /orgs/$ORG" Location "/orgs/$ORG"
req -H "Cookie: idp_user=multi@sso.example" "$UA/"
expect "a person of two organisations: / lists both" 200 'Your organisations' "href=\"/orgs/$ORG\"" "href=\"/orgs/$OTHER\"" 'SSO Other Org'
req -H "Cookie: idp_user=multi@sso.example" "$UA/orgs/$OTHER"
expect "... the overview of one" 200 "$H_OTHER"
M1=$(sid)
check "... as that organisation's admin" \
    test "$(sql "SELECT role || '|' || org_id FROM annexa.session WHERE person_email = 'multi@sso.example' ORDER BY id DESC LIMIT 1")" = "admin|$OTHER"
req -H "Cookie: idp_user=multi@sso.example; $CK=$M1" "$UA/orgs/$ORG"
expect "... then the other's overview" 200 "$H_ORG"
check "... on a new session for it, as its viewer" \
    test "$(sql "SELECT role || '|' || org_id FROM annexa.session WHERE person_email = 'multi@sso.example' ORDER BY id DESC LIMIT 1")" = "viewer|$ORG"
check "... and the first one ended (one browser, one session)" \
    test "$(live_of multi@sso.example)" = 1

# --- a bearer token is not a person -----------------------------------------
TOK=$(new_token --org "$ORG" --role admin --label sso-test)
req -H "Authorization: Bearer $TOK" -H "Cookie: idp_user=stranger@sso.example" "$UA/orgs/$ORG"
expect "a bearer token on a page wins over the proxy's address" 200 "$H_ORG"
check "... and opens no session" test -z "$(sid)"

# --- sso_param unset: the address is ignored ---------------------------------
req -H "Cookie: idp_user=viewer@sso.example" "$UB/orgs/$ORG"
expect "without sso_param, the proxy's address opens no session" 303
expect_header "... the page sends the browser to sign in" Location /signin
check "... no cookie" test -z "$(sid)"
req -H "Cookie: idp_user=viewer@sso.example" "${FORGE[@]}" "$UB/orgs/$ORG"
expect "... nor with the client's own headers" 303
req -H "Cookie: idp_user=stranger@sso.example" "$UB/orgs/$ORG"
expect "... and an unknown address is not refused by annexa there either" 303

# --- sign-out, then user remove ends the session -------------------------------
req -H "Cookie: idp_user=viewer@sso.example" "$UA/orgs/$ORG"
V3=$(sid)
req -X POST -H "Origin: $UA" -H "Cookie: idp_user=viewer@sso.example; $CK=$V3" -H 'Content-Type: application/x-www-form-urlencoded' -d "csrf=$(csrf "$V3")" "$UA/signout"
expect "sign-out works on an SSO session" 303
req -H "Cookie: idp_user=viewer@sso.example; $CK=$V3" "$UB/orgs/$ORG"
expect "... and ends it" 303
req -H "Cookie: idp_user=viewer@sso.example" "$UA/orgs/$ORG"
V4=$(sid)
# Every request above without the cookie opened a session: all are live.
LIVE=$(live_of viewer@sso.example)
check "the viewer signs in again (a live session)" test "$LIVE" -ge 1
OUT=$(A user remove --email VIEWER@sso.example --org "$ORG" 2>&1)
check "user remove (any case) says it revoked the person's $LIVE live sessions" \
    grep -Eq "removed .*; $LIVE sessions? revoked" <<<"$OUT"
check "... the person is gone" test "$(sql "SELECT count(*) FROM annexa.person WHERE email = 'viewer@sso.example'")" = 0
check "... no session of theirs is live" test "$(live_of viewer@sso.example)" = 0
req -H "Cookie: idp_user=viewer@sso.example; $CK=$V4" "$UB/orgs/$ORG"
expect "... the removed person's cookie no longer signs in" 303
req -H "Cookie: idp_user=viewer@sso.example; $CK=$V4" "$UA/orgs/$ORG"
expect "... and the proxy's approval no longer lets them in" 403 'No access to annexa'
check "the removal is audited with the sessions it ended" \
    test "$(sql "SELECT detail->>'email' || '|' || (detail->>'sessions_revoked') FROM annexa.audit_log WHERE action = 'person.remove' ORDER BY id DESC LIMIT 1")" = "viewer@sso.example|$LIVE"

# --- sso_param takes only a name no client can produce ----------------------
for bad in HTTP_X_FORWARDED_EMAIL X_FORWARDED_EMAIL ANNEXA_ annexa_sso_email "ANNEXA_SSO EMAIL" QUERY_STRING; do
	printf 'sso_param = %s\n' "$bad" >"$E2E_TMP/bad.conf"
	OUT=$("$BIN" --config "$E2E_TMP/bad.conf" user list 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && grep -q 'sso_param' <<<"$OUT"; then
		pass "sso_param = $bad is refused, naming the key"
	else
		fail "sso_param = $bad is refused, naming the key" "exit $rc: $OUT"
	fi
done

# Server A's annexa stops cleanly, and under a sanitizer build (scripts/test's
# ASan layer) its log holds no report; the log is kept in the stack's
# directory.
kill -TERM "$SSO_PID" 2>/dev/null
wait "$SSO_PID"
check "server A's annexa stops cleanly on SIGTERM" test $? -eq 0
cp "$E2E_TMP/sso-annexa.log" "${ANNEXA_STACK_DIR:-$E2E_TMP}/sso-annexa.log" 2>/dev/null
check "server A's log holds no sanitizer report" \
    bash -c "! grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' '$E2E_TMP/sso-annexa.log'"

# The other people of this run.
for e in editor@sso.example multi@sso.example; do
	A user remove --email "$e" --org "$ORG" >/dev/null 2>&1
	A user remove --email "$e" --org "$OTHER" >/dev/null 2>&1
done
e2e_done
