#!/usr/bin/env bash
# Importers end to end: CSA's own CCM bundle (from the shared reference
# folder, when present), a two-step path through ccm-v4 in the gap
# answer, and the round trips of `export mappings` (CSV and OSCAL).
#
# CSA's bundle may not be redistributed, so it is never in the checkout:
# it is read from $ANNEXA_REFERENCE_DIR, by default the project's shared
# folder next to the checkout (../shared/reference).  Without it the
# checks that need it are reported as skipped, one by one.
set -u
E2E_NAME=importers
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
TOK=$(new_token --global --role viewer)
H=(-H "Authorization: Bearer $TOK")

# Round trips: CSV and OSCAL exports import back to the same set.
for fmt in csv oscal; do
	"${A[@]}" export mappings --format "$fmt" --name iso27017-2015-to-soc2-2017 >"$E2E_TMP/a.$fmt"
	if [ "$fmt" = csv ]; then
		"${A[@]}" import mappings --name iso27017-2015-to-soc2-2017 "$E2E_TMP/a.$fmt" >/dev/null
	else
		"${A[@]}" import mappings --format oscal "$E2E_TMP/a.$fmt" >/dev/null
	fi
	check "$fmt export imports back" test $? -eq 0
	"${A[@]}" export mappings --format "$fmt" --name iso27017-2015-to-soc2-2017 >"$E2E_TMP/b.$fmt"
	check "$fmt round trip is byte-identical" cmp -s "$E2E_TMP/a.$fmt" "$E2E_TMP/b.$fmt"
done
grep -q '"oscal-version":"1.2.0"' "$E2E_TMP/a.oscal"
check "the OSCAL export says it is OSCAL 1.2" test $? -eq 0
check "the OSCAL export uses OSCAL's relationship names" grep -q '"relationship":"subset-of"' "$E2E_TMP/a.oscal"
"${A[@]}" import mappings --format oscal --name x "$E2E_TMP/a.oscal" 2>/dev/null
check "--name with OSCAL is a usage error (2)" test $? -eq 2
head -c 500 "$E2E_TMP/a.oscal" >"$E2E_TMP/cut.json"
"${A[@]}" import mappings --format oscal "$E2E_TMP/cut.json" 2>"$E2E_TMP/err"
check "a cut OSCAL file exits 3" test $? -eq 3
check "its error names the file" grep -q 'cut.json' "$E2E_TMP/err"

CSA=${ANNEXA_REFERENCE_DIR:-$ANNEXA_SRCDIR/../shared/reference}/csa-ccm-v4.0.12
# The checks below, by name: each is a skip when the bundle is missing.
CSA_CHECKS=("CSA's CCM v4.0.12 bundle imports" "the import reports its counts")
for s in soc2-2017 iso27017-2015 iso27018-2019 iso27001-2022; do
	CSA_CHECKS+=("set csa-ccm-v4.0.12-$s is stored")
done
CSA_CHECKS+=("gap to SOC 2 through ccm-v4" "the path runs through a CCM control"
    "mappings shows composed rows with their path" "a cut CSA file exits 3"
    "its error names the file" "nothing changed")
if [ ! -d "$CSA" ]; then
	for c in "${CSA_CHECKS[@]}"; do
		skip "$c" "no CSA bundle at $CSA; ANNEXA_REFERENCE_DIR names its folder"
	done
	e2e_done
	exit $?
fi
out=$("${A[@]}" import mappings --format csa-ccm "$CSA"/*.json 2>&1)
check "CSA's CCM v4.0.12 bundle imports" test $? -eq 0
echo "$out"
case "$out" in
*"591 CCM controls, 2518 references (4 more from ranges): 1186 taken as 1020 mapping rows; skipped: 582 clause-level, 126 category-level, 2 unknown to the catalog, 552 of standards annexa has no catalog for, 74 \"No Mapping\", 0 malformed"*)
	pass "the import reports its counts" ;;
*) fail "the import reports its counts" "$out" ;;
esac
for s in soc2-2017 iso27017-2015 iso27018-2019 iso27001-2022; do
	grep -q "csa-ccm-v4.0.12-$s: ccm-v4 -> $s" <<<"$out"
	check "set csa-ccm-v4.0.12-$s is stored" test $? -eq 0
done

# A two-step path 27017 -> CCM -> SOC 2 through CSA's two sets.
SETS="mapping_set=csa-ccm-v4.0.12-iso27017-2015&mapping_set=csa-ccm-v4.0.12-soc2-2017"
req "${H[@]}" "$U/api/v1/orgs/acme-cloud/gap?target=soc2-2017&$SETS&as_of=2026-11-28"
expect "gap to SOC 2 through ccm-v4" 200 '"resolution":"composed"' \
    '"mapping_sets":["csa-ccm-v4.0.12-iso27017-2015 + csa-ccm-v4.0.12-soc2-2017"]' \
    '"path":["'
path=$(grep -o '"path":\["[^"]*","[^"]*","[^"]*"\]' <<<"$BODY" | head -n 1)
case "$path" in
*'","'[A-Z][A-Z\&]*-[0-9][0-9]'","'*) pass "the path runs through a CCM control: $path" ;;
*) fail "the path runs through a CCM control" "$path" ;;
esac
req "${H[@]}" "$U/api/v1/mappings?source=iso27017-2015&target=soc2-2017&$SETS"
expect "mappings shows composed rows with their path" 200 '"resolution":"composed"' '"path":["'

# The same bundle with one file cut short changes nothing.
before=$("${A[@]}" export mappings --format csv --name csa-ccm-v4.0.12-soc2-2017)
cp "$CSA"/*.json "$E2E_TMP/"
head -c 20000 "$CSA/ccm-mappings-AICPA_TSC_2017.json" >"$E2E_TMP/ccm-mappings-AICPA_TSC_2017.json"
"${A[@]}" import mappings --format csa-ccm "$E2E_TMP"/ccm-*.json 2>"$E2E_TMP/err" >/dev/null
check "a cut CSA file exits 3" test $? -eq 3
check "its error names the file" grep -q 'ccm-mappings-AICPA_TSC_2017.json' "$E2E_TMP/err"
after=$("${A[@]}" export mappings --format csv --name csa-ccm-v4.0.12-soc2-2017)
check "nothing changed" test "$before" = "$after"

e2e_done
