#!/usr/bin/env bash
# `annexa lint mappings` end to end: a mapping file with exactly one
# kind of mistake exits 1 and prints that rule's one line; a clean file
# and a clean stored set print nothing on standard output and exit 0; an
# unknown set name or an unreadable file exits 2, a file that is not a
# mapping file 3.  The rules themselves are unit-tested in
# tests/unit/t_maplint.c; this file checks the command around them.
#
# The shipped sets (sql/mappings) must be clean; the 2026.11 sets they
# replaced (tests/fixtures/mappings-2026.11) are not, and the mistakes the
# review of issue 12 found in them are named.
set -u
E2E_NAME=lint
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
D=$E2E_TMP
HEAD="source_framework,source_control,target_framework,target_control,relationship,strength,rationale,confidence,note"

# mapfile NAME ROW...: a mapping CSV from 27017 to SOC 2 (both shipped
# catalogs) in $D/NAME.csv.
mapfile() {
	local name=$1 row
	shift
	{
		echo "# provenance: annexa end-to-end test of lint mappings"
		echo "$HEAD"
		for row in "$@"; do echo "iso27017-2015,$row"; done
	} >"$D/$name.csv"
}

# lint_out ARGS...: runs the lint; sets RC, OUT (stdout) and ERR (stderr).
lint_out() {
	"${A[@]}" lint mappings "$@" >"$D/out" 2>"$D/err"
	RC=$?
	OUT=$(cat "$D/out")
	ERR=$(cat "$D/err")
}

# expect_rule NAME FILE LINE: the lint of FILE exits 1 and prints exactly
# one line, LINE followed by the message.
expect_rule() {
	local name=$1 file=$2 want=$3
	lint_out "$file"
	if [ "$RC" -ne 1 ]; then
		fail "$name" "exit $RC, wanted 1; out: $OUT; err: $ERR"
	elif [ "$(wc -l <"$D/out")" -ne 1 ]; then
		fail "$name" "wanted one line, got: $OUT"
	else
		case "$OUT" in
		"$want: "*) pass "$name" ;;
		*) fail "$name" "wanted '$want: ...', got: $OUT" ;;
		esac
	fi
}

mapfile lint-clean \
    "9.2.1,soc2-2017,CC6.2,subset,6,semantic,medium,registration and de-registration of users" \
    "9.2.1,soc2-2017,CC6.1,intersects,4,semantic,medium,unique ids support logical access" \
    "11.1.2,soc2-2017,CC6.4,equivalent,10,semantic,high,physical entry controls" \
    "7.2.3,soc2-2017,CC1.5,no-relationship,,,medium,the criteria ask for no sanction process"
lint_out "$D/lint-clean.csv"
check "a clean file exits 0" test "$RC" -eq 0
check "a clean file prints nothing on standard output" test -z "$OUT"
check "its summary is on standard error ($ERR)" \
    grep -qx "lint-clean: 4 rows, 0 findings ($D/lint-clean.csv)" "$D/err"

# One file per rule, each with exactly that mistake.
mapfile m1 \
    "9.2.1,soc2-2017,CC6.2,subset,6,semantic,medium," \
    "9.2.1,soc2-2017,CC6.1,subset,4,semantic,medium,CC6.1 governs the access that CC6.2 provisions"
expect_rule "subset of two targets, one row without a note: subset-of-several" \
    "$D/m1.csv" "m1: 9.2.1 -> CC6.2: subset-of-several"
mapfile m2 "11.2.9,soc2-2017,CC6.4,superset,9,semantic,medium,clear desk covers the physical point"
expect_rule "superset with strength 9: superset-not-full" \
    "$D/m2.csv" "m2: 11.2.9 -> CC6.4: superset-not-full"
mapfile m3 "11.1.2,soc2-2017,CC6.4,equal,10,semantic,high,"
expect_rule "equal with rationale semantic: equal-not-syntactic" \
    "$D/m3.csv" "m3: 11.1.2 -> CC6.4: equal-not-syntactic"
mapfile m4 "7.2.3,soc2-2017,CC1.5,no-relationship,2,,low,no sanction process in the criteria"
expect_rule "no-relationship with strength 2: no-relationship-strength" \
    "$D/m4.csv" "m4: 7.2.3 -> CC1.5: no-relationship-strength"
mapfile m5 \
    "9.2.1,soc2-2017,CC6.2,subset,6,semantic,medium,Access is provisioned per user" \
    "9.2.2,soc2-2017,CC6.3,subset,6,semantic,medium,access is  provisioned per user "
lint_out "$D/m5.csv"
check "two rows with one note (case and spaces aside) exit 1" test "$RC" -eq 1
check "both rows are repeated-note" test "$(grep -c ': repeated-note: ' "$D/out")" -eq 2
check "the first names the second" grep -q '^m5: 9.2.1 -> CC6.2: repeated-note: .*9.2.2 -> CC6.3' "$D/out"
mapfile m6 "9.2.1,soc2-2017,CC9.9,intersects,3,semantic,low,no such criterion"
expect_rule "a target id missing from the catalog: unknown-control" \
    "$D/m6.csv" "m6: 9.2.1 -> CC9.9: unknown-control"

# Several files: every set is checked, and one with findings makes it 1.
lint_out "$D/lint-clean.csv" "$D/m2.csv"
check "a clean and a faulty file together exit 1" test "$RC" -eq 1
check "both get a summary line" test "$(grep -c ' rows\?, ' "$D/err")" -eq 2

# Stored sets, by name and all together.
if "${A[@]}" import mappings "$D/lint-clean.csv" >"$D/import.log" 2>&1 &&
    "${A[@]}" import mappings --name lint-m3 "$D/m3.csv" >>"$D/import.log" 2>&1; then
	pass "the test sets import"
else
	fail "the test sets import" "$(cat "$D/import.log")"
fi
lint_out lint-clean
check "a clean stored set exits 0 and prints nothing" test "$RC" -eq 0 -a -z "$OUT"
lint_out lint-m3
check "a stored set with a mistake exits 1" test "$RC" -eq 1
check "and names the rule" grep -q '^lint-m3: 11.1.2 -> CC6.4: equal-not-syntactic: ' "$D/out"
"${A[@]}" export mappings --name lint-m3 --format oscal >"$D/m3-oscal.json"
lint_out "$D/m3-oscal.json"
check "an OSCAL file (by its .json name) gives the same finding" \
    grep -q '^lint-m3: 11.1.2 -> CC6.4: equal-not-syntactic: ' "$D/out"
lint_out
check "with no SET every stored set is checked (exit 1: lint-m3 is stored)" test "$RC" -eq 1
for s in lint-clean lint-m3 iso27017-2015-to-iso27001-2022 iso27017-2015-to-soc2-2017; do
	check "with no SET, $s has a summary line" grep -q "^$s: [0-9]* rows\?, " "$D/err"
done

# Errors.
lint_out no-such-set
check "an unknown set name exits 2" test "$RC" -eq 2
check "and is named on standard error" grep -q 'no-such-set: no mapping set of that name' "$D/err"
lint_out lint-clean no-such-set
check "an unknown name among known ones still exits 2, checking nothing" \
    test "$RC" -eq 2 -a -z "$OUT"
lint_out "$D/missing.csv"
check "a file that cannot be read exits 2" test "$RC" -eq 2
check "and is named" grep -q 'missing.csv' "$D/err"
printf 'not,a,mapping\n1,2,3\n' >"$D/junk.csv"
lint_out "$D/junk.csv"
check "a file that is not a mapping CSV exits 3" test "$RC" -eq 3
check "its error names file and line" grep -q 'junk.csv:1: ' "$D/err"
lint_out --format oscal lint-clean
check "--format without a FILE is a usage error (2)" test "$RC" -eq 2
lint_out --format csv "$D/m2.csv" lint-clean
check "--format csv with a file and a name exits 1 (m2's finding)" \
    test "$RC" -eq 1 -a "$(wc -l <"$D/out")" -eq 1
"${A[@]}" lint >/dev/null 2>&1
check "lint without 'mappings' is a usage error (2)" test $? -eq 2

lint_out "$ANNEXA_SRCDIR"/sql/mappings/*.csv
check "the four shipped sets are lint-clean (exit 0)" test "$RC" -eq 0
check "and print no finding" test -z "$OUT"
check "four summary lines, each with 0 findings" \
    test "$(grep -c ' rows, 0 findings (' "$D/err")" -eq 4
OLD=$ANNEXA_SRCDIR/tests/fixtures/mappings-2026.11
lint_out "$OLD/iso27017-2015-to-iso27018-2019.csv"
check "2026.11's 27018 set: exit 1" test "$RC" -eq 1
check "its 114 numbered rows were equivalent with rationale syntactic" \
    test "$(grep -c ': equivalent-syntactic: ' "$D/out")" -eq 114
lint_out "$OLD/iso27017-2015-to-iso27001-2022.csv"
check "2026.11's 27001 set: equal with a semantic rationale is named" \
    grep -q '^iso27017-2015-to-iso27001-2022: 6.1.1 -> A.5.2: equal-not-syntactic: ' "$D/out"
lint_out "$OLD/iso27017-2015-to-ccm-v4.csv"
check "2026.11's CCM set: superset 9 is named" \
    grep -q ': superset-not-full: superset with strength 9' "$D/out"
e2e_done
