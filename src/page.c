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
