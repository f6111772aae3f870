/*
 * cmd_verify.c — `annexa verify FILE.pdf`: checks a report's signature
 * offline and, where this host is configured for it, says whether this
 * service signed it and which stored run produced it.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "fileio.h"
#include "model_report.h"
#include "pdfverify.h"
#include "pool.h"
#include "share.h"
#include "sign.h"

int
cmd_verify(struct conf *c, int argc, char **argv)
{
	struct pdfverify_result	 v;
	struct report_origin	 o;
	struct share_origin	 so;
	struct signer		*s;
	struct pool		*p = NULL;
	struct db		*db = NULL;
	char			*data, msg[512];
	size_t			 len;
	bool			 found = false, shared = false;
	enum err		 e;

	if (argc != 2)
		return cmd_usage_error("verify", "give one FILE.pdf");
	if ((e = fileio_read(argv[1], PDFVERIFY_MAX, &data, &len, msg,
	    sizeof(msg))) != ERR_OK) {
		fprintf(stderr, "annexa verify: %s\n", msg);
		return cmd_exit_for(e);
	}
	e = pdfverify((const unsigned char *)data, len, &v);
	free(data);
	if (e != ERR_OK) {
		fprintf(stderr, "annexa verify: %s\n", err_strerror(e));
		return EXIT_FAIL;
	}
	printf("file:              %s\n", argv[1]);
	printf("sha256:            %s\n", v.file_sha256);
	if (!v.has_signature) {
		printf("signature:         none (%s)\n", v.reason);
		return EXIT_FAIL;
	}
	printf("signature:         %s\n", v.signature_valid ? "valid" : "NOT VALID");
	printf("covers whole file: %s\n", v.covers_whole_file ? "yes" : "NO");
	if (v.reason[0] != '\0')
		printf("reason:            %s\n", v.reason);
	printf("signed by:         %s%s%s%s\n", v.signer_cn,
	    v.signer_org[0] != '\0' ? " (" : "", v.signer_org,
	    v.signer_org[0] != '\0' ? ")" : "");
	printf("certificate:       sha256 %s\n", v.cert_sha256);
	printf("signing time:      %s\n", v.signing_time);
	/*
	 * Whose key, and which run: when this host is configured for it.
	 * "Signed by this service" only for an intact signature over the
	 * whole file; this service's certificate on an altered file says so.
	 */
	if ((s = cmd_load_signer(c, false)) != NULL) {
		if (pdfverify_signed_by(&v, sign_fingerprint(s)))
			printf("this service:      yes, signed with its key\n");
		else if (strcmp(sign_fingerprint(s), v.cert_sha256) == 0)
			printf("this service:      no: its certificate, but %s\n",
			    v.reason[0] != '\0' ? v.reason : "not valid");
		else
			printf("this service:      no: another signer's key\n");
		sign_free(s);
	}
	if ((p = pool_new()) != NULL && (db = db_open(c->admin_database != NULL ?
	    c->admin_database : c->database, DB_DIRECT, &e)) != NULL &&
	    e == ERR_OK && model_report_origin(db, p, v.file_sha256, &o,
	    &found) == ERR_OK) {
		if (found)
			printf("report run:        %s (%s, %s, report id %s, as of "
			    "%s, generated %s)\n", o.run_id, o.org, o.kind,
			    o.report_id != NULL ? o.report_id : "-",
			    o.as_of != NULL ? o.as_of : "-", o.started_at);
		if (found && share_origin(db, p, o.run_id, &so, &shared) ==
		    ERR_OK && shared)
			printf("share link:        %s (ref %s), made for %s, %s "
			    "<%s>\ndownload:          %s at %s from %s\n",
			    so.share_id, so.ref, so.company, so.name, so.email,
			    so.access_id != NULL ? so.access_id : "-",
			    so.downloaded_at != NULL ? so.downloaded_at : "-",
			    so.client_addr != NULL ? so.client_addr : "-");
		if (!found)
			printf("report run:        not found in this database\n");
	}
	db_close(db);
	pool_free(p);
	return v.signature_valid && v.covers_whole_file ? EXIT_OK : EXIT_FAIL;
}
