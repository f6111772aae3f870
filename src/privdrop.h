/*
 * privdrop.h — becoming the service user (configuration key `user`) once
 * what only root may read (the signing key) has been read: `annexa serve`
 * and `annexa schedule run` both start as root under systemd for that.
 */
#ifndef ANNEXA_PRIVDROP_H
#define ANNEXA_PRIVDROP_H

#include "errcode.h"

/*
 * Makes the process user (its groups, gid and uid) for good: a return to
 * root must fail.  Nothing to do when user is NULL or the process already
 * runs as user; ERR_IO, after a message on stderr naming cmd, when user
 * does not exist, when only root could become it, or when a step fails.
 * Call it before any thread starts.
 */
enum err	privdrop_become(const char *cmd, const char *user);

#endif
