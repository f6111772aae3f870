#!/usr/bin/python3
"""Comparisons of tests/e2e/pages_history.sh: a page of annexa against the
JSON API's answer for the same as_of.  Usage: pages_history.py MODE ARGS...;
prints what differs (or, for "links" and "controls", the list asked for) and
exits 1 when something differs.

The pages mark their lists up for this: each list is a <section
id=ID data-count=N>, each of its rows a <tr data-key=KEY>; each count a
<span class="count" data-count=N> inside a link.
"""

import html
import html.parser
import json
import re
import sys
import urllib.parse

# The readiness page's sections: the API's list and each row's key.
READY = {
    "evidence": ("evidence_stale_or_expiring", "id"),
    "reviews": ("reviews_overdue", "control"),
    "exceptions": ("exceptions_expired_or_expiring", "id"),
    "findings": ("findings_past_due", "id"),
    "soa": ("soa_entries_missing_elements", "control"),
}
HISTORY = ("reviews", "evidence", "exceptions", "findings", "changes")
HOSTILE_TAIL = (' <script>alert(1)</script> "><img src=x onerror=alert(1)>'
                ' javascript:alert(1) ' + "Lo" * 150 + " \u202etxt.exe")


def load(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def sections(page):
    """{id: (data-count, [row keys in order], section markup)}."""
    out = {}
    for m in re.finditer(r'<section class="list" id="([^"]+)" '
                         r'data-count="(\d+)">(.*?)</section>', page, re.S):
        keys = [html.unescape(k) for k in
                re.findall(r'<tr data-key="([^"]*)">', m.group(3))]
        out[m.group(1)] = (int(m.group(2)), keys, m.group(3))
    return out


def counts(page):
    """The count links: {class: (href, count)}."""
    return {m.group(1): (html.unescape(m.group(2)), int(m.group(3)))
            for m in re.finditer(
                r'<li class="([\w-]+)[^"]*"><a href="([^"]*)">'
                r'<span class="count" data-count="(\d+)">', page)}


def text(cell):
    """A cell's text: tags dropped, references decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", cell))


def key(v):
    return "" if v is None else str(v)


def m_counts(page_file, json_file):
    page, api = load(page_file), json.load(open(json_file))
    sec, cnt, bad = sections(page), counts(page), []
    for sid, (lst, _) in READY.items():
        want = len(api[lst])
        if sid not in sec or sec[sid][0] != want:
            bad.append("section %s: page %s, API %d"
                       % (sid, sec.get(sid, (None,))[0], want))
        if sid not in cnt or cnt[sid][1] != want:
            bad.append("count %s: page %s, API %d"
                       % (sid, cnt.get(sid, (None, None))[1], want))
    return bad, " ".join("%s %d" % (s, len(api[READY[s][0]]))
                         for s in READY)


def m_readiness(page_file, json_file, as_of):
    page, api = load(page_file), json.load(open(json_file))
    org = api["org"]
    sec, bad, rows = sections(page), [], 0
    for sid, (lst, k) in READY.items():
        want = [key(r[k]) for r in api[lst]]
        got = sec.get(sid, (0, [], ""))[1]
        rows += len(got)
        if got != want:
            bad.append("%s rows: page %s, API %s" % (sid, got, want))
            continue
        # Each row's control links to its history, keeping as_of.
        trs = re.findall(r'<tr data-key="[^"]*">(.*?)</tr>', sec[sid][2],
                         re.S)
        for r, tr in zip(api[lst], trs):
            c = r.get("control")
            href = "/orgs/%s/controls/%s?as_of=%s" % (
                org, urllib.parse.quote(c or "", safe="-._~"), as_of)
            if c is None:
                if "organisation-wide" not in tr:
                    bad.append("%s %s: no control, not said" % (sid, key(r[k])))
            elif 'href="%s"' % html.escape(href) not in tr:
                bad.append("%s %s: no link %s" % (sid, key(r[k]), href))
    return bad, "%d rows" % rows


def m_overview(page_file, json_file, as_of):
    page, api = load(page_file), json.load(open(json_file))
    cnt, bad = counts(page), []
    for sid, (lst, _) in READY.items():
        href = "/orgs/%s/readiness?as_of=%s#%s" % (api["org"], as_of, sid)
        got = cnt.get(sid)
        if got != (href, len(api[lst])):
            bad.append("%s: page %s, wanted %s" % (sid, got,
                                                    (href, len(api[lst]))))
    return bad, ""


def m_controls(json_file):
    api, seen = json.load(open(json_file)), []
    for lst in ("findings_past_due", "exceptions_expired_or_expiring",
                "evidence_stale_or_expiring", "reviews_overdue"):
        for r in api[lst]:
            if r.get("control") and r["control"] not in seen:
                seen.append(r["control"])
    print("\n".join(seen))
    return [], None


def m_history(page_file, json_file):
    page, api = load(page_file), json.load(open(json_file))
    sec, bad, n = sections(page), [], 0
    for sid in HISTORY:
        want = [key(r["id"]) for r in api[sid]]
        got = sec.get(sid, (None, None))
        n += len(want)
        if got[1] != want or got[0] != len(want):
            bad.append("%s: page %s (count %s), API %s"
                       % (sid, got[1], got[0], want))
    return bad, "%d records" % n


def review_articles(page):
    return [(html.unescape(m.group(1)), m.group(2)) for m in re.finditer(
        r'<article class="review" data-review="([^"]*)">(.*?)</article>',
        page, re.S)]


def m_reviews(page_file, json_file, as_of):
    page, api = load(page_file), json.load(open(json_file))
    want = [r for r in api["management_reviews"] if r["held_at"] <= as_of]
    arts = review_articles(page)
    bad = []
    if [a for a, _ in arts] != [r["id"] for r in want] or not want:
        bad.append("reviews: page %s, API %s" % ([a for a, _ in arts],
                                                 [r["id"] for r in want]))
        return bad, ""
    ndec = 0
    for r, (_, art) in zip(want, arts):
        rows = []
        for tr in re.findall(r'<tr class="item-[^"]*">(.*?)</tr>', art,
                             re.S):
            rows.append(tuple(text(c) for c in
                              re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)))
        items = [(i["kind"], i["text"], i["owner"] or "", i["due_at"] or "",
                  i["status"].replace("-", " "), i["closed_at"] or "")
                 for i in r["items"]]
        ndec += sum(1 for i in r["items"] if i["kind"] == "decision")
        if rows != items:
            bad.append("%s items: page %s, API %s" % (r["id"], rows, items))
        for f in ("held_at", "summary", "chair"):
            if r[f] and r[f] not in text(art):
                bad.append("%s: %s not shown" % (r["id"], f))
    return bad, "%d reviews, %d decisions" % (len(want), ndec)


def m_inputs(page_file, json_file, as_of, ready_file):
    page, api = load(page_file), json.load(open(json_file))
    ready = json.load(open(ready_file))
    cnt, sec, bad = counts(page), sections(page), []
    # Actions of every review held by as_of that were not closed (done or
    # dropped) by then; overdue when due before as_of.
    open_, overdue = 0, 0
    for r in api["management_reviews"]:
        if r["held_at"] > as_of:
            continue
        for i in r["items"]:
            if i["kind"] != "action":
                continue
            if (i["closed_at"] and i["closed_at"] <= as_of
                    and i["status"] in ("done", "dropped")):
                continue
            open_ += 1
            overdue += bool(i["due_at"] and i["due_at"] < as_of)
    got = cnt.get("open-actions", (None, None))[1]
    if got != open_:
        bad.append("open actions: page %s, from the API's reviews %d"
                   % (got, open_))
    if sec.get("open-actions", (None,))[0] != open_:
        bad.append("open actions list: %s rows" % (sec.get("open-actions"),))
    m = re.search(r'#open-actions">.*?<span class="more">(\d+) of them '
                  r'overdue</span>', page)
    if not m or int(m.group(1)) != overdue:
        bad.append("overdue actions: page %s, from the API's reviews %d"
                   % (m and m.group(1), overdue))
    for sid, (lst, _) in READY.items():
        if cnt.get(sid, (None, None))[1] != len(ready[lst]):
            bad.append("readiness %s: page %s, API %d"
                       % (sid, cnt.get(sid), len(ready[lst])))
    for sid in ("changes", "findings-raised", "corrective-actions"):
        if cnt.get(sid, (None, -1))[1] != sec.get(sid, (-2,))[0]:
            bad.append("%s: count %s, list %s" % (sid, cnt.get(sid),
                                                   sec.get(sid, (None,))[0]))
    return bad, "%d open actions, %d overdue" % (open_, overdue)


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src", "action") and v is not None:
                self.links.append(v)


def m_links(page_file):
    p = Links()
    p.feed(load(page_file))
    # A fragment is the browser's: the server sees the path and query.
    print("\n".join(u.split("#")[0] for u in p.links))
    return [], None


def m_hostile(page_file, *prefixes):
    page, bad = load(page_file), []
    if re.search(r"<script", page, re.I):
        bad.append("a <script> element")
    imgs = re.findall(r"<img\b[^>]*>", page, re.I)
    if [i for i in imgs if 'id="coverage-chart"' not in i]:
        bad.append("an <img> from the data")
    if re.search(r"<[^>]*\son\w+=", page):
        bad.append("an event handler attribute")
    if re.search(r'(href|src|action)="\s*javascript', page, re.I):
        bad.append("a javascript: URL")
    for p in prefixes:
        s = "<bdi>%s</bdi>" % html.escape(p + HOSTILE_TAIL)
        if s not in page:
            bad.append("'%s...' is not shown whole as escaped text" % p)
    return bad, "%d records" % len(prefixes) if prefixes else ""


MODES = {"counts": m_counts, "readiness": m_readiness,
         "overview": m_overview, "controls": m_controls,
         "history": m_history, "reviews": m_reviews, "inputs": m_inputs,
         "links": m_links, "hostile": m_hostile}


def main():
    bad, note = MODES[sys.argv[1]](*sys.argv[2:])
    if bad:
        print("; ".join(bad)[:2000])
        return 1
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
