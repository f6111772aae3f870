# tests/e2e/lib.sh — helpers for the end-to-end tests: real requests with
# curl through the nginx of the local stack (scripts/stack).
#
# A test file sources this, calls `e2e_require`, then runs checks; each
# check prints "ok" or "FAIL" with what it saw, or "SKIP" with why it
# could not run, and `e2e_done` prints the "NAME: N passed, N failed,
# N skipped" line scripts/test adds up and sets the exit status.  A
# skipped check is never counted as passed.

E2E_PASS=0
E2E_FAIL=0
E2E_SKIP=0
E2E_NAME=${E2E_NAME:-e2e}
E2E_TMP=$(mktemp -d)
trap 'rm -rf "$E2E_TMP"' EXIT

# Skips (exit 77) unless the stack started by scripts/test is there.
e2e_require() {
	if [ -z "${ANNEXA_URL:-}" ] || [ -z "${ANNEXA_CONFIG:-}" ]; then
		echo "SKIP: no local stack (run scripts/test)"
		exit 77
	fi
	BIN=${ANNEXA_BIN:?}
	U=$ANNEXA_URL
}

pass() { E2E_PASS=$((E2E_PASS + 1)); echo "ok   - $1"; }
fail() { E2E_FAIL=$((E2E_FAIL + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '       %s\n' "$2"; return 0; }
# skip NAME WHY: a check that could not run here (WHY says what is missing).
skip() { E2E_SKIP=$((E2E_SKIP + 1)); echo "SKIP - $1 ($2)"; }

# req ARGS...: one request; sets STATUS, and the body and headers files.
req() {
	STATUS=$(curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/head" -w '%{http_code}' "$@") || STATUS=000
	BODY=$(cat "$E2E_TMP/body")
}

# header NAME: the value of a response header of the last request.
header() {
	grep -i "^$1:" "$E2E_TMP/head" | head -n 1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'
}

# expect NAME STATUS [BODY-SUBSTRING...]: checks the last response.
expect() {
	local name=$1 want=$2 s
	shift 2
	if [ "$STATUS" != "$want" ]; then
		fail "$name" "status $STATUS, wanted $want; body: ${BODY:0:300}"
		return
	fi
	for s in "$@"; do
		case "$BODY" in
		*"$s"*) ;;
		*) fail "$name" "body lacks '$s': ${BODY:0:300}"; return ;;
		esac
	done
	pass "$name"
}

# expect_header NAME HEADER SUBSTRING
expect_header() {
	local v
	v=$(header "$2")
	case "$v" in
	*"$3"*) pass "$1" ;;
	*) fail "$1" "header $2 is '$v', wanted '$3'" ;;
	esac
}

# check NAME COMMAND...: passes when the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "command failed: $*"; fi
}

# A new token; ROLE and either --global or --org ORG.
new_token() {
	"$BIN" --config "$ANNEXA_CONFIG" token create "$@" 2>/dev/null
}

e2e_done() {
	echo "$E2E_NAME: $E2E_PASS passed, $E2E_FAIL failed, $E2E_SKIP skipped"
	[ "$E2E_FAIL" -eq 0 ]
}
