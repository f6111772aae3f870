/*
 * libFuzzer target for pdfverify(): any bytes must give a verdict, never a
 * crash, an overread, a leak or an OpenSSL error left on the queue.  Seeds
 * are in tests/fuzz/corpus/verify/ (one of them signed).
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang && make
 *   tests/fuzz/fuzz_verify -max_len=65536 tests/fuzz/corpus/verify
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "pdfverify.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdfverify_result	r;
	enum err		e;

	e = pdfverify(data, size, &r);
	if (e != ERR_OK && e != ERR_TOO_LARGE && e != ERR_NOMEM)
		abort();
	/* The verdict is consistent and every string is terminated. */
	if (r.signature_valid && !r.has_signature)
		abort();
	if (r.covers_whole_file && !r.has_signature)
		abort();
	if (!r.signature_valid && r.reason[0] == '\0')
		abort();
	if (strnlen(r.reason, sizeof(r.reason)) == sizeof(r.reason) ||
	    strnlen(r.signer_cn, sizeof(r.signer_cn)) == sizeof(r.signer_cn) ||
	    strnlen(r.signer_org, sizeof(r.signer_org)) ==
	    sizeof(r.signer_org) ||
	    strnlen(r.signing_time, sizeof(r.signing_time)) ==
	    sizeof(r.signing_time) ||
	    (e == ERR_OK && strlen(r.file_sha256) != 64))
		abort();
	if (ERR_peek_error() != 0)
		abort();
	return 0;
}
