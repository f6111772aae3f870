/*
 * html.h — the one module every byte of HTML goes through.
 *
 * Text from a request or from the database is never written raw: text
 * content and attribute values go through html_text() and html_attr(),
 * links through the URL builder, whose paths start with one of annexa's
 * own constant prefixes and whose variable parts are percent-encoded, so
 * no scheme (javascript:, data:) and no other host can come from data.
 * The page frame (doctype to footer) is written here too, so that every
 * page has the same head, stylesheet, navigation and headers.
 *
 * Nothing here knows the database; a page handler reads the model and
 * writes through these functions.  Errors are the struct buf's: sticky,
 * checked once at the end.
 */
#ifndef ANNEXA_HTML_H
#define ANNEXA_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct resp;

/* The stylesheet nginx serves from web/ (see nginx/annexa.conf). */
#define HTML_STYLESHEET		"/static/annexa.css"
/* The Content-Security-Policy of every page. */
#define HTML_CSP	"default-src 'self'; frame-ancestors 'none'; " \
			"form-action 'self'; base-uri 'none'"
/* A URL longer than this is refused (the builder marks itself failed). */
#define HTML_URL_MAX		2048

/*
 * Text content: & < > " ' become character references; a control
 * character other than TAB, LF and CR, DEL, a C1 control and every byte
 * that is not well-formed UTF-8 becomes U+FFFD.  Safe inside an element
 * and inside a double- or single-quoted attribute value alike.
 */
void	html_textn(struct buf *, const char *, size_t);
void	html_text(struct buf *, const char *);
/* An attribute value, without its quotes: as html_text, and TAB, LF and
 * CR as character references so that the value survives unchanged. */
void	html_attr(struct buf *, const char *);
/*
 * Text that came from data (names, titles, notes) as an isolated run,
 * "<bdi>" escaped text "</bdi>": a right-to-left override inside it
 * cannot reorder the text around it.
 */
void	html_data(struct buf *, const char *);

/*
 * A link to one of annexa's own paths.  html_url_begin() takes a
 * constant path that starts with one '/' (never "//", never a scheme);
 * html_url_seg() adds "/" and one percent-encoded path segment;
 * html_url_param() adds "?" or "&", the key and the percent-encoded
 * value.  A bad part (a segment that is empty, "." or "..", a path that
 * is not absolute, a URL beyond HTML_URL_MAX) marks the URL failed, and
 * a failed URL is written as "#" -- never as a link somewhere else.
 */
struct html_url {
	char	 s[HTML_URL_MAX];
	size_t	 len;
	bool	 query;		/* a '?' is written */
	bool	 fragment;	/* a '#' is written: the URL is complete */
	bool	 failed;
};

void		 html_url_begin(struct html_url *, const char *path);
void		 html_url_seg(struct html_url *, const char *);
void		 html_url_param(struct html_url *, const char *key,
		    const char *value);
/*
 * html_url_fragment() ends the URL with "#" and the percent-encoded id
 * of an element of the page; a segment, parameter or fragment after it
 * marks the URL failed.
 */
void		 html_url_fragment(struct html_url *, const char *id);
/* The URL, or "#" when it failed; valid while the struct lives. */
const char	*html_url_str(const struct html_url *);
/* Writes " name=\"URL\"" (a space first), the URL attribute-escaped. */
void		 html_url_attr(struct buf *, const char *name,
		    const struct html_url *);
/* Writes <a href="URL">text</a>, the text escaped; id may be NULL. */
void		 html_link(struct buf *, const struct html_url *,
		    const char *id, const char *text);

/*
 * The page frame.  title is text (escaped); org, when not NULL, is the
 * organisation whose navigation the header shows (an identifier, used
 * in links only: its overview, its reports, the verify page), as_of the
 * date its overview and reports links keep; csrf, when not NULL, is the session's CSRF token and
 * the header holds the sign-out form (a page reached with a bearer
 * token has no session and no sign-out).  html_page_begin() writes
 * everything up to and including "<main>"; html_page_end() closes main
 * and writes the footer.
 */
struct html_frame {
	const char	*title;
	const char	*org;
	const char	*csrf;
	const char	*as_of;	/* a validated date the organisation's
				   links keep, or NULL */
	bool		 shares;	/* the navigation links the share
					   links page (editors and admins) */
};

void	html_page_begin(struct buf *, const struct html_frame *);
void	html_page_end(struct buf *);

/*
 * Sets the content type and the security headers every page carries
 * beyond those of every answer: Content-Security-Policy (HTML_CSP) and
 * Referrer-Policy: no-referrer.  Cache-Control: no-store and
 * X-Content-Type-Options: nosniff the server writes on every answer,
 * JSON and HTML alike (server.c), so they are not repeated here.
 */
void	html_headers(struct resp *);
/*
 * Replaces the body with an HTML error page: status, its reason as the
 * heading, message (text) below it and a link back to "/".  Headers
 * already set (WWW-Authenticate, Allow) stay; the caller adds the page
 * headers with html_headers(), once.
 */
void	html_error_page(struct resp *, int status, const char *message);

#endif
