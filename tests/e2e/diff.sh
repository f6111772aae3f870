#!/usr/bin/env bash
# `annexa diff mappings A B` and GET /api/v1/mappings/diff end to end:
# a set against itself, against a copy with one pair retyped, one dropped
# and one added, against the same set stored the other way round (read
# backwards), the text, CSV and JSON forms, exit codes and 4xx answers;
# then the shipped 27017 -> CCM set against the set imported from CSA's
# bundle, where the bundle is at hand (skipped, check by check, where not).
#
# The sets compared are the frozen 2026.11 set of tests/fixtures, so the
# counts below do not move when the shipped sets are re-judged.  Every set
# this test imports is deleted again at the end: another set 27017 ->
# CCM would change the gap answers of the tests after this one.
set -u
E2E_NAME=diff
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
OLD=$ANNEXA_SRCDIR/tests/fixtures/mappings-2026.11/iso27017-2015-to-ccm-v4.csv
SETS="'t-diff-a', 't-diff-b', 't-diff-back', 't-diff-soc2'"
cleanup() {
	psql -X -q "$ANNEXA_TEST_ADMIN_DB" \
	    -c "DELETE FROM annexa.mapping_set WHERE name IN ($SETS)" >/dev/null 2>&1
	rm -rf "$E2E_TMP"
}
trap cleanup EXIT

VIEWER=$(new_token --org acme-cloud --role viewer --label diff)
H=(-H "Authorization: Bearer $VIEWER")
D=$U/api/v1/mappings/diff

# B: the same 297 rows, but the first retyped, the second dropped and one
# pair added (7.2.3 -> AIS-03: no row of the set names it).  BACK: every
# row stored from CCM's side, subset and superset exchanged.
/usr/bin/python3 - "$OLD" "$E2E_TMP" <<'EOT'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, newline="") as f:
    lines = f.read().splitlines(keepends=True)
comments = [l for l in lines if l.startswith("#")]
rows = list(csv.DictReader(l for l in lines if not l.startswith("#")))
cols = ["source_framework", "source_control", "target_framework",
        "target_control", "relationship", "strength", "rationale",
        "confidence", "note"]
def write(name, rs):
    with open(f"{out}/{name}.csv", "w", newline="") as f:
        f.writelines(comments)
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rs)
b = [dict(r) for r in rows]
b[0]["relationship"] = "intersects" if b[0]["relationship"] != "intersects" else "subset"
del b[1]
b.append(dict(b[-1], source_control="7.2.3", target_control="AIS-03",
              relationship="intersects", strength="2", note="added by the test"))
write("b", b)
swap = {"subset": "superset", "superset": "subset"}
back = [dict(r, source_framework=r["target_framework"], source_control=r["target_control"],
             target_framework=r["source_framework"], target_control=r["source_control"],
             relationship=swap.get(r["relationship"], r["relationship"])) for r in rows]
write("back", back)
EOT
"${A[@]}" import mappings --name t-diff-a "$OLD" >/dev/null &&
"${A[@]}" import mappings --name t-diff-b "$E2E_TMP/b.csv" >/dev/null &&
"${A[@]}" import mappings --name t-diff-back "$E2E_TMP/back.csv" >/dev/null &&
"${A[@]}" import mappings --name t-diff-soc2 \
    "$ANNEXA_SRCDIR/tests/fixtures/mappings-2026.11/iso27017-2015-to-soc2-2017.csv" >/dev/null
check "the test's sets import" test $? -eq 0

# --- command line ---
out=$("${A[@]}" diff mappings t-diff-a t-diff-a)
check "a set against itself exits 0" test $? -eq 0
check "a set against itself: every pair agrees" \
    grep -q 'pairs 297: both-agree 297, both-differ 0, only-a 0, only-b 0' <<<"$out"

out=$("${A[@]}" diff mappings t-diff-a t-diff-b)
check "sets that differ exit 1" test $? -eq 1
check "the summary counts each kind" \
    grep -q 'pairs 298: both-agree 295, both-differ 1, only-a 1, only-b 1' <<<"$out"
check "the added pair is only in B" grep -Eq '^only-b +7\.2\.3 +AIS-03 +- +intersects 2$' <<<"$out"
# The rows come sorted by source, then target (byte order).
sed -n '/^status /,$p' <<<"$out" | tail -n +2 | awk '{ print $2 " " $3 }' >"$E2E_TMP/order"
check "the rows are sorted by source, then target" \
    sh -c "LC_ALL=C sort -c '$E2E_TMP/order'"
check "one line per pair" test "$(wc -l <"$E2E_TMP/order")" -eq 298

out=$("${A[@]}" diff mappings t-diff-a t-diff-back)
check "the same set stored the other way round exits 0" test $? -eq 0
check "it is read backwards" grep -q '^B: t-diff-back (ccm-v4 -> iso27017-2015, version 2026.11, 297 rows, read backwards)$' <<<"$out"
check "read backwards, every pair agrees" \
    grep -q 'pairs 297: both-agree 297, both-differ 0, only-a 0, only-b 0' <<<"$out"

"${A[@]}" diff mappings t-diff-a t-diff-b --format csv >"$E2E_TMP/cli.csv"
check "--format csv exits 1 too" test $? -eq 1
check "the CSV has its header" grep -qx 'source_control,target_control,status,relationship_a,strength_a,note_a,relationship_b,strength_b,note_b' "$E2E_TMP/cli.csv"
check "the CSV has a line per pair" test "$(wc -l <"$E2E_TMP/cli.csv")" -eq 299
"${A[@]}" diff mappings --format json t-diff-a t-diff-b >"$E2E_TMP/cli.json"
check "--format json counts" grep -q '"counts":{"pairs":298,"both_agree":295,"both_differ":1,"only_a":1,"only_b":1}' "$E2E_TMP/cli.json"

"${A[@]}" diff mappings t-diff-a no-such-set 2>"$E2E_TMP/err" >/dev/null
check "an unknown set exits 2" test $? -eq 2
check "its message names the set" grep -q 'no mapping set is named no-such-set' "$E2E_TMP/err"
"${A[@]}" diff mappings t-diff-a t-diff-soc2 2>"$E2E_TMP/err" >/dev/null
check "sets of other frameworks exit 2" test $? -eq 2
check "the message names both sets' frameworks" grep -q \
    'set t-diff-a maps iso27017-2015 to ccm-v4 and set t-diff-soc2 maps iso27017-2015 to soc2-2017' "$E2E_TMP/err"
"${A[@]}" diff mappings t-diff-a 2>/dev/null
check "one set only is a usage error (2)" test $? -eq 2
"${A[@]}" diff mappings t-diff-a t-diff-b --format xml 2>/dev/null
check "an unknown --format is a usage error (2)" test $? -eq 2
"${A[@]}" diff catalogs t-diff-a t-diff-b 2>/dev/null
check "diff of anything but mappings is a usage error (2)" test $? -eq 2

# --- API ---
req "${H[@]}" "$D?a=t-diff-a&b=t-diff-b"
expect "the API's JSON diff (an organisation's viewer)" 200 '"same":false' \
    '"counts":{"pairs":298,"both_agree":295,"both_differ":1,"only_a":1,"only_b":1}' \
    '"source_control":"7.2.3","target_control":"AIS-03","status":"only-b","a":null'
check "the API's JSON is the command line's" cmp -s "$E2E_TMP/body" "$E2E_TMP/cli.json"
req "${H[@]}" "$D?a=t-diff-a&b=t-diff-back"
expect "the API reads a set backwards" 200 '"read_backwards":true' '"same":true'
req "${H[@]}" "$D?a=t-diff-a&b=t-diff-b&format=csv"
expect "format=csv" 200 'source_control,target_control,status,'
expect_header "the CSV is text/csv" Content-Type "text/csv"
expect_header "the CSV is an attachment named after the sets" Content-Disposition \
    'attachment; filename="mappings-diff-t-diff-a-t-diff-b.csv"'
check "the API's CSV is the command line's" cmp -s "$E2E_TMP/body" "$E2E_TMP/cli.csv"
req "${H[@]}" "$D?b=t-diff-b"
expect "no a: 400 naming a" 400 '"code":"missing_parameter"' '"field":"a"'
req "${H[@]}" "$D?a=t-diff-a"
expect "no b: 400 naming b" 400 '"code":"missing_parameter"' '"field":"b"'
req "${H[@]}" "$D?a=no-such-set&b=t-diff-b"
expect "an unknown a: 400 naming a" 400 '"code":"invalid_parameter"' \
    'no mapping set is named no-such-set' '"field":"a"'
req "${H[@]}" "$D?a=t-diff-a&b=no-such-set"
expect "an unknown b: 400 naming b" 400 '"code":"invalid_parameter"' '"field":"b"'
req "${H[@]}" "$D?a=t-diff-a&b=t-diff-soc2"
expect "sets of other frameworks: 422 naming b" 422 '"code":"not_comparable"' \
    'maps iso27017-2015 to soc2-2017' '"field":"b"'
req "${H[@]}" "$D?a=t-diff-a&b=.hidden"
expect "a malformed name: 400" 400 '"code":"invalid_parameter"' '"field":"b"'
req "${H[@]}" "$D?a=t-diff-a&b=t-diff-b&set=x"
expect "an unknown parameter: 400" 400 '"code":"unknown_parameter"' '"field":"set"'
req "${H[@]}" "$D?a=t-diff-a&b=t-diff-b&format=xml"
expect "an unknown format: 400" 400 '"field":"format"'
req "$D?a=t-diff-a&b=t-diff-b"
expect "no token: 401" 401 '"code":"unauthorized"'
req "${H[@]}" -X POST "$D?a=t-diff-a&b=t-diff-b"
expect "POST: 405" 405 '"code":"method_not_allowed"'

# --- the shipped 27017 -> CCM set against CSA's bundle ---
CSA=${ANNEXA_REFERENCE_DIR:-$ANNEXA_SRCDIR/../shared/reference}/csa-ccm-v4.0.12
CSA_CHECKS=("CSA's bundle imports for the diff" "shipped set vs CSA's: exit 1"
    "CSA's set is read backwards" "the counts add up to each set's rows"
    "the API gives the command line's counts")
if [ ! -d "$CSA" ]; then
	for c in "${CSA_CHECKS[@]}"; do
		skip "$c" "no CSA bundle at $CSA; ANNEXA_REFERENCE_DIR names its folder"
	done
	e2e_done
	exit $?
fi
"${A[@]}" import mappings --format csa-ccm "$CSA"/*.json >/dev/null 2>&1
check "CSA's bundle imports for the diff" test $? -eq 0
SHIPPED=iso27017-2015-to-ccm-v4
CSASET=csa-ccm-v4.0.12-iso27017-2015
out=$("${A[@]}" diff mappings "$SHIPPED" "$CSASET")
check "shipped set vs CSA's: exit 1" test $? -eq 1
echo "# $(grep '^pairs ' <<<"$out")"
check "CSA's set is read backwards" grep -q "^B: $CSASET (ccm-v4 -> iso27017-2015, .*read backwards)$" <<<"$out"
rows_a=$(sed -n 's/^A: .*, \([0-9]*\) rows.*/\1/p' <<<"$out")
rows_b=$(sed -n 's/^B: .*, \([0-9]*\) rows.*/\1/p' <<<"$out")
read -r pairs agree differ only_a only_b < <(sed -n \
    's/^pairs \([0-9]*\): both-agree \([0-9]*\), both-differ \([0-9]*\), only-a \([0-9]*\), only-b \([0-9]*\)$/\1 \2 \3 \4 \5/p' <<<"$out")
check "the counts add up to each set's rows" test -n "${pairs:-}" -a \
    "$((agree + differ + only_a))" = "${rows_a:-x}" -a \
    "$((agree + differ + only_b))" = "${rows_b:-x}" -a \
    "$((agree + differ + only_a + only_b))" = "$pairs"
req "${H[@]}" "$D?a=$SHIPPED&b=$CSASET"
expect "the API gives the command line's counts" 200 \
    "\"counts\":{\"pairs\":${pairs:-x},\"both_agree\":${agree:-x},\"both_differ\":${differ:-x},\"only_a\":${only_a:-x},\"only_b\":${only_b:-x}}"

e2e_done
