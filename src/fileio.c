#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

enum err
fileio_read(const char *path, size_t max, char **data, size_t *len,
    char *msg, size_t msgsz)
{
	FILE	*f;
	char	*d;
	size_t	 n;

	*data = NULL;
	*len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(msg, msgsz, "%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	if ((d = malloc(max + 1)) == NULL) {
		fclose(f);
		snprintf(msg, msgsz, "%s: out of memory", path);
		return ERR_NOMEM;
	}
	n = fread(d, 1, max + 1, f);
	if (ferror(f)) {
		snprintf(msg, msgsz, "%s: %s", path, strerror(errno));
		fclose(f);
		free(d);
		return ERR_IO;
	}
	fclose(f);
	if (n > max) {
		snprintf(msg, msgsz, "%s: larger than %zu bytes", path, max);
		free(d);
		return ERR_TOO_LARGE;
	}
	d[n] = '\0';
	*data = d;
	*len = n;
	return ERR_OK;
}
