#!/usr/bin/python3
"""The report portal in a real browser: headless Debian chromium driven
through chromium-driver by python3-selenium, against the local stack.

Run by tests/e2e/browser.sh, which makes the sign-in links, a bearer token
for the JSON answers and imports the hostile organisation; everything comes
in through the environment:

  ANNEXA_URL            the stack's nginx, e.g. http://127.0.0.1:PORT
  BROWSER_ORG           the organisation of the first link (acme-cloud)
  BROWSER_LOGIN_URL     a sign-in link (admin of BROWSER_ORG)
  BROWSER_TOKEN         a bearer token of BROWSER_ORG, for the JSON API
  BROWSER_HOSTILE_ORG   the organisation whose data is hostile text
  BROWSER_HOSTILE_URL   a sign-in link (viewer of it)
  BROWSER_AS_OF         the as_of the compared pages and answers use
  BROWSER_SHOTS         where the screenshots go (NAME.png)
  ANNEXA_NSSDIR         the NSS database pdfsig trusts the test CA from
  BROWSER_SHARE_URL     a share link of BROWSER_ORG with an NDA (its
                        recipient: BROWSER_SHARE_COMPANY, BROWSER_SHARE_EMAIL)

Each check prints one "ok   - ..." or "FAIL - ..." line (a FAIL is followed
by what was seen), a check that cannot run "SKIP - ... (why)", and the last
line is "browser: N passed, N failed, N skipped"; the exit status is 1 when
a check failed.  Every wait has a timeout: a page that never loads fails its
check instead of hanging the suite.
"""

from http.client import HTTPConnection
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException,
                                        NoSuchElementException,
                                        WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 15		# seconds any one page, element or download may take
HTTP_TIMEOUT = 60	# one direct request (a report may be generated)
COOKIE = "__Host-annexa_session"

# The hostile strings of issue 13, as the fixture holds them.
HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "attribute break-out": '"><img src=x onerror=alert(1)>',
    "javascript: URL": "javascript:alert(1)",
    "right-to-left override": "\u202e",
}

# Replaces the dialogs before any script of a page runs, so that a dialog a
# page would open is counted instead of blocking the driver.
DIALOG_TRAP = """
window.__annexa_dialogs = [];
for (const f of ['alert', 'confirm', 'prompt', 'print']) {
    window[f] = function (m) { window.__annexa_dialogs.push(f + ':' + m); };
}
"""


class Checks:
    """The pass/fail/skip tally of tests/e2e/lib.sh, in Python."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def ok(self, name):
        self.passed += 1
        print("ok   - " + name, flush=True)

    def fail(self, name, why=""):
        self.failed += 1
        print("FAIL - " + name, flush=True)
        if why:
            print("       " + str(why)[:600], flush=True)

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP - %s (%s)" % (name, why), flush=True)

    def check(self, name, cond, why=""):
        if cond:
            self.ok(name)
        else:
            self.fail(name, why)
        return cond

    def done(self):
        print("browser: %d passed, %d failed, %d skipped"
              % (self.passed, self.failed, self.skipped))
        return 1 if self.failed else 0


T = Checks()
BASE = os.environ["ANNEXA_URL"].rstrip("/")
ORIGIN = urllib.parse.urlsplit(BASE)
SHOTS = os.environ["BROWSER_SHOTS"]
AS_OF = os.environ["BROWSER_AS_OF"]
ORG = os.environ["BROWSER_ORG"]
HOSTILE_ORG = os.environ["BROWSER_HOSTILE_ORG"]
LAST_HEADERS = []	# every header of the last http() answer, repeats too


def http(path, headers=None, method="GET"):
    """One request straight to nginx, redirects not followed: (status,
    headers as a lower-case dict, body bytes)."""
    u = urllib.parse.urlsplit(urllib.parse.urljoin(BASE + "/", path))
    conn = HTTPConnection(u.hostname, u.port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, u.path + ("?" + u.query if u.query else ""),
                     headers=headers or {})
        r = conn.getresponse()
        body = r.read()
        global LAST_HEADERS
        LAST_HEADERS = [(k.lower(), v) for k, v in r.getheaders()]
        return r.status, dict(LAST_HEADERS), body
    finally:
        conn.close()


def api_json(path):
    """A JSON answer of the API with the bearer token; numbers are kept as
    the text the server printed."""
    st, _, body = http(path, {"Authorization": "Bearer "
                              + os.environ["BROWSER_TOKEN"]})
    if st != 200:
        raise RuntimeError("GET %s: %d %s" % (path, st, body[:200]))
    return json.loads(body, parse_float=str, parse_int=str)


def start_browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    # Headless as root in a container: no sandbox, no /dev/shm (often
    # 64 MiB in containers), no GPU; a fixed window for comparable pictures.
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--disable-gpu", "--window-size=1280,900",
              "--disable-extensions", "--no-first-run",
              "--disable-background-networking"):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {
        "download.default_directory": SHOTS,
        "download.prompt_for_download": False,
        # Save PDFs; do not open them in the built-in viewer.
        "plugins.always_open_pdf_externally": True,
    })
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                         options=opts)
    d.set_page_load_timeout(WAIT * 2)
    d.set_script_timeout(WAIT)
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                      {"source": DIALOG_TRAP})
    d.execute_cdp_cmd("Browser.setDownloadBehavior",
                      {"behavior": "allow", "downloadPath": SHOTS})
    return d


def screenshot(d, name):
    """The whole page (the window stretched to its height) as NAME.png."""
    try:
        h = d.execute_script(
            "return Math.max(document.documentElement.scrollHeight,"
            " document.body ? document.body.scrollHeight : 0)")
        d.set_window_size(1280, max(900, min(int(h) + 20, 6000)))
        d.save_screenshot(os.path.join(SHOTS, name + ".png"))
        d.set_window_size(1280, 900)
    except WebDriverException as e:
        print("       (no screenshot %s: %s)" % (name, e.msg), flush=True)


def path_of(d):
    u = urllib.parse.urlsplit(d.current_url)
    return u.path + ("?" + u.query if u.query else "")


def session_cookie(d):
    for c in d.get_cookies():
        if c["name"] == COOKIE:
            return c
    return None


def cookie_header(d):
    c = session_cookie(d)
    return {"Cookie": "%s=%s" % (COOKIE, c["value"])} if c else {}


def dialogs(d):
    """Dialogs the page tried to open: trapped ones and a real one."""
    seen = list(d.execute_script("return window.__annexa_dialogs || []"))
    try:
        a = d.switch_to.alert
        seen.append("open:" + a.text)
        a.dismiss()
    except NoAlertPresentException:
        pass
    return seen


def wait_for(d, cond, what):
    try:
        WebDriverWait(d, WAIT).until(cond)
        return True
    except WebDriverException as e:
        said = d.execute_script(
            "const h = document.querySelector('h1'),"
            " p = document.querySelector('main p');"
            "return (h ? h.innerText : '') + ': ' + (p ? p.innerText : '')")
        T.fail(what, "timed out after %d s at %s (%s); the page says '%s'"
               % (WAIT, d.current_url, type(e).__name__, said))
        return False


def sign_in(d, link, shot):
    """Opens a sign-in link, shows its page, presses its button; True when
    the browser came back with a session cookie."""
    before = session_cookie(d)
    d.get(link)
    try:
        form = d.find_element(By.CSS_SELECTOR, "form#login")
    except NoSuchElementException:
        T.fail("the sign-in link shows the form#login",
               "at %s: %s" % (d.current_url, d.page_source[:300]))
        return False
    T.ok("the sign-in link shows the form#login (%s)"
         % d.find_element(By.TAG_NAME, "h1").text.replace("\n", " ")[:60])
    # A GET never spends the link (mail scanners open links).
    T.check("... and opening it started no session",
            session_cookie(d) == before, session_cookie(d))
    screenshot(d, shot)
    form.find_element(By.CSS_SELECTOR,
                      "button, input[type=submit]").click()
    return wait_for(d, lambda x: "/login/" not in x.current_url
                    and x.execute_script("return document.readyState")
                    == "complete", "pressing the sign-in button answers")


def check_cookie(d):
    c = session_cookie(d)
    if not T.check("signing in sets the %s cookie" % COOKIE, c is not None,
                   "cookies: %s" % [x["name"] for x in d.get_cookies()]):
        return
    T.check("... HttpOnly, Secure, SameSite=Strict, Path=/, no Domain",
            c.get("httpOnly") and c.get("secure")
            and c.get("sameSite") == "Strict" and c.get("path") == "/"
            and c.get("domain") == ORIGIN.hostname, c)
    T.check("... and page scripts cannot read it",
            COOKIE not in d.execute_script("return document.cookie"))


def check_scores(d):
    """The #scores table against GET /api/v1/orgs/ORG/comparison."""
    d.get("%s/orgs/%s?as_of=%s" % (BASE, ORG, AS_OF))
    screenshot(d, "overview-as-of")
    want = {}
    for t in api_json("/api/v1/orgs/%s/comparison?as_of=%s"
                      % (ORG, AS_OF))["targets"]:
        want[t["target"]] = (t["design"]["coverage"],
                             t["assured"]["coverage"])
    got = {}
    for tr in d.find_elements(By.CSS_SELECTOR, "#scores tr[data-target]"):
        cells = [tr.find_element(By.CSS_SELECTOR, "td." + k)
                 for k in ("design", "assured")]
        got[tr.get_attribute("data-target")] = tuple(
            c.get_attribute("data-value") for c in cells)
        for c in cells:
            # What a person reads is the same number: 0.5710 is "57.1 %".
            v = c.get_attribute("data-value")
            if v not in (None, "null"):
                shown = "%.1f %%" % (float(v) * 100)
                T.check("the %s %s cell reads %s" % (
                    tr.get_attribute("data-target"),
                    c.get_attribute("class"), shown),
                    c.text.strip() == shown, "it reads '%s'" % c.text)
    want = {k: tuple(x if x is not None else "null" for x in v)
            for k, v in want.items()}
    T.check("the overview's scores equal the comparison API's "
            "(%d targets, as_of %s)" % (len(want), AS_OF),
            want and got == want, "page %s, API %s" % (got, want))


def check_chart(d):
    try:
        img = d.find_element(By.ID, "coverage-chart")
    except NoSuchElementException:
        T.fail("the overview shows the coverage chart", "no #coverage-chart")
        return
    ok = wait_for(d, lambda x: x.execute_script(
        "return arguments[0].complete", img), "the coverage chart loads")
    w = d.execute_script("return arguments[0].naturalWidth", img)
    T.check("the coverage chart is drawn (the session reaches the chart API)",
            ok and w and w > 0, "naturalWidth %s, src %s"
            % (w, img.get_attribute("src")))
    T.check("... with a text alternative", bool(img.get_attribute("alt")))


def check_headers(d):
    st, h, _ = http("/orgs/%s?as_of=%s" % (ORG, AS_OF), cookie_header(d))
    hs = LAST_HEADERS
    csp = h.get("content-security-policy", "")
    T.check("the overview answers 200 to the session cookie", st == 200, st)
    for name, cond, seen in (
        ("Content-Type text/html; charset=utf-8",
         h.get("content-type") == "text/html; charset=utf-8",
         h.get("content-type")),
        ("CSP default-src 'self'", "default-src 'self'" in csp, csp),
        ("CSP frame-ancestors 'none'", "frame-ancestors 'none'" in csp, csp),
        ("X-Content-Type-Options nosniff",
         h.get("x-content-type-options") == "nosniff",
         h.get("x-content-type-options")),
        # Never a path to anyone; and not "no-referrer", under which a
        # browser sends "Origin: null" with the sign-out form's POST.
        ("Referrer-Policy strict-origin (or stricter than a path)",
         h.get("referrer-policy") in ("strict-origin", "origin"),
         h.get("referrer-policy")),
        ("Cache-Control no-store", "no-store" in h.get("cache-control", ""),
         h.get("cache-control")),
    ):
        T.check("security header: " + name, cond, "saw %r" % seen)
    # Two policies would both apply (the strictest CSP, the last
    # Referrer-Policy): each is sent once.
    names = [k for k, _ in hs]
    twice = sorted({k for k in names if names.count(k) > 1
                    and k != "set-cookie"})
    T.check("each response header is sent once", not twice,
            [(k, v) for k, v in hs if k in twice])
    # The browser enforces the policy: an inline script put into the page
    # does not run.
    ran = d.execute_script("""
        window.__annexa_inline = false;
        const s = document.createElement('script');
        s.textContent = 'window.__annexa_inline = true;';
        document.body.appendChild(s);
        return window.__annexa_inline;""")
    T.check("the browser refuses an inline script on the page (CSP)",
            ran is False, "the inline script ran")


def check_download(d):
    """Clicks the management review link; the PDF the browser saved is
    signed and whole for pdfsig."""
    try:
        a = d.find_element(By.ID, "download-management-review")
    except NoSuchElementException:
        T.fail("the overview has the management review link",
               "no #download-management-review")
        return
    for f in os.listdir(SHOTS):
        if f.endswith(".pdf") or f.endswith(".crdownload"):
            os.unlink(os.path.join(SHOTS, f))
    href = a.get_attribute("href")
    a.click()
    pdf = []

    def saved(_):
        pdf[:] = [f for f in os.listdir(SHOTS) if f.endswith(".pdf")]
        return pdf and not any(f.endswith(".crdownload")
                               for f in os.listdir(SHOTS))
    if not wait_for(d, saved, "the browser saves the management review"):
        return
    path = os.path.join(SHOTS, pdf[0])
    with open(path, "rb") as f:
        head = f.read(5)
    T.check("the browser saved the management review as a PDF (%s)" % pdf[0],
            head == b"%PDF-", "starts %r; link %s" % (head, href))
    r = subprocess.run(["pdfsig", "-nssdir", os.environ["ANNEXA_NSSDIR"],
                        path], capture_output=True, text=True, timeout=60)
    out = r.stdout + r.stderr
    T.check("pdfsig: the downloaded review's signature is valid",
            "Signature is Valid." in out, out)
    T.check("pdfsig: ... and it covers the whole document",
            "Total document signed" in out, out)


def clear_downloads():
    for f in os.listdir(SHOTS):
        if f.endswith(".pdf") or f.endswith(".crdownload"):
            os.unlink(os.path.join(SHOTS, f))


def wait_download(d, what):
    """The path of the one PDF the browser saved, once it is whole."""
    pdf = []

    def saved(_):
        pdf[:] = [f for f in os.listdir(SHOTS) if f.endswith(".pdf")]
        return pdf and not any(f.endswith(".crdownload")
                               for f in os.listdir(SHOTS))
    if not wait_for(d, saved, "the browser saves " + what):
        return None
    return os.path.join(SHOTS, pdf[0])


def pdfsig_ok(path):
    r = subprocess.run(["pdfsig", "-nssdir", os.environ["ANNEXA_NSSDIR"],
                        path], capture_output=True, text=True, timeout=60)
    out = r.stdout + r.stderr
    return ("Signature is Valid." in out and "Total document signed" in out,
            out)


def check_reports_and_verify(d):
    """From the overview by links to the reports page; a gap report
    downloaded through its form; its run in the history; the file
    uploaded on the verify page, which calls it valid."""
    d.get("%s/orgs/%s?as_of=%s" % (BASE, ORG, AS_OF))
    T.check("the overview's runs section links the reports page",
            bool(d.find_elements(By.CSS_SELECTOR, "#runs a#all-runs")))
    try:
        d.find_element(By.ID, "nav-reports").click()
    except NoSuchElementException:
        T.fail("the overview links the reports page", "no #nav-reports")
        return
    if not wait_for(d, lambda x: urllib.parse.urlsplit(
            x.current_url).path == "/orgs/%s/reports" % ORG,
            "the Reports link opens the reports page"):
        return
    T.check("the Reports link opens /orgs/%s/reports, keeping as_of" % ORG,
            "as_of=" + AS_OF in d.current_url, d.current_url)
    screenshot(d, "reports")
    try:
        form = d.find_element(By.ID, "report-gap")
    except NoSuchElementException:
        T.fail("the reports page has the gap report's form", "no #report-gap")
        return
    target = form.find_element(By.NAME, "target").get_attribute("value")
    clear_downloads()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    path = wait_download(d, "the gap report of the form")
    if path is None:
        return
    with open(path, "rb") as f:
        data = f.read()
    sha = hashlib.sha256(data).hexdigest()
    T.check("the form's download is a PDF (%s, target %s)"
            % (os.path.basename(path), target), data[:5] == b"%PDF-",
            data[:20])
    ok, out = pdfsig_ok(path)
    T.check("pdfsig: the form's PDF is valid and covers the whole document",
            ok, out)
    d.refresh()
    rows = [r for r in d.find_elements(By.CSS_SELECTOR, "#runs tr[data-run]")
            if r.find_element(By.CSS_SELECTOR, "td.sha256")
            .get_attribute("data-sha256") == sha]
    if not T.check("the history lists the downloaded file's run "
                   "(SHA-256 %s...)" % sha[:12], rows,
                   "no row with that SHA-256"):
        return
    run = rows[0].get_attribute("data-run")
    screenshot(d, "reports-history")
    try:
        d.find_element(By.ID, "nav-verify").click()
    except NoSuchElementException:
        T.fail("the reports page links the verify page", "no #nav-verify")
        return
    if not wait_for(d, lambda x: urllib.parse.urlsplit(
            x.current_url).path == "/verify", "the Verify link opens /verify"):
        return
    screenshot(d, "verify")
    form = d.find_element(By.ID, "verify")
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(path)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    if not wait_for(d, lambda x: x.find_elements(By.ID, "result"),
                    "uploading the file answers a result"):
        return
    res = d.find_element(By.ID, "result")
    verdict = d.find_element(By.ID, "verdict").text
    T.check("the verify page reads \"Valid\" for the downloaded file",
            verdict.startswith("Valid") and
            res.get_attribute("data-valid") == "true", verdict)
    T.check("... the whole document",
            d.find_element(By.ID, "whole").text.startswith("yes"),
            d.find_element(By.ID, "whole").text)
    T.check("... made by run %s" % run, res.get_attribute("data-run") == run,
            res.get_attribute("data-run"))
    T.check("... and no dialog opened", not dialogs(d), dialogs(d))
    screenshot(d, "verify-result")


def page_links(d):
    """Every href and src of the page, resolved, in order, once each."""
    seen = []
    for sel, attr in (("a[href]", "href"), ("img[src]", "src"),
                      ("link[href]", "href"), ("script[src]", "src"),
                      ("form[action]", "action")):
        for e in d.find_elements(By.CSS_SELECTOR, sel):
            u = e.get_attribute(attr)
            if u and u not in seen:
                seen.append(u)
    return seen


def check_links(d, shot_prefix):
    """Every link and resource of the current page stays on this origin and
    answers < 400 to the session; each page link is visited and pictured."""
    start = d.current_url
    links = page_links(d)
    foreign = [u for u in links
               if urllib.parse.urlsplit(u).netloc != ORIGIN.netloc]
    T.check("every link of %s stays on this origin (%d links)"
            % (path_of(d), len(links)), not foreign, foreign)
    bad = []
    pages = []
    for u in links:
        if u in foreign:
            continue
        p = urllib.parse.urlsplit(u)
        rel = p.path + ("?" + p.query if p.query else "")
        # A form's action (sign-out) is a POST: followed only by its button.
        method = "HEAD" if rel.startswith("/signout") else "GET"
        if method == "HEAD":
            continue
        st, h, _ = http(rel, cookie_header(d))
        if st >= 400:
            bad.append("%s %d" % (rel, st))
        elif (h.get("content-type", "").startswith("text/html")
              and p.path != urllib.parse.urlsplit(start).path
              and u.split("#")[0] not in [x.split("#")[0] for x in pages]):
            # Links to parts of one page (#evidence) open it once.
            pages.append(u)
    T.check("every link of %s answers < 400 (%d checked)"
            % (path_of(d), len(links) - len(foreign)), not bad, bad)
    broken = d.execute_script("""
        return Array.from(document.images)
            .filter(i => !i.complete || i.naturalWidth === 0)
            .map(i => i.getAttribute('src'));""")
    T.check("every image of %s is drawn" % path_of(d), not broken, broken)
    for i, u in enumerate(pages):
        d.get(u)
        shot = "%s-%02d-%s" % (shot_prefix, i + 1, "-".join(
            x for x in urllib.parse.urlsplit(u).path.split("/") if x)[:60]
            or "home")
        screenshot(d, shot)
        T.check("the linked page %s opens with a heading" % path_of(d),
                d.find_elements(By.TAG_NAME, "h1") and not dialogs(d),
                "at %s" % d.current_url)
    d.get(start)


# The readiness page's lists: its section ids and the API's lists.
READINESS_LISTS = {
    "evidence": "evidence_stale_or_expiring",
    "reviews": "reviews_overdue",
    "exceptions": "exceptions_expired_or_expiring",
    "findings": "findings_past_due",
    "soa": "soa_entries_missing_elements",
}


def check_readiness(d):
    """The readiness page's counts and rows against GET
    /api/v1/orgs/ORG/readiness, its overview links, and the history page
    of the first control it lists."""
    d.get("%s/orgs/%s?as_of=%s" % (BASE, ORG, AS_OF))
    api = api_json("/api/v1/orgs/%s/readiness?as_of=%s" % (ORG, AS_OF))
    want = {s: len(api[k]) for s, k in READINESS_LISTS.items()}
    # The overview's counts: the same numbers, each a link to its list.
    got = {}
    for a in d.find_elements(By.CSS_SELECTOR, "#readiness ul.counts a"):
        frag = urllib.parse.urlsplit(a.get_attribute("href")).fragment
        got[frag] = int(a.find_element(
            By.CSS_SELECTOR, ".count").get_attribute("data-count"))
    T.check("the overview's readiness counts equal the API's and link to "
            "the lists", got == want, "page %s, API %s" % (got, want))
    first = d.find_element(By.CSS_SELECTOR, "#readiness ul.counts a")
    first.click()
    if not wait_for(d, lambda x: urllib.parse.urlsplit(x.current_url).path
                    == "/orgs/%s/readiness" % ORG,
                    "a readiness count opens the readiness page"):
        return
    screenshot(d, "readiness")
    shown, rows, numbers = {}, {}, {}
    for s in READINESS_LISTS:
        sec = d.find_elements(By.CSS_SELECTOR, "section#" + s)
        if not sec:
            continue
        shown[s] = int(sec[0].get_attribute("data-count"))
        rows[s] = len(sec[0].find_elements(By.CSS_SELECTOR,
                                           "tbody tr[data-key]"))
        # What a person reads in the heading is the same number.
        numbers[s] = int(sec[0].find_element(
            By.CSS_SELECTOR, "h2 .count").text)
    T.check("the readiness page's counts equal the readiness API's "
            "(as_of %s: %s)" % (AS_OF, want),
            shown == want and numbers == want, "data-count %s, headings "
            "%s, API %s" % (shown, numbers, want))
    T.check("... and each list shows that many rows", rows == want,
            "rows %s, API %s" % (rows, want))
    T.check("the readiness page opened no dialog", not dialogs(d),
            dialogs(d))
    check_links(d, "readiness")
    ctl = d.find_elements(By.CSS_SELECTOR, "section.list a.control")
    if not ctl:
        T.fail("the readiness page links a control's history", "no link")
        return
    name = ctl[0].text
    ctl[0].click()
    if not wait_for(d, lambda x: "/controls/" in x.current_url,
                    "a control of the readiness page opens its history"):
        return
    screenshot(d, "control-history")
    control = urllib.parse.unquote(
        urllib.parse.urlsplit(d.current_url).path.rsplit("/", 1)[1])
    hist = api_json("/api/v1/orgs/%s/controls/%s/history"
                    % (ORG, urllib.parse.quote(control, safe="")))
    got, want = {}, {}
    for s in ("reviews", "evidence", "exceptions", "findings", "changes"):
        want[s] = [str(r["id"]) for r in hist[s]]
        got[s] = [tr.get_attribute("data-key") for tr in
                  d.find_elements(By.CSS_SELECTOR,
                                  "section#%s tbody tr[data-key]" % s)]
    T.check("the history page of %s lists the history API's records, "
            "newest first (%d)" % (name, sum(len(v) for v in want.values())),
            got == want, "page %s, API %s" % (got, want))
    check_links(d, "control-history")


def check_reviews(d):
    """The management reviews page: the API's reviews held by as_of with
    every decision, the inputs at a glance, links."""
    d.get("%s/orgs/%s/management-reviews?as_of=%s" % (BASE, ORG, AS_OF))
    screenshot(d, "management-reviews")
    api = api_json("/api/v1/orgs/%s/management-reviews" % ORG)
    want = [r["id"] for r in api["management_reviews"]
            if r["held_at"] <= AS_OF]
    got = [a.get_attribute("data-review") for a in
           d.find_elements(By.CSS_SELECTOR, "article.review")]
    T.check("the management reviews page shows the API's past reviews "
            "(%d)" % len(want), want and got == want,
            "page %s, API %s" % (got, want))
    text = d.find_element(By.ID, "reviews").text
    missing = [i["text"] for r in api["management_reviews"]
               if r["held_at"] <= AS_OF for i in r["items"]
               if i["kind"] == "decision" and i["text"] not in text]
    T.check("... with every decision they took", not missing, missing)
    T.check("... and the next review's inputs at a glance",
            len(d.find_elements(By.CSS_SELECTOR,
                                "#next-review ul.counts li")) >= 9)
    check_links(d, "management-reviews")


def check_signout(d):
    old = cookie_header(d)
    try:
        form = d.find_element(By.CSS_SELECTOR, "form#signout")
    except NoSuchElementException:
        T.fail("the page has the sign-out form", "no form#signout")
        return
    T.check("the sign-out form carries a CSRF token",
            bool(form.find_elements(By.CSS_SELECTOR,
                                    "input[type=hidden][name=csrf]")))
    form.find_element(By.CSS_SELECTOR, "button, input[type=submit]").click()
    if not wait_for(d, lambda x: urllib.parse.urlsplit(
            x.current_url).path == "/signin", "signing out lands on /signin"):
        return
    T.ok("signing out lands on /signin")
    screenshot(d, "signin")
    T.check("... the sign-in form is there",
            bool(d.find_elements(By.CSS_SELECTOR,
                                 "form#signin input[name=token]"
                                 "[type=password]")))
    T.check("... and the cookie is gone from the browser",
            session_cookie(d) is None, session_cookie(d))
    d.get("%s/orgs/%s" % (BASE, ORG))
    T.check("after signing out the overview goes to /signin",
            urllib.parse.urlsplit(d.current_url).path == "/signin",
            d.current_url)
    st, h, _ = http("/orgs/%s" % ORG, old)
    T.check("the old session id is dead on the server (303 to /signin)",
            st == 303 and h.get("location", "").endswith("/signin"),
            "%d Location %s" % (st, h.get("location")))
    st, _, _ = http("/api/v1/orgs/%s/readiness" % ORG, old)
    T.check("... also for the API (401)", st == 401, st)


def hostile_page(d, what):
    """The current page of the hostile organisation shows the data as text:
    no dialog, no element or URL made from it, the literal strings shown,
    no word wider than the window."""
    T.check("%s: no dialog opened" % what, not dialogs(d), dialogs(d))
    evil = d.execute_script("""
        const bad = [];
        for (const e of document.querySelectorAll('*')) {
            for (const a of e.attributes) {
                if (/^on/i.test(a.name)) bad.push(e.tagName + ' ' + a.name);
                if (/^\\s*javascript:/i.test(a.value))
                    bad.push(e.tagName + ' ' + a.name + '=' + a.value);
            }
        }
        for (const s of document.scripts)
            bad.push('script ' + (s.src || s.textContent.slice(0, 40)));
        for (const i of document.images)
            if (i.getAttribute('src') === 'x') bad.push('img src=x');
        return bad;""")
    T.check("%s: no script, handler or javascript: URL from the data" % what,
            not evil, evil)
    text = d.execute_script("return document.body.innerText")
    for name, s in HOSTILE.items():
        T.check("%s: the %s is shown as text" % (what, name), s in text,
                "not in the page's text")
    word = max(text.split(), key=len, default="")
    T.check("%s: the long word (%d characters) is shown" % (what, len(word)),
            len(word) >= 300, word[:80])
    over = d.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    T.check("%s: long words wrap (no sideways scrolling)" % what, over <= 0,
            "the page is %d px wider than the window" % over)
    rlo = d.execute_script("""
        const w = document.createTreeWalker(document.body,
            NodeFilter.SHOW_TEXT);
        const out = [];
        while (w.nextNode())
            if (w.currentNode.data.includes('\\u202e'))
                out.push(!!w.currentNode.parentElement.closest('bdi'));
        return out;""")
    T.check("%s: every right-to-left override sits in a <bdi>" % what,
            rlo and all(rlo), rlo)


def check_hostile(d):
    if not sign_in(d, os.environ["BROWSER_HOSTILE_URL"], "hostile-signin"):
        return
    T.check("the hostile link lands on its overview",
            urllib.parse.urlsplit(d.current_url).path
            == "/orgs/" + HOSTILE_ORG, d.current_url)
    d.get("%s/orgs/%s?as_of=%s" % (BASE, HOSTILE_ORG, AS_OF))
    screenshot(d, "hostile-overview")
    h1 = d.find_element(By.TAG_NAME, "h1").text
    T.check("the hostile overview's <h1> is the organisation's name, "
            "literally", all(s in h1 for s in HOSTILE.values()), h1[:200])
    T.check("... and so is the window title",
            HOSTILE["script tag"] in d.title, d.title[:200])
    hostile_page(d, "hostile overview")
    check_links(d, "hostile-overview")
    gaps = [a.get_attribute("href") for a in d.find_elements(
        By.CSS_SELECTOR, "#scores tr[data-target] a[href]")]
    for i, u in enumerate(gaps):
        d.get(u)
        screenshot(d, "hostile-gap-%d" % (i + 1))
        hostile_page(d, "hostile gap page " + path_of(d))
    if not gaps:
        T.fail("the hostile overview links a gap page", "no target row")
    # The pages of its records: each shows their text as text.
    for name in ("readiness", "management-reviews", "controls/HS1",
                 "controls/HS2", "controls/HS3"):
        d.get("%s/orgs/%s/%s?as_of=%s" % (BASE, HOSTILE_ORG, name, AS_OF))
        screenshot(d, "hostile-" + name.replace("/", "-"))
        hostile_page(d, "hostile %s page" % name)
    st, _, _ = http("/orgs/%s" % ORG, cookie_header(d))
    T.check("a session of %s gets 404 for %s's overview"
            % (HOSTILE_ORG, ORG), st == 404, st)


def check_share_recipient():
    """A share link's recipient in a fresh browser profile with no
    session: the NDA form first and nothing else, accepted, then the
    download: a signed PDF marked for the recipient on every page."""
    url = os.environ.get("BROWSER_SHARE_URL")
    if not url:
        T.skip("a share link's recipient", "no BROWSER_SHARE_URL")
        return
    try:
        d = start_browser()
    except WebDriverException as e:
        T.fail("a second chromium starts for the recipient", e.msg)
        return
    try:
        T.check("the recipient's browser holds no cookie",
                not d.get_cookies(), d.get_cookies())
        d.get(url)
        if not wait_for(d, EC.presence_of_element_located(
                (By.ID, "nda-form")), "the link opens on the NDA form"):
            return
        screenshot(d, "share-nda")
        T.ok("the link opens without signing in, on the NDA form")
        T.check("... and shows nothing else (no download button)",
                not d.find_elements(By.ID, "download"))
        for name in ("name", "email", "company"):
            T.check("the NDA form's %s is filled in with the recipient's"
                    % name, d.find_element(By.ID, "nda-" + name)
                    .get_attribute("value") != "")
        d.find_element(By.ID, "nda-accept").click()
        d.find_element(By.CSS_SELECTOR,
                       "#nda-form button[type=submit]").click()
        if not wait_for(d, EC.presence_of_element_located(
                (By.ID, "download")), "after the NDA, the download"):
            return
        screenshot(d, "share-page")
        T.ok("the NDA accepted, the page offers the download")
        T.check("the recipient's browser still holds no session",
                session_cookie(d) is None, d.get_cookies())
        clear_downloads()
        d.find_element(By.CSS_SELECTOR, "#download button").click()
        path = wait_download(d, "the shared report")
        if path is None:
            return
        ok, out = pdfsig_ok(path)
        T.check("pdfsig: the shared report is signed, valid, whole", ok, out)
        mark = "Prepared for %s (%s)" % (os.environ["BROWSER_SHARE_COMPANY"],
                                         os.environ["BROWSER_SHARE_EMAIL"])
        info = subprocess.run(["pdfinfo", path], capture_output=True,
                              text=True, timeout=60).stdout
        pages = int(next(l.split()[1] for l in info.splitlines()
                         if l.startswith("Pages:")))
        marked = 0
        for i in range(1, pages + 1):
            text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i),
                                   path, "-"], capture_output=True,
                                  text=True, timeout=60).stdout
            marked += mark in text
        T.check("every one of the %d pages names the recipient" % pages,
                pages > 0 and marked == pages, "%d of %d" % (marked, pages))
        T.check("the recipient's pages opened no dialog", not dialogs(d),
                dialogs(d))
    finally:
        d.quit()


def main():
    os.makedirs(SHOTS, exist_ok=True)
    t0 = time.time()
    try:
        d = start_browser()
    except WebDriverException as e:
        T.fail("chromium starts headless", e.msg)
        return T.done()
    T.ok("chromium %s starts headless (%.1f s)"
         % (d.capabilities.get("browserVersion"), time.time() - t0))
    try:
        org_name = next(o["name"] for o in api_json("/api/v1/orgs")["orgs"]
                        if o["id"] == ORG)
        if sign_in(d, os.environ["BROWSER_LOGIN_URL"], "login-link"):
            WebDriverWait(d, WAIT).until(
                EC.presence_of_element_located((By.TAG_NAME, "h1")))
            screenshot(d, "overview")
            T.check("the sign-in link lands on /orgs/%s" % ORG,
                    urllib.parse.urlsplit(d.current_url).path
                    == "/orgs/" + ORG, d.current_url)
            h1 = d.find_element(By.TAG_NAME, "h1").text
            T.check("... whose <h1> is the organisation's name",
                    h1 == org_name, "h1 '%s', API '%s'" % (h1, org_name))
            check_cookie(d)
            check_scores(d)
            check_chart(d)
            check_headers(d)
            check_download(d)
            check_links(d, "overview")
            check_reports_and_verify(d)
            T.check("the overview opened no dialog", not dialogs(d),
                    dialogs(d))
            check_readiness(d)
            check_reviews(d)
            check_signout(d)
        check_hostile(d)
        check_share_recipient()
    except Exception as e:  # a broken page must not end the run silently
        T.fail("the browser run ended early", "%s: %s" % (type(e).__name__,
                                                          e))
    finally:
        d.quit()
    return T.done()


if __name__ == "__main__":
    sys.exit(main())
