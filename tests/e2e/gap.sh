#!/usr/bin/env bash
# The comparison half end to end: a tiny hand-made catalog pair, mapping
# set and organisation (tests/fixtures/tiny), whose statuses and scores
# are worked out by hand below; the demo organisation's comparison;
# organisation scoping; all-or-nothing imports.
set -u
E2E_NAME=gap
. "$(dirname "$0")/lib.sh"
e2e_require

FIX=$ANNEXA_SRCDIR/tests/fixtures/tiny
A=("$BIN" --config "$ANNEXA_CONFIG")
"${A[@]}" import catalog "$FIX/t-src.json" "$FIX/t-tgt.json" >/dev/null &&
"${A[@]}" import mappings "$FIX/t-src-to-t-tgt.csv" >/dev/null &&
"${A[@]}" import org "$FIX/tiny-org.json" >/dev/null
check "the tiny fixtures import" test $? -eq 0

TINY=$(new_token --org tiny --role viewer)
ACME=$(new_token --org acme-cloud --role viewer)
GLOBAL=$(new_token --global --role viewer)

# status ID DESIGN_ST ASSURED_ST: the row of target control ID in the body.
status() {
	case "$BODY" in
	*"\"id\":\"$1\",\"title\":"*"\"design\":\"$2\",\"assured\":\"$3\""*) ;;
	*) return 1 ;;
	esac
	# The row itself, not a later one: cut at the next control.
	local row=${BODY#*\"id\":\"$1\",}
	row=${row%%\"id\":\"T*}
	case "$row" in
	*"\"design\":\"$2\",\"assured\":\"$3\""*) return 0 ;;
	*) return 1 ;;
	esac
}

# Worked by hand, as of 2026-06-30:
#   S1 implemented, reviewed 2026-05-01 effective (the ineffective review
#      of 2026-07-15 and the evidence of 2026-08-01 come later and do not
#      count), evidence 2026-03-01 after the org-wide change 2026-01-15:
#      full / full
#   S2 implemented, latest review partially-effective: full / partial
#   S3 partial, all good: partial / partial
#   S4 planned: none / none;  S5 not applicable: n/a
#   S6 implemented, evidence 2026-02-01 before its change 2026-04-01:
#      full / partial
#   S7 implemented, latest review ineffective: full / none
#   S8 implemented, last review 2025-06-01 is 394 days old: full / partial
# Targets: T1 = S1 equal         covered / covered
#          T2 = S2 equivalent    covered / partial
#          T3 S1 subset (capped) partial / partial
#          T4 S3 superset        partial / partial
#          T5 = S4               gap / gap
#          T6 = S5 only          not-applicable
#          T7 S6 superset        covered / partial
#          T8 = S7               covered / gap
#          T9 = S8               covered / partial
#          T10 no-relationship, T11 nothing: unmapped
# Design: 5 covered, 2 partial, 1 gap: coverage (5 + 1) / 8 = 0.75,
#   strict 5 / 8 = 0.625.  Assured: 1 covered, 5 partial, 2 gap:
#   coverage (1 + 2.5) / 8 = 0.4375, strict 1 / 8 = 0.125.
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-06-30"
expect "gap answers for the tiny organisation" 200 '"org":"tiny","source":"t-src","target":"t-tgt","as_of":"2026-06-30"' \
    '"formula":"coverage = (covered + 0.5 * partial) / (covered + partial + gap); strict = covered / (covered + partial + gap)"' \
    '"mapping_sets":["t-src-to-t-tgt"]'
expect "design score worked by hand" 200 \
    '"design":{"coverage":0.75,"strict":0.625,"covered":5,"partial":2,"gap":1,"not_applicable":1,"unmapped":2}'
expect "assured score worked by hand" 200 \
    '"assured":{"coverage":0.4375,"strict":0.125,"covered":1,"partial":5,"gap":2,"not_applicable":1,"unmapped":2}'
while read -r id d a; do
	if status "$id" "$d" "$a"; then pass "$id is $d / $a"; else fail "$id is $d / $a"; fi
done <<'EOT'
T1 covered covered
T2 covered partial
T3 partial partial
T4 partial partial
T5 gap gap
T6 not-applicable not-applicable
T7 covered partial
T8 covered gap
T9 covered partial
T10 unmapped unmapped
T11 unmapped unmapped
EOT
expect "a contribution names control, relationship, set and states" 200 \
    '{"control":"S1","relationship":"subset","strength":5,"mapping_set":"t-src-to-t-tgt","design_state":"full","assured_state":"full"}'

# As of 2026-08-10 the ineffective review of S1 counts: T1 and T3 lose
# assurance.  Assured: 0 covered, 4 partial (T2 T4 T7 T9), 4 gap
# (T1 T3 T5 T8): coverage 2 / 8 = 0.25, strict 0.  Design is unchanged.
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-08-10"
expect "as_of moves the assured score" 200 \
    '"design":{"coverage":0.75,"strict":0.625' \
    '"assured":{"coverage":0.25,"strict":0,"covered":0,"partial":4,"gap":4'
if status T1 covered gap; then pass "T1 after S1's ineffective review"; else fail "T1 after S1's ineffective review"; fi

req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-06-30&format=csv"
expect "gap as CSV" 200 'target_control,title,group_id,design_status,assured_status,source_control,relationship,strength,mapping_set,path,design_state,assured_state' \
    'T3,S1 is a subset,A,partial,partial,S1,subset,5,t-src-to-t-tgt,,full,full' \
    'T11,Not mapped at all,C,unmapped,unmapped,,,,,,'
expect_header "CSV content type" Content-Type text/csv
expect_header "CSV is an attachment" Content-Disposition 'filename="gap-tiny-t-tgt-2026-06-30.csv"'
rows=$(grep -c '^T' <<<"$BODY")
check "one CSV row per contribution or unmapped target (11)" test "$rows" -eq 11

# Bad input on the gap route
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap"
expect "target is required" 400 '"field":"target"'
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=nope"
expect "unknown target is 404" 404 '"field":"target"'
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-02-30"
expect "impossible as_of is 400" 400 '"field":"as_of"'
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&mapping_set=nope"
expect "unknown mapping_set is 400" 400 '"field":"mapping_set"' 'nope'
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&format=pdf"
expect "unknown format is 400" 400 '"field":"format"'
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-src"
expect "the source framework is no target" 400 '"field":"target"'

# Mappings: direct rows with their provenance
req -H "Authorization: Bearer $TINY" "$U/api/v1/mappings?source=t-src&target=t-tgt&control=S1"
expect "mappings of one source control" 200 '"resolution":"direct"' \
    '"provenance":"annexa end-to-end test fixture, written by hand"' \
    '{"source_control":"S1","target_control":"T3","relationship":"subset","strength":5,"rationale":"semantic","confidence":"medium","note":"a part, never the whole","mapping_set":"t-src-to-t-tgt"}'
req -H "Authorization: Bearer $TINY" "$U/api/v1/mappings?source=t-tgt&target=t-src&control=T3"
expect "the reverse direction reads the set backwards" 200 '"resolution":"backward"' \
    '"source_control":"T3","target_control":"S1","relationship":"superset"'
req -H "Authorization: Bearer $TINY" "$U/api/v1/mappings?source=t-src"
expect "mappings needs a target" 400 '"field":"target"'

# The demo organisation: both scores for all four targets
req -H "Authorization: Bearer $ACME" "$U/api/v1/orgs/acme-cloud/comparison?as_of=2026-11-28"
expect "comparison lists the four targets with both scores" 200 \
    '"target":"ccm-v4"' '"target":"iso27001-2022"' '"target":"iso27018-2019"' '"target":"soc2-2017"'
n=$(grep -o '"design":{"coverage":[0-9.]*,"strict":[0-9.]*' <<<"$BODY" | wc -l)
m=$(grep -o '"assured":{"coverage":[0-9.]*,"strict":[0-9.]*' <<<"$BODY" | wc -l)
check "four design and four assured scores" test "$n" -eq 4 -a "$m" -eq 4
req -H "Authorization: Bearer $ACME" "$U/api/v1/orgs/acme-cloud/comparison?targets=soc2-2017,ccm-v4"
expect "comparison for chosen targets" 200 '"target":"soc2-2017"' '"target":"ccm-v4"'
# The comparison and the gap agree for the same as_of.
req -H "Authorization: Bearer $ACME" "$U/api/v1/orgs/acme-cloud/comparison?targets=ccm-v4&as_of=2026-06-30"
cmp_design=$(grep -o '"design":{[^}]*}' <<<"$BODY")
req -H "Authorization: Bearer $ACME" "$U/api/v1/orgs/acme-cloud/gap?target=ccm-v4&as_of=2026-06-30"
gap_design=$(grep -o '"design":{[^}]*}' <<<"$BODY" | head -n 1)
check "comparison and gap give the same numbers" test -n "$gap_design" -a "$cmp_design" = "$gap_design"

# Organisation scoping: another organisation's token gets 404 everywhere
for path in "gap?target=ccm-v4" "comparison"; do
	req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/acme-cloud/$path"
	expect "tiny's token: acme-cloud $path is 404" 404 '"field":"org"'
	req -H "Authorization: Bearer $ACME" "$U/api/v1/orgs/tiny/${path/ccm-v4/t-tgt}"
	expect "acme's token: tiny $path is 404" 404 '"field":"org"'
	req -H "Authorization: Bearer $GLOBAL" "$U/api/v1/orgs/no-such-org/$path"
	expect "global token: unknown organisation $path is 404" 404 '"field":"org"'
done

# All-or-nothing imports: one bad row changes nothing and is named.
"${A[@]}" export mappings --name t-src-to-t-tgt >"$E2E_TMP/before.csv"
sed 's/^t-src,S4,t-tgt,T5,equal,10/t-src,S4,t-tgt,T5,equals,10/' "$FIX/t-src-to-t-tgt.csv" >"$E2E_TMP/t-src-to-t-tgt.csv"
"${A[@]}" import mappings "$E2E_TMP/t-src-to-t-tgt.csv" 2>"$E2E_TMP/err"
check "a bad mapping row exits 3" test $? -eq 3
check "the error names line 8 and the field" grep -q 't-src-to-t-tgt.csv:8: relationship' "$E2E_TMP/err"
"${A[@]}" export mappings --name t-src-to-t-tgt >"$E2E_TMP/after.csv"
check "the stored set is unchanged" cmp -s "$E2E_TMP/before.csv" "$E2E_TMP/after.csv"
sed 's/"title": "S2 logs"/"title": "S2 logs", "colour": "red"/' "$FIX/tiny-org.json" >"$E2E_TMP/tiny.json"
sed -i 's/"reviewer": "Rev", "result": "effective", "next_review_due": "2026-08-01"/"reviewer": "Rev", "result": "effective", "next_review_due": "2026-08-01", "notes": "new"/' "$E2E_TMP/tiny.json"
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-06-30"
before=$BODY
"${A[@]}" import org "$E2E_TMP/tiny.json" 2>"$E2E_TMP/err"
check "a bad organisation row exits 3" test $? -eq 3
check "the error names evidence[1].colour" grep -q 'evidence\[1\].colour: unknown key' "$E2E_TMP/err"
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-06-30"
check "nothing of the bad bundle was written" test "$before" = "$BODY"
"${A[@]}" import org "$FIX/tiny-org.json" >/dev/null
req -H "Authorization: Bearer $TINY" "$U/api/v1/orgs/tiny/gap?target=t-tgt&as_of=2026-06-30"
check "re-importing the same bundle changes nothing" test "$before" = "$BODY"

e2e_done
