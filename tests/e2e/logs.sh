#!/usr/bin/env bash
# Log injection: text a client controls -- the FastCGI request method,
# a record's text field quoted back by a database error -- never starts
# a line of annexa's log.  Every line is one event: a request line
# (METHOD PATH STATUS BYTES Nus) or a line starting "annexa: ".
set -u
E2E_NAME=logs
. "$(dirname "$0")/lib.sh"
e2e_require

PROBE=${ANNEXA_BUILDDIR:-.}/tests/e2e/fcgi_probe
LOG=${ANNEXA_STACK_DIR:?}/annexa.log

# events FILE: fails, naming it, on any line that is not one event.
events() {
	local bad
	bad=$(grep -Ev '^(annexa: .*|[^ ]+ /[^ ]* [0-9]{3} [0-9]+ [0-9]+us)$' "$1" | head -n 3)
	[ -z "$bad" ] && return 0
	echo "       not one event a line: $bad"
	return 1
}

# A second annexa serve of our own, its log in a file of its own.
SOCK=$E2E_TMP/s.sock
"$BIN" --config "$ANNEXA_CONFIG" serve --listen "unix:$SOCK" --threads 1 \
    2>"$E2E_TMP/serve.log" &
SPID=$!
for _ in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
check "annexa serve listens" test -S "$SOCK"

# Request methods with a line feed, a tab, a carriage return and an escape
# sequence: each could forge a line, shift a field or drive a terminal.
"$PROBE" "$SOCK" /healthz --method $'GET\nforged 200' >"$E2E_TMP/m1"
"$PROBE" "$SOCK" /healthz --method $'GET\tx' >"$E2E_TMP/m2"
"$PROBE" "$SOCK" /healthz --method $'GET\rforged' >"$E2E_TMP/m3"
"$PROBE" "$SOCK" /healthz --method $'G\e[2J' >"$E2E_TMP/m5"
"$PROBE" "$SOCK" /healthz >"$E2E_TMP/m4"
kill -TERM "$SPID"
wait "$SPID"
rc=$?
check "annexa serve exits 0 on SIGTERM (exit $rc)" test "$rc" -eq 0
check "no sanitizer report" sh -c "! grep -q 'Sanitizer\|runtime error:' '$E2E_TMP/serve.log'"
check "every probe got an answer" \
    sh -c "grep -q '^Status: ' '$E2E_TMP/m1' && grep -q '^Status: ' '$E2E_TMP/m2' &&
        grep -q '^Status: ' '$E2E_TMP/m3' && grep -q '^Status: ' '$E2E_TMP/m5' &&
        grep -q '^Status: 200' '$E2E_TMP/m4'"
check "no log line starts with the method's injected text" \
    sh -c "! grep -q '^forged' '$E2E_TMP/serve.log'"
check "no carriage return or escape byte in the log" \
    sh -c "! grep -q \$'[\r\e]' '$E2E_TMP/serve.log'"
check "the line feed is logged escaped, on the request's line" \
    grep -qF 'GET\nforged?200 /healthz ' "$E2E_TMP/serve.log"
check "the tab is logged escaped" grep -qF 'GET\tx /healthz ' "$E2E_TMP/serve.log"
check "a method with other control bytes is logged as ?" \
    test "$(grep -c '^? /healthz ' "$E2E_TMP/serve.log")" -eq 2
check "five requests, five request lines" \
    test "$(grep -c ' /healthz [0-9][0-9][0-9] ' "$E2E_TMP/serve.log")" -eq 5
check "the probe instance's log: one event a line" events "$E2E_TMP/serve.log"

# A record whose title holds line feeds, through nginx to the stack's
# annexa, with valid_until before collected_at.  Whatever refuses it --
# the validator (400) or the database, whose error quotes the row (500)
# -- the log gains only whole event lines.
ED=$(new_token --org acme-cloud --role editor --label logs)
start=$(wc -l <"$LOG")
req -X POST -H "Authorization: Bearer $ED" -H 'Content-Type: application/json' \
    --data '{"control":"9.2.1","kind":"privileged-access-review","title":"line one\nforged /x 200 0 1us\nDETAIL:  three","collected_at":"2026-03-01","valid_until":"2026-01-01"}' \
    "$U/api/v1/orgs/acme-cloud/evidence"
sleep 0.3
tail -n +"$((start + 1))" "$LOG" >"$E2E_TMP/stack.new"
check "the record is refused ($STATUS)" sh -c "[ '$STATUS' = 400 ] || [ '$STATUS' = 500 ]"
check "no log line starts with the record's injected text" \
    sh -c "! grep -Eq '^(forged|DETAIL)' '$E2E_TMP/stack.new'"
check "the refused POST is logged on one line" \
    test "$(grep -c '^POST /api/v1/orgs/acme-cloud/evidence ' "$E2E_TMP/stack.new")" -eq 1
check "the stack's new log lines: one event a line" events "$E2E_TMP/stack.new"
if [ "$STATUS" = 500 ]; then
	# The database's error quotes the row: escaped, on one line.
	check "the database error quotes the title escaped, on its own line" \
	    grep -qF 'annexa: database error: ' "$E2E_TMP/stack.new"
	check "the database error's DETAIL stays on the error's line" \
	    grep -qF '\nDETAIL:  Failing row contains' "$E2E_TMP/stack.new"
else
	echo "skip - the validator refused the record first ($STATUS): no database error to check"
fi

e2e_done
