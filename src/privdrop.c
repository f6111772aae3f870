/*
 * privdrop.c — becoming the service user (see privdrop.h).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "errcode.h"
#include "log.h"
#include "privdrop.h"

enum err
privdrop_become(const char *cmd, const char *user)
{
	struct passwd	*pw;

	if (user == NULL)
		return ERR_OK;
	if ((pw = getpwnam(user)) == NULL) {
		log_line("%s: user %s: no such user", cmd, user);
		return ERR_IO;
	}
	if (geteuid() != 0) {
		if (geteuid() == pw->pw_uid)
			return ERR_OK;
		log_line("%s: user %s: only root can become another "
		    "user", cmd, user);
		return ERR_IO;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0 ||
	    setuid(0) == 0) {
		log_line("%s: cannot become %s: %s", cmd, user,
		    strerror(errno));
		return ERR_IO;
	}
	log_line("%s: running as %s", cmd, user);
	return ERR_OK;
}
