#!/usr/bin/env bash
# The production rate limits of nginx/annexa.conf: an nginx of this test's
# own, with the limit_req_zone lines of nginx/production.conf, in front of
# the stack's annexa (the stack's nginx has generous limits so that the
# soak and the benchmarks never meet them).  A burst against a computed
# route (gap, a chart) is cut with 429 in annexa's JSON error shape, while
# the same route at an ordinary pace and the other routes keep answering.
set -u
E2E_NAME=ratelimit
. "$(dirname "$0")/lib.sh"
e2e_require

SRC=${ANNEXA_SRCDIR:?}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
	echo "SKIP: nginx is not installed (scripts/deps installs it)"
	exit 77
fi
SOCK=$(sed -n 's/^listen *= *unix:\(.*\)$/\1/p' "$ANNEXA_CONFIG")
[ -S "$SOCK" ] || { echo "FAIL - the stack's annexa socket ($SOCK) is missing"; exit 1; }
PORT=$("$SRC/scripts/stack" port "$E2E_TMP/port")
N=$E2E_TMP/nginx
mkdir -p "$N/tmp"
sed -e "s#unix:/run/annexa/fcgi.sock#unix:$SOCK#" \
    -e "s#include annexa_fastcgi_params;#include $SRC/nginx/annexa_fastcgi_params;#" \
    "$SRC/nginx/annexa.conf" >"$N/annexa.conf"
{
	[ "$(id -u)" -eq 0 ] && echo "user root;"
	cat <<EOT
worker_processes 1;
daemon on;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $N/tmp;
	fastcgi_temp_path $N/tmp;
	proxy_temp_path $N/tmp;
	uwsgi_temp_path $N/tmp;
	scgi_temp_path $N/tmp;
$(grep '^limit_req_zone ' "$SRC/nginx/production.conf")
	server {
		listen 127.0.0.1:$PORT;
		include $N/annexa.conf;
	}
}
EOT
} >"$N/nginx.conf"
if ! "$NGINX" -e "$N/error.log" -c "$N/nginx.conf" -p "$N" 2>"$N/start.err"; then
	fail "nginx with the production rates starts" "$(cat "$N/start.err")"
	e2e_done
	exit 1
fi
trap '"$NGINX" -e "$N/error.log" -c "$N/nginx.conf" -p "$N" -s stop 2>/dev/null; rm -rf "$E2E_TMP"' EXIT
for _ in $(seq 1 50); do
	curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
	sleep 0.1
done
P=http://127.0.0.1:$PORT
TOK=$(new_token --org acme-cloud --role viewer --label ratelimit)
AUTH="Authorization: Bearer $TOK"

# burst NAME URL COUNT: COUNT requests at once (curl --parallel, as a
# client with many connections would), URL with "&as_of=" and a different
# date each time (nothing cached).  NAME.codes: the status codes, one a
# line; NAME.N.body and NAME.N.head: each answer.
burst() {
	local name=$1 url=$2 n=$3 args=() i
	for i in $(seq 1 "$n"); do
		args+=(-o "$E2E_TMP/$name.$i.body" -D "$E2E_TMP/$name.$i.head"
		    "$url&as_of=$(date -u -d "2025-01-01 + $i days" +%F)")
	done
	curl -s -Z --parallel-max 40 -H "$AUTH" -w '%{http_code}\n' "${args[@]}" \
	    >"$E2E_TMP/$name.codes" 2>/dev/null
}

# count CODE FILE: how many lines of FILE are CODE.
count() { grep -c "^$1\$" "$2"; }

# A burst of 40 gap answers.  production.conf: 4 a second, burst 12.
burst gap "$P/api/v1/orgs/acme-cloud/gap?target=ccm-v4" 40
ok=$(count 200 "$E2E_TMP/gap.codes")
limited=$(count 429 "$E2E_TMP/gap.codes")
check "gap burst: the first requests are answered ($ok of 40)" test "$ok" -ge 10
check "gap burst: the rest is cut with 429 ($limited of 40)" test "$limited" -ge 10
check "gap burst: nothing but 200 and 429" test $((ok + limited)) -eq 40

# One of the 429s as the client saw it.
one=$(grep -l '^HTTP/1.1 429' "$E2E_TMP"/gap.*.head | head -n 1)
one=${one%.head}
cp "${one:-/dev/null}.head" "$E2E_TMP/head" 2>/dev/null || : >"$E2E_TMP/head"
STATUS=429
BODY=$(cat "$one.body" 2>/dev/null)
expect "a limited request gets annexa's JSON error" 429 \
    '{"error":{"status":429,"code":"too_many_requests","message":"'
expect_header "a limited request says when to retry" Retry-After 1
expect_header "a limited request is JSON" Content-Type application/json
check "the 429 body parses as JSON" /usr/bin/python3 -m json.tool "$one.body" /dev/null
# Routes that compute nothing expensive are not limited.
req -H "$AUTH" "$P/api/v1/frameworks"
expect "frameworks is not limited while gap is" 200 '"frameworks"'

# Charts share the limit: a burst of large PNGs is cut too.
sleep 4
burst chart "$P/api/v1/orgs/acme-cloud/charts/coverage.png?width=2000&height=1500" 30
check "chart burst: answered first ($(count 200 "$E2E_TMP/chart.codes") of 30)" \
    test "$(count 200 "$E2E_TMP/chart.codes")" -ge 10
check "chart burst: cut with 429 ($(count 429 "$E2E_TMP/chart.codes") of 30)" \
    test "$(count 429 "$E2E_TMP/chart.codes")" -ge 5

# An ordinary pace -- two a second, for five seconds -- always passes.
sleep 4
: >"$E2E_TMP/paced.codes"
for i in $(seq 1 10); do
	curl -s -H "$AUTH" -o /dev/null -w '%{http_code}\n' \
	    "$P/api/v1/orgs/acme-cloud/gap?target=iso27001-2022&as_of=2026-03-$(printf %02d "$i")" \
	    >>"$E2E_TMP/paced.codes"
	sleep 0.5
done
check "gap at two a second: all 10 answered ($(count 200 "$E2E_TMP/paced.codes"))" \
    test "$(count 200 "$E2E_TMP/paced.codes")" -eq 10

e2e_done
