/*
 * page.h — what every page handler shares: the frame of a page of this
 * request, links that keep the page's as_of, the snapshot and gap
 * context at that date, and the table cells every page writes.
 *
 * The HTML itself is html.c's; this module only knows the request (the
 * organisation, the as_of and the browser session of a struct ctx), so
 * that h_pages.c and every later page file write their frames and links
 * the same way.
 */
#ifndef ANNEXA_PAGE_H
#define ANNEXA_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"
#include "gap.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct ctx;
struct gap_context;
struct gap_score;
struct html_url;
struct readiness;
struct resp;

/*
 * Writes the frame of a page up to <main>: title (text), the
 * organisation's navigation when org is not NULL, and, for a request
 * that came with a browser session, the sign-out form with its CSRF
 * token (a bearer token has no session to end).
 */
void		page_begin(struct ctx *, const char *title, const char *org);

/*
 * A URL of base, the request's organisation and up to three more
 * segments (the first NULL ends them), then as_of when the request
 * named one: the links of a page keep showing the date the page shows.
 */
void		page_org_url(struct ctx *, struct html_url *, const char *base,
		    const char *s1, const char *s2, const char *s3);

/*
 * Begins a snapshot (unless the request has one open) and loads the gap
 * context of the request's organisation at its as_of; an unknown
 * organisation is a 404 failure recorded on the request.
 */
enum err	page_gap_context(struct ctx *, struct gap_context *);

/*
 * The part of a page that follows from the data alone -- the same for
 * everyone who may see the page at this as_of, whatever their session
 * -- kept in the process's answer cache (respcache.h) under the route,
 * part, the principal's role, the path and every query value, and the
 * data epoch: a write anywhere retires it.  The frame (the session's
 * CSRF token) and sections that read tables outside the epoch (report
 * runs, schedules) are written around it on every request.
 *
 * page_part_get() opens the request's snapshot; true when the part is
 * kept, and then title and html (its bytes, len of them) are valid until
 * page_part_done().  Otherwise the caller renders the part and keeps it
 * with page_part_take() or page_part_keep() (which do nothing when no
 * key could be made).  page_part_done() frees what get
 * held; a page_part_get() must be followed by it whatever the outcome.
 */
struct page_part {
	char		*key;		/* pool storage; NULL: not kept */
	long long	 epoch;
	const char	*title;
	const char	*html;
	size_t		 len;
	struct resp	*kept;		/* the cached copy */
};

bool		page_part_get(struct ctx *, const char *part,
		    struct page_part *);
void		page_part_keep(struct ctx *, const struct page_part *,
		    const char *title, const char *html, size_t len);
/*
 * What a page usually does on a miss: takes what it rendered into the
 * (otherwise empty) body as the part under title, keeps it, and empties
 * the body for the frame.
 */
enum err	page_part_take(struct ctx *, struct page_part *,
		    const char *title);
void		page_part_done(struct page_part *);

/* "<td>" text from the data "</td>"; NULL gives an empty cell. */
void		page_cell(struct buf *, const char *);
/*
 * A score's coverage as "<td class=CLS data-value=N>57.1 %</td>", N the
 * JSON answer's own text for the number ("null" when undefined).
 */
void		page_score_cell(struct buf *, const char *cls,
		    const struct gap_score *);
/* A status cell: the word people read, the status token as its class. */
void		page_status_cell(struct buf *, const char *cls,
		    enum gap_status);

/*
 * "<p class=crumbs>" with a link to the organisation's overview, its
 * name (text from the data) as the link's text.
 */
void		page_crumbs(struct ctx *, const char *org_name);
/*
 * A link to the history page of a control of the request's organisation
 * (its id as text), keeping as_of; NULL writes "organisation-wide" (a
 * record that names no control).
 */
void		page_control_link(struct ctx *, const char *control);
/*
 * The readiness counts as "<ul class=counts>", each a link to its list
 * on the readiness page (/orgs/{org}/readiness#evidence and so on) and
 * its number in data-count: the counts the overview, the readiness page
 * and the management reviews page show alike.
 */
void		page_readiness_counts(struct ctx *, const struct readiness *);
/*
 * A list of records: page_list_begin() writes "<section class=list
 * id=ID data-count=N>", the heading with the count, and either the
 * table's head (cols, NULL-terminated) or, when n is 0, the line none
 * and the section's end; it returns whether rows follow, and then
 * page_list_end() closes the table and the section.  Each row starts
 * with page_row_begin(): "<tr data-key=KEY>", the record's key.
 */
bool		page_list_begin(struct buf *, const char *id,
		    const char *heading, size_t n, const char *const *cols,
		    const char *none);
void		page_list_end(struct buf *);
void		page_row_begin(struct buf *, const char *key);
/* A date (YYYY-MM-DD from the data; NULL: empty) as "<td class=date>",
 * which does not break inside the date. */
void		page_date_cell(struct buf *, const char *);
/* A cell holding page_control_link() of control. */
void		page_control_cell(struct ctx *, const char *control);
/* A cell of a state word from the data ("stale", "overdue"), the word
 * also as its class state-WORD. */
void		page_state_cell(struct buf *, const char *state);

/* The ids of the readiness page's sections, one per list. */
#define PAGE_READY_EVIDENCE	"evidence"
#define PAGE_READY_REVIEWS	"reviews"
#define PAGE_READY_EXCEPTIONS	"exceptions"
#define PAGE_READY_FINDINGS	"findings"
#define PAGE_READY_SOA		"soa"

#endif
