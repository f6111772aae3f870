/*
 * errcode.h — the one error enum of annexa.  (Not err.h: that name is the
 * system's <err.h>, which an include path of ours must not hide.)
 *
 * Every fallible function returns enum err.  Only the HTTP dispatcher
 * (api.c) and the command line (cmd*.c) turn an error into a status code
 * or an exit code.
 */
#ifndef ANNEXA_ERRCODE_H
#define ANNEXA_ERRCODE_H

enum err {
	ERR_OK = 0,
	ERR_NOMEM,		/* allocation failed */
	ERR_INVALID,		/* input failed validation */
	ERR_TOO_LARGE,		/* input over a documented limit */
	ERR_NOT_FOUND,		/* no such resource, or not visible */
	ERR_METHOD,		/* path exists, method does not */
	ERR_UNAUTHORIZED,	/* missing or bad credentials */
	ERR_FORBIDDEN,		/* credentials valid, role too low */
	ERR_CONFLICT,		/* the request clashes with stored data */
	ERR_DB_UNAVAILABLE,	/* the database cannot be reached */
	ERR_DB,			/* the database refused a statement */
	ERR_IO,			/* a file or socket operation failed */
	ERR_INTERNAL,		/* a bug: an invariant did not hold */
	ERR__MAX
};

/* Returns a static, human-readable description of e. */
const char	*err_strerror(enum err e);

#endif
