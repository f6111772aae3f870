#!/usr/bin/env bash
# Faults under load, through nginx (docs/architecture.md, docs/scale-out.md):
#   a) PostgreSQL stops and starts again during a wrk run: every answer is
#      200 or 503 (503 only while it is down, with Retry-After), 200 again
#      after, no connection errors, and the same annexa process throughout;
#   b) two annexa serve instances behind one nginx upstream (the production
#      nginx/annexa.conf, fastcgi_next_upstream): one is SIGKILLed under
#      load and no request fails;
#   c) a client that trickles its request headers, or abandons an upload
#      half-way, does not hold annexa's only worker thread.
# Everything started here (a second and third annexa, an nginx, wrk) is
# stopped again, and PostgreSQL is restarted, even when a check fails.
set -u
E2E_NAME=faults
. "$(dirname "$0")/lib.sh"
e2e_require
command -v wrk >/dev/null || { echo "SKIP: wrk is not installed"; exit 77; }

SRC=${ANNEXA_SRCDIR:?}
PROBE=${ANNEXA_BUILDDIR:-.}/tests/e2e/fcgi_probe
STACK=${ANNEXA_STACK_DIR:?}
APID=$(cat "$STACK/annexa.pid")
VIEWER=$(new_token --global --role viewer --label faults)
AUTH="Authorization: Bearer $VIEWER"
D=$E2E_TMP			# everything this test writes lives here
PG_STOPPED=0
PIDS=()				# processes started here, killed on exit

# forget PID: a process that has been reaped; its number may be reused.
forget() {
	local p keep=()
	for p in "${PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	PIDS=("${keep[@]}")
}

cleanup() {
	local p
	# TERM first: an annexa serve drains and removes its socket.
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		{ kill -KILL "$p"; wait "$p"; } 2>/dev/null
	done
	if [ -f "$D/nginx/nginx.pid" ]; then
		p=$(cat "$D/nginx/nginx.pid")
		kill -QUIT "$p" 2>/dev/null
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
	fi
	if [ "$PG_STOPPED" -eq 1 ]; then
		"$SRC/scripts/stack" pg-start "$STACK" >/dev/null 2>&1
	fi
	rm -rf "$E2E_TMP"
}
trap cleanup EXIT

# A wrk script that counts answers per status and per wall-clock second
# (one table per thread, added up in done()) and prints, after the run:
#   S <epoch-second> <status> <count>   for every bucket
#   R <count>                           503 answers without Retry-After
#   E <requests> <connect> <read> <write> <status> <timeout>
cat >"$D/count.lua" <<'EOT'
local threads = {}
function setup(thread)
	table.insert(threads, thread)
end
counts = {}
no_retry = 0
function response(status, headers, body)
	local k = os.time() .. " " .. status
	counts[k] = (counts[k] or 0) + 1
	if status == 503 and headers["Retry-After"] == nil then
		no_retry = no_retry + 1
	end
end
function done(summary, latency, requests)
	local all, nr = {}, 0
	for _, t in ipairs(threads) do
		for k, v in pairs(t:get("counts")) do
			all[k] = (all[k] or 0) + v
		end
		nr = nr + t:get("no_retry")
	end
	for k, v in pairs(all) do
		io.write(string.format("S %s %d\n", k, v))
	end
	local e = summary.errors
	io.write(string.format("R %d\nE %d %d %d %d %d %d\n", nr,
	    summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
end
EOT

# wrk_errors FILE: "requests connect read write status timeout" of a run.
wrk_errors() {
	awk '$1 == "E" { print $2, $3, $4, $5, $6, $7 }' "$1"
}

# ---------------------------------------------------------------- a)
# wrk runs 14 s; PostgreSQL stops at ~2 s and starts again ~2 s later
# (a restart can take several seconds on a loaded machine: the rest of
# the run must still see it answer).
wrk -t2 -c8 -d14s --timeout 5s -s "$D/count.lua" -H "$AUTH" \
    "$U/api/v1/frameworks" >"$D/a.out" 2>&1 &
WRK=$!
PIDS+=("$WRK")
sleep 2
t_stop=$(date +%s)
PG_STOPPED=1
"$SRC/scripts/stack" pg-stop "$STACK"
sleep 2
"$SRC/scripts/stack" pg-start "$STACK" && PG_STOPPED=0
t_up=$(date +%s)
wait "$WRK"
forget "$WRK"
read -r n e_conn e_read e_write e_status e_timeout <<<"$(wrk_errors "$D/a.out")"
echo "#   a) PostgreSQL down from second $t_stop to $t_up; per second:"
awk '$1 == "S" { print "#     " $2 " " $3 " x " $4 }' "$D/a.out" | sort
check "a) PostgreSQL is running again" test "$PG_STOPPED" -eq 0
check "a) wrk completed requests (${n:-0})" test "${n:-0}" -gt 100
check "a) no connection errors (connect ${e_conn:-?} read ${e_read:-?} write ${e_write:-?} timeout ${e_timeout:-?})" \
    test "${e_conn:-1}" -eq 0 -a "${e_read:-1}" -eq 0 -a "${e_write:-1}" -eq 0 -a "${e_timeout:-1}" -eq 0
other=$(awk '$1 == "S" && $3 != 200 && $3 != 503 { s += $4 } END { print s + 0 }' "$D/a.out")
check "a) every answer is 200 or 503 ($other others)" test "$other" -eq 0
n503=$(awk '$1 == "S" && $3 == 503 { s += $4 } END { print s + 0 }' "$D/a.out")
check "a) 503s while PostgreSQL was down ($n503)" test "$n503" -gt 0
# A request in flight when pg_ctl returned may answer in the next second.
late=$(awk -v a="$t_stop" -v b="$t_up" '$1 == "S" && $3 == 503 && ($2 < a || $2 > b + 1) { s += $4 } END { print s + 0 }' "$D/a.out")
check "a) no 503 outside the outage ($late)" test "$late" -eq 0
before=$(awk -v a="$t_stop" '$1 == "S" && $3 == 200 && $2 < a { s += $4 } END { print s + 0 }' "$D/a.out")
after=$(awk -v b="$t_up" '$1 == "S" && $3 == 200 && $2 > b { s += $4 } END { print s + 0 }' "$D/a.out")
check "a) 200s before the outage ($before) and after the restart ($after)" test "$before" -gt 0 -a "$after" -gt 0
nr=$(awk '$1 == "R" { print $2 }' "$D/a.out")
check "a) every 503 carries Retry-After (${nr:-?} without)" test "${nr:-1}" -eq 0
check "a) annexa is the same process ($APID)" test "$(cat "$STACK/annexa.pid")" = "$APID" -a -d "/proc/$APID"
ok=0
for _ in 1 2 3 4 5 6 7 8; do
	req -H "$AUTH" "$U/api/v1/frameworks"
	[ "$STATUS" = 200 ] && ok=$((ok + 1))
done
check "a) every worker answers 200 after the restart ($ok of 8)" test "$ok" -eq 8

# ------------------------------------------------- b) and c): own nginx
# Instance B beside the stack's (A); instance C with one thread.
SOCK_A=$STACK/annexa.sock
SOCK_B=$D/b.sock
SOCK_C=$D/c.sock
"$BIN" --config "$ANNEXA_CONFIG" serve --listen "unix:$SOCK_B" >"$D/b.log" 2>&1 &
BPID=$!
PIDS+=("$BPID")
"$BIN" --config "$ANNEXA_CONFIG" serve --listen "unix:$SOCK_C" --threads 1 >"$D/c.log" 2>&1 &
CPID=$!
PIDS+=("$CPID")
for _ in $(seq 1 50); do [ -S "$SOCK_B" ] && [ -S "$SOCK_C" ] && break; sleep 0.1; done
check "instances B and C listen" test -S "$SOCK_B" -a -S "$SOCK_C"

# The production locations, pointed at an upstream (b) and at C alone (c).
mkdir -p "$D/nginx/tmp"
for which in pool one; do
	up=annexa_pool
	[ "$which" = one ] && up=annexa_one
	sed -e "s#fastcgi_pass unix:/run/annexa/fcgi.sock;#fastcgi_pass $up;#" \
	    -e "s#include annexa_fastcgi_params;#include $SRC/nginx/annexa_fastcgi_params;#" \
	    "$SRC/nginx/annexa.conf" >"$D/nginx/$which.conf"
done
check "the copied annexa.conf holds fastcgi_next_upstream error timeout" \
    grep -q 'fastcgi_next_upstream error timeout;' "$D/nginx/pool.conf"
check "every fastcgi_pass was rewritten" test "$(grep -c 'fastcgi_pass annexa_pool;' "$D/nginx/pool.conf")" -ge 3 \
    -a "$(grep -c 'unix:/run/annexa' "$D/nginx/pool.conf")" -eq 0
PORT_B=$("$SRC/scripts/stack" port "$D/nginx")
PORT_C=$("$SRC/scripts/stack" port "$D/nginx")
while [ "$PORT_C" = "$PORT_B" ]; do PORT_C=$("$SRC/scripts/stack" port "$D/nginx"); done
userline=""
[ "$(id -u)" -eq 0 ] && userline="user root;"
# The http-level zones annexa.conf refers to, as the local stack sets them.
zones=$(sed -n '/# rate limits: begin/,/# rate limits: end/p' "$SRC/nginx/local.conf.in")
cat >"$D/nginx/nginx.conf" <<EOT
$userline
worker_processes 1;
daemon on;
pid $D/nginx/nginx.pid;
error_log $D/nginx/error.log warn;
events {
	worker_connections 512;
}
http {
	access_log off;
	client_body_temp_path $D/nginx/tmp/body;
	fastcgi_temp_path $D/nginx/tmp/fastcgi;
	proxy_temp_path $D/nginx/tmp/proxy;
	uwsgi_temp_path $D/nginx/tmp/uwsgi;
	scgi_temp_path $D/nginx/tmp/scgi;
	default_type application/octet-stream;
	server_tokens off;
$zones
	upstream annexa_pool {
		server unix:$SOCK_A;
		server unix:$SOCK_B;
	}
	upstream annexa_one {
		server unix:$SOCK_C;
	}
	server {
		listen 127.0.0.1:$PORT_B;
		include $D/nginx/pool.conf;
	}
	server {
		listen 127.0.0.1:$PORT_C;
		include $D/nginx/one.conf;
	}
}
EOT
if nginx -e "$D/nginx/error.log" -c "$D/nginx/nginx.conf" -p "$D/nginx" 2>"$D/nginx/start.err"; then
	pass "our nginx starts"
else
	fail "our nginx starts" "$(cat "$D/nginx/start.err")"
fi
UB=http://127.0.0.1:$PORT_B
UC=http://127.0.0.1:$PORT_C
for _ in $(seq 1 50); do curl -fs -o /dev/null "$UB/healthz" && curl -fs -o /dev/null "$UC/healthz" && break; sleep 0.1; done

# ---------------------------------------------------------------- b)
# Both instances take requests (round robin), then B dies at ~2 s.
req -H "$AUTH" "$UB/api/v1/frameworks"
expect "b) the pool answers" 200 '"frameworks"'
wrk -t2 -c16 -d6s --timeout 5s -s "$D/count.lua" -H "$AUTH" \
    "$UB/api/v1/frameworks" >"$D/b.out" 2>&1 &
WRK=$!
PIDS+=("$WRK")
sleep 2
# B's own count of the requests it answered, read on its socket.
b_served=0
if [ -x "$PROBE" ]; then
	b_served=$("$PROBE" "$SOCK_B" /metrics 2>/dev/null |
	    sed -n 's/^annexa_requests_total{route="frameworks",status="2xx"} //p')
fi
{ kill -KILL "$BPID"; wait "$BPID"; } 2>/dev/null
forget "$BPID"
t_kill=$(date +%s)
wait "$WRK"
forget "$WRK"
read -r n e_conn e_read e_write e_status e_timeout <<<"$(wrk_errors "$D/b.out")"
echo "#   b) instance B killed in second $t_kill; per second:"
awk '$1 == "S" { print "#     " $2 " " $3 " x " $4 }' "$D/b.out" | sort
after=$(awk -v k="$t_kill" '$1 == "S" && $3 == 200 && $2 > k { s += $4 } END { print s + 0 }' "$D/b.out")
check "b) wrk completed requests ($n, $after after the kill)" test "${n:-0}" -gt 100 -a "$after" -gt 0
check "b) no non-2xx answer (${e_status:-?})" test "${e_status:-1}" -eq 0
check "b) no socket errors (connect ${e_conn:-?} read ${e_read:-?} write ${e_write:-?} timeout ${e_timeout:-?})" \
    test "${e_conn:-1}" -eq 0 -a "${e_read:-1}" -eq 0 -a "${e_write:-1}" -eq 0 -a "${e_timeout:-1}" -eq 0
if kill -0 "$BPID" 2>/dev/null; then fail "b) instance B is gone"; else pass "b) instance B is gone"; fi
check "b) nginx tried B and moved on (error log names b.sock)" grep -q 'b.sock' "$D/nginx/error.log"
check "b) the stack's annexa is untouched" test -d "/proc/$APID"
if [ -x "$PROBE" ]; then
	check "b) instance B had answered requests before it died (${b_served:-0})" test "${b_served:-0}" -gt 0
fi

# ---------------------------------------------------------------- c)
# A request line and headers trickled a byte every 0.2 s (5 s in all,
# below client_header_timeout): nginx holds it, C's one thread is free.
slow=$'GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n'
exec 3<>"/dev/tcp/127.0.0.1/$PORT_C"
(
	for ((i = 0; i < ${#slow}; i++)); do
		printf '%s' "${slow:i:1}" >&3
		sleep 0.15
	done
) &
TRICKLE=$!
PIDS+=("$TRICKLE")
sleep 0.5
served=0 slowest=0
while kill -0 "$TRICKLE" 2>/dev/null; do
	t=$(curl -s -o /dev/null -m 3 -w '%{http_code} %{time_total}' -H "$AUTH" "$UC/api/v1/frameworks")
	[ "${t%% *}" = 200 ] || { slowest=99; break; }
	served=$((served + 1))
	slowest=$(awk -v a="$slowest" -v b="${t#* }" 'BEGIN { print (b > a) ? b : a }')
	sleep 0.2
done
check "c) while a client trickles its headers, $served requests got 200 (slowest ${slowest} s)" \
    awk -v n="$served" -v s="$slowest" 'BEGIN { exit !(n >= 10 && s < 1) }'
wait "$TRICKLE"
forget "$TRICKLE"
resp=$(timeout 5 cat <&3)
exec 3>&-
case "$resp" in
"HTTP/1.1 200"*'"status":"ok"'*) pass "c) the trickled request is answered too" ;;
*) fail "c) the trickled request is answered too" "${resp:0:200}" ;;
esac

# An upload announcing 1000000 bytes that sends 1000 and stalls, then
# gives up: the next requests are answered at once.
W=$(new_token --global --role admin --label faults-upload)
exec 3<>"/dev/tcp/127.0.0.1/$PORT_C"
printf 'POST /api/v1/orgs/acme-cloud/reviews HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n' "$W" >&3
head -c 1000 /dev/zero | tr '\0' ' ' >&3
sleep 0.5
t=$(curl -s -o /dev/null -m 3 -w '%{http_code} %{time_total}' -H "$AUTH" "$UC/api/v1/frameworks")
check "c) during a stalled upload the next request is 200 within 1 s ($t)" \
    awk -v s="${t#* }" -v c="${t%% *}" 'BEGIN { exit !(c == 200 && s < 1) }'
exec 3>&-
sleep 0.2
t=$(curl -s -o /dev/null -m 3 -w '%{http_code} %{time_total}' -H "$AUTH" "$UC/api/v1/frameworks")
check "c) after the upload is abandoned the next request is 200 within 1 s ($t)" \
    awk -v s="${t#* }" -v c="${t%% *}" 'BEGIN { exit !(c == 200 && s < 1) }'
check "c) the one-thread instance is still up" kill -0 "$CPID"

# The shared stack is as it was.
req "$U/healthz"
expect "the stack answers healthz afterwards" 200 '"status":"ok"'

e2e_done
