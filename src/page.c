/*
 * page.c — the frame, links and cells every page handler shares (see
 * page.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "gap.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "jw.h"
#include "model_gap.h"
#include "model_records.h"
#include "page.h"
#include "pct.h"
#include "pool.h"
#include "present.h"
#include "respcache.h"
#include "session.h"

/* Writes the frame of a page of this request, up to <main>. */
void
page_begin(struct ctx *c, const char *title, const char *org)
{
	struct html_frame	f;
	char			csrf[SESSION_CSRF_LEN];

	memset(&f, 0, sizeof(f));
	f.title = title;
	f.org = org;
	f.as_of = c->in.val[KEY_AS_OF];
	/* Share links are for editors and admins only (h_page_shares.c). */
	f.shares = c->who.role >= ROLE_EDITOR;
	/*
	 * A request that came with a browser session passes the session's
	 * CSRF token, and the frame then carries the sign-out form.  A
	 * bearer token has no session to end.
	 */
	if (session_csrf(c, csrf))
		f.csrf = csrf;
	html_page_begin(&c->resp->body, &f);
}

/*
 * A URL of base, the organisation and up to three more segments (NULL
 * ends them), then as_of when the request named one: the links of a page
 * keep showing the date the page shows.
 */
void
page_org_url(struct ctx *c, struct html_url *u, const char *base,
    const char *s1, const char *s2, const char *s3)
{
	html_url_begin(u, base);
	html_url_seg(u, c->org);
	if (s1 != NULL)
		html_url_seg(u, s1);
	if (s1 != NULL && s2 != NULL)
		html_url_seg(u, s2);
	if (s1 != NULL && s2 != NULL && s3 != NULL)
		html_url_seg(u, s3);
	if (c->in.val[KEY_AS_OF] != NULL)
		html_url_param(u, "as_of", c->in.val[KEY_AS_OF]);
}

void
page_score_cell(struct buf *b, const char *cls, const struct gap_score *s)
{
	char	num[JW_FIXED_LEN], pct[PCT_LEN];

	if (s->defined) {
		/* The JSON answer's own text for the number: jw_fixed(, 4). */
		jw_fixed_text(s->coverage, 4, num);
		pct_text(s->coverage, pct);
	} else {
		strcpy(num, "null");
		strcpy(pct, "n/a");
	}
	buf_printf(b, "<td class=\"%s\" data-value=\"", cls);
	html_attr(b, num);
	buf_puts(b, "\">");
	html_text(b, pct);
	buf_puts(b, "</td>");
}

/* Loads the snapshot and gap context at the request's as_of. */
enum err
page_gap_context(struct ctx *c, struct gap_context *g)
{
	const char	*bad = NULL;
	enum err	 e;

	/* page_part_get() may have opened the snapshot already. */
	if (!db_in_transaction(c->db) &&
	    (e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	e = model_gap_context(c->db, c->req->pool, c->mapcache, c->org,
	    ctx_as_of(c), NULL, 0, g, &bad);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	return e;
}

/* A table cell of text (NULL: an empty cell). */
void
page_cell(struct buf *b, const char *s)
{
	buf_puts(b, "<td>");
	if (s != NULL)
		html_data(b, s);
	buf_puts(b, "</td>");
}

/* A status cell: the word people read, the token as its class. */
void
page_status_cell(struct buf *b, const char *cls, enum gap_status s)
{
	buf_printf(b, "<td class=\"%s status-%s\">", cls, gap_status_name(s));
	html_text(b, present_status(s));
	buf_puts(b, "</td>");
}

bool
page_part_get(struct ctx *c, const char *part, struct page_part *pp)
{
	char	 name[64];
	size_t	 tlen;

	memset(pp, 0, sizeof(*pp));
	/* Pages may one day show a role more than another: keep them apart. */
	snprintf(name, sizeof(name), "%s|%s", part, auth_role_name(c->who.role));
	if (!ctx_cache_key(c, name, &pp->key, &pp->epoch))
		return false;
	if ((pp->kept = pool_calloc(c->req->pool, 1, sizeof(*pp->kept))) ==
	    NULL)
		return false;
	http_resp_init(pp->kept);
	if (!respcache_get(c->respcache, pp->key, pp->epoch, c->req->pool,
	    pp->kept))
		return false;
	/* The body is the title, a NUL, then the part's HTML. */
	tlen = strnlen(pp->kept->body.data, pp->kept->body.len);
	if (tlen == pp->kept->body.len)
		return false;
	pp->title = pp->kept->body.data;
	pp->html = pp->kept->body.data + tlen + 1;
	pp->len = pp->kept->body.len - tlen - 1;
	return true;
}

void
page_part_keep(struct ctx *c, const struct page_part *pp, const char *title,
    const char *html, size_t len)
{
	struct resp	r;

	if (pp->key == NULL)
		return;
	http_resp_init(&r);
	r.content_type = "text/html; charset=utf-8";
	buf_append(&r.body, title, strlen(title) + 1);
	buf_append(&r.body, html, len);
	if (!buf_failed(&r.body))
		respcache_put(c->respcache, pp->key, pp->epoch, &r);
	http_resp_free(&r);
}

enum err
page_part_take(struct ctx *c, struct page_part *pp, const char *title)
{
	struct buf	*b = &c->resp->body;
	char		*html;

	if (buf_failed(b) || (html = pool_alloc(c->req->pool, b->len + 1)) ==
	    NULL || (pp->title = pool_strdup(c->req->pool, title)) == NULL)
		return ERR_NOMEM;
	memcpy(html, b->data, b->len);
	pp->html = html;
	pp->len = b->len;
	page_part_keep(c, pp, pp->title, pp->html, pp->len);
	buf_reset(b);
	return ERR_OK;
}

void
page_part_done(struct page_part *pp)
{
	if (pp->kept != NULL)
		http_resp_free(pp->kept);
	pp->kept = NULL;
}

/* The overview's link, the organisation's name its text. */
void
page_crumbs(struct ctx *c, const char *org_name)
{
	struct buf	*b = &c->resp->body;
	struct html_url	 u;

	page_org_url(c, &u, "/orgs", NULL, NULL, NULL);
	buf_puts(b, "<p class=\"crumbs\"><a");
	html_url_attr(b, "href", &u);
	buf_putc(b, '>');
	html_data(b, org_name);
	buf_puts(b, "</a></p>\n");
}

/* A control's history link (NULL: the record names no control). */
void
page_control_link(struct ctx *c, const char *control)
{
	struct buf	*b = &c->resp->body;
	struct html_url	 u;

	if (control == NULL) {
		buf_puts(b, "<span class=\"orgwide\">organisation-wide</span>");
		return;
	}
	page_org_url(c, &u, "/orgs", "controls", control, NULL);
	buf_puts(b, "<a class=\"control\"");
	html_url_attr(b, "href", &u);
	buf_putc(b, '>');
	html_data(b, control);
	buf_puts(b, "</a>");
}

/* One count as a list item linking to its list on the readiness page. */
static void
readiness_count(struct ctx *c, const char *id, size_t n, const char *one,
    const char *many)
{
	struct buf	*b = &c->resp->body;
	struct html_url	 u;

	page_org_url(c, &u, "/orgs", "readiness", NULL, NULL);
	html_url_fragment(&u, id);
	buf_printf(b, "<li class=\"%s%s\"><a", id, n > 0 ? " attention" : "");
	html_url_attr(b, "href", &u);
	buf_printf(b, "><span class=\"count\" data-count=\"%zu\">%zu</span> ",
	    n, n);
	html_text(b, n == 1 ? one : many);
	buf_puts(b, "</a></li>\n");
}

void
page_readiness_counts(struct ctx *c, const struct readiness *r)
{
	struct buf	*b = &c->resp->body;

	buf_puts(b, "<ul class=\"counts\">\n");
	readiness_count(c, PAGE_READY_EVIDENCE, r->evidence.nrows,
	    "evidence record stale or expiring",
	    "evidence records stale or expiring");
	readiness_count(c, PAGE_READY_REVIEWS, r->reviews.nrows,
	    "control review overdue", "control reviews overdue");
	readiness_count(c, PAGE_READY_EXCEPTIONS, r->exceptions.nrows,
	    "exception expired or expiring", "exceptions expired or expiring");
	readiness_count(c, PAGE_READY_FINDINGS, r->findings.nrows,
	    "finding past due", "findings past due");
	readiness_count(c, PAGE_READY_SOA, r->soa.nrows,
	    "SoA entry missing elements", "SoA entries missing elements");
	buf_puts(b, "</ul>\n");
}

/*
 * Opens a list: "<section id=ID data-count=N><h2>heading <span
 * class=count>N</span></h2>", then either the table's head (cols, each
 * a column heading) or, without rows, a line saying there are none.
 * Returns whether rows follow (the caller closes with list_end()).
 */
bool
page_list_begin(struct buf *b, const char *id, const char *heading, size_t n,
    const char *const *cols, const char *none)
{
	size_t	i;

	buf_puts(b, "<section class=\"list\" id=\"");
	html_attr(b, id);
	buf_printf(b, "\" data-count=\"%zu\">\n<h2>", n);
	html_text(b, heading);
	buf_printf(b, " <span class=\"count\">%zu</span></h2>\n", n);
	if (n == 0) {
		buf_puts(b, "<p class=\"empty\">");
		html_text(b, none);
		buf_puts(b, "</p>\n</section>\n");
		return false;
	}
	buf_puts(b, "<table>\n<thead><tr>");
	for (i = 0; cols[i] != NULL; i++) {
		buf_puts(b, "<th scope=\"col\">");
		html_text(b, cols[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	return true;
}

void
page_list_end(struct buf *b)
{
	buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

/* "<tr data-key=KEY>" for one record. */
void
page_row_begin(struct buf *b, const char *key)
{
	buf_puts(b, "<tr data-key=\"");
	if (key != NULL)
		html_attr(b, key);
	buf_puts(b, "\">");
}

/* A cell holding the control's history link. */
void
page_control_cell(struct ctx *c, const char *control)
{
	buf_puts(&c->resp->body, "<td class=\"control\">");
	page_control_link(c, control);
	buf_puts(&c->resp->body, "</td>");
}

/* A cell of a state word ("stale", "expired"), the word as its class. */
void
page_state_cell(struct buf *b, const char *state)
{
	const char	*p;
	size_t		 n;

	buf_puts(b, "<td class=\"state state-");
	if (state != NULL)
		html_attr(b, state);
	buf_puts(b, "\">");
	/* "in-progress" reads "in progress"; the class keeps the token. */
	for (; state != NULL && *state != '\0'; state += n + (*p == '-')) {
		p = state + strcspn(state, "-");
		n = (size_t)(p - state);
		html_textn(b, state, n);
		if (*p == '-')
			buf_putc(b, ' ');
	}
	buf_puts(b, "</td>");
}

void
page_date_cell(struct buf *b, const char *date)
{
	buf_puts(b, "<td class=\"date\">");
	if (date != NULL)
		html_text(b, date);
	buf_puts(b, "</td>");
}
