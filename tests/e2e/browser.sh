#!/usr/bin/env bash
# The report portal in a real browser (tests/browser/portal.py): headless
# Debian chromium, driven by chromium-driver through python3-selenium,
# signs in with a sign-in link, compares the overview's scores with the
# comparison API, downloads the management review for pdfsig, follows
# every link, checks the security headers, signs out, and opens the
# hostile organisation (tests/fixtures/hostile) to find its text shown as
# text; then, in a fresh profile with no session, a share link's
# recipient accepts its NDA and downloads the marked, signed report.  A picture of every page it visits goes to .run/browser/NAME.png.
#
# This file makes what the browser needs — two sign-in links, a token for
# the JSON answers, the hostile organisation — and hands over; the last
# line is portal.py's "browser: N passed, N failed, N skipped".  It skips
# (exit 77) only when chromium, its driver or selenium is not installed
# (scripts/deps installs them).
set -u
E2E_NAME=browser
. "$(dirname "$0")/lib.sh"
e2e_require

for need in /usr/bin/chromium /usr/bin/chromedriver; do
	[ -x "$need" ] || {
		echo "SKIP: $need is not installed (scripts/deps installs chromium and chromium-driver)"
		exit 77
	}
done
/usr/bin/python3 -c 'import selenium' 2>/dev/null || {
	echo "SKIP: python3-selenium is not installed (scripts/deps installs it)"
	exit 77
}

A=("$BIN" --config "$ANNEXA_CONFIG")
ORG=acme-cloud
HOSTILE=hostile
HX=$ANNEXA_SRCDIR/tests/fixtures/hostile

# link ORG ROLE: a sign-in link, or the reason there is none on stderr.
link() {
	"${A[@]}" login-link --org "$1" --role "$2" \
	    --for "Browser Test <browser-$2@$1.example>" 2>"$E2E_TMP/link.err"
}
if ! LOGIN_URL=$(link "$ORG" admin); then
	fail "annexa login-link makes a sign-in link" "$(cat "$E2E_TMP/link.err")"
	e2e_done
	exit
fi

# The hostile organisation: its own two frameworks, their mapping and the
# bundle (importing them again changes nothing).
if ! {
	"${A[@]}" import catalog "$HX/hx-src.json" "$HX/hx-tgt.json" &&
	"${A[@]}" import mappings "$HX/hx-src-to-hx-tgt.csv" &&
	"${A[@]}" import org "$HX/hostile-org.json"
} >"$E2E_TMP/import.log" 2>&1; then
	fail "the hostile organisation imports" "$(cat "$E2E_TMP/import.log")"
	e2e_done
	exit
fi
if ! HOSTILE_URL=$(link "$HOSTILE" viewer); then
	fail "annexa login-link for the hostile organisation" "$(cat "$E2E_TMP/link.err")"
	e2e_done
	exit
fi

# A share link with an NDA, for the recipient's flow in a fresh profile.
printf 'Browser test NDA.\nKeep it confidential.\n' >"$E2E_TMP/nda.txt"
"${A[@]}" share nda --org "$ORG" "$E2E_TMP/nda.txt" >/dev/null 2>&1
SHARE_URL=$("${A[@]}" share create --org "$ORG" --report comparison \
    --to "Globex Corp, Ana Ruiz <ana@globex.example>" --expires 1d --nda \
    2>"$E2E_TMP/share.err") || {
	fail "annexa share create makes a link for the browser" "$(cat "$E2E_TMP/share.err")"
	SHARE_URL=
}

SHOTS=${BROWSER_SHOTS:-${ANNEXA_BUILDDIR:-$ANNEXA_SRCDIR}/.run/browser}
mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png "$SHOTS"/*.pdf
# The whole browser run is bounded: a wedged chromium fails the layer.
BROWSER_LOGIN_URL=$LOGIN_URL BROWSER_HOSTILE_URL=$HOSTILE_URL \
BROWSER_ORG=$ORG BROWSER_HOSTILE_ORG=$HOSTILE BROWSER_AS_OF=2026-11-28 \
BROWSER_TOKEN=$(new_token --org "$ORG" --role viewer) BROWSER_SHOTS=$SHOTS \
BROWSER_SHARE_URL=$SHARE_URL BROWSER_SHARE_COMPANY="Globex Corp" \
BROWSER_SHARE_EMAIL=ana@globex.example \
    timeout -k 10 600 /usr/bin/python3 "$ANNEXA_SRCDIR/tests/browser/portal.py"
rc=$?
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "FAIL - the browser run finished within 600 s"
	echo "browser: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
echo "(screenshots in $SHOTS)"
exit $rc
