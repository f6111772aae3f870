#!/usr/bin/env bash
# Scheduled generation (DESIGN 9): two `annexa schedule run` processes at
# once over 50 due schedules make exactly 50 runs and 50 files, and a
# third run makes nothing; failures are retried a bounded number of
# times; a run whose process died is taken over after its lease; the
# terminal gets a progress bar, cron one summary line.
#
# Every run is told the time (--now): the schedules start in November
# 2026 and what they owe depends on the day, not on when the test runs.
set -u
E2E_NAME=schedule
. "$(dirname "$0")/lib.sh"
e2e_require

FIX=$ANNEXA_SRCDIR/tests/fixtures/tiny
A=("$BIN" --config "$ANNEXA_CONFIG")
SQL=(psql -X -q -At "$ANNEXA_TEST_ADMIN_DB")
P="s$(date +%s%N | tail -c 7)"	# this run's organisations
OUT=$E2E_TMP/out
NOW=2026-11-28T12:00:00Z	# the monthly schedules below owe October once

"${A[@]}" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null
"${A[@]}" import mappings "$FIX/t-src-to-t-tgt.csv" >/dev/null
ok=0
for i in $(seq -w 1 10); do
	sed "s/\"id\": \"tiny\"/\"id\": \"$P-$i\"/" "$FIX/tiny-org.json" >"$E2E_TMP/o.json"
	"${A[@]}" import org "$E2E_TMP/o.json" >/dev/null || ok=1
	for k in management-review comparison soa traceability; do
		"${A[@]}" schedule add --org "$P-$i" --report "$k" --frequency monthly \
		    --start 2026-11-01 >/dev/null || ok=1
	done
	"${A[@]}" schedule add --org "$P-$i" --report gap --target t-tgt \
	    --frequency quarterly --start 2026-10-01 >/dev/null || ok=1
done
check "10 organisations with 5 schedules each are set up" test $ok -eq 0
"${A[@]}" schedule add --org "$P-01" --report soa --frequency monthly --start 2026-11-01 2>"$E2E_TMP/err"
check "the same schedule twice is refused (exit 3)" test $? -eq 3
"${A[@]}" schedule add --org nope --report soa --frequency monthly 2>/dev/null
check "a schedule for an unknown organisation is refused (exit 3)" test $? -eq 3
"${A[@]}" schedule add --org "$P-01" --report gap --frequency monthly 2>/dev/null
check "a gap schedule needs --target (exit 2)" test $? -eq 2

# The clock a run is told decides what is due: nothing before the first
# due date; a malformed time is a usage error naming --now.
"${A[@]}" schedule run --now 2026-09-15T00:00:00Z --out-dir "$OUT" >"$E2E_TMP/early" 2>&1
check "nothing is due before the schedules start (--now)" grep -q ' 0 due, 0 generated, 0 failed' "$E2E_TMP/early"
"${A[@]}" schedule run --now 2026-11-28 >/dev/null 2>"$E2E_TMP/err"
check "a malformed --now is a usage error (2)" test $? -eq 2
check "its message names --now" grep -q -- '--now' "$E2E_TMP/err"

# Two processes at once, no terminal: one summary line each.  Under
# cron's usual umask (022), which must not make reports world-readable.
(umask 022; exec "${A[@]}" schedule run --now "$NOW" --out-dir "$OUT") >"$E2E_TMP/r1" 2>&1 &
p1=$!
(umask 022; exec "${A[@]}" schedule run --now "$NOW" --out-dir "$OUT") >"$E2E_TMP/r2" 2>&1 &
p2=$!
wait $p1; rc1=$?
wait $p2; rc2=$?
check "both runs succeed" test $rc1 -eq 0 -a $rc2 -eq 0
cat "$E2E_TMP/r1" "$E2E_TMP/r2"
g1=$(sed -n 's/.* \([0-9]*\) generated.*/\1/p' "$E2E_TMP/r1")
g2=$(sed -n 's/.* \([0-9]*\) generated.*/\1/p' "$E2E_TMP/r2")
check "cron output is one summary line each" test "$(wc -l <"$E2E_TMP/r1")" -eq 1 -a "$(wc -l <"$E2E_TMP/r2")" -eq 1
runs=$("${SQL[@]}" -c "SELECT count(*), count(DISTINCT (schedule_id, period_key)), count(*) FILTER (WHERE status = 'succeeded') FROM annexa.report_run WHERE org_id LIKE '$P-%'")
check "exactly 50 runs, 50 distinct periods, all succeeded ($runs)" test "$runs" = "50|50|50"
check "the two processes generated 50 between them ($g1 + $g2)" test $((g1 + g2)) -eq 50
files=$(find "$OUT" -type f -path "*/$P-*" -name '*.pdf' | wc -l)
check "exactly 50 files ($files)" test "$files" -eq 50
check "no temporary file is left" test -z "$(find "$OUT" -name '*.tmp')"
check "files are ORG/KIND/PERIOD.pdf" test -f "$OUT/$P-03/management-review/2026-10.pdf" -a -f "$OUT/$P-03/gap-t-tgt/2026-Q3.pdf"
# 10 organisation and 50 report directories, 50 files.
modes=$(find "$OUT" -path "$OUT/$P-*" -printf '%y %m\n' | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')
check "under umask 022: directories 0750, files 0640 ($modes)" \
    test "$modes" = "60 d 750 50 f 640 "
f=$OUT/$P-07/soa/2026-10.pdf
check "a scheduled file is a signed PDF" grep -q '/ETSI.CAdES.detached' "$f"
"$BIN" --config "$ANNEXA_CONFIG" verify "$f" >/dev/null
check "annexa verify accepts it" test $? -eq 0
"${A[@]}" schedule run --now "$NOW" --out-dir "$OUT" >"$E2E_TMP/r3" 2>&1
check "a third run right after makes nothing" grep -q ' 0 due, 0 generated, 0 failed' "$E2E_TMP/r3"
runs2=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.report_run WHERE org_id LIKE '$P-%'")
check "still 50 runs" test "$runs2" = 50

# A failing report is retried on later runs, at most 3 times, then its
# period is given up and the schedule moves on.
"${A[@]}" schedule add --org "$P-01" --report gap --target no-such-fw \
    --frequency monthly --start 2026-11-01 >"$E2E_TMP/add"
sid=$(sed -n 's/^schedule \([0-9]*\):.*/\1/p' "$E2E_TMP/add")
# ... due together with a good one, which it must not stop.
"${A[@]}" schedule add --org "$P-05" --report gap --target t-tgt \
    --frequency monthly --start 2026-11-01 --audience customer >/dev/null
for n in 1 2 3; do
	"${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/f$n" 2>&1
	rc=$?
	att=$("${SQL[@]}" -c "SELECT attempts || ' ' || status FROM annexa.report_run WHERE schedule_id = $sid")
	check "failing run $n exits non-zero and is recorded ($att)" test $rc -ne 0 -a "$att" = "$n failed"
done
check "the failure names the problem" grep -q 'no such framework' "$E2E_TMP/f1"
check "the failure did not stop the other report" grep -q ' 1 generated, 1 failed' "$E2E_TMP/f1"
"${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/f4" 2>&1
check "after 3 attempts the period is given up: nothing due, exit 0" test $? -eq 0
due=$("${SQL[@]}" -c "SELECT to_char(next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM annexa.report_schedule WHERE id = $sid")
check "and the schedule moved on to the next period ($due)" test "$due" = 2026-12-01

# A run whose process died (status running, lease over) is taken over.
"${A[@]}" schedule add --org "$P-02" --report gap --target t-tgt \
    --frequency monthly --start 2026-11-01 --audience customer >"$E2E_TMP/add2"
sid=$(sed -n 's/^schedule \([0-9]*\):.*/\1/p' "$E2E_TMP/add2")
"${SQL[@]}" -c "INSERT INTO annexa.report_run (org_id, kind, schedule_id, period_key, status, trigger, attempts, lease_until) VALUES ('$P-02', 'gap', $sid, '2026-10', 'running', 'schedule', 1, now() - interval '1 minute')"
"${A[@]}" schedule run --now "$NOW" --out-dir "$OUT" >/dev/null 2>&1
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts FROM annexa.report_run WHERE schedule_id = $sid")
check "the dead run is taken over and finished ($st)" test "$st" = "succeeded 2"
check "its file is written" test -f "$OUT/$P-02/gap-t-tgt-customer/2026-10.pdf"
# A live lease is left alone.
"${A[@]}" schedule add --org "$P-03" --report gap --target t-tgt \
    --frequency monthly --start 2026-11-01 --audience customer >"$E2E_TMP/add3"
sid=$(sed -n 's/^schedule \([0-9]*\):.*/\1/p' "$E2E_TMP/add3")
"${SQL[@]}" -c "INSERT INTO annexa.report_run (org_id, kind, schedule_id, period_key, status, trigger, attempts, lease_until) VALUES ('$P-03', 'gap', $sid, '2026-10', 'running', 'schedule', 1, now() + interval '10 minutes')"
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts FROM annexa.report_run WHERE schedule_id = $sid")
check "a run under a live lease is not taken ($st)" test "$st" = "running 1"
# Its lease ends in 10 minutes: then a later run on this stack would take
# it over and upset that run's counts.
"${SQL[@]}" -c "UPDATE annexa.report_schedule SET enabled = false WHERE id = $sid"

# SIGKILL mid-way: no partial file, and the next run completes the rest
# (the killed process's claim is taken over when its lease ends).
for i in $(seq -w 1 10); do
	for k in management-review comparison soa traceability; do
		"${A[@]}" schedule add --org "$P-$i" --report "$k" --frequency weekly \
		    --start 2026-11-23 >/dev/null
	done
done
OUT2=$E2E_TMP/out2
"${A[@]}" schedule run --now "$NOW" --out-dir "$OUT2" --lease 2 >/dev/null 2>&1 &
victim=$!
sleep 0.3
kill -KILL "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
made=$(find "$OUT2" -type f 2>/dev/null | wc -l)
bad=0
for f in $(find "$OUT2" -type f 2>/dev/null); do
	"$BIN" --config "$ANNEXA_CONFIG" verify "$f" >/dev/null 2>&1 || bad=$((bad + 1))
done
check "after SIGKILL every file in --out-dir is a whole signed PDF ($made files, $bad not)" test "$bad" -eq 0
check "after SIGKILL no temporary file is left" test -z "$(find "$OUT2" -name '*.tmp' 2>/dev/null)"
done_before=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.report_run r JOIN annexa.report_schedule s ON s.id = r.schedule_id WHERE s.frequency = 'weekly' AND s.org_id LIKE '$P-%' AND r.status = 'succeeded'")
check "the killed run stopped part-way ($done_before of 40 done)" test "$done_before" -lt 40
sleep 2.5
"${A[@]}" schedule run --now "$NOW" --out-dir "$OUT2" >"$E2E_TMP/after-kill" 2>&1
check "the next run succeeds" test $? -eq 0
done_after=$("${SQL[@]}" -c "SELECT count(*) || ' ' || count(DISTINCT r.schedule_id) FROM annexa.report_run r JOIN annexa.report_schedule s ON s.id = r.schedule_id WHERE s.frequency = 'weekly' AND s.org_id LIKE '$P-%' AND r.status = 'succeeded'")
check "and completes the remaining reports: 40 runs for 40 schedules ($done_after)" test "$done_after" = "40 40"
files=$(find "$OUT2" -type f -path "*/$P-*" -name '*.pdf' | wc -l)
check "40 files, one per schedule ($files)" test "$files" -eq 40

# On a terminal: a progress bar.
"${A[@]}" schedule add --org "$P-04" --report gap --target t-tgt \
    --frequency monthly --start 2026-11-01 --audience customer >/dev/null
if command -v script >/dev/null; then
	script -qec "$BIN --config $ANNEXA_CONFIG schedule run --now $NOW" /dev/null >"$E2E_TMP/tty" 2>&1
	check "a terminal shows a progress bar" grep -q '\[##############################\] 1/1' "$E2E_TMP/tty"
else
	skip "a terminal shows a progress bar" "no script(1); scripts/deps installs bsdutils"
fi
"${A[@]}" schedule list >"$E2E_TMP/list"
check "schedule list shows the last run" grep -q "2026-10 succeeded" "$E2E_TMP/list"

# Organisation ids are directory names: "." and ".." and any id starting
# with '.' are refused, by the importer and by the schema itself.
for bad in . .. .hidden; do
	sed "s/\"id\": \"tiny\"/\"id\": \"$bad\"/" "$FIX/tiny-org.json" >"$E2E_TMP/bad.json"
	"${A[@]}" import org "$E2E_TMP/bad.json" >/dev/null 2>"$E2E_TMP/err"
	rc=$?
	check "import org refuses the id '$bad' (exit $rc, 3 wanted)" test $rc -eq 3
done
check "its error names the field" grep -q 'org.id' "$E2E_TMP/err"
"${A[@]}" schedule add --org .. --report soa --frequency monthly 2>/dev/null
check "schedule add --org .. is a usage error (2)" test $? -eq 2
st=$("${SQL[@]}" -c "INSERT INTO annexa.org (id, name, cloud_role) VALUES ('..', 'x', 'csp')" 2>&1)
case "$st" in
*ident_check*) pass "the schema refuses the organisation id '..'" ;;
*) fail "the schema refuses the organisation id '..'" "$st" ;;
esac

# Every output path stays inside --out-dir: a symbolic link in it is not
# followed, the run fails with a clear error and writes nothing outside.
"${A[@]}" schedule add --org "$P-06" --report soa --frequency weekly \
    --start 2026-11-23 --audience customer >"$E2E_TMP/add6"
sid=$(sed -n 's/^schedule \([0-9]*\):.*/\1/p' "$E2E_TMP/add6")
OUT3=$E2E_TMP/out3
mkdir -p "$OUT3" "$E2E_TMP/elsewhere"
ln -s "$E2E_TMP/elsewhere" "$OUT3/$P-06"
"${A[@]}" schedule run --now "$NOW" --out-dir "$OUT3" >/dev/null 2>"$E2E_TMP/esc"
rc=$?
check "a symbolic link in --out-dir fails the run (exit $rc)" test $rc -eq 1
check "the error says why" grep -q "refusing to write outside --out-dir" "$E2E_TMP/esc"
check "nothing is written through the link" test -z "$(ls -A "$E2E_TMP/elsewhere")"
# Left enabled, it would be retried by the next runs on this stack.
"${SQL[@]}" -c "UPDATE annexa.report_schedule SET enabled = false WHERE id = $sid"

e2e_done
