#!/usr/bin/env bash
# fastcgi_allow: annexa serve on a TCP port answers only the peers the
# list names (loopback by default); any other peer's connection is closed
# before a byte is read, and the log says so.  Unix sockets are not
# checked.  Runs instances of its own beside the stack's.
set -u
E2E_NAME=fcgi_allow
. "$(dirname "$0")/lib.sh"
e2e_require

PROBE=${ANNEXA_BUILDDIR:-.}/tests/e2e/fcgi_probe
SRC=${ANNEXA_SRCDIR:?}
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done; rm -rf "$E2E_TMP"' EXIT

NAMES=()
# serve NAME CONF LISTEN: starts annexa serve; its log is NAME.log.
serve() {
	"$BIN" --config "$2" serve --listen "$3" --threads 2 2>"$E2E_TMP/$1.log" &
	PIDS+=($!)
	NAMES+=("$1")
	for _ in $(seq 1 50); do
		grep -q 'serving on' "$E2E_TMP/$1.log" && return 0
		kill -0 "${PIDS[-1]}" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# A configuration: the stack's, with one fastcgi_allow line (or none).
conf() {
	sed '/^fastcgi_allow/d' "$ANNEXA_CONFIG" >"$E2E_TMP/$1.conf"
	[ -n "${2:-}" ] && echo "fastcgi_allow = $2" >>"$E2E_TMP/$1.conf"
	return 0
}

# The default list: loopback is served.
P1=$("$SRC/scripts/stack" port "$E2E_TMP/port")
conf default
check "default: annexa serve listens on 127.0.0.1:$P1" \
    serve default "$E2E_TMP/default.conf" "127.0.0.1:$P1"
"$PROBE" "127.0.0.1:$P1" /healthz >"$E2E_TMP/default.out" 2>&1
check "default: a request from 127.0.0.1 is answered" \
    grep -q '^Status: 200' "$E2E_TMP/default.out"
check "default: nothing refused" sh -c "! grep -q refused '$E2E_TMP/default.log'"

# A list that leaves loopback out: 127.0.0.1 is refused, and logged.
P2=$("$SRC/scripts/stack" port "$E2E_TMP/port")
while [ "$P2" = "$P1" ]; do P2=$("$SRC/scripts/stack" port "$E2E_TMP/port"); done
conf other "10.9.9.9, fd00::/8"
check "fastcgi_allow = 10.9.9.9: annexa serve listens on 127.0.0.1:$P2" \
    serve other "$E2E_TMP/other.conf" "127.0.0.1:$P2"
"$PROBE" "127.0.0.1:$P2" /healthz >"$E2E_TMP/other.out" 2>&1
rc=$?
check "fastcgi_allow = 10.9.9.9: the connection is closed unanswered (probe exit $rc)" \
    sh -c "[ $rc -eq 2 ] && ! grep -q '^Status:' '$E2E_TMP/other.out'"
check "fastcgi_allow = 10.9.9.9: the refusal is logged with the peer" \
    grep -q '^annexa: refused a FastCGI connection from 127.0.0.1: not in fastcgi_allow$' \
    "$E2E_TMP/other.log"
# Refusals hold no worker: more of them, then the server still runs.
for _ in 1 2 3 4 5; do "$PROBE" "127.0.0.1:$P2" /metrics >/dev/null 2>&1; done
check "six refusals, six log lines" \
    test "$(grep -c 'refused a FastCGI connection' "$E2E_TMP/other.log")" -eq 6
check "the refusing server keeps running" kill -0 "${PIDS[-1]}"
check "no request reached the handlers" \
    sh -c "! grep -Eq '^GET /(healthz|metrics) ' '$E2E_TMP/other.log'"

# A unix socket is not checked: its file mode says who may connect.
conf unix "10.9.9.9"
check "fastcgi_allow = 10.9.9.9: annexa serve listens on a unix socket" \
    serve unix "$E2E_TMP/unix.conf" "unix:$E2E_TMP/u.sock"
"$PROBE" "$E2E_TMP/u.sock" /healthz >"$E2E_TMP/unix.out" 2>&1
check "a unix socket's request is answered whatever the list" \
    grep -q '^Status: 200' "$E2E_TMP/unix.out"

# Each instance stops cleanly on SIGTERM (under the sanitizers: without a
# report).
for i in "${!PIDS[@]}"; do
	kill -TERM "${PIDS[$i]}" 2>/dev/null
	wait "${PIDS[$i]}"
	rc=$?
	check "${NAMES[$i]}: exits 0 on SIGTERM (exit $rc)" test "$rc" -eq 0
	check "${NAMES[$i]}: no sanitizer report" \
	    sh -c "! grep -q 'Sanitizer\|runtime error:' '$E2E_TMP/${NAMES[$i]}.log'"
done
PIDS=()

# A bad list stops annexa with the file, line and key.
conf bad "10.9.9.9, example.com"
"$BIN" --config "$E2E_TMP/bad.conf" serve --listen "127.0.0.1:$P2" \
    >"$E2E_TMP/bad.out" 2>&1
rc=$?
check "a host name in fastcgi_allow is refused (exit $rc)" test "$rc" -ne 0
check "the message names the file, line and key" \
    grep -q "bad.conf:[0-9]*: fastcgi_allow: " "$E2E_TMP/bad.out"

e2e_done
