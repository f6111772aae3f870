/*
 * privdrop.c — becoming the service user (see privdrop.h).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "err.h"
#include "privdrop.h"

enum err
privdrop_become(const char *cmd, const char *user)
{
	struct passwd	*pw;

	if (user == NULL)
		return ERR_OK;
	if ((pw = getpwnam(user)) == NULL) {
		fprintf(stderr, "%s: user %s: no such user\n", cmd, user);
		return ERR_IO;
	}
	if (geteuid() != 0) {
		if (geteuid() == pw->pw_uid)
			return ERR_OK;
		fprintf(stderr, "%s: user %s: only root can become another "
		    "user\n", cmd, user);
		return ERR_IO;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0 ||
	    setuid(0) == 0) {
		fprintf(stderr, "%s: cannot become %s: %s\n", cmd, user,
		    strerror(errno));
		return ERR_IO;
	}
	fprintf(stderr, "%s: running as %s\n", cmd, user);
	return ERR_OK;
}
