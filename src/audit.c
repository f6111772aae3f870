#include "config.h"

#include <stdio.h>

#include "audit.h"
#include "db.h"

enum err
audit_write(struct db *db, const struct principal *who, const char *org,
    const char *action, const char *detail)
{
	const char	*params[7];
	char		 tok[24], sid[24];

	params[0] = NULL;
	params[4] = NULL;
	params[5] = NULL;
	params[6] = NULL;
	if (who != NULL && who->token_id > 0) {
		snprintf(tok, sizeof(tok), "%lld", who->token_id);
		params[0] = tok;
	}
	if (who != NULL && who->session_id > 0) {
		snprintf(sid, sizeof(sid), "%lld", who->session_id);
		params[4] = sid;
	}
	if (who != NULL && who->person_name[0] != '\0')
		params[5] = who->person_name;
	if (who != NULL && who->person_email[0] != '\0')
		params[6] = who->person_email;
	params[1] = org != NULL ? org : who != NULL && who->org[0] != '\0' ?
	    who->org : NULL;
	params[2] = action;
	params[3] = detail;
	return db_run(db, STMT_AUDIT_INSERT, params);
}
