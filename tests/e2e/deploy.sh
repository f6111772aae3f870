#!/usr/bin/env bash
# tests/e2e/deploy.sh — docs/deployment.md, followed as a
# new operator would on a fresh machine, with systemd, PostgreSQL and nginx
# for real.
#
# The machine: a systemd-nspawn container that boots systemd as its PID 1
# from an overlay of this machine's root — the same Debian packages, but no
# annexa user, configuration, units or database — with its own process
# tree, /run and network (loopback only).  The operator's inputs the page
# asks for: a checkout (the files git knows in this tree), signer.key,
# signer.pem and chain.pem (scripts/mkcerts), and a TLS certificate for
# annexa.example.com where nginx/production.conf's placeholders point.  The
# marked block is cut out of docs/deployment.md and run as written (bash -e), then
# the instance is checked the way an operator would: over HTTPS through
# nginx, the service's user and sandbox, a signed report, the scheduled
# reports timer, a clean stop and a new start by the socket.
#
# ANNEXA_DEPLOY_BASE=DIR boots a root file system of your own instead of
# this machine's; ANNEXA_DEPLOY_BASE=debootstrap makes one: a bare Debian 12
# (debootstrap --variant=minbase, plus systemd), kept in .run/deploy-base.
# On such a base the block's scripts/deps installs every package itself,
# so the container shares this machine's network to reach Debian's mirror;
# when debootstrap fails or ports 80, 443 or 5432 are taken here, the test
# says so and boots this machine's root instead.  scripts/test uses
# debootstrap.
# ANNEXA_DEPLOY_KEEP=1 leaves the container running at the end.
# Needs root, overlayfs and systemd-nspawn (scripts/deps installs the
# package systemd-container) and a machine that can boot systemd in a
# container; skips without them.  About four minutes:
# annexa is built inside the container.  Logs stay in .run/deploy.
set -u
E2E_NAME=deploy
. "$(dirname "$0")/lib.sh"

SRC=${ANNEXA_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
W=${ANNEXA_DEPLOY_DIR:-$SRC/.run/deploy}
HOST=annexa.example.com
ROOTFS=$W/root
BASE=${ANNEXA_DEPLOY_BASE:-/}
MARK='<!-- deployment: tests/e2e/deploy.sh runs this block as written -->'

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a container)"; exit 77; }
command -v systemd-nspawn >/dev/null ||
    { echo "SKIP: systemd-nspawn missing (scripts/deps installs systemd-container)"; exit 77; }
git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1 ||
    { echo "SKIP: $SRC is not a git checkout (docs/deployment.md starts from one)"; exit 77; }

NSPAWN_PID="" LEADER=""
teardown() {
	if [ -n "${ANNEXA_DEPLOY_KEEP:-}" ] && [ -n "$LEADER" ]; then
		echo "kept: the container runs; enter it with nsenter -t $LEADER -a bash"
		echo "      (then kill $NSPAWN_PID and umount $ROOTFS)"
		return
	fi
	if [ -n "$LEADER" ] && kill -0 "$LEADER" 2>/dev/null; then
		kill -s SIGRTMIN+4 "$LEADER" 2>/dev/null	# systemd: power off
	fi
	if [ -n "$NSPAWN_PID" ]; then
		for _ in $(seq 60); do
			kill -0 "$NSPAWN_PID" 2>/dev/null || break
			sleep 0.5
		done
		kill -9 "$NSPAWN_PID" 2>/dev/null
		wait "$NSPAWN_PID" 2>/dev/null
	fi
	mountpoint -q "$ROOTFS" && umount -l "$ROOTFS"
	rm -rf "$W/upper" "$W/work"
	rm -rf "$E2E_TMP"
}
trap teardown EXIT

# give_up: the rest cannot run; the summary so far, and failure.
give_up() {
	e2e_done
	exit 1
}

# in_ct CMD...: runs CMD in the container as root with a login's bare
# environment (not this shell's PATH or variables).
in_ct() {
	nsenter -t "$LEADER" -a env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
	    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# --- the fresh machine ----------------------------------------------------
if [ "$BASE" = debootstrap ]; then
	BASE=$SRC/.run/deploy-base
	if [ ! -e "$BASE/.annexa-base-complete" ]; then
		rm -rf "$BASE"
		echo "debootstrap: a bare Debian 12 in $BASE"
		if command -v debootstrap >/dev/null &&
		    timeout 900 debootstrap --variant=minbase \
		    --include=systemd,systemd-sysv,dbus,ca-certificates \
		    bookworm "$BASE" http://deb.debian.org/debian \
		    >"$SRC/.run/deploy-base.log" 2>&1; then
			touch "$BASE/.annexa-base-complete"
		else
			echo "debootstrap failed (see .run/deploy-base.log): booting this machine's root instead"
			BASE=/
		fi
	fi
fi
if [ "$BASE" != / ] && ss -ltnH 2>/dev/null | awk '{ print $4 }' |
    grep -Eq ':(80|443|5432)$'; then
	echo "ports 80, 443 or 5432 are in use here: booting this machine's root instead"
	BASE=/
fi
# This machine's root has every package: no network.  Another base needs
# Debian's mirror for scripts/deps.
NET=--private-network
[ "$BASE" = / ] || NET=""
echo "base: $BASE"
umount -l "$ROOTFS" 2>/dev/null
rm -rf "$W"
mkdir -p "$W/upper" "$W/work" "$ROOTFS"
if ! mount -t overlay overlay \
    -o "lowerdir=$BASE,upperdir=$W/upper,workdir=$W/work" "$ROOTFS"; then
	echo "SKIP: cannot mount an overlay of $BASE (overlayfs)"
	exit 77
fi
# Nothing of annexa's from this machine (a developer's box may have some).
rm -rf "$ROOTFS"/usr/local/bin/annexa "$ROOTFS"/usr/local/share/annexa \
    "$ROOTFS"/etc/annexa "$ROOTFS"/etc/systemd/system/annexa* \
    "$ROOTFS"/etc/nginx/conf.d/annexa.conf "$ROOTFS"/etc/nginx/annexa-locations.conf \
    "$ROOTFS"/etc/nginx/annexa_fastcgi_params "$ROOTFS"/var/lib/annexa \
    "$ROOTFS"/etc/ssl/annexa "$ROOTFS"/root/annexa
chroot "$ROOTFS" userdel annexa >/dev/null 2>&1
systemd-id128 new >"$ROOTFS/etc/machine-id"

# The operator's inputs: a checkout, the signing files, a TLS certificate.
mkdir -p "$ROOTFS/root/annexa"
(cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
    tar --null -T - -cf -) | tar -xf - -C "$ROOTFS/root/annexa"
"$SRC/scripts/mkcerts" "$W/certs" "annexa deploy test" >"$W/mkcerts.log" 2>&1 ||
    { fail "scripts/mkcerts" "$(tail -n 5 "$W/mkcerts.log")"; give_up; }
install -m 0600 "$W/certs/signer.key" "$ROOTFS/root/annexa/"
install -m 0644 "$W/certs/signer.pem" "$W/certs/chain.pem" "$ROOTFS/root/annexa/"
cp -r "$W/certs/nss" "$ROOTFS/root/nss"
mkdir -p "$ROOTFS/etc/ssl/annexa"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=$HOST" -addext "subjectAltName=DNS:$HOST" -days 2 \
    -keyout "$ROOTFS/etc/ssl/annexa/privkey.pem" \
    -out "$ROOTFS/etc/ssl/annexa/fullchain.pem" 2>/dev/null
chmod 0600 "$ROOTFS/etc/ssl/annexa/privkey.pem"

# The block of docs/deployment.md, as written.
awk -v mark="$MARK" '$0 == mark { m = 1; next }
    m && /^```sh$/ { b = 1; next } b && /^```$/ { exit } b { print }' \
    "$SRC/docs/deployment.md" >"$ROOTFS/root/readme-deployment.sh"
check "docs/deployment.md has the marked deployment block" \
    grep -q 'make install' "$ROOTFS/root/readme-deployment.sh"

# --- boot -----------------------------------------------------------------
systemd-nspawn -q -D "$ROOTFS" --boot --register=no --keep-unit \
    --link-journal=no -M "annexa-deploy" $NET --console=pipe \
    </dev/null >"$W/boot.log" 2>&1 &
NSPAWN_PID=$!
for _ in $(seq 120); do
	LEADER=$(pgrep -P "$NSPAWN_PID" -x systemd | head -n 1)
	[ -n "$LEADER" ] && break
	sleep 0.5
done
# A machine that cannot boot systemd in a container says nothing about
# annexa: that is a skip, not a failure.
if [ -z "$LEADER" ]; then
	echo "SKIP: this machine cannot boot a systemd container:"
	tail -n 20 "$W/boot.log"
	exit 77
fi
state=$(timeout 180 nsenter -t "$LEADER" -a systemctl is-system-running --wait 2>&1)
case "$state" in
running|degraded) pass "the container boots systemd ($state)" ;;
*)
	echo "SKIP: the container's systemd did not finish booting (state '$state')"
	exit 77 ;;
esac
in_ct systemctl --failed --no-legend >"$W/failed-at-boot.txt" 2>&1

# --- docs/deployment.md, step by step ---------------------------------------------
start=$(date +%s)
in_ct bash -c 'cd /root/annexa && timeout 1200 bash -e -o pipefail -x /root/readme-deployment.sh' \
    >"$W/readme.out" 2>"$W/readme.err"
rc=$?
if [ $rc -eq 0 ]; then
	pass "the deployment block runs to the end ($(( $(date +%s) - start )) s)"
else
	fail "the deployment block runs to the end" \
	    "exit $rc; last lines: $(tail -n 15 "$W/readme.err")"
	give_up
fi
TOKEN=$(grep -oE '^ax_[A-Za-z0-9_-]+$' "$W/readme.out" | tail -n 1)
check "annexa token create printed the first token" test -n "$TOKEN"

# --- what the operator gets -------------------------------------------------
check "annexa.socket and annexa-schedule.timer are active" \
    in_ct systemctl is-active --quiet annexa.socket annexa-schedule.timer

# https PATH [CURL ARGS...]: a GET through nginx in the container, the
# server certificate verified, the body into the container's file $OUT
# (default /root/body); sets STATUS and BODY.
https() {
	local path=$1 out=${OUT:-/root/body}
	shift
	STATUS=$(in_ct curl -sS -o "$out" -w '%{http_code}' \
	    --cacert /etc/ssl/annexa/fullchain.pem --resolve "$HOST:443:127.0.0.1" \
	    "$@" "https://$HOST$path" 2>"$E2E_TMP/curl.err") || STATUS=000
	BODY=$(head -c 4000 "$ROOTFS$out" 2>/dev/null | tr -d '\0')
}

https /healthz
expect "HTTPS /healthz through nginx starts annexa by its socket" 200 '"status":"ok"'
STATUS=$(in_ct curl -s -o /dev/null -w '%{http_code}' --resolve "$HOST:80:127.0.0.1" \
    "http://$HOST/healthz")
check "plain HTTP is redirected to HTTPS" test "$STATUS" = 301
https /api/v1/frameworks -H "Authorization: Bearer $TOKEN"
expect "the first token lists the five catalogs" 200 iso27017-2015 iso27001-2022 \
    iso27018-2019 ccm-v4 soc2-2017
https /api/v1/frameworks
expect "no token, no answer" 401

MAIN=$(in_ct systemctl show -p MainPID --value annexa.service)
check "annexa.service runs" test "${MAIN:-0}" -gt 0
check "annexa serve runs as the user annexa" \
    test "$(in_ct ps -o user= -p "${MAIN:-0}" | tr -d ' ')" = annexa
check "with no_new_privs set" \
    in_ct grep -Eq '^NoNewPrivs:[[:space:]]+1$' "/proc/${MAIN:-0}/status"
check "and no capabilities left" \
    in_ct grep -Eq '^CapEff:[[:space:]]+0+$' "/proc/${MAIN:-0}/status"
if in_ct nsenter -t "${MAIN:-0}" -m test -w /usr/local/bin; then
	fail "the service sees /usr read-only (ProtectSystem=strict)"
else
	pass "the service sees /usr read-only (ProtectSystem=strict)"
fi
check "the service log says it dropped to annexa" \
    sh -c "nsenter -t $LEADER -a journalctl -q -u annexa.service | grep -q 'running as annexa'"

# A signed report, as the service makes it, verifiable by anyone.
in_ct annexa import org /usr/local/share/annexa/sql/demo/acme-cloud.json \
    >"$W/import.log" 2>&1
check "annexa import org loads the demo organisation" test $? -eq 0
OUT=/root/mr.pdf https "/api/v1/orgs/acme-cloud/reports/management-review.pdf?period=2026-Q3&as_of=2026-11-28" \
    -H "Authorization: Bearer $TOKEN"
check "HTTPS management-review.pdf answers 200" test "$STATUS" = 200
in_ct pdfsig -nssdir sql:/root/nss /root/mr.pdf >"$W/pdfsig-mr.txt" 2>&1
check "pdfsig: the report's signature is valid and covers it" \
    sh -c "grep -q 'Signature is Valid.' '$W/pdfsig-mr.txt' &&
        grep -q 'Total document signed' '$W/pdfsig-mr.txt'"
https /metrics
expect "/metrics answers on loopback" 200 annexa_requests_total

# The scheduled reports: one pass of the timer's service.
# Due since the start of this month: it owes last month's report.
in_ct annexa schedule add --org acme-cloud --report management-review \
    --frequency monthly --start "$(date -u +%Y-%m-01)" >"$W/schedule-add.log" 2>&1
check "annexa schedule add" test $? -eq 0
in_ct systemctl start annexa-schedule.service >"$W/schedule-run.log" 2>&1
check "annexa-schedule.service runs and succeeds" \
    test "$(in_ct systemctl show -p Result --value annexa-schedule.service)" = success
PDF=$(in_ct find /var/lib/annexa/reports -name '*.pdf' | head -n 1)
check "it wrote a report under /var/lib/annexa/reports" test -n "$PDF"
check "owned by annexa" test "$(in_ct stat -c %U "${PDF:-/nonexistent}")" = annexa
in_ct pdfsig -nssdir sql:/root/nss "${PDF:-/nonexistent}" >"$W/pdfsig-sched.txt" 2>&1
check "pdfsig: the scheduled report's signature is valid" \
    grep -q 'Signature is Valid.' "$W/pdfsig-sched.txt"

# A clean stop, and the socket starts the service again.
in_ct systemctl stop annexa.service
check "systemctl stop: annexa.service stops cleanly" \
    test "$(in_ct systemctl show -p Result --value annexa.service)" = success
https /healthz
expect "the next request starts it again by its socket" 200 '"status":"ok"'

# How exposed the units are, as systemd rates them (for the record).
for u in annexa.service annexa-schedule.service; do
	in_ct systemd-analyze security --no-pager "$u" 2>/dev/null |
	    tail -n 1 | sed "s/^/$u: /"
done
{
	echo "--- failed units after boot"; cat "$W/failed-at-boot.txt"
	echo "--- annexa journal"; nsenter -t "$LEADER" -a journalctl -q -u annexa.service -u annexa-schedule.service --no-pager | tail -n 40
} >"$W/units.log" 2>&1

e2e_done
