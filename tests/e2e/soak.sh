#!/usr/bin/env bash
# A bounded soak of the API mix through nginx: wrk rotates over eight
# routes (catalog, group filter, gap, comparison, readiness, reviews, a PNG
# chart, healthz) until SOAK_REQUESTS answers (100000) or SOAK_SECONDS
# (85) have passed, whichever comes first, while annexa serve's VmRSS is
# sampled every second.  Passes when every answer was 2xx, there were no
# socket errors, at least SOAK_MIN_REQUESTS (20000) were made, and the
# memory is flat: the largest sample of the last third stays within 10 %
# (or 3 MiB, whichever is larger) of the sample that ends the first third.
# Before the soak, the response cache is filled to its bound
# (response_cache_bytes) with gap answers of distinct as_of, until /metrics
# counts an eviction; its bytes are sampled with the RSS and must never
# pass the bound.  Prints the samples and the figures (requests, duration,
# req/s, RSS, cache bytes) the benchmark note quotes.
set -u
E2E_NAME=soak
. "$(dirname "$0")/lib.sh"
e2e_require
command -v wrk >/dev/null || { echo "SKIP: wrk is not installed"; exit 77; }

STACK=${ANNEXA_STACK_DIR:?}
APID=$(cat "$STACK/annexa.pid")
TARGET=${SOAK_REQUESTS:-100000}
SECONDS_MAX=${SOAK_SECONDS:-85}
MIN=${SOAK_MIN_REQUESTS:-20000}
CONNS=${SOAK_CONNECTIONS:-16}
THREADS=2
VIEWER=$(new_token --global --role viewer --label soak)
SAMPLER=""
WRK=""

cleanup() {
	local p
	for p in $WRK $SAMPLER; do
		{ kill -TERM "$p"; wait "$p"; } 2>/dev/null
	done
	rm -rf "$E2E_TMP"
}
trap cleanup EXIT

check "annexa serve runs (pid $APID)" test -r "/proc/$APID/status"

# metric NAME: its value in /metrics (empty when it is not there).
metric() {
	curl -s "$U/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}

# The response cache up to its bound: distinct gap answers, four at a
# time, until an eviction (at most SOAK_FILL_MAX requests).
FILL_MAX=${SOAK_FILL_MAX:-4000}
cache_limit=$(metric annexa_response_cache_limit_bytes)
ev0=$(metric annexa_response_cache_evictions_total)
fill=0
: >"$E2E_TMP/cache"
while [ "$fill" -lt "$FILL_MAX" ]; do
	for k in 1 2 3 4; do
		fill=$((fill + 1))
		curl -s -o /dev/null -H "Authorization: Bearer $VIEWER" \
		    "$U/api/v1/orgs/acme-cloud/gap?target=ccm-v4&as_of=$(date -u -d "2000-01-01 + $fill days" +%F)" &
	done
	wait
	metric annexa_response_cache_bytes >>"$E2E_TMP/cache"
	ev=$(metric annexa_response_cache_evictions_total)
	[ "${ev:-0}" -gt "${ev0:-0}" ] && break
done
echo "# response cache filled with $fill gap answers: $(tail -n 1 "$E2E_TMP/cache") of $cache_limit bytes, evictions ${ev0:-?} -> ${ev:-?}"

# Every route of the mix answers before the soak starts.
for p in /api/v1/frameworks "/api/v1/frameworks/ccm-v4/controls?group=IAM" \
    "/api/v1/orgs/acme-cloud/gap?target=ccm-v4" /api/v1/orgs/acme-cloud/comparison \
    /api/v1/orgs/acme-cloud/readiness "/api/v1/orgs/acme-cloud/reviews?limit=20" \
    /api/v1/orgs/acme-cloud/charts/review-results.png /healthz; do
	st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VIEWER" "$U$p")
	[ "$st" = 200 ] || fail "the mix route $p answers 200 before the soak" "status $st"
done

# Each thread stops after its share of the requests; done() prints
#   E <requests> <connect> <read> <write> <status> <timeout> <usec>
#   S <status> <count>
cat >"$E2E_TMP/soak.lua" <<EOT
local paths = {
	"/api/v1/frameworks",
	"/api/v1/frameworks/ccm-v4/controls?group=IAM",
	"/api/v1/orgs/acme-cloud/gap?target=ccm-v4",
	"/api/v1/orgs/acme-cloud/comparison",
	"/api/v1/orgs/acme-cloud/readiness",
	"/api/v1/orgs/acme-cloud/reviews?limit=20",
	"/api/v1/orgs/acme-cloud/charts/review-results.png",
	"/healthz",
}
local share = math.ceil($TARGET / $THREADS)
local threads = {}
function setup(thread)
	thread:set("tid", #threads)
	table.insert(threads, thread)
end
local i = 0
function request()
	i = i + 1
	return wrk.format("GET", paths[((i + (tid or 0)) % #paths) + 1])
end
statuses = {}
local n = 0
function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
	n = n + 1
	if n == share then
		-- wrk sleeps out its -d even when every thread has stopped;
		-- the script interrupts it (SIGINT) once both have said so.
		local f = io.open("$E2E_TMP/done." .. (tid or 0), "w")
		if f then f:close() end
		wrk.thread:stop()
	end
end
function done(summary, latency, requests)
	local all = {}
	for _, t in ipairs(threads) do
		for k, v in pairs(t:get("statuses")) do
			all[k] = (all[k] or 0) + v
		end
	end
	local e = summary.errors
	io.write(string.format("E %d %d %d %d %d %d %d\n", summary.requests,
	    e.connect, e.read, e.write, e.status, e.timeout, summary.duration))
	for k, v in pairs(all) do
		io.write(string.format("S %d %d\n", k, v))
	end
	io.write(string.format("L %.1f %.1f %.1f\n", latency:percentile(50) / 1000,
	    latency:percentile(99) / 1000, latency.max / 1000))
end
EOT

# VmRSS in KiB, once a second, until killed.
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$APID/status" 2>/dev/null; }
rss0=$(rss)
(
	while :; do
		r=$(rss)
		[ -n "$r" ] && echo "$r"
		metric annexa_response_cache_bytes >>"$E2E_TMP/cache"
		sleep 1
	done
) >"$E2E_TMP/rss" &
SAMPLER=$!
wrk -t$THREADS -c"$CONNS" -d"${SECONDS_MAX}s" --timeout 10s -s "$E2E_TMP/soak.lua" \
    -H "Authorization: Bearer $VIEWER" "$U" >"$E2E_TMP/wrk.out" 2>&1 &
WRK=$!
# SIGINT ends wrk's sleep: it then prints its summary as usual.
while kill -0 "$WRK" 2>/dev/null; do
	if [ "$(ls "$E2E_TMP"/done.* 2>/dev/null | wc -l)" -ge "$THREADS" ]; then
		kill -INT "$WRK"
		break
	fi
	sleep 0.1
done
wait "$WRK"
WRK=""
{ kill -TERM "$SAMPLER"; wait "$SAMPLER"; } 2>/dev/null
SAMPLER=""

read -r n e_conn e_read e_write e_status e_timeout usec <<<"$(awk '$1 == "E" { print $2, $3, $4, $5, $6, $7, $8 }' "$E2E_TMP/wrk.out")"
read -r p50 p99 pmax <<<"$(awk '$1 == "L" { print $2, $3, $4 }' "$E2E_TMP/wrk.out")"
n=${n:-0}
secs=$(awk -v u="${usec:-0}" 'BEGIN { printf "%.1f", u / 1e6 }')
rate=$(awk -v n="$n" -v u="${usec:-0}" 'BEGIN { printf "%.0f", (u > 0) ? n / (u / 1e6) : 0 }')

mapfile -t S <"$E2E_TMP/rss"
ns=${#S[@]}
echo "# RSS samples (KiB, one a second): ${S[*]}"
if [ "$ns" -ge 6 ]; then
	third=$((ns / 3))
	first=${S[$((third - 1))]}
	last=${S[$((ns - 1))]}
	max=$(printf '%s\n' "${S[@]}" | sort -n | tail -n 1)
	late=$(printf '%s\n' "${S[@]:$((ns - third))}" | sort -n | tail -n 1)
	allow=$(awk -v f="$first" 'BEGIN { a = f / 10; printf "%d", (a > 3072) ? a : 3072 }')
else
	first=0 last=0 max=0 late=0 allow=0
fi
echo "# soak: $n requests in $secs s = $rate req/s over 8 routes, $CONNS connections;" \
    "latency p50 ${p50:-?} ms, p99 ${p99:-?} ms, max ${pmax:-?} ms"
awk '$1 == "S" { print "#   status " $2 ": " $3 }' "$E2E_TMP/wrk.out"
echo "# annexa VmRSS: before $rss0 KiB, end of first third $first KiB, max of last third $late KiB," \
    "last $last KiB, max $max KiB (allowed growth $allow KiB)"
cache_max=$(sort -n "$E2E_TMP/cache" | tail -n 1)
cache_n=$(wc -l <"$E2E_TMP/cache")
echo "# response cache: max ${cache_max:-?} bytes of $cache_limit over $cache_n samples;" \
    "hits $(metric annexa_response_cache_hits_total), evictions $(metric annexa_response_cache_evictions_total)"
if [ "$n" -lt "$TARGET" ]; then
	echo "# NOTE: $TARGET requests did not fit in $SECONDS_MAX s on this machine; the soak made $n"
fi

check "at least $MIN requests ($n of $TARGET)" test "$n" -ge "$MIN"
check "every answer was 2xx (${e_status:-?} were not)" test "${e_status:-1}" -eq 0
check "no socket errors (connect ${e_conn:-?} read ${e_read:-?} write ${e_write:-?} timeout ${e_timeout:-?})" \
    test "${e_conn:-1}" -eq 0 -a "${e_read:-1}" -eq 0 -a "${e_write:-1}" -eq 0 -a "${e_timeout:-1}" -eq 0
check "RSS sampled throughout ($ns samples)" test "$ns" -ge 6
check "RSS is flat: last third max $late KiB <= $first + $allow KiB" test "$late" -le $((first + allow)) -a "$first" -gt 0
check "the response cache reached its bound before the soak (evictions ${ev0:-?} -> ${ev:-?})" \
    test -n "$ev" -a "${ev:-0}" -gt "${ev0:-0}"
check "the response cache's bytes never passed its bound (max ${cache_max:-?} of ${cache_limit:-?})" \
    test -n "$cache_limit" -a "$cache_n" -ge 6 -a "${cache_max:-1}" -le "${cache_limit:-0}"
check "annexa is the same process" test -d "/proc/$APID"
req "$U/healthz"
expect "the stack answers healthz afterwards" 200 '"status":"ok"'

e2e_done
