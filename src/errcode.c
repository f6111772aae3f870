#include "config.h"

#include "errcode.h"

static const char *const err_text[ERR__MAX] = {
	[ERR_OK] = "success",
	[ERR_NOMEM] = "out of memory",
	[ERR_INVALID] = "invalid input",
	[ERR_TOO_LARGE] = "input too large",
	[ERR_NOT_FOUND] = "not found",
	[ERR_METHOD] = "method not allowed",
	[ERR_UNAUTHORIZED] = "authentication required",
	[ERR_FORBIDDEN] = "forbidden",
	[ERR_CONFLICT] = "conflict",
	[ERR_DB_UNAVAILABLE] = "database unavailable",
	[ERR_DB] = "database error",
	[ERR_IO] = "input/output error",
	[ERR_INTERNAL] = "internal error",
};

const char *
err_strerror(enum err e)
{
	if ((unsigned)e >= ERR__MAX)
		return "unknown error";
	return err_text[e];
}
