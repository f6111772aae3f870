#!/usr/bin/env bash
# The two caches of annexa serve under churn, end to end.
#
# Mapping-set cache (per worker, MAPCACHE_SETS_MAX = 64 sets): with one
# more set imported (extra-ccm, five live sets), the four shipped sets are
# re-imported round after round, each round followed by comparison
# requests in parallel (a different as_of each, so that the response cache
# answers none of them).  Every re-import gives four new set ids: a worker
# that serves most rounds passes 64 ids, and from then on every request it
# serves evicts sets while it holds others it has already been handed.
# The rounds go on until /metrics counts such evictions (then three more).
# Passes when every answer was 200, gap, comparison, mappings and a
# comparison report say what they said before the re-imports, and the
# server is the same process.  Under the ASan build (scripts/test) the
# server's log must also stay clean.
#
# Response cache (one per process, response_cache_bytes): /metrics shows
# its bytes, bound, hits and evictions; an answer asked twice is a hit.
#
# It removes extra-ccm again at the end, so later tests see the shipped
# sets only.
set -u
E2E_NAME=mapcache
. "$(dirname "$0")/lib.sh"
e2e_require

STACK=${ANNEXA_STACK_DIR:?}
APID=$(cat "$STACK/annexa.pid")
A=("$BIN" --config "$ANNEXA_CONFIG")
MAPS=$ANNEXA_SRCDIR/sql/mappings
SETS=("$MAPS"/iso27017-2015-to-*.csv)
O=$U/api/v1/orgs/acme-cloud
AS_OF=2026-11-28
ROUNDS_MIN=${MAPCACHE_ROUNDS_MIN:-20}
ROUNDS_MAX=${MAPCACHE_ROUNDS_MAX:-40}
PER_ROUND=${MAPCACHE_PER_ROUND:-8}
VIEWER=$(new_token --global --role viewer --label mapcache)
H=(-H "Authorization: Bearer $VIEWER")

cleanup() {
	psql -X -q -v ON_ERROR_STOP=1 "$ANNEXA_TEST_ADMIN_DB" \
	    -c "DELETE FROM annexa.mapping_set WHERE name = 'extra-ccm'" >/dev/null 2>&1
	rm -rf "$E2E_TMP"
}
trap cleanup EXIT

# metric NAME: its value in /metrics (empty when it is not there).
metric() {
	curl -s "$U/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}

# answers DIR: gap, comparison, mappings and the comparison report's text
# into DIR; fails when one is not a 200.
answers() {
	local d=$1 st
	mkdir -p "$d"
	for q in "gap gap?target=ccm-v4&as_of=$AS_OF" \
	    "comparison comparison?as_of=$AS_OF"; do
		st=$(curl -s -o "$d/${q%% *}" -w '%{http_code}' "${H[@]}" "$O/${q#* }")
		[ "$st" = 200 ] || return 1
	done
	st=$(curl -s -o "$d/mappings" -w '%{http_code}' "${H[@]}" \
	    "$U/api/v1/mappings?source=iso27017-2015&target=ccm-v4")
	[ "$st" = 200 ] || return 1
	st=$(curl -s -o "$d/report.pdf" -w '%{http_code}' "${H[@]}" \
	    "$O/reports/comparison.pdf?as_of=$AS_OF")
	[ "$st" = 200 ] || return 1
	if command -v pdftotext >/dev/null; then
		# Less what a re-import rightly changes: the time, the run's
		# id and the fingerprint of the data (new set ids).
		pdftotext -layout "$d/report.pdf" - |
		    grep -v -E 'Generated|Report id|Data fingerprint|\(SHA-256\)|^ *[0-9a-f]{6,}$' |
		    sed -E 's/^[0-9a-f]{16} +/ID /' >"$d/report.txt"
	fi
}

check "annexa serve runs (pid $APID)" test -r "/proc/$APID/status"
"${A[@]}" import mappings --name extra-ccm "$MAPS/iso27017-2015-to-ccm-v4.csv" >/dev/null
check "a fifth set imports (extra-ccm)" test $? -eq 0
check "answers before the re-imports" answers "$E2E_TMP/before"

# One round: the four shipped sets again, then comparisons in parallel.
day=0
bad=0
round() {
	local i
	"${A[@]}" import mappings "${SETS[@]}" >/dev/null || return 1
	for i in $(seq 1 "$PER_ROUND"); do
		day=$((day + 1))
		curl -s -o /dev/null -w '%{http_code}\n' "${H[@]}" \
		    "$O/comparison?as_of=$(date -u -d "2026-01-01 + $day days" +%F)" \
		    >>"$E2E_TMP/statuses" &
	done
	wait
}
evicted0=$(metric annexa_mapping_set_cache_evictions_total)
rounds=0 extra=-1
while [ "$rounds" -lt "$ROUNDS_MAX" ]; do
	round || bad=$((bad + 1))
	rounds=$((rounds + 1))
	kill -0 "$APID" 2>/dev/null || break
	ev=$(metric annexa_mapping_set_cache_evictions_total)
	if [ "$extra" -lt 0 ] && [ "$rounds" -ge "$ROUNDS_MIN" ] &&
	    [ "${ev:-0}" -gt "${evicted0:-0}" ]; then
		extra=3
	fi
	[ "$extra" -eq 0 ] && break
	[ "$extra" -gt 0 ] && extra=$((extra - 1))
done
ev=$(metric annexa_mapping_set_cache_evictions_total)
total=$(wc -l <"$E2E_TMP/statuses")
ok=$(grep -c '^200$' "$E2E_TMP/statuses")
echo "# $rounds rounds of 4 re-imports, $total comparisons; mapping sets evicted: ${evicted0:-?} -> ${ev:-?}"
check "every re-import succeeded ($bad failed)" test "$bad" -eq 0
check "every comparison during the rounds was a 200 ($ok of $total)" test "$ok" -eq "$total" -a "$total" -gt 0
check "a worker's mapping-set cache filled and evicted (${ev:-none} evictions)" \
    test -n "$ev" -a "${ev:-0}" -gt "${evicted0:-0}"
check "annexa serve is the same process" test -d "/proc/$APID"

if answers "$E2E_TMP/after"; then
	pass "answers after the re-imports"
	for f in gap comparison mappings; do
		check "$f answers as before" cmp -s "$E2E_TMP/before/$f" "$E2E_TMP/after/$f"
	done
	if [ -s "$E2E_TMP/before/report.txt" ]; then
		check "the comparison report says what it said before" \
		    cmp -s "$E2E_TMP/before/report.txt" "$E2E_TMP/after/report.txt"
	else
		echo "# SKIP: pdftotext is not installed; the report's text is not compared"
	fi
else
	fail "answers after the re-imports"
fi

# --- the response cache in /metrics
curl -s "${H[@]}" -o /dev/null "$O/comparison?as_of=2025-01-01"
h0=$(metric annexa_response_cache_hits_total)
curl -s "${H[@]}" -o /dev/null "$O/comparison?as_of=2025-01-01"
h1=$(metric annexa_response_cache_hits_total)
bytes=$(metric annexa_response_cache_bytes)
limit=$(metric annexa_response_cache_limit_bytes)
evictions=$(metric annexa_response_cache_evictions_total)
check "/metrics shows the response cache's bytes ($bytes) under its bound ($limit)" \
    test -n "$bytes" -a -n "$limit" -a "${bytes:-1}" -gt 0 -a "${bytes:-1}" -le "${limit:-0}"
check "/metrics counts response cache hits ($h0 -> $h1)" \
    test -n "$h0" -a -n "$h1" -a "${h1:-0}" -gt "${h0:-0}"
check "/metrics counts response cache evictions ($evictions)" test -n "$evictions"
req "$U/healthz"
expect "the stack answers healthz afterwards" 200 '"status":"ok"'

e2e_done
