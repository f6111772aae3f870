#!/usr/bin/env bash
# SIGTERM: annexa stops accepting, finishes the request in flight, exits 0
# and removes its socket.  Runs a second annexa serve beside the stack's.
set -u
E2E_NAME=shutdown
. "$(dirname "$0")/lib.sh"
e2e_require

PROBE=${ANNEXA_BUILDDIR:-.}/tests/e2e/fcgi_probe
SOCK="$E2E_TMP/s.sock"
"$BIN" --config "$ANNEXA_CONFIG" serve --listen "unix:$SOCK" --threads 2 \
    2>"$E2E_TMP/serve.log" &
SPID=$!
for _ in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
check "second instance listens" test -S "$SOCK"

"$PROBE" "$SOCK" /healthz >"$E2E_TMP/plain"
check "probe gets a response" grep -q '^Status: 200' "$E2E_TMP/plain"

# Hold a request half-sent, then ask annexa to stop.
mkfifo "$E2E_TMP/go"
"$PROBE" "$SOCK" /healthz --pause <"$E2E_TMP/go" >"$E2E_TMP/held" &
PPID_=$!
exec 7>"$E2E_TMP/go"
for _ in $(seq 1 50); do grep -q paused "$E2E_TMP/held" && break; sleep 0.1; done
kill -TERM "$SPID"
sleep 0.5
check "annexa waits for the request in flight" kill -0 "$SPID"
"$PROBE" "$SOCK" /healthz >"$E2E_TMP/late" 2>&1
check "no new request is accepted after SIGTERM" grep -q 'connect failed' "$E2E_TMP/late"
echo go >&7
exec 7>&-
wait "$PPID_"
check "the request in flight is answered" grep -q '^Status: 200' "$E2E_TMP/held"
rc=0
for _ in $(seq 1 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SPID" 2>/dev/null; then
	fail "annexa exits after the drain"
	kill -KILL "$SPID"
else
	wait "$SPID"; rc=$?
	pass "annexa exits after the drain"
fi
check "exit status 0" test "$rc" -eq 0
check "socket removed" test ! -e "$SOCK"
check "shutdown logged" grep -q 'SIGTERM received' "$E2E_TMP/serve.log"

# log_level = warn: only requests answered 5xx are logged.  This instance
# cannot reach its database, so /healthz answers 503; an unknown path 404.
WCONF="$E2E_TMP/warn.conf"
WSOCK="$E2E_TMP/w.sock"
sed -e '/^log_level/d' -e 's#^database *=.*#database = host=/nonexistent dbname=annexa#' \
    "$ANNEXA_CONFIG" >"$WCONF"
echo "log_level = warn" >>"$WCONF"
"$BIN" --config "$WCONF" serve --listen "unix:$WSOCK" --threads 1 \
    2>"$E2E_TMP/warn.log" &
WPID=$!
for _ in $(seq 1 50); do [ -S "$WSOCK" ] && break; sleep 0.1; done
"$PROBE" "$WSOCK" /healthz >"$E2E_TMP/w503"
"$PROBE" "$WSOCK" /no-such-route >"$E2E_TMP/w404"
kill -TERM "$WPID"
wait "$WPID"
check "log_level = warn: /healthz answers 503 without its database" \
    grep -q '^Status: 503' "$E2E_TMP/w503"
check "log_level = warn: the 503 is logged" grep -q '^GET /healthz 503 ' "$E2E_TMP/warn.log"
check "log_level = warn: the 404 is not" \
    sh -c "grep -q '^Status: 404' '$E2E_TMP/w404' && ! grep -q 'no-such-route' '$E2E_TMP/warn.log'"

# Started by spawn-fcgi: annexa serves on the listening socket it gets as fd 0.
if command -v spawn-fcgi >/dev/null; then
	SP="$E2E_TMP/spawn.sock"
	spawn-fcgi -s "$SP" -M 0660 -P "$E2E_TMP/spawn.pid" -- \
	    "$BIN" --config "$ANNEXA_CONFIG" serve --threads 2 >"$E2E_TMP/spawn.out" 2>&1
	"$PROBE" "$SP" /healthz >"$E2E_TMP/spawned"
	check "spawn-fcgi: annexa serves on fd 0" grep -q '^Status: 200' "$E2E_TMP/spawned"
	kill -TERM "$(cat "$E2E_TMP/spawn.pid")" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$(cat "$E2E_TMP/spawn.pid")" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$(cat "$E2E_TMP/spawn.pid")" 2>/dev/null; then
		fail "spawn-fcgi: annexa stops on SIGTERM"
		kill -KILL "$(cat "$E2E_TMP/spawn.pid")"
	else
		pass "spawn-fcgi: annexa stops on SIGTERM"
	fi
fi

e2e_done
