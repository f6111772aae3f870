#!/usr/bin/env bash
# The dependency rules of docs/architecture.md against the #include lines
# and definitions of the code: the rules issue 11 restored must stay
# true.  A module that starts to depend on a layer it must not know fails
# here.  Needs no stack.
set -u
E2E_NAME=layers
. "$(dirname "$0")/lib.sh"

SRC=${ANNEXA_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}

# The project headers a file includes, one a line.
includes() {
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1"
}

# no_include FILE HEADER...: FILE includes none of the headers.
no_include() {
	local f=$1 h found=
	shift
	if [ ! -f "$SRC/$f" ]; then
		fail "$f exists" "no $SRC/$f"
		return
	fi
	for h in "$@"; do
		includes "$SRC/$f" | grep -qx "$h" && found="$found $h"
	done
	if [ -z "$found" ]; then
		pass "$f includes none of: $*"
	else
		fail "$f includes none of: $*" "it includes$found"
	fi
}

# The lists were read at all (so that an empty match cannot pass).
check "src/server.c includes project headers" \
    test "$(includes "$SRC/src/server.c" | wc -l)" -ge 5

# The database layer knows nothing of metrics or HTTP.
no_include src/db.c metrics.h http.h api.h
# FastCGI builds no report state: the API layer does.
no_include src/server.c report.h pdf.h sign.h chart.h
# The signer reads PDFs through the shared lexer, not the verifier.
no_include src/sign.c pdfverify.h
for f in src/pdflex.c src/pdflex.h src/pdfverify.c src/sign.c src/chart.c \
    src/pdf.c src/csaref.c src/csaref.h; do
	no_include "$f" http.h db.h api.h
done
# The mapping rules are pure: one set in, findings out; catalogs come
# through a callback, never from the database or a file.
no_include src/maplint.c db.h mapstore.h fileio.h http.h
no_include src/maplint.h db.h mapstore.h fileio.h http.h
# The reference grammar stands alone: it knows no bundle, JSON or sets.
no_include src/csaref.c csa.h mapset.h pool.h
# main.c parses global options and dispatches, nothing else.
if [ "$(includes "$SRC/src/main.c" | LC_ALL=C sort | tr '\n' ' ')" = "cmd.h conf.h config.h " ]; then
	pass "src/main.c includes only cmd.h and conf.h"
else
	fail "src/main.c includes only cmd.h and conf.h" \
	    "it includes: $(includes "$SRC/src/main.c" | tr '\n' ' ')"
fi
# What library code calls is in the library: main.c defines only main().
defs=$(sed -n 's/^\([a-z_][a-z_0-9]*\)(.*/\1/p' "$SRC/src/main.c" | tr '\n' ' ')
if [ "$defs" = "main " ]; then
	pass "src/main.c defines only main()"
else
	fail "src/main.c defines only main()" "it defines: $defs"
fi
for fn in cmd_usage_error cmd_load_signer cmd_find; do
	if grep -q "^$fn(" "$SRC/src/cmd.c"; then
		pass "$fn is defined in src/cmd.c"
	else
		fail "$fn is defined in src/cmd.c" "not found there"
	fi
done
# Every subcommand of the table has its own file (a '-' in its name is
# a '_' in C: login-link lives in cmd_login_link.c).
cmds=$(sed -n 's/^[[:space:]]*{ "\([a-z_-]*\)", cmd_.*/\1/p' "$SRC/src/cmd.c")
check "src/cmd.c has a table of subcommands" test "$(wc -w <<<"$cmds")" -ge 8
for c in $cmds; do
	f=${c//-/_}
	if grep -q "^cmd_$f(" "$SRC/src/cmd_$f.c" 2>/dev/null; then
		pass "annexa $c lives in src/cmd_$f.c"
	else
		fail "annexa $c lives in src/cmd_$f.c" "no cmd_$f() there"
	fi
done
# Flags shared between threads are C11 atomics, not volatile sig_atomic_t.
if grep -n 'volatile[[:space:]]\+sig_atomic_t' "$SRC"/src/*.c "$SRC"/src/*.h >/dev/null; then
	fail "no volatile sig_atomic_t shared between threads" \
	    "$(grep -n 'volatile[[:space:]]\+sig_atomic_t' "$SRC"/src/*.c "$SRC"/src/*.h | head -3)"
else
	pass "no volatile sig_atomic_t shared between threads"
fi
e2e_done
