#!/usr/bin/python3
# tests/e2e/xlsx_check.py — reads annexa's workbooks with openpyxl (Debian's
# python3-openpyxl) and compares them with the JSON answers; used by
# tests/e2e/xlsx.sh.  Prints one line per check, "ok NAME" or
# "FAIL NAME: WHY"; the shell script counts them.
#
#   xlsx_check.py common WB                     shape every workbook has
#   xlsx_check.py gap WB GAP.json               the gap workbook = the JSON
#   xlsx_check.py soa WB BUNDLE.json ORG        the SoA workbook
#   xlsx_check.py comparison WB COMPARISON.json
#   xlsx_check.py readiness WB READINESS.json
#   xlsx_check.py reviews WB REVIEWS.json
#   xlsx_check.py customer WB BUNDLE.json ORG   no internal fact anywhere
#   xlsx_check.py text WB SHEET COLUMN VALUE... each VALUE is a text cell
#   xlsx_check.py about WB FIELD VALUE          the About sheet says so
import datetime
import json
import re
import sys
import zipfile

import openpyxl

# The PDFs' status fills (src/pdf.c, pdf_fill_rgb), as 0xRRGGBB.
FILLS = {
    'covered': 'A6DDCE',
    'partial': 'F7F097',
    'gap': 'ECB78C',
    'not applicable': 'E0E3E6',
    'unmapped': 'E0E3E6',
}

failed = False


def report(ok, name, why=''):
    global failed
    if ok:
        print('ok ' + name)
    else:
        failed = True
        print('FAIL %s: %s' % (name, why))


def load(path):
    return openpyxl.load_workbook(path)


def rows(ws):
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def header(ws):
    return [c.value for c in ws[1]]


def status_word(token):
    return token.replace('_', ' ').replace('-', ' ')


def fill_of(cell):
    rgb = cell.fill.fgColor.rgb if cell.fill is not None else None
    return (rgb or '')[-6:].upper()


def common(path):
    wb = load(path)
    report(wb.sheetnames[0] == 'About', 'the first sheet is About',
           wb.sheetnames)
    for ws in wb.worksheets:
        n = ws.title
        report(ws.sheet_state == 'visible', n + ': the sheet is visible',
               ws.sheet_state)
        report(ws.freeze_panes == 'A2', n + ': the header row is frozen',
               ws.freeze_panes)
        ref = ws.auto_filter.ref or ''
        last = openpyxl.utils.get_column_letter(ws.max_column)
        report(ref == 'A1:%s%d' % (last, ws.max_row),
               n + ': the autofilter covers header and rows', ref)
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)]
                  for i in range(1, ws.max_column + 1)]
        report(all(d.width and d.width >= 5 for d in widths),
               n + ': every column has a width',
               [d.width for d in widths])
        report(not any(d.hidden for d in widths), n + ': no hidden column')
        report(all(c.font.b for c in ws[1]), n + ': the header is bold')
        formulas = [c.coordinate for r in ws.iter_rows() for c in r
                    if c.data_type == 'f']
        report(not formulas, n + ': no formula cell', formulas[:5])
    # Below openpyxl: no <f> element in any sheet, no defined name.
    z = zipfile.ZipFile(path)
    f = [i for i in z.namelist() if i.startswith('xl/worksheets/') and
         re.search(rb'<f[ >]', z.read(i))]
    report(not f, 'no sheet XML holds a formula element', f)
    about = {r[0]: r[1] for r in rows(wb['About'])}
    for k in ('Organisation', 'Data as of', 'Generated at (UTC)',
              'Data fingerprint (SHA-256)', 'annexa version', 'Audience',
              'Report id', 'Report run', 'Signature'):
        report(about.get(k) not in (None, ''), 'About says ' + k, about)
    report(isinstance(about.get('Data as of'), datetime.datetime),
           'About: as_of is a date', type(about.get('Data as of')))
    report(isinstance(about.get('Generated at (UTC)'), datetime.datetime),
           'About: generated at is a date and time')
    report('not signed' in str(about.get('Signature')),
           'About: the workbook says it is not signed')
    report(re.fullmatch('[0-9a-f]{64}',
                        str(about.get('Data fingerprint (SHA-256)'))) is not None,
           'About: the data fingerprint is a SHA-256')


def about(path, field, value):
    a = {r[0]: r[1] for r in rows(load(path)['About'])}
    v = a.get(field)
    if isinstance(v, datetime.datetime):
        v = v.strftime('%Y-%m-%d') if v.hour == v.minute == 0 and \
            v.second == 0 else v.strftime('%Y-%m-%d %H:%M:%S')
    report(str(v) == value, 'About: %s is %s' % (field, value), v)


def gap(path, jpath):
    wb = load(path)
    j = json.load(open(jpath))
    report(wb.sheetnames == ['About', 'Controls', 'Scores', 'Provenance'],
           'gap: sheet names', wb.sheetnames)
    ws = wb['Controls']
    want = ['Target control', 'Title', 'Group', 'Design status',
            'Assured status', 'Source control', 'Relationship', 'Strength',
            'Mapping set', 'Path', 'Source design state',
            'Source assured state']
    report(header(ws) == want, 'gap: Controls header', header(ws))
    flat = []
    for c in j['controls']:
        for s in c['sources'] or [None]:
            flat.append((c, s))
    got = rows(ws)
    report(len(got) == len(flat),
           'gap: one row per contribution, as many as the JSON has (%d)'
           % len(flat), len(got))
    bad = []
    for (c, s), r, cells in zip(flat, got, ws.iter_rows(min_row=2)):
        exp = [c['id'], c['title'], c['group_id'], status_word(c['design']),
               status_word(c['assured'])]
        if s is not None:
            path_ = ' > '.join(s['path']) if 'path' in s else None
            exp += [s['control'], s['relationship'], s['strength'],
                    s['mapping_set'], path_, s['design_state'],
                    s['assured_state']]
        else:
            exp += [None] * 7
        if r != exp:
            bad.append((r, exp))
        for cell, st in ((cells[3], exp[3]), (cells[4], exp[4])):
            if fill_of(cell) != FILLS[st]:
                bad.append((cell.coordinate, st, fill_of(cell)))
        if s is not None and s['strength'] is not None and \
                not isinstance(r[7], int):
            bad.append((cells[7].coordinate, 'strength not a number'))
    report(not bad, 'gap: every row equals the JSON, statuses in the PDF '
           'palette', bad[:3])
    ws = wb['Scores']
    got = rows(ws)
    for i, m in enumerate(('design', 'assured')):
        r = got[i]
        s = j[m]
        report(r[0] == 'all controls' and r[1] == m and
               r[2] == s['coverage'] and r[3] == s['strict'] and
               r[4:9] == [s['covered'], s['partial'], s['gap'],
                          s['not_applicable'], s['unmapped']],
               'gap: %s score equals the JSON to the last digit (%s)'
               % (m, s['coverage']), (r, s))
        c = ws.cell(row=i + 2, column=3)
        report(c.data_type == 'n' and '%' in c.number_format,
               'gap: %s coverage is a number shown as a percentage' % m,
               (c.data_type, c.number_format))
    report(got[0][9] == j['formula'], 'gap: the formula is on the Scores '
           'sheet, as text', got[0][9])
    ws = wb['Provenance']
    used = {r[0] for r in rows(ws)}
    report(used == set(j['mapping_sets']), 'gap: Provenance lists the sets '
           'the JSON names', (used, j['mapping_sets']))


def customer(path, bundle, org):
    """No owner name, internal note or evidence location, anywhere."""
    b = json.load(open(bundle))
    secret = set()
    for e in b.get('soa', []):
        if e.get('owner'):
            secret.add(e['owner'])
    for e in b.get('evidence', []):
        for k in ('location', 'collected_by'):
            if e.get(k):
                secret.add(e[k])
    for e in b.get('reviews', []):
        for k in ('notes', 'reviewer'):
            if e.get(k):
                secret.add(e[k])
    for e in b.get('findings', []):
        if e.get('owner'):
            secret.add(e['owner'])
    secret = {s for s in secret if len(s) >= 4}
    z = zipfile.ZipFile(path)
    text = b''.join(z.read(i) for i in z.namelist())
    import html
    text = html.unescape(text.decode('utf-8'))
    found = sorted(s for s in secret if s in text)
    report(len(secret) > 0, 'customer: the bundle has internal facts to look '
           'for (%d)' % len(secret))
    report(not found, 'customer: no owner, note, reviewer or evidence '
           'location in any part of the workbook', found[:5])


def text(path, sheet, column, values):
    ws = load(path)[sheet]
    col = header(ws).index(column)
    cells = {r[col].value: r[col] for r in ws.iter_rows(min_row=2)}
    for v in values:
        c = cells.get(v)
        report(c is not None and c.data_type == 's' and c.value == v,
               '%s!%s: %r arrives as text' % (sheet, column, v),
               None if c is None else (c.data_type, c.value))


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == 'common':
        common(args[0])
    elif mode == 'about':
        about(*args)
    elif mode == 'gap':
        gap(*args)
    elif mode == 'customer':
        customer(*args)
    elif mode == 'text':
        text(args[0], args[1], args[2], args[3:])
    else:
        extra(mode, args)
    sys.exit(1 if failed else 0)


SOA_HEAD = ['Control', 'Title', 'Group', 'Applicable', 'Justification',
            'Implementation', 'Responsibility', 'Scope', 'Owner',
            'Evidence source', 'Change trigger', 'Escalation path',
            'Latest review', 'Review result', 'Current evidence items',
            'Evidence: kind, collected: title', 'Design state',
            'Assured state', 'Missing required elements']


def soa(path, catalog, bundle, reviews, gapj, audience):
    """The SoA workbook against the catalog, the bundle's register, the
    reviews answer (latest by as_of) and the gap answer's source states."""
    wb = load(path)
    report(wb.sheetnames == ['About', 'Statement of Applicability'],
           'soa: sheet names', wb.sheetnames)
    ws = wb['Statement of Applicability']
    want = [h for h in SOA_HEAD if audience == 'internal' or
            h not in ('Owner', 'Missing required elements')]
    report(header(ws) == want, 'soa: header (%s)' % audience, header(ws))
    col = {h: i for i, h in enumerate(header(ws))}
    cat = json.load(open(catalog))['controls']
    got = rows(ws)
    report(len(got) == len(cat), 'soa: one row per control of the catalog '
           '(%d)' % len(cat), len(got))
    report([r[0] for r in got] == [c['id'] for c in cat],
           'soa: controls in catalog order')
    reg = {e['control']: e for e in json.load(open(bundle))['soa']}
    bad = []
    for r in got:
        e = reg.get(r[0])
        if e is None:
            if r[col['Applicable']] != 'no entry':
                bad.append((r[0], 'no entry'))
            continue
        if r[col['Applicable']] != ('yes' if e['applicable'] else 'no'):
            bad.append((r[0], 'applicable'))
        if r[col['Justification']] != e.get('justification'):
            bad.append((r[0], 'justification'))
        if r[col['Escalation path']] != e.get('escalation_path') and \
                e.get('escalation_path'):
            bad.append((r[0], 'escalation path'))
        if audience == 'internal' and e.get('owner') and \
                r[col['Owner']] != e['owner']:
            bad.append((r[0], 'owner'))
        if not isinstance(r[col['Current evidence items']], int):
            bad.append((r[0], 'evidence count not a number'))
    report(not bad, 'soa: applicability, justification, escalation path '
           'and owner are the register\'s', bad[:5])
    latest = {}
    for rv in json.load(open(reviews)):
        if rv['control'] not in latest or \
                rv['reviewed_at'] > latest[rv['control']]['reviewed_at']:
            latest[rv['control']] = rv
    bad = []
    for r in got:
        rv = latest.get(r[0])
        d = r[col['Latest review']]
        if rv is None:
            if d is not None:
                bad.append((r[0], d))
            continue
        if not isinstance(d, datetime.datetime) or \
                d.strftime('%Y-%m-%d') != rv['reviewed_at'] or \
                r[col['Review result']] != rv['result'].replace('-', ' '):
            bad.append((r[0], d, r[col['Review result']], rv))
    report(not bad and latest, 'soa: the latest review by as_of is a date, '
           'with its result (%d controls reviewed)' % len(latest), bad[:3])
    states = {}
    for c in json.load(open(gapj))['controls']:
        for s in c['sources']:
            states[s['control']] = (s['design_state'], s['assured_state'])
    bad = [(r[0], r[col['Design state']], r[col['Assured state']], states[r[0]])
           for r in got if r[0] in states and
           (r[col['Design state']], r[col['Assured state']]) != states[r[0]]]
    report(not bad and states, 'soa: design and assured states are the gap '
           'engine\'s (%d controls)' % len(states), bad[:3])


def comparison(path, jpath):
    wb = load(path)
    j = json.load(open(jpath))
    report(wb.sheetnames == ['About', 'Comparison'],
           'comparison: sheet names', wb.sheetnames)
    ws = wb['Comparison']
    got = rows(ws)
    report(len(got) == len(j['targets']) > 0,
           'comparison: one row per target of the JSON (%d)'
           % len(j['targets']), len(got))
    bad = []
    for r, t in zip(got, j['targets']):
        exp = [t['target'], t['resolution'], '; '.join(t['mapping_sets']),
               t['controls']]
        for m in ('design', 'assured'):
            s = t[m]
            exp += [s['coverage'], s['strict'], s['covered'], s['partial'],
                    s['gap'], s['not_applicable'], s['unmapped']]
        exp.append(j['formula'])
        if r != exp:
            bad.append((r, exp))
    report(not bad, 'comparison: every figure equals the JSON to the last '
           'digit', bad[:2])
    c = ws.cell(row=2, column=5)
    report(c.data_type == 'n' and '%' in c.number_format,
           'comparison: coverage is a number shown as a percentage')


READY = [('SoA missing elements', 'soa_entries_missing_elements'),
         ('Evidence stale or expiring', 'evidence_stale_or_expiring'),
         ('Reviews overdue', 'reviews_overdue'),
         ('Exceptions', 'exceptions_expired_or_expiring'),
         ('Findings past due', 'findings_past_due')]


def readiness(path, jpath, audience):
    wb = load(path)
    j = json.load(open(jpath))
    report(wb.sheetnames == ['About'] + [s for s, _ in READY],
           'readiness: one sheet per list', wb.sheetnames)
    for sheet, key in READY:
        got = rows(wb[sheet])
        report(len(got) == len(j[key]), 'readiness: %s has the JSON\'s %d '
               'rows' % (sheet, len(j[key])), len(got))
    ev = rows(wb['Evidence stale or expiring'])
    bad = [(r, e) for r, e in zip(ev, j['evidence_stale_or_expiring'])
           if r[0] != e['id'] or r[1] != e['control'] or
           not isinstance(r[4], datetime.datetime) or
           r[4].strftime('%Y-%m-%d') != e['collected_at'] or r[6] != e['status']]
    report(not bad, 'readiness: evidence rows equal the JSON, ids numbers '
           'and dates dates', bad[:2])
    head = header(wb['Findings past due'])
    report(('Owner' in head) == (audience == 'internal'),
           'readiness: findings\' owners only internally (%s)' % audience,
           head)


def reviews(path, jpath, audience):
    wb = load(path)
    j = json.load(open(jpath))
    report(wb.sheetnames == ['About', 'Reviews'], 'reviews: sheet names',
           wb.sheetnames)
    ws = wb['Reviews']
    want = ['Id', 'Control', 'Reviewed', 'Reviewer', 'Result', 'Notes',
            'Next review due', 'Source id']
    if audience == 'customer':
        want = [h for h in want if h not in ('Reviewer', 'Notes')]
    report(header(ws) == want, 'reviews: header (%s)' % audience,
           header(ws))
    got = rows(ws)
    report(len(got) == len(j) > 0, 'reviews: the JSON\'s %d reviews of the '
           'period' % len(j), len(got))
    col = {h: i for i, h in enumerate(header(ws))}
    bad = [(r, e) for r, e in zip(got, j)
           if r[col['Id']] != e['id'] or r[col['Control']] != e['control'] or
           r[col['Reviewed']].strftime('%Y-%m-%d') != e['reviewed_at'] or
           r[col['Result']] != e['result']]
    report(not bad, 'reviews: rows equal the JSON, newest first, dates '
           'dates', bad[:2])


def extra(mode, args):
    if mode == 'soa':
        soa(*args)
    elif mode == 'comparison':
        comparison(*args)
    elif mode == 'readiness':
        readiness(*args)
    elif mode == 'reviews':
        reviews(*args)
    else:
        raise SystemExit('unknown mode ' + mode)


if __name__ == '__main__':
    main()
