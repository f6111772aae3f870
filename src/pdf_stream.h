/*
 * pdf_stream.h — streams of a libharu document that annexa compresses
 * itself.  libharu deflates every stream at zlib's default level when it
 * saves, with no way to choose the level or to keep a stream compressed
 * once (an embedded font subset is the same for every document that
 * shows the same glyphs); for a report that was a third of its time.
 * These take a stream's bytes, deflate them here, and have libharu write
 * the result as it is, with the /Filter /FlateDecode it would have
 * written.  Used by pdf.c; nothing else needs it.
 */
#ifndef ANNEXA_PDF_STREAM_H
#define ANNEXA_PDF_STREAM_H

#include <stddef.h>

#include <hpdf.h>
#include <zlib.h>

#include "buf.h"
#include "errcode.h"

/*
 * A deflater kept for many streams (zlib's tables are set up once).
 * level: zlib's 1 (fastest) to 9 (smallest).
 */
struct pdf_deflater {
	z_stream	 z;
	int		 level;
	bool		 ready;
};

enum err	pdf_deflater_init(struct pdf_deflater *, int level);
void		pdf_deflater_free(struct pdf_deflater *);

/* Deflates n bytes of in into out (replacing what out holds). */
enum err	pdf_deflate(struct pdf_deflater *, const void *in, size_t n,
		    struct buf *out);

/*
 * Makes dict, a stream dictionary of libharu, hold the n bytes z of
 * deflated data and be written with them as they are and /Filter
 * /FlateDecode.  ERR_NOMEM when libharu runs out of memory.
 */
enum err	pdf_stream_set_deflated(HPDF_Dict dict, const void *z, size_t n);

/* Copies the bytes dict's stream holds now into out (replacing them). */
enum err	pdf_stream_bytes(HPDF_Dict dict, struct buf *out);

/* Appends the bytes of s, a libharu memory stream, to out. */
enum err	pdf_stream_append(HPDF_Stream s, struct buf *out);

#endif
