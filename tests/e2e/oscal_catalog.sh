#!/usr/bin/env bash
# OSCAL catalogs end to end: `import catalog --format oscal` on NIST's
# SP 800-53 rev5 LOW baseline (from the shared reference folder, when
# present) and on a small catalog of our own (tests/fixtures/oscal); an
# OSCAL mapping collection between the two; and the gap answer for an
# organisation whose source framework is the small catalog.
#
# The expected counts of groups, controls, enhancements and withdrawn
# controls are computed here from the same JSON by a few lines of Python
# that apply the rules of docs/formats.md ("OSCAL catalog"), never typed
# in; the Python is itself checked against the counts of our own fixture,
# worked by hand.  NIST's file is never copied into the checkout: it is
# read from $ANNEXA_REFERENCE_DIR (default ../shared/reference next to
# the checkout), and without it the checks that need it are reported as
# skipped, one by one.
set -u
E2E_NAME=oscal_catalog
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
FIX=$ANNEXA_SRCDIR/tests/fixtures/oscal
NIST=${ANNEXA_REFERENCE_DIR:-$ANNEXA_SRCDIR/../shared/reference}/nist/NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog-min.json
PY=/usr/bin/python3
TOK=$(new_token --global --role viewer)
H=(-H "Authorization: Bearer $TOK")

# has NAME TEXT NEEDLE: passes when TEXT holds NEEDLE.
has() {
	case "$2" in
	*"$3"*) pass "$1" ;;
	*) fail "$1" "'${2:0:400}' lacks '$3'" ;;
	esac
}

# oscal_count FILE: "GROUPS CONTROLS ENHANCEMENTS WITHDRAWN" of an OSCAL
# catalog; oscal_rows FILE: "id<TAB>group_id<TAB>title" of each control
# that imports, in the catalog's order.  The rules: a control's group is
# its outermost group, a control outside groups is its own group; the
# catalog's controls come before its groups, a group's subgroups before
# its controls, a control before its enhancements; a control with the
# prop status=withdrawn (no ns, or NIST's) is skipped with everything in
# it.
oscal_py() {
	"$PY" - "$@" <<'EOF'
import json, sys
NIST_NS = "http://csrc.nist.gov/ns/oscal"
mode, path = sys.argv[1], sys.argv[2]
cat = json.load(open(path))["catalog"]
rows, groups = [], set()
n = {"enhancements": 0, "withdrawn": 0}

def withdrawn(c):
    return any(p.get("name") == "status" and p.get("value") == "withdrawn"
               and p.get("ns", NIST_NS) == NIST_NS for p in c.get("props", []))

def control(c, group, enhancement, skip):
    skip = skip or withdrawn(c)
    group = group or (c["id"], c["title"])
    if skip:
        n["withdrawn"] += 1
    else:
        rows.append((c["id"], group[0], c["title"]))
        groups.add(group[0])
        n["enhancements"] += enhancement
    for k in c.get("controls", []):
        control(k, group, 1, skip)

def group(g, outer):
    outer = outer or (g["id"], g["title"])
    for s in g.get("groups", []):
        group(s, outer)
    for c in g.get("controls", []):
        control(c, outer, 0, False)

for c in cat.get("controls", []):
    control(c, None, 0, False)
for g in cat.get("groups", []):
    group(g, None)
if mode == "count":
    print(len(groups), len(rows), n["enhancements"], n["withdrawn"])
else:
    for r in rows:
        print("\t".join(r))
EOF
}

# api_rows FW: the same lines from GET /api/v1/frameworks/FW/controls.
api_rows() {
	curl -s "${H[@]}" "$U/api/v1/frameworks/$1/controls" | "$PY" -c '
import json, sys
for c in json.load(sys.stdin)["controls"]:
    print("\t".join((c["id"], c["group_id"], c["title"])))'
}

# --- Our own catalog: the framework id from the file name, the name from
# the title, the publisher from the party with the role "publisher".
read -r g c e w < <(oscal_py count "$FIX/cloud-baseline.json")
check "the Python counter agrees with the fixture worked by hand (4 groups, 9 controls, 2 enhancements, 3 withdrawn)" \
    test "$g $c $e $w" = "4 9 2 3"
out=$("${A[@]}" import catalog --format oscal "$FIX/cloud-baseline.json" 2>&1)
check "our OSCAL catalog imports" test $? -eq 0
has "its summary counts groups, controls, enhancements and withdrawn" "$out" \
    "cloud-baseline: $g groups, $c controls ($e enhancements), $w withdrawn skipped;"
req "${H[@]}" "$U/api/v1/frameworks"
expect "the framework row comes from the metadata" 200 \
    '"id":"cloud-baseline","name":"Example Cloud Baseline","version":"1.0","publisher":"annexa tests","control_count":9'
check "each control's id, group and title, in the catalog's order" \
    test "$(api_rows cloud-baseline)" = "$(oscal_py rows "$FIX/cloud-baseline.json")"
req "${H[@]}" "$U/api/v1/frameworks/cloud-baseline/controls"
expect "a control outside groups is its own group, with its enhancement" 200 \
    '{"id":"gov-1.1","title":"Annual charter review","group_id":"gov-1","group_title":"Security governance charter"}'
expect "a control of a nested group belongs to the outermost group" 200 \
    '{"id":"iam-3","title":"Privileged account inventory","group_id":"iam","group_title":"Identity and Access"}'
case "$BODY" in
*'"log-2"'* | *'"log-2.1"'* | *'"cm-1.1"'*) fail "withdrawn controls and their enhancements are not imported" "$BODY" ;;
*) pass "withdrawn controls and their enhancements are not imported" ;;
esac
out=$("${A[@]}" import catalog --format oscal "$FIX/cloud-baseline.json" 2>&1)
has "importing it again updates every control and adds none" "$out" "0 added, 9 updated"

# --- Usage errors (2) and malformed catalogs (3), which change nothing.
"${A[@]}" import catalog --format xml "$FIX/cloud-baseline.json" 2>/dev/null
check "an unknown catalog --format is a usage error (2)" test $? -eq 2
"${A[@]}" import catalog --framework x "$ANNEXA_SRCDIR/tests/fixtures/tiny/t-src.json" 2>/dev/null
check "--framework without --format oscal is a usage error (2)" test $? -eq 2
"${A[@]}" import catalog --format oscal --framework x "$FIX/cloud-baseline.json" "$FIX/cloud-baseline.json" 2>/dev/null
check "--framework with two files is a usage error (2)" test $? -eq 2

sed 's/"id": "log-3"/"id": "log-1"/' "$FIX/cloud-baseline.json" >"$E2E_TMP/dup.json"
"${A[@]}" import catalog --format oscal --framework oscal-dup "$E2E_TMP/dup.json" 2>"$E2E_TMP/err"
check "a catalog with an id used twice exits 3" test $? -eq 3
has "its error names the file and both places" "$(cat "$E2E_TMP/err")" \
    "dup.json: catalog.groups[1].controls[2].id: log-1 is used twice (first at catalog.groups[1].controls[0])"
req "${H[@]}" "$U/api/v1/frameworks/oscal-dup/controls"
expect "nothing of it was written, not even the framework" 404 '"field":"fw"'

# A good change early in the file and a control without title later:
# checked whole before anything is written, so the change is not kept.
"$PY" - "$FIX/cloud-baseline.json" "$E2E_TMP/notitle.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["catalog"]["controls"][0]["title"] = "Renamed charter"
del d["catalog"]["groups"][2]["controls"][0]["title"]
json.dump(d, open(sys.argv[2], "w"))
EOF
"${A[@]}" import catalog --format oscal "$E2E_TMP/notitle.json" 2>"$E2E_TMP/err"
check "a control without a title exits 3" test $? -eq 3
has "its error names the JSON location" "$(cat "$E2E_TMP/err")" \
    "notitle.json: catalog.groups[2].controls[0].title: is missing"
req "${H[@]}" "$U/api/v1/frameworks/cloud-baseline/controls"
expect "the earlier change in the refused file was not written" 200 \
    '{"id":"gov-1","title":"Security governance charter"'

echo '{"profile": {"uuid": "3f9c1a52-7d4e-4b8a-9e21-5c6d7e8f9a01"}}' >"$E2E_TMP/profile.json"
"${A[@]}" import catalog --format oscal "$E2E_TMP/profile.json" 2>"$E2E_TMP/err"
check "an OSCAL profile is refused (3)" test $? -eq 3
has "the error says to resolve it" "$(cat "$E2E_TMP/err")" "this is an OSCAL profile: resolve it"
head -c 700 "$FIX/cloud-baseline.json" >"$E2E_TMP/cut.json"
"${A[@]}" import catalog --format oscal "$E2E_TMP/cut.json" 2>"$E2E_TMP/err"
check "a cut file exits 3" test $? -eq 3
has "its error names the file" "$(cat "$E2E_TMP/err")" "cut.json:"

# --- NIST's LOW baseline, a mapping collection to it, and the gap.
NIST_CHECKS=("NIST's LOW baseline imports" "its summary has the counts computed from the file"
    "its control count is stored" "its controls, groups and titles, in NIST's order"
    "importing NIST again adds nothing"
    "the mapping collection between the two catalogs imports"
    "a map to two targets became two rows"
    "a mapping to a withdrawn control is refused (3)" "the refusal names the control"
    "the organisation on our own framework imports"
    "gap answers for the organisation" "design counts worked by hand"
    "assured counts worked by hand" "statuses of target controls worked by hand"
    "NIST controls nobody maps are unmapped")
if [ ! -f "$NIST" ]; then
	for name in "${NIST_CHECKS[@]}"; do
		skip "$name" "no NIST catalog at $NIST; ANNEXA_REFERENCE_DIR names its folder"
	done
	e2e_done
	exit $?
fi
read -r g c e w < <(oscal_py count "$NIST")
echo "# NIST SP 800-53 rev5 LOW, counted from the file: $g groups, $c controls, $e enhancements, $w withdrawn"
out=$("${A[@]}" import catalog --format oscal --framework nist-800-53r5-low "$NIST" 2>&1)
check "NIST's LOW baseline imports" test $? -eq 0
echo "# $out"
has "its summary has the counts computed from the file" "$out" \
    "nist-800-53r5-low: $g groups, $c controls ($e enhancements), $w withdrawn skipped;"
req "${H[@]}" "$U/api/v1/frameworks"
expect "its control count is stored" 200 "\"id\":\"nist-800-53r5-low\",\"name\":\"NIST Special Publication 800-53" \
    "\"control_count\":$c}"
check "its controls, groups and titles, in NIST's order" \
    test "$(api_rows nist-800-53r5-low)" = "$(oscal_py rows "$NIST")"
out=$("${A[@]}" import catalog --format oscal --framework nist-800-53r5-low "$NIST" 2>&1)
has "importing NIST again adds nothing" "$out" "0 added, $c updated"

# The collection names its source by href (cloud-baseline.json, the file
# name our catalog was imported under) and its target by annexa's
# framework prop (NIST's was imported under --framework).
out=$("${A[@]}" import mappings --format oscal "$FIX/cloud-baseline-to-nist-low.json" 2>&1)
check "the mapping collection between the two catalogs imports" test $? -eq 0
has "a map to two targets became two rows" "$out" \
    "cloud-baseline-to-nist-low: cloud-baseline -> nist-800-53r5-low, 12 mappings"
sed 's/"id-ref": "log-3"/"id-ref": "log-2"/' "$FIX/cloud-baseline-to-nist-low.json" >"$E2E_TMP/withdrawn-map.json"
"${A[@]}" import mappings --format oscal "$E2E_TMP/withdrawn-map.json" 2>"$E2E_TMP/err"
check "a mapping to a withdrawn control is refused (3)" test $? -eq 3
has "the refusal names the control" "$(cat "$E2E_TMP/err")" "log-2 is not a control of cloud-baseline"

"${A[@]}" import org "$FIX/cloud-org.json" >/dev/null
check "the organisation on our own framework imports" test $? -eq 0
ORG=$(new_token --org oscal-cloud --role viewer)

# Worked by hand, as of 2026-06-30 (docs/gap-semantics.md):
#   gov-1 full/full; gov-1.1 partial/partial; iam-1 full/partial
#   (review partially effective); iam-1.1 planned: none/none; iam-2
#   full/full; iam-3 not applicable; log-1 full/partial (review over a
#   year old); log-3 full/none (review ineffective); cm-1 full/full.
# Targets:  pl-1   gov-1 superset           covered / covered
#           pl-2   gov-1.1 intersects       partial / partial
#           ac-2   iam-1 equivalent         covered / partial
#           ps-4   iam-1.1 subset           gap     / gap
#           ia-2.1, ia-2.2  iam-2 (equal-to with two targets: superset)
#                                           covered / covered
#           ia-4   iam-3 subset (n/a only)  not-applicable
#           au-2   log-1 subset (capped)    partial / partial
#           au-11  log-1 superset           covered / partial
#           au-8   log-3 equal              covered / gap
#           cm-2   cm-1 equivalent          covered / covered
#           cm-7   no-relationship only, and every other NIST control:
#                                           unmapped
# Design: 7 covered, 2 partial, 1 gap: coverage (7 + 1) / 10 = 0.8,
#   strict 0.7.  Assured: 4 covered, 4 partial, 2 gap: coverage 0.6,
#   strict 0.4.  Unmapped: every NIST control but the 11 above.
unmapped=$((c - 11))
req -H "Authorization: Bearer $ORG" "$U/api/v1/orgs/oscal-cloud/gap?target=nist-800-53r5-low&as_of=2026-06-30"
expect "gap answers for the organisation" 200 \
    '"org":"oscal-cloud","source":"cloud-baseline","target":"nist-800-53r5-low"' \
    '"resolution":"direct"' '"mapping_sets":["cloud-baseline-to-nist-low"]'
expect "design counts worked by hand" 200 \
    "\"design\":{\"coverage\":0.8,\"strict\":0.7,\"covered\":7,\"partial\":2,\"gap\":1,\"not_applicable\":1,\"unmapped\":$unmapped}"
expect "assured counts worked by hand" 200 \
    "\"assured\":{\"coverage\":0.6,\"strict\":0.4,\"covered\":4,\"partial\":4,\"gap\":2,\"not_applicable\":1,\"unmapped\":$unmapped}"
req -H "Authorization: Bearer $ORG" "$U/api/v1/orgs/oscal-cloud/gap?target=nist-800-53r5-low&as_of=2026-06-30&format=csv"
bad=""
while read -r id d a; do
	grep -q "^$id,[^,]*,[a-z]*,$d,$a," <<<"$BODY" || bad="$bad $id"
done <<'EOT'
pl-1 covered covered
pl-2 partial partial
ac-2 covered partial
ps-4 gap gap
ia-2.1 covered covered
ia-2.2 covered covered
ia-4 not-applicable not-applicable
au-2 partial partial
au-11 covered partial
au-8 covered gap
cm-2 covered covered
cm-7 unmapped unmapped
ac-1 unmapped unmapped
EOT
check "statuses of target controls worked by hand${bad:+ (wrong:$bad)}" test -z "$bad"
n=$(grep -c ',unmapped,unmapped,' <<<"$BODY")
check "NIST controls nobody maps are unmapped ($n of $c)" test "$n" -eq "$unmapped"

e2e_done
