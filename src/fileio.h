/*
 * fileio.h — whole-file reads with a size cap, for the command line.
 */
#ifndef ANNEXA_FILEIO_H
#define ANNEXA_FILEIO_H

#include <stddef.h>

#include "errcode.h"

/*
 * Reads at most max bytes of path into a new NUL-terminated buffer the
 * caller frees.  ERR_TOO_LARGE when the file is longer, ERR_IO when it
 * cannot be read; msg says which.
 */
enum err	fileio_read(const char *path, size_t max, char **data,
		    size_t *len, char *msg, size_t msgsz);

#endif
