#!/usr/bin/env bash
# Delivery of scheduled reports (docs/reports.md, "Delivery"): e-mail
# through a real SMTP server (python3-aiosmtpd, tests/e2e/smtp_sink.py)
# and signed webhooks to a real HTTPS receiver (tests/e2e/webhook_recv.py).
#
# - bad recipients are refused at `schedule add` (exit 2, the field
#   named, no row written) and at `schedule notify add`;
# - two `schedule run` processes at once deliver exactly one message per
#   recipient and run, which parses as MIME, carries the figures, the
#   portal link and the signed PDF (pdfsig) inside the organisation, and
#   a share link and no PDF outside it;
# - with the SMTP server down, a delivery waits (backoff), is retried and
#   arrives once when the server is back;
# - a relay off loopback that does not offer STARTTLS is never used in
#   clear; one that offers it gets the message encrypted; a password
#   file others may read is refused;
# - a webhook is signed (HMAC-SHA256 over "TIMESTAMP.BODY"), carries the
#   run's facts, arrives once, and its TLS certificate is verified; a
#   receiver answering 500 gets every attempt, then a failed delivery is
#   on record (schedule deliveries --failed, schedule list, and the
#   API's ?state=failed; another state value is 400 naming state);
# - libcurl is initialised only by a run that sends something, once
#   per process, and cleaned up only then (tests/e2e/curlspy.c counts
#   the calls of the real binary).
#
# Every run is told the time (--now) and retries are brought forward in
# the database: nothing depends on today's date or on waiting.
set -u
E2E_NAME=delivery
. "$(dirname "$0")/lib.sh"
e2e_require

PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	echo "SKIP: python3-aiosmtpd is missing (scripts/deps installs it)"
	exit 77
fi
FIX=$ANNEXA_SRCDIR/tests/fixtures/tiny
SQL=(psql -X -q -At "$ANNEXA_TEST_ADMIN_DB")
P="d$(date +%s%N | tail -c 7)"	# this run's organisations
NOW=2026-11-28T12:00:00Z	# monthly schedules from 2026-11-01 owe October
MAIL=$E2E_TMP/mail
HOOKS=$E2E_TMP/hooks
mkdir -p "$MAIL" "$HOOKS"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$E2E_TMP"' EXIT

# The libcurl spy: "${SPY[@]}" COMMAND runs COMMAND with curlspy.so
# preloaded (empty when it is not built: those checks are skipped).
SPYLIB=$(cd "${ANNEXA_BUILDDIR:-.}" && pwd)/tests/e2e/curlspy.so
SPY=()
if [ -f "$SPYLIB" ]; then
	pre=$SPYLIB
	# A sanitizer build wants its runtime first among the preloads.
	asan=$(ldd "$BIN" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\) .*/\1/p' | head -n 1)
	[ -n "$asan" ] && pre="$asan $pre"
	SPY=(env "LD_PRELOAD=$pre")
fi
# spied NAME FILE: how often the spied process writing FILE called NAME.
spied() { grep -c "^curlspy: $1\$" "$2"; }

free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# An address of this machine that is not loopback (empty when none).
EXT=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' | grep -v '^127\.' | head -n 1)

# A CA and a server certificate for 127.0.0.1 (and EXT) for the TLS tests.
C=$E2E_TMP/tls
mkdir -p "$C"
san="IP:127.0.0.1"
[ -n "$EXT" ] && san="$san,IP:$EXT"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca.key" -out "$C/ca.pem" \
    -days 3650 -subj "/CN=annexa delivery test CA" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout "$C/srv.key" -out "$C/srv.csr" \
    -subj "/CN=annexa delivery test server" >/dev/null 2>&1
printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" >"$C/ext"
openssl x509 -req -in "$C/srv.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" \
    -CAcreateserial -out "$C/srv.pem" -days 3650 -extfile "$C/ext" >/dev/null 2>&1
check "test certificates are made" test -s "$C/srv.pem"

# start_sink HOST PORT [ARGS...]: an SMTP server writing to $MAIL; its
# pid in SINK.
start_sink() {
	local host=$1 port=$2
	shift 2
	$PY "$ANNEXA_SRCDIR/tests/e2e/smtp_sink.py" --host "$host" --port "$port" \
	    --dir "$MAIL" "$@" >"$E2E_TMP/sink.out" 2>&1 &
	SINK=$!
	PIDS+=("$SINK")
	for _ in $(seq 1 50); do
		grep -q ready "$E2E_TMP/sink.out" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
stop_sink() { kill "$SINK" 2>/dev/null; wait "$SINK" 2>/dev/null; }

SMTP_PORT=$(free_port)
# The configuration of the stack plus e-mail: a relay on loopback.
conf_with() {	# conf_with FILE RELAY [EXTRA LINES...]
	local f=$1 relay=$2
	shift 2
	{
		cat "$ANNEXA_CONFIG"
		echo "smtp_relay = $relay"
		echo "smtp_from = annexa@reports.example"
		echo "tls_ca_file = $C/ca.pem"
		for l in "$@"; do echo "$l"; done
	} >"$f"
}
CONF=$E2E_TMP/annexa.conf
conf_with "$CONF" "127.0.0.1:$SMTP_PORT"
A=("$BIN" --config "$CONF")

"${A[@]}" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null
"${A[@]}" import mappings "$FIX/t-src-to-t-tgt.csv" >/dev/null
ok=0
for i in 1 2 3 4; do
	sed "s/\"id\": \"tiny\"/\"id\": \"$P-$i\"/" "$FIX/tiny-org.json" >"$E2E_TMP/o.json"
	"${A[@]}" import org "$E2E_TMP/o.json" >/dev/null || ok=1
	"${A[@]}" user add --org "$P-$i" --email "isms@$P-$i.example" --role viewer >/dev/null || ok=1
done
check "4 organisations, each with a person, are set up" test $ok -eq 0

# --- Bad input: refused at schedule add, naming the field, no row written.
nsched() { "${SQL[@]}" -c "SELECT (SELECT count(*) FROM annexa.report_schedule WHERE org_id LIKE '$P-%') || ' ' || (SELECT count(*) FROM annexa.schedule_notify)"; }
before=$(nsched)
for bad in "mailto:not-an-address" "mailto:a b@x.example" "http://hooks.example.com/annexa" \
    "ftp://hooks.example.com/x" "https://user@hooks.example.com/x" "https://hooks.example.com/x#frag" \
    "isms@example.com" "https://"; do
	"${A[@]}" schedule add --org "$P-1" --report soa --frequency monthly \
	    --start 2026-11-01 --notify "mailto:ok@$P.example" --notify "$bad" >/dev/null 2>"$E2E_TMP/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q -- "--notify" "$E2E_TMP/err"; then
		pass "schedule add refuses --notify '$bad' (exit 2, --notify named)"
	else
		fail "schedule add refuses --notify '$bad'" "exit $rc: $(head -c 300 "$E2E_TMP/err")"
	fi
done
"${A[@]}" schedule add --org "$P-1" --report soa --frequency monthly --attach >/dev/null 2>"$E2E_TMP/err"
check "--attach without --notify is a usage error (2)" test $? -eq 2
"${A[@]}" schedule add --org "$P-1" --report soa --frequency monthly --start 2026-11-01 \
    --notify "mailto:x@$P.example" --notify "mailto:X@$P.example" >/dev/null 2>"$E2E_TMP/err"
rc=$?
check "the same recipient twice is refused (exit $rc, 3 wanted)" test $rc -eq 3
after=$(nsched)
check "no schedule and no recipient was written by the refusals ($before / $after)" test "$before" = "$after"
"${A[@]}" schedule notify add 999999999 "mailto:x@$P.example" >/dev/null 2>&1
check "notify add to an unknown schedule: exit 3" test $? -eq 3
"${A[@]}" schedule notify add abc "mailto:x@$P.example" >/dev/null 2>&1
check "notify add with a malformed schedule id: exit 2" test $? -eq 2
"${A[@]}" schedule notify remove 999999999 >/dev/null 2>&1
check "notify remove of an unknown recipient: exit 3" test $? -eq 3
printf 'smtp_relay = mail.example.com\n' >"$E2E_TMP/bad.conf"
"$BIN" --config "$E2E_TMP/bad.conf" schedule list >/dev/null 2>"$E2E_TMP/err"
check "smtp_relay without a port is a configuration error naming it" grep -q "smtp_relay" "$E2E_TMP/err"

# --- Two runs at once: one message per recipient and run.
start_sink 127.0.0.1 "$SMTP_PORT"
check "the SMTP sink listens on 127.0.0.1:$SMTP_PORT" test $? -eq 0
ok=0
for i in 1 2 3; do
	for k in management-review soa; do
		"${A[@]}" schedule add --org "$P-$i" --report "$k" --frequency monthly \
		    --start 2026-11-01 --attach --notify "mailto:isms@$P-$i.example" \
		    --notify "mailto:partner@globex-$P.example" >/dev/null || ok=1
	done
done
check "6 schedules with 2 recipients each" test $ok -eq 0
"${SPY[@]}" "${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/r1" 2>&1 &
p1=$!
"${SPY[@]}" "${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/r2" 2>&1 &
p2=$!
wait $p1; rc1=$?
wait $p2; rc2=$?
check "both runs succeed ($rc1, $rc2)" test $rc1 -eq 0 -a $rc2 -eq 0
cat "$E2E_TMP/r1" "$E2E_TMP/r2"
n=$(ls "$MAIL"/*.eml 2>/dev/null | wc -l)
check "exactly 12 messages arrived ($n)" test "$n" -eq 12
runs=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.report_run WHERE org_id LIKE '$P-%' AND status = 'succeeded'")
dl=$("${SQL[@]}" -c "SELECT count(*) || ' ' || count(DISTINCT (d.run_id, d.notify_id)) || ' ' || count(*) FILTER (WHERE d.status = 'sent') || ' ' || max(d.attempts) FROM annexa.delivery d WHERE d.org_id LIKE '$P-%'")
check "6 runs; 12 deliveries, one per run and recipient, all sent at the first attempt ($runs; $dl)" \
    test "$runs $dl" = "6 12 12 12 1"
# Each delivery id arrives once, and the sink saw exactly the ids on record.
$PY - "$MAIL" >"$E2E_TMP/ids" <<'EOF'
import email, glob, sys
from email import policy
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(f, "rb"), policy=policy.default)
    print(m["X-Annexa-Delivery"])
EOF
"${SQL[@]}" -c "SELECT uid FROM annexa.delivery WHERE org_id LIKE '$P-%' ORDER BY 1" >"$E2E_TMP/ids.db"
sort "$E2E_TMP/ids" >"$E2E_TMP/ids.sorted"
check "every delivery id arrived exactly once" cmp -s "$E2E_TMP/ids.sorted" "$E2E_TMP/ids.db"
"${SPY[@]}" "${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/r3" 2>&1
n=$(ls "$MAIL"/*.eml | wc -l)
check "a third run sends nothing more ($n messages)" test "$n" -eq 12
check "its summary says 0 sent" grep -q ' 0 due, 0 generated, 0 failed.*deliveries: 0 sent, 0 to retry, 0 failed' "$E2E_TMP/r3"
# libcurl: started by a process that sends, once however much it sends,
# cleaned up once; never by one with nothing due to deliver.
if [ ${#SPY[@]} -gt 0 ]; then
	ok=0
	for r in r1 r2; do
		sent=$(sed -n 's/.*deliveries: \([0-9]*\) sent.*/\1/p' "$E2E_TMP/$r")
		want=0
		[ "${sent:-0}" -gt 0 ] && want=1
		got="$(spied curl_global_init "$E2E_TMP/$r") $(spied curl_global_cleanup "$E2E_TMP/$r")"
		echo "$r: ${sent:-?} sent; libcurl init and cleanup: $got"
		[ -n "$sent" ] && [ "$got" = "$want $want" ] || ok=1
	done
	check "a run that sends initialises libcurl once and cleans it up once" test $ok -eq 0
	got="$(spied curl_global_init "$E2E_TMP/r3") $(spied curl_global_cleanup "$E2E_TMP/r3")"
	check "a run with no delivery due never initialises libcurl ($got)" test "$got" = "0 0"
else
	skip "libcurl is initialised only by a run that sends" "tests/e2e/curlspy.so is not built"
fi

# The message to the person of $P-2 for the management review.
run=$("${SQL[@]}" -c "SELECT id FROM annexa.report_run WHERE org_id = '$P-2' AND kind = 'management-review'")
sha=$("${SQL[@]}" -c "SELECT sha256 FROM annexa.report_run WHERE id = $run")
uid=$("${SQL[@]}" -c "SELECT uid FROM annexa.delivery WHERE run_id = $run AND address = 'isms@$P-2.example'")
ouid=$("${SQL[@]}" -c "SELECT uid FROM annexa.delivery WHERE run_id = $run AND address = 'partner@globex-$P.example'")
$PY - "$MAIL" "$uid" "$E2E_TMP/att.pdf" >"$E2E_TMP/inside" 2>&1 <<'EOF'
import email, glob, sys
from email import policy
d, uid, out = sys.argv[1:4]
for f in glob.glob(d + "/*.eml"):
    raw = open(f, "rb").read()
    m = email.message_from_bytes(raw, policy=policy.default)
    if m["X-Annexa-Delivery"] != uid:
        continue
    print("ascii", all(b < 128 for b in raw))
    print("crlf", b"\n" not in raw.replace(b"\r\n", b""))
    print("longest", max(len(l) for l in raw.split(b"\r\n")))
    print("subject", m["Subject"])
    print("rawsubject", "=?UTF-8?B?" in raw.split(b"\r\n\r\n")[0].decode())
    print("msgid", m["Message-ID"])
    print("date", m["Date"])
    print("to", m["To"])
    print("types", " ".join(p.get_content_type() for p in m.walk()))
    print("TEXT")
    print(m.get_body(("plain",)).get_content())
    print("HTML")
    print(m.get_body(("html",)).get_content())
    for p in m.iter_attachments():
        print("attachment", p.get_content_type(), p.get_filename())
        open(out, "wb").write(p.get_content())
EOF
cat "$E2E_TMP/inside" | head -40
check "the message is 7-bit ASCII with CRLF lines" grep -q '^ascii True' "$E2E_TMP/inside"
check "  ... no line longer than 78" test "$(sed -n 's/^longest //p' "$E2E_TMP/inside")" -le 78
check "  ... and CRLF line ends only" grep -q '^crlf True' "$E2E_TMP/inside"
check "the subject is UTF-8 as an encoded word and decodes with its dash" \
    grep -q "^subject Management review 2026-10 — " "$E2E_TMP/inside"
check "  ... (encoded word in the raw header)" grep -q '^rawsubject True' "$E2E_TMP/inside"
check "Message-ID is derived from the delivery id" grep -q "^msgid <$uid@reports.example>" "$E2E_TMP/inside"
check "a Date header" grep -Eq '^date [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} ' "$E2E_TMP/inside"
check "multipart/mixed: text, HTML and the PDF" \
    grep -q '^types multipart/mixed multipart/alternative text/plain text/html application/pdf' "$E2E_TMP/inside"
check "the text names the period and the headline figures" \
    grep -q 'Open findings: [0-9]' "$E2E_TMP/inside"
check "  ... scores per target" grep -q 'Coverage of t-tgt: design' "$E2E_TMP/inside"
check "  ... overdue reviews" grep -q 'Control reviews overdue: [0-9]' "$E2E_TMP/inside"
check "  ... and links the run on the portal" grep -q "$ANNEXA_URL/orgs/$P-2/reports#run-$run" "$E2E_TMP/inside"
check "the HTML part has the figures too" grep -q '<li>Open findings: ' "$E2E_TMP/inside"
check "the attachment is named for the report" grep -q "^attachment application/pdf management-review-$P-2-2026-10.pdf" "$E2E_TMP/inside"
asha=$(sha256sum "$E2E_TMP/att.pdf" 2>/dev/null | cut -d' ' -f1)
check "the attached PDF is the run's file (SHA-256)" test "$asha" = "$sha"
if pdfsig -nssdir "$ANNEXA_NSSDIR" "$E2E_TMP/att.pdf" 2>&1 | grep -q "Signature is Valid"; then
	pass "pdfsig says the attached PDF's signature is valid"
else
	fail "pdfsig says the attached PDF's signature is valid" "$(pdfsig -nssdir "$ANNEXA_NSSDIR" "$E2E_TMP/att.pdf" 2>&1 | head -5)"
fi
# The same run, to someone outside the organisation.
$PY - "$MAIL" "$ouid" >"$E2E_TMP/outside" 2>&1 <<'EOF'
import email, glob, sys
from email import policy
d, uid = sys.argv[1:3]
for f in glob.glob(d + "/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"), policy=policy.default)
    if m["X-Annexa-Delivery"] != uid:
        continue
    print("types", " ".join(p.get_content_type() for p in m.walk()))
    print(m.get_body(("plain",)).get_content())
EOF
check "outside the organisation: no attachment" grep -q '^types multipart/alternative text/plain text/html$' "$E2E_TMP/outside"
check "  ... no internal figures" test -z "$(grep -E 'Open findings|Coverage of|/orgs/' "$E2E_TMP/outside")"
link=$(grep -o "$ANNEXA_URL/s/[0-9a-f]*" "$E2E_TMP/outside" | head -n 1)
check "  ... a share link and its expiry" grep -q 'The link works until 20' "$E2E_TMP/outside"
req -o /dev/null "$link"
check "  ... which opens the share page (200)" test "$STATUS" = 200
sh=$("${SQL[@]}" -c "SELECT l.recipient_email || ' ' || l.report FROM annexa.delivery d JOIN annexa.share_link l ON l.id = d.share_id WHERE d.uid = '$ouid'")
check "  ... the link is on record for that recipient ($sh)" test "$sh" = "partner@globex-$P.example management-review"

# --- The SMTP server is down: the delivery waits, then arrives once.
"${A[@]}" schedule add --org "$P-4" --report soa --frequency monthly \
    --start 2026-11-01 --notify "mailto:isms@$P-4.example" >/dev/null
stop_sink
"${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/down" 2>&1
rc=$?
cat "$E2E_TMP/down"
check "with the server down the run still exits 0 ($rc)" test $rc -eq 0
check "  ... and says one delivery is to retry" grep -q 'deliveries: 0 sent, 1 to retry, 0 failed' "$E2E_TMP/down"
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts || ' ' || (extract(epoch FROM next_attempt_at - now()) BETWEEN 30 AND 61) FROM annexa.delivery WHERE org_id = '$P-4'")
check "  ... pending after 1 attempt, retried in a minute ($st)" test "$st" = "pending 1 true"
start_sink 127.0.0.1 "$SMTP_PORT"
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts FROM annexa.delivery WHERE org_id = '$P-4'")
check "before its time it is not retried ($st)" test "$st" = "pending 1"
# The minute passes.
"${SQL[@]}" -c "UPDATE annexa.delivery SET next_attempt_at = now() WHERE org_id = '$P-4'"
"${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/up" 2>&1
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts FROM annexa.delivery WHERE org_id = '$P-4'")
check "when the server is back it is sent at attempt 2 ($st)" test "$st" = "sent 2"
uid4=$("${SQL[@]}" -c "SELECT uid FROM annexa.delivery WHERE org_id = '$P-4'")
n=$(grep -l "X-Annexa-Delivery: $uid4" "$MAIL"/*.eml | wc -l)
check "  ... and arrived once ($n)" test "$n" -eq 1

# A process that died between sending and recording: its delivery stays
# "sending" while its lease holds, then another run sends it again, with
# the same id (the one repeat allowed), and records it.
"${A[@]}" schedule add --org "$P-4" --report gap --target t-tgt --frequency monthly \
    --start 2026-11-01 --notify "mailto:isms@$P-4.example" >/dev/null
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
dg=$("${SQL[@]}" -c "SELECT d.id || ' ' || d.uid FROM annexa.delivery d JOIN annexa.report_run r ON r.id = d.run_id WHERE d.org_id = '$P-4' AND r.kind = 'gap'")
read -r did duid <<<"$dg"
"${SQL[@]}" -c "UPDATE annexa.delivery SET status = 'sending', sent_at = NULL, lease_until = now() + interval '10 minutes' WHERE id = $did"
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts FROM annexa.delivery WHERE id = $did")
n=$(grep -l "X-Annexa-Delivery: $duid" "$MAIL"/*.eml | wc -l)
check "a delivery under a live lease is left alone ($st, $n message)" test "$st $n" = "sending 1 1"
"${SQL[@]}" -c "UPDATE annexa.delivery SET lease_until = now() - interval '1 second' WHERE id = $did"
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
st=$("${SQL[@]}" -c "SELECT status || ' ' || attempts FROM annexa.delivery WHERE id = $did")
n=$(grep -l "X-Annexa-Delivery: $duid" "$MAIL"/*.eml | wc -l)
check "once the lease is over it is sent once more, same id, and recorded ($st, $n messages)" test "$st $n" = "sent 2 2"

# A PDF above smtp_attach_max is not attached; the message says so.
conf_with "$E2E_TMP/cap.conf" "127.0.0.1:$SMTP_PORT" "smtp_attach_max = 1K"
"$BIN" --config "$E2E_TMP/cap.conf" schedule add --org "$P-4" --report management-review \
    --frequency monthly --start 2026-11-01 --attach --notify "mailto:isms@$P-4.example" >/dev/null
"$BIN" --config "$E2E_TMP/cap.conf" schedule run --now "$NOW" >/dev/null 2>&1
ucap=$("${SQL[@]}" -c "SELECT d.uid FROM annexa.delivery d JOIN annexa.report_run r ON r.id = d.run_id WHERE d.org_id = '$P-4' AND r.kind = 'management-review'")
$PY - "$MAIL" "$ucap" >"$E2E_TMP/cap" 2>&1 <<'EOF2'
import email, glob, sys
from email import policy
for f in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"), policy=policy.default)
    if m["X-Annexa-Delivery"] == sys.argv[2]:
        print("types", " ".join(p.get_content_type() for p in m.walk()))
        print(m.get_body(("plain",)).get_content())
EOF2
check "a PDF larger than smtp_attach_max is not attached" grep -q '^types multipart/alternative text/plain text/html$' "$E2E_TMP/cap"
check "  ... and the message says to download it from the portal" grep -q 'larger than the 1024 bytes' "$E2E_TMP/cap"
stop_sink

# --- A relay off loopback must speak STARTTLS.
if [ -n "$EXT" ]; then
	EPORT=$(free_port)
	start_sink "$EXT" "$EPORT"
	conf_with "$E2E_TMP/ext.conf" "$EXT:$EPORT"
	"$BIN" --config "$E2E_TMP/ext.conf" schedule add --org "$P-4" --report comparison \
	    --frequency monthly --start 2026-11-01 --notify "mailto:isms@$P-4.example" >/dev/null
	before=$(ls "$MAIL"/*.eml | wc -l)
	"$BIN" --config "$E2E_TMP/ext.conf" schedule run --now "$NOW" >"$E2E_TMP/clear" 2>&1
	after=$(ls "$MAIL"/*.eml | wc -l)
	check "a relay on $EXT without STARTTLS gets no message ($before -> $after)" test "$before" -eq "$after"
	check "  ... and the failure says why" grep -q "does not offer STARTTLS" "$E2E_TMP/clear"
	stop_sink
	start_sink "$EXT" "$EPORT" --cert "$C/srv.pem" --key "$C/srv.key"
	"${SQL[@]}" -c "UPDATE annexa.delivery SET next_attempt_at = now() WHERE org_id = '$P-4' AND status = 'pending'"
	"$BIN" --config "$E2E_TMP/ext.conf" schedule run --now "$NOW" >"$E2E_TMP/tlsrun" 2>&1
	f=$(ls -t "$MAIL"/*.env | head -n 1)
	if [ "$(ls "$MAIL"/*.eml | wc -l)" -eq $((after + 1)) ] && grep -q '^tls yes' "$f"; then
		pass "with STARTTLS offered the message goes, encrypted"
	else
		fail "with STARTTLS offered the message goes, encrypted" "$(cat "$E2E_TMP/tlsrun") $(cat "$f")"
	fi
	stop_sink
	# A password file: only root may read it; then the relay is logged into.
	echo "annexa:s3cret-pass" >"$E2E_TMP/smtp-auth"
	chmod 0644 "$E2E_TMP/smtp-auth"
	conf_with "$E2E_TMP/auth.conf" "$EXT:$EPORT" "smtp_auth_file = $E2E_TMP/smtp-auth"
	"$BIN" --config "$E2E_TMP/auth.conf" schedule run --now "$NOW" >/dev/null 2>"$E2E_TMP/err"
	rc=$?
	check "a password file others may read is refused (exit $rc)" test $rc -eq 1
	check "  ... with a clear error" grep -q "smtp_auth_file .*readable by nobody else" "$E2E_TMP/err"
	if [ "$(id -u)" -eq 0 ]; then
		chmod 0600 "$E2E_TMP/smtp-auth"
		start_sink "$EXT" "$EPORT" --cert "$C/srv.pem" --key "$C/srv.key" --auth "annexa:s3cret-pass"
		"$BIN" --config "$E2E_TMP/auth.conf" schedule add --org "$P-4" --report traceability \
		    --frequency monthly --start 2026-11-01 --notify "mailto:isms@$P-4.example" >/dev/null
		"$BIN" --config "$E2E_TMP/auth.conf" schedule run --now "$NOW" >"$E2E_TMP/authrun" 2>&1
		f=$(ls -t "$MAIL"/*.env | head -n 1)
		if grep -q '^auth yes' "$f" && grep -q '^tls yes' "$f" && grep -q 'deliveries: 1 sent' "$E2E_TMP/authrun"; then
			pass "with a root-only password file the relay is logged into over TLS"
		else
			fail "with a root-only password file the relay is logged into over TLS" "$(cat "$E2E_TMP/authrun") $(cat "$f")"
		fi
		stop_sink
	else
		skip "with a root-only password file the relay is logged into" "needs root to own the file"
	fi
else
	skip "a relay off loopback without STARTTLS gets no message" "this machine has no address outside loopback"
fi

# --- Webhooks.
HPORT=$(free_port)
$PY "$ANNEXA_SRCDIR/tests/e2e/webhook_recv.py" --host 127.0.0.1 --port "$HPORT" --dir "$HOOKS" \
    --cert "$C/srv.pem" --key "$C/srv.key" >"$E2E_TMP/recv.out" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 50); do grep -q ready "$E2E_TMP/recv.out" 2>/dev/null && break; sleep 0.1; done
HOOK=https://127.0.0.1:$HPORT/annexa
"${A[@]}" schedule add --org "$P-3" --report gap --target t-tgt --frequency monthly \
    --start 2026-11-01 --notify "$HOOK" >"$E2E_TMP/hookadd"
secret=$(sed -n 's/.*signing secret (shown once): \([0-9a-f]*\)$/\1/p' "$E2E_TMP/hookadd")
check "adding a webhook shows its secret once (64 hex digits)" test ${#secret} -eq 64
"${A[@]}" schedule notify list >"$E2E_TMP/nl"
check "notify list shows the webhook but never its secret" test -z "$(grep "$secret" "$E2E_TMP/nl")" -a -n "$(grep -F "$HOOK" "$E2E_TMP/nl")"
"${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/h1" 2>&1
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
n=$(ls "$HOOKS"/*.req 2>/dev/null | wc -l)
check "the receiver got exactly one request over two runs ($n)" test "$n" -eq 1
hrun=$("${SQL[@]}" -c "SELECT r.id || ' ' || r.sha256 || ' ' || d.uid FROM annexa.report_run r JOIN annexa.delivery d ON d.run_id = r.id WHERE r.org_id = '$P-3' AND r.kind = 'gap'")
$PY - "$HOOKS/0001.req" "$secret" $hrun "$P-3" >"$E2E_TMP/hv" 2>&1 <<'EOF'
import hashlib, hmac, json, sys
rec = json.load(open(sys.argv[1]))
secret, run, sha, uid, org = sys.argv[2:7]
h = {k.lower(): v for k, v in rec["headers"].items()}
body = rec["body"].encode()
parts = dict(p.split("=", 1) for p in h["annexa-signature"].split(","))
want = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
print("signature", hmac.compare_digest(want, parts["v1"]))
wrong = hmac.new(b"0" * 64, parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
print("otherkey", wrong == parts["v1"])
print("delivery", h["annexa-delivery"] == uid)
print("type", h["content-type"])
doc = json.loads(body)
print("payload", doc["organisation"]["id"] == org and doc["report"] == "gap"
      and doc["target"] == "t-tgt" and doc["period"] == "2026-10"
      and doc["run_id"] == int(run) and doc["sha256"] == sha
      and doc["delivery"] == uid
      and doc["portal_url"].endswith("/orgs/%s/reports#run-%s" % (org, run)))
f = doc["figures"]
print("figures", isinstance(f["open_findings"], int) and isinstance(f["overdue_reviews"], int)
      and [s["target"] for s in f["scores"]] == ["t-tgt"])
EOF
cat "$E2E_TMP/hv"
check "the signature is HMAC-SHA256 of TIMESTAMP.BODY with the secret" grep -q '^signature True' "$E2E_TMP/hv"
check "  ... and no other key gives it" grep -q '^otherkey False' "$E2E_TMP/hv"
check "Annexa-Delivery is the delivery's id" grep -q '^delivery True' "$E2E_TMP/hv"
check "the body is JSON" grep -q '^type application/json' "$E2E_TMP/hv"
check "the payload has organisation, report, period, run id, sha256, portal URL" grep -q '^payload True' "$E2E_TMP/hv"
check "  ... and the headline figures" grep -q '^figures True' "$E2E_TMP/hv"

# TLS is verified: without the test CA the receiver is not trusted.
grep -v '^tls_ca_file' "$CONF" >"$E2E_TMP/noca.conf"
"$BIN" --config "$E2E_TMP/noca.conf" schedule add --org "$P-3" --report traceability --frequency monthly \
    --start 2026-11-01 --notify "$HOOK" >/dev/null
"$BIN" --config "$E2E_TMP/noca.conf" schedule run --now "$NOW" >"$E2E_TMP/noca" 2>&1
n=$(ls "$HOOKS"/*.req | wc -l)
check "an untrusted certificate: nothing is posted ($n requests)" test "$n" -eq 1
check "  ... and the error names the certificate" grep -qi 'certificate' "$E2E_TMP/noca"
"${SQL[@]}" -c "UPDATE annexa.delivery SET next_attempt_at = now() WHERE org_id = '$P-3' AND status = 'pending'"
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
n=$(ls "$HOOKS"/*.req | wc -l)
check "with the CA configured the retry arrives ($n requests)" test "$n" -eq 2

# A receiver answering 500: every attempt, with backoff, then failed.
echo 500 >"$HOOKS/status"
"${A[@]}" schedule add --org "$P-1" --report comparison --frequency monthly \
    --start 2026-11-01 --notify "$HOOK" >/dev/null
ok=0
for k in 1 2 3 4 5 6 7 8; do
	"${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/f$k" 2>&1
	rc[$k]=$?
	st=$("${SQL[@]}" -c "SELECT d.status || ' ' || d.attempts FROM annexa.delivery d JOIN annexa.report_run r ON r.id = d.run_id WHERE d.org_id = '$P-1' AND r.kind = 'comparison'")
	want="pending $k"
	[ $k -eq 8 ] && want="failed 8"
	[ "$st" = "$want" ] || { ok=1; echo "after attempt $k: $st (wanted $want)"; }
	if [ $k -eq 2 ]; then
		w=$("${SQL[@]}" -c "SELECT extract(epoch FROM next_attempt_at - now()) BETWEEN 100 AND 121 FROM annexa.delivery WHERE org_id = '$P-1' AND kind = 'webhook'")
		check "the wait doubles: 2 minutes after the second attempt" test "$w" = t
	fi
	"${SQL[@]}" -c "UPDATE annexa.delivery SET next_attempt_at = now() WHERE org_id = '$P-1' AND status = 'pending'"
done
check "8 attempts, each recorded, then failed" test $ok -eq 0
check "the runs of the retries exit 0, the one that gives up exits 1 (${rc[7]}, ${rc[8]})" test "${rc[7]}" -eq 0 -a "${rc[8]}" -eq 1
check "  ... and says so" grep -q 'deliveries: 0 sent, 0 to retry, 1 failed' "$E2E_TMP/f8"
n=$(grep -l '"answered": 500' "$HOOKS"/*.req | wc -l)
ids=$(cat "$HOOKS"/*.req | grep -o '"Annexa-Delivery": "[^"]*"' | sort | uniq -c | awk '$1 == 8' | wc -l)
check "the receiver saw 8 attempts ($n), all with the same delivery id" test "$n" -eq 8 -a "$ids" -eq 1
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
n=$(grep -l '"answered": 500' "$HOOKS"/*.req | wc -l)
check "a failed delivery is not tried again ($n)" test "$n" -eq 8
"${A[@]}" schedule deliveries --failed >"$E2E_TMP/failed"
check "schedule deliveries --failed lists it with its error" grep -q "answered 500" "$E2E_TMP/failed"
check "  ... and nothing that did not fail" test -z "$(grep -E ' (sent|pending) ' "$E2E_TMP/failed")"
"${A[@]}" schedule list >"$E2E_TMP/list"
check "schedule list shows the failed delivery" grep -q "$P-1 .*comparison.* 1 failed" "$E2E_TMP/list"
check "  ... and the sent ones" grep -q "$P-2 .*soa.* 2 sent" "$E2E_TMP/list"

# Removing a recipient cancels what it still waits for.
echo 500 >"$HOOKS/status"
"${A[@]}" schedule add --org "$P-2" --report comparison --frequency monthly \
    --start 2026-11-01 --notify "$HOOK" >/dev/null
"${A[@]}" schedule run --now "$NOW" >/dev/null 2>&1
nid=$("${SQL[@]}" -c "SELECT n.id FROM annexa.schedule_notify n JOIN annexa.report_schedule s ON s.id = n.schedule_id WHERE s.org_id = '$P-2' AND s.kind = 'comparison'")
"${A[@]}" schedule notify remove "$nid" >/dev/null
st=$("${SQL[@]}" -c "SELECT d.status FROM annexa.delivery d JOIN annexa.report_run r ON r.id = d.run_id WHERE d.org_id = '$P-2' AND r.kind = 'comparison'")
check "notify remove cancels the waiting delivery ($st)" test "$st" = cancelled
rm -f "$HOOKS/status"

# --- /metrics: the outbox's counts.
req "$U/metrics"
m_sent=$(sed -n 's/^annexa_deliveries_sent_total \([0-9]*\)$/\1/p' "$E2E_TMP/body")
m_fail=$(sed -n 's/^annexa_deliveries_failed_total \([0-9]*\)$/\1/p' "$E2E_TMP/body")
m_retry=$(sed -n 's/^annexa_delivery_retries_total \([0-9]*\)$/\1/p' "$E2E_TMP/body")
m_pend=$(sed -n 's/^annexa_deliveries_pending \([0-9]*\)$/\1/p' "$E2E_TMP/body")
db=$("${SQL[@]}" -c "SELECT count(*) FILTER (WHERE status = 'sent') || ' ' || count(*) FILTER (WHERE status = 'failed') || ' ' || coalesce(sum(greatest(attempts - 1, 0)), 0) || ' ' || count(*) FILTER (WHERE status IN ('pending', 'sending')) FROM annexa.delivery")
check "/metrics counts sent, failed, retries and pending as the outbox does ($m_sent $m_fail $m_retry $m_pend = $db)" \
    test "$m_sent $m_fail $m_retry $m_pend" = "$db"
mine=$("${SQL[@]}" -c "SELECT count(*) FILTER (WHERE status = 'failed') || ' ' || (sum(greatest(attempts - 1, 0)) >= 8) FROM annexa.delivery WHERE org_id LIKE '$P-%'")
check "  ... including this test's failed delivery and its retries ($mine)" test "$mine" = "1 true"

# --- The API, for admins.
ADMIN=$(new_token --org "$P-1" --role admin)
EDITOR=$(new_token --org "$P-1" --role editor)
sid=$("${SQL[@]}" -c "SELECT id FROM annexa.report_schedule WHERE org_id = '$P-1' AND kind = 'soa'")
sid2=$("${SQL[@]}" -c "SELECT id FROM annexa.report_schedule WHERE org_id = '$P-2' AND kind = 'soa'")
H=(-H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json')
req "${H[@]}" -X POST --data-binary "{\"to\": \"$HOOK?api=1\"}" "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "an admin adds a webhook through the API (201)" 201 '"kind":"webhook"' '"secret":"'
asecret=$(printf '%s' "$BODY" | sed -n 's/.*"secret":"\([0-9a-f]*\)".*/\1/p')
nid=$(printf '%s' "$BODY" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
check "  ... its secret is shown once (64 hex digits)" test ${#asecret} -eq 64
req "${H[@]}" "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "the recipients of the schedule are listed" 200 "\"address\":\"isms@$P-1.example\"" "api=1"
case "$BODY" in *"$asecret"*|*'"secret"'*) fail "  ... without any secret" "${BODY:0:300}" ;; *) pass "  ... without any secret" ;; esac
n0=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.schedule_notify")
req "${H[@]}" -X POST --data-binary '{"to": "mailto:not-an-address"}' "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "a bad address is 400 naming to" 400 '"field":"to"'
req "${H[@]}" -X POST --data-binary '{"to": "http://hooks.example.com/x"}' "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "plain http off loopback is 400 naming to" 400 '"field":"to"'
req "${H[@]}" -X POST --data-binary "{\"to\": \"$HOOK?x=2\", \"attach\": true}" "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "attach on a webhook is 400 naming attach" 400 '"field":"attach"'
req "${H[@]}" -X POST --data-binary '{"to": "mailto:a@b.example", "cc": 1}' "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "an unknown field is 400 naming it" 400 '"field":"cc"'
req "${H[@]}" -X POST --data-binary "{\"to\": \"mailto:isms@$P-1.example\"}" "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "the same recipient again is 409" 409 '"field":"to"'
req "${H[@]}" -X POST --data-binary '{"to": "mailto:a@b.example"}' "$U/api/v1/orgs/$P-1/schedules/$sid2/notify"
expect "another organisation's schedule is 404" 404 '"field":"id"'
req "${H[@]}" -X POST --data-binary '{"to": "mailto:a@b.example"}' "$U/api/v1/orgs/$P-1/schedules/x1/notify"
expect "a malformed schedule id is 404 naming id" 404 '"field":"id"'
n1=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.schedule_notify")
check "no refused request wrote a recipient ($n0 -> $n1)" test "$n0" = "$n1"
req -H "Authorization: Bearer $EDITOR" -H 'Content-Type: application/json' -X POST \
    --data-binary '{"to": "mailto:a@b.example"}' "$U/api/v1/orgs/$P-1/schedules/$sid/notify"
expect "an editor may not add a recipient (403)" 403
req "${H[@]}" "$U/api/v1/orgs/$P-1/deliveries"
expect "an admin lists the deliveries" 200 '"status":"failed"' '"attempts":8' '"status":"sent"'
# ?state=failed: the failed ones alone, as many as the outbox has.
nf=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.delivery WHERE org_id = '$P-1' AND status = 'failed'")
req "${H[@]}" "$U/api/v1/orgs/$P-1/deliveries?state=failed"
expect "?state=failed lists the failed delivery" 200 '"status":"failed"' '"attempts":8' 'answered 500'
st=$(printf '%s' "$BODY" | grep -o '"status":"[a-z]*"' | sort | uniq -c | awk '{ print $1, $2 }' | tr '\n' ' ')
check "  ... and nothing else ($st; $nf failed on record)" test "$st" = "$nf \"status\":\"failed\" "
for bad in sent pending FAILED bogus ''; do
	req "${H[@]}" "$U/api/v1/orgs/$P-1/deliveries?state=$bad"
	expect "?state=$bad is 400 naming state" 400 '"code":"invalid_parameter"' '"field":"state"'
done
req "${H[@]}" -X DELETE "$U/api/v1/orgs/$P-1/schedules/$sid/notify/$nid"
expect "an admin removes the webhook" 200 '"state":"removed"'
req "${H[@]}" -X DELETE "$U/api/v1/orgs/$P-1/schedules/$sid/notify/$nid"
expect "  ... once (then 404)" 404
au=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.audit_log WHERE org_id = '$P-1' AND action = 'schedule.notify.add'")
check "the addition is audited ($au)" test "$au" = 1

# --- The reports page lists a run's deliveries, addresses for admins only.
page_as() {	# page_as ROLE: the reports page of $P-2 in a session of ROLE
	local link sid
	link=$("${A[@]}" login-link --org "$P-2" --role "$1" --for "E2E $1 <$1@pages-$P.example>" 2>/dev/null)
	req -X POST -H "Origin: $U" "$link"
	sid=$(header Set-Cookie | sed -n "s/^__Host-annexa_session=\([^;]*\);.*/\1/p")
	req -H "Cookie: __Host-annexa_session=$sid" "$U/orgs/$P-2/reports"
}
page_as admin
expect "the reports page answers an admin" 200 "id=\"run-$run\"" '<th scope="col">Deliveries</th>'
row=$(printf '%s' "$BODY" | tr -d '\n' | grep -o "<tr data-run=\"$run\">.*" | sed 's|</tr>.*||')
if [[ "$row" == *"e-mail isms@$P-2.example: sent (1 attempt)"* && "$row" == *"e-mail partner@globex-$P.example: sent (1 attempt)"* ]]; then
	pass "  ... the run's row shows its two deliveries, sent"
else
	fail "  ... the run's row shows its two deliveries, sent" "${row:0:600}"
fi
page_as viewer
row=$(printf '%s' "$BODY" | tr -d '\n' | grep -o "<tr data-run=\"$run\">.*" | sed 's|</tr>.*||')
case "$row" in
*"@$P-2.example"*|*"globex-$P"*) fail "a viewer sees the deliveries without addresses" "${row:0:600}" ;;
*"e-mail: sent (1 attempt)"*) pass "a viewer sees the deliveries without addresses" ;;
*) fail "a viewer sees the deliveries without addresses" "${row:0:600}" ;;
esac

# --- A report due and nobody to send it to: libcurl is never started.
"${A[@]}" schedule add --org "$P-4" --report soa --frequency monthly \
    --start 2026-11-01 >/dev/null
"${SPY[@]}" "${A[@]}" schedule run --now "$NOW" >"$E2E_TMP/norcpt" 2>&1
rc=$?
nr=$("${SQL[@]}" -c "SELECT count(*) FROM annexa.report_run WHERE org_id = '$P-4' AND kind = 'soa' AND status = 'succeeded'")
if [ $rc -eq 0 ] && [ "$nr" = 1 ] && grep -q 'deliveries: 0 sent, 0 to retry, 0 failed' "$E2E_TMP/norcpt"; then
	pass "a schedule without recipients: its report is made, nothing is delivered"
else
	fail "a schedule without recipients: its report is made, nothing is delivered" "exit $rc, $nr runs: $(head -c 300 "$E2E_TMP/norcpt")"
fi
if [ ${#SPY[@]} -gt 0 ]; then
	got="$(spied curl_global_init "$E2E_TMP/norcpt") $(spied curl_global_cleanup "$E2E_TMP/norcpt")"
	check "  ... and libcurl is neither initialised nor cleaned up ($got)" test "$got" = "0 0"
else
	skip "  ... and libcurl is neither initialised nor cleaned up" "tests/e2e/curlspy.so is not built"
fi

# Leave nothing due for the next test files on this stack.
"${SQL[@]}" -c "UPDATE annexa.report_schedule SET enabled = false WHERE org_id LIKE '$P-%'"

e2e_done
