#!/usr/bin/env bash
# Report runs are not grown by requests: an identical report request is
# answered from the run that holds its report (one row for 1,000 requests,
# also when they arrive together), HEAD never generates, the stored bytes
# are what generating again at the stored signing time gives, and
# `annexa prune --older-than DAYS` deletes old runs made on request while
# keeping the runs schedules own.  Ages are made by moving rows back
# relative to the database's now(), never by today's date.
set -u
E2E_NAME=reportruns
. "$(dirname "$0")/lib.sh"
e2e_require

SQL=(psql -X -q -At -v ON_ERROR_STOP=1 "${ANNEXA_TEST_ADMIN_DB:?}")
A=("$BIN" --config "$ANNEXA_CONFIG")
ORG=e2e-runs
# An organisation of this test alone, so that its rows can be counted;
# rows of an earlier run of this file are removed first.
"${SQL[@]}" -c "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('$ORG', 'E2E report runs', 'csp') ON CONFLICT DO NOTHING"
"${SQL[@]}" -c "DELETE FROM annexa.report_run WHERE org_id = '$ORG'"
"${SQL[@]}" -c "DELETE FROM annexa.report_schedule WHERE org_id = '$ORG'"
TOK=$(new_token --org "$ORG" --role viewer --label "E2E runs bot")
H=(-H "Authorization: Bearer $TOK")
O="$U/api/v1/orgs/$ORG"
getpdf() {	# getpdf ARGS...: a PDF request; sets STATUS and the headers file
	STATUS=$(curl -s -o "$E2E_TMP/pdf" -D "$E2E_TMP/head" -w '%{http_code}' "$@") || STATUS=000
}
runs() {	# runs [WHERE...]: this organisation's report runs
	"${SQL[@]}" -c "SELECT count(*) FROM annexa.report_run WHERE org_id = '$ORG' ${1:+AND $1}"
}

# 1,000 identical requests, one after the other in one curl: one row, and
# every answer the same file.
Q="$O/reports/soa.pdf?as_of=2026-10-15"
args=()
for _ in $(seq 1000); do args+=(-o /dev/null "$Q"); done
curl -s "${H[@]}" -w '%{http_code} %header{x-report-sha256}\n' "${args[@]}" >"$E2E_TMP/answers"
check "1,000 identical requests: 1,000 answers of 200" test \
    "$(grep -c '^200 [0-9a-f]\{64\}$' "$E2E_TMP/answers")" -eq 1000
check "every answer is the same file (one SHA-256)" test \
    "$(sort -u "$E2E_TMP/answers" | wc -l)" -eq 1
check "1,000 identical requests leave one report run" test "$(runs)" -eq 1
getpdf "${H[@]}" "$Q"
expect_header "a repeated request says it is the stored run" X-Report-Stored yes
sha=$(header X-Report-SHA256)
run=$(header X-Report-Run)
check "it names that run" test "$(runs "id = ${run:-0} AND sha256 = '$sha'")" -eq 1
check "the run names who asked: the token's label" test \
    "$(runs "id = ${run:-0} AND requested_by = 'E2E runs bot'")" -eq 1
curl -s "${H[@]}" "$O/report-runs?limit=1" >"$E2E_TMP/list.json"
check "  and the API's run list says so" /usr/bin/python3 -c "
import json, sys
r = json.load(open('$E2E_TMP/list.json'))['report_runs'][0]
sys.exit(0 if r['id'] == int('${run:-0}') and r['requested_by'] == 'E2E runs bot' else 1)"

# The same request from four clients at once: still one row.
Q2="$O/reports/soa.pdf?as_of=2026-10-16"
args=()
for _ in $(seq 50); do args+=(-o /dev/null "$Q2"); done
for i in 1 2 3 4; do
	curl -s "${H[@]}" -w '%{http_code} %header{x-report-sha256}\n' "${args[@]}" >"$E2E_TMP/par$i" &
done
wait
check "4 x 50 concurrent identical requests: all 200" test \
    "$(cat "$E2E_TMP"/par? | grep -c '^200 ')" -eq 200
check "and one file" test "$(cat "$E2E_TMP"/par? | sort -u | wc -l)" -eq 1
check "and one report run" test "$(runs "as_of = '2026-10-16'")" -eq 1

# Another audience is another report.
getpdf "${H[@]}" "$O/reports/soa.pdf?as_of=2026-10-15&audience=customer"
check "the customer audience is a report run of its own" test \
    "$STATUS" = 200 -a "$(runs "as_of = '2026-10-15'")" -eq 2

# HEAD never generates.
before=$(runs)
STATUS=$(curl -s -I -o "$E2E_TMP/head" -w '%{http_code}' "${H[@]}" "$O/reports/soa.pdf?as_of=2026-10-17")
check "HEAD of a report nobody asked for: 200" test "$STATUS" = 200
expect_header "  with the type a GET gives" Content-Type application/pdf
expect_header "  and says no stored run answers it" X-Report-Stored no
check "  and no ETag (the file does not exist yet)" test -z "$(header ETag)"
check "  and adds no report run" test "$(runs)" -eq "$before"
STATUS=$(curl -s -I -o "$E2E_TMP/head" -w '%{http_code}' "${H[@]}" "$Q")
check "HEAD of a stored report: 200" test "$STATUS" = 200
check "  with the stored run's ETag, SHA-256 and run" test \
    "$(header ETag)" = "\"$sha\"" -a "$(header X-Report-SHA256)" = "$sha" -a \
    "$(header X-Report-Run)" = "$run"
check "  and its length" test "$(header Content-Length)" = \
    "$("${SQL[@]}" -c "SELECT bytes FROM annexa.report_run WHERE id = ${run:-0}")"
check "  and adds no report run" test "$(runs)" -eq "$before"
STATUS=$(curl -s -I -o /dev/null -w '%{http_code}' "${H[@]}" "$O/reports/soa.pdf?as_of=2026-13-01")
check "HEAD checks the parameters as GET does (400)" test "$STATUS" = 400
STATUS=$(curl -s -I -o /dev/null -w '%{http_code}' "${H[@]}" "$O/reports/gap.pdf?target=nope&as_of=2026-10-17")
check "HEAD of an unknown target: 404" test "$STATUS" = 404
check "HEADs added no report run" test "$(runs)" -eq "$before"

# The stored file is what generating again gives at its signing time.
curl -s -o "$E2E_TMP/stored.pdf" "${H[@]}" "$Q"
"${A[@]}" verify "$E2E_TMP/stored.pdf" >"$E2E_TMP/v" 2>&1
when=$(sed -n 's/^signing time: *D:\([0-9]\{4\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)Z.*/\1-\2-\3T\4:\5:\6Z/p' "$E2E_TMP/v")
check "the stored report has a signing time ($when)" test -n "$when"
"${A[@]}" report soa --org "$ORG" --as-of 2026-10-15 --signing-time "$when" \
    --no-record -o "$E2E_TMP/again.pdf" 2>/dev/null
check "generating again at that signing time gives the stored bytes" \
    cmp -s "$E2E_TMP/stored.pdf" "$E2E_TMP/again.pdf"
check "--no-record recorded nothing" test "$(runs)" -eq "$before"

# The command line records once per request too; a pinned signing time
# is part of the request.
for i in 1 2; do
	"${A[@]}" report soa --org "$ORG" --as-of 2026-10-15 \
	    --signing-time 2026-10-20T08:00:00Z -o "$E2E_TMP/cli$i.pdf" 2>/dev/null
done
check "annexa report twice with one pinned time: one new run" test "$(runs)" -eq $((before + 1))
check "  and the same file" cmp -s "$E2E_TMP/cli1.pdf" "$E2E_TMP/cli2.pdf"
check "  which names the command line's user" test "$(runs "requested_by = 'command line ($(id -un))'")" -eq 1
check "  not the API's (another signing time)" test \
    "$(sha256sum <"$E2E_TMP/cli1.pdf" | cut -c1-64)" != "$sha"

# prune: old runs made on request go, recent ones and scheduled ones stay.
sid=$("${SQL[@]}" -c "INSERT INTO annexa.report_schedule (org_id, kind, frequency, next_due_at, enabled) VALUES ('$ORG', 'soa', 'yearly', now() + interval '1 year', false) RETURNING id")
"${SQL[@]}" -c "INSERT INTO annexa.report_run (org_id, kind, schedule_id, period_key, status, trigger, started_at, finished_at) VALUES ('$ORG', 'soa', $sid, '2025', 'succeeded', 'schedule', now() - interval '400 days', now() - interval '400 days')"
"${SQL[@]}" -c "UPDATE annexa.report_run SET started_at = now() - interval '40 days' WHERE org_id = '$ORG' AND schedule_id IS NULL AND as_of = '2026-10-15'"
old=$(runs "schedule_id IS NULL AND started_at < now() - interval '30 days'")
total=$(runs)
check "before prune: 3 old runs made on request, a scheduled one of 400 days" \
    test "$old" -eq 3 -a "$(runs "schedule_id IS NOT NULL")" -eq 1
for bad in "--older-than 0" "--older-than x" "--older-than 36501" "--older-than 30 extra" "--days 30" ""; do
	# shellcheck disable=SC2086
	"${A[@]}" prune $bad >/dev/null 2>"$E2E_TMP/err"
	rc=$?
	check "prune ${bad:-without --older-than}: usage error (2), nothing deleted" \
	    test "$rc" -eq 2 -a "$(runs)" -eq "$total"
done
check "  and the message names --older-than" grep -q -- '--older-than' "$E2E_TMP/err"
"${A[@]}" prune --older-than 30 >"$E2E_TMP/out" 2>&1
check "prune --older-than 30 succeeds" test $? -eq 0
check "  and says how many it removed" grep -q '^pruned [0-9]* report runs\? older than 30 days$' "$E2E_TMP/out"
check "  the old runs made on request are gone" test \
    "$(runs "schedule_id IS NULL AND started_at < now() - interval '30 days'")" -eq 0
check "  the recent ones stay" test "$(runs "schedule_id IS NULL")" -eq $((total - old - 1))
check "  the scheduled run stays, 400 days old" test "$(runs "schedule_id = $sid")" -eq 1
"${A[@]}" prune --older-than 30 >"$E2E_TMP/out" 2>&1
check "a second prune removes nothing from this organisation" test \
    "$(runs)" -eq $((total - old))
# A pruned report is generated again on the next request, once.
getpdf "${H[@]}" "$Q"
expect_header "the pruned request is generated again" X-Report-Stored no
getpdf "${H[@]}" "$Q"
expect_header "  and stored for the next one" X-Report-Stored yes
check "  as one run" test "$(runs "as_of = '2026-10-15' AND audience = 'internal' AND schedule_id IS NULL")" -eq 1

e2e_done
