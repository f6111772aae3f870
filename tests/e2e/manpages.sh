#!/usr/bin/env bash
# The manual pages against the code: every subcommand of the table in
# src/cmd.c is an item of man/annexa.1, every long option that
# src/main.c or a src/cmd*.c declares is written there as "Fl \-NAME",
# and every key of the table in src/conf.c is an item of
# man/annexa.conf.5.  A new command, option or key without its manual
# text fails here.  Needs no stack.
set -u
E2E_NAME=manpages
. "$(dirname "$0")/lib.sh"

SRC=${ANNEXA_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
MAN1=$SRC/man/annexa.1
MAN5=$SRC/man/annexa.conf.5

# The names in a C table: the first string of each row that ends in $2.
table_names() {
	sed -n "s/^[[:space:]]*{ \"\([a-z_-]*\)\", $2.*/\1/p" "$1"
}

cmds=$(table_names "$SRC/src/cmd.c" 'cmd_')
keys=$(table_names "$SRC/src/conf.c" 'CONF_')
opts=$(cat "$SRC"/src/main.c "$SRC"/src/cmd*.c |
    sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", \(required\|no\|optional\)_argument.*/\1/p' |
    sort -u)

check "man/annexa.1 exists" test -f "$MAN1"
check "man/annexa.conf.5 exists" test -f "$MAN5"
# The tables were read at all (so that an empty list cannot pass).
check "src/cmd.c has a table of subcommands" test "$(wc -w <<<"$cmds")" -ge 8
check "src/conf.c has a table of keys" test "$(wc -w <<<"$keys")" -ge 10
check "the commands declare long options" test "$(wc -w <<<"$opts")" -ge 20

for c in $cmds; do
	if grep -Eqs "^\.(It )?Ic $c( |$)" "$MAN1"; then
		pass "annexa(1) describes the command $c"
	else
		fail "annexa(1) describes the command $c" "no '.It Ic $c' or '.Ic $c' line"
	fi
done
for o in $opts; do
	if grep -Fqs "Fl \\-$o" "$MAN1"; then
		pass "annexa(1) describes the option --$o"
	else
		fail "annexa(1) describes the option --$o" "no 'Fl \\-$o' in $MAN1"
	fi
done
for k in $keys; do
	if grep -qs "^\.It Cm $k$" "$MAN5"; then
		pass "annexa.conf(5) describes the key $k"
	else
		fail "annexa.conf(5) describes the key $k" "no '.It Cm $k' line"
	fi
done
e2e_done
