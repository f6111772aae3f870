/*
 * pdf_stream.c — streams of a libharu document that annexa compresses
 * itself (see pdf_stream.h).
 *
 * How libharu 2.3 writes a stream dictionary (HPDF_Dict_Write): its
 * entries, then what the dictionary's write_fn adds, then the stream's
 * bytes, deflated on the way only when the dictionary's filter says so;
 * with no filter it drops any /Filter entry.  So a dictionary with no
 * filter, deflated bytes and a write_fn that adds /Filter /FlateDecode
 * comes out as libharu would have written it, compressed by us.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "buf.h"
#include "errcode.h"
#include "pdf_stream.h"

enum err
pdf_deflater_init(struct pdf_deflater *d, int level)
{
	memset(d, 0, sizeof(*d));
	if (level < 1 || level > 9)
		return ERR_INVALID;
	d->level = level;
	if (deflateInit(&d->z, level) != Z_OK)
		return ERR_NOMEM;
	d->ready = true;
	return ERR_OK;
}

void
pdf_deflater_free(struct pdf_deflater *d)
{
	if (d->ready)
		deflateEnd(&d->z);
	d->ready = false;
}

enum err
pdf_deflate(struct pdf_deflater *d, const void *in, size_t n, struct buf *out)
{
	uLong	 bound;
	int	 rc;

	buf_reset(out);
	if (!d->ready)
		return ERR_INVALID;
	if (n > UINT_MAX / 2)
		return ERR_TOO_LARGE;
	if (deflateReset(&d->z) != Z_OK)
		return ERR_INTERNAL;
	bound = deflateBound(&d->z, (uLong)n);
	/* Room for the whole result: one call, no copies. */
	if (!buf_reserve(out, (size_t)bound))
		return ERR_NOMEM;
	d->z.next_in = (Bytef *)(uintptr_t)in;
	d->z.avail_in = (uInt)n;
	d->z.next_out = (Bytef *)out->data;
	d->z.avail_out = (uInt)bound;
	rc = deflate(&d->z, Z_FINISH);
	if (rc != Z_STREAM_END)
		return ERR_INTERNAL;
	out->len = (size_t)bound - d->z.avail_out;
	out->data[out->len] = '\0';
	return ERR_OK;
}

/* The dictionary's part of a stream deflated here (see the top). */
static HPDF_STATUS
write_flate_filter(HPDF_Dict dict, HPDF_Stream s)
{
	(void)dict;
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

enum err
pdf_stream_set_deflated(HPDF_Dict dict, const void *z, size_t n)
{
	if (dict == NULL || dict->stream == NULL || n > UINT_MAX)
		return ERR_INVALID;
	HPDF_MemStream_FreeData(dict->stream);
	if (n > 0 && HPDF_Stream_Write(dict->stream, z, (HPDF_UINT)n) !=
	    HPDF_OK)
		return ERR_NOMEM;
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = write_flate_filter;
	return ERR_OK;
}

enum err
pdf_stream_append(HPDF_Stream s, struct buf *out)
{
	HPDF_BYTE	*b;
	HPDF_UINT	 i, n, len;

	if (s == NULL || s->type != HPDF_STREAM_MEMORY)
		return ERR_INVALID;
	/* The buffers as they are, rather than libharu's byte-wise reads. */
	n = HPDF_MemStream_GetBufCount(s);
	if (!buf_reserve(out, s->size))
		return ERR_NOMEM;
	for (i = 0; i < n; i++) {
		if ((b = HPDF_MemStream_GetBufPtr(s, i, &len)) == NULL)
			return ERR_INTERNAL;
		buf_append(out, b, len);
	}
	return buf_failed(out) ? ERR_NOMEM : ERR_OK;
}

enum err
pdf_stream_bytes(HPDF_Dict dict, struct buf *out)
{
	buf_reset(out);
	if (dict == NULL)
		return ERR_INVALID;
	return pdf_stream_append(dict->stream, out);
}
