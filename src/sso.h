/*
 * sso.h — single sign-on behind an identity proxy (docs/portal.md,
 * "Single sign-on").
 *
 * nginx asks the proxy (oauth2-proxy, Authelia...) about every page
 * request with auth_request, and passes the e-mail address the proxy
 * vouches for in the FastCGI parameter sso_param names (ANNEXA_...: no
 * client header can produce it).  The people of annexa.person (person.h)
 * say which organisations that address may see, with which role.  A page
 * request that carries the address gets a browser session for that
 * person, opened exactly as a sign-in link opens one (session.h): a new
 * random id, the __Host- cookie, audited under the person's name; so the
 * CSRF token, sign-out, idle and absolute expiry and `annexa session`
 * work unchanged.
 */
#ifndef ANNEXA_SSO_H
#define ANNEXA_SSO_H

#include <stdbool.h>

#include "errcode.h"
#include "route.h"

struct ctx;

/*
 * Whether single sign-on decides who request c (method m, routed) is:
 * sso_param is configured and nginx passed a non-empty value in it, the
 * request has no Authorization header (a bearer token always wins), and
 * it is a GET (or HEAD) of a page that needs a sign-in.
 */
bool		sso_applies(const struct ctx *c, enum method m);

/*
 * Signs request c in as the person the identity proxy vouched for, in
 * the organisation of the path (/orgs/{org}/...); a page without one (the
 * start page) takes the person's only organisation.
 *
 * A session cookie of the same person and organisation is used as it
 * is; any other live session of the browser is ended and a new one
 * opened (its Set-Cookie added to the answer).  On ERR_OK, either c->who
 * and c->csrf are the person's session, or *answered is true and c->resp
 * holds the whole answer: a 403 page when the address is unusable or no
 * person has it, or, on the start page, the list of the person's
 * organisations when there are several.  An organisation the person does
 * not belong to fails ERR_NOT_FOUND (as another organisation's pages do).
 */
enum err	sso_authenticate(struct ctx *c, bool *answered);

#endif
