/*
 * curlinit.h — libcurl's process-wide initialisation, made the first
 * time something is about to be sent (an e-mail through the relay, a
 * webhook) and never in a process that sends nothing.
 *
 * libcurl's global state belongs to the whole process, so this module
 * keeps one process-wide flag beside it: curl_global_init() runs at most
 * once (pthread_once, so any thread may be the first to send), and
 * curl_global_cleanup() only when it did run.
 */
#ifndef ANNEXA_CURLINIT_H
#define ANNEXA_CURLINIT_H

#include "errcode.h"

/*
 * Initialises libcurl on the first call of the process; later calls
 * return the first call's outcome.  ERR_IO when libcurl cannot start
 * (a later call does not try again) or after curlinit_cleanup().  Safe
 * to call from any thread.
 */
enum err	curlinit_start(void);
/*
 * Releases libcurl's global state if curlinit_start() initialised it;
 * nothing otherwise.  Call once, at the end of the process's work, when
 * no other thread uses libcurl; nothing may be sent afterwards.
 */
void		curlinit_cleanup(void);

#endif
