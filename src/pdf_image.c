/*
 * pdf_image.c — RGB image XObjects compressed by annexa, not by libharu
 * (see pdf_image.h).
 *
 * libharu deflates image streams itself, at zlib's default level, after
 * copying the raw pixels into its memory stream byte by byte.  A report's
 * four charts at twice their size are about 5 MB of pixels, and that copy
 * and compression were a fifth of a management review's time.  Charts are
 * flat colour with anti-aliased edges, so a PNG "Up" predictor turns most
 * rows into zeros and zlib's fastest level then compresses them better
 * and several times faster than the default level does the raw pixels.
 *
 * libharu has no public call for a stream that is already compressed, so
 * this file builds the image dictionary with libharu's own object calls
 * (declared in the headers libhpdf-dev installs) and writes the /Filter
 * entry through the dictionary's write hook: libharu drops a /Filter item
 * from any stream whose filter it does not apply itself.  Those calls and
 * the document record are libharu 2.3's; configure checks they exist.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "errcode.h"
#include "pdf.h"
#include "pdf_image.h"

/* Writes the filter entry libharu would otherwise remove. */
static HPDF_STATUS
pdf_image_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * Deflates rgb (w x h pixels, 3 bytes each) with a PNG Up predictor into
 * a new buffer; *zlen gets its length.  NULL when memory runs out.
 */
static unsigned char *
pdf_image_deflate(const unsigned char *rgb, size_t w, size_t h,
    size_t *zlen)
{
	z_stream	 zs;
	unsigned char	*row, *out;
	size_t		 stride = w * 3, y, x, cap;
	int		 rc = Z_OK;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&zs, (uLong)((stride + 1) * h));
	row = malloc(stride + 1);
	out = malloc(cap);
	if (row == NULL || out == NULL)
		goto fail;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	for (y = 0; y < h && rc == Z_OK; y++) {
		const unsigned char *cur = rgb + y * stride;

		/* Filter type 2 ("Up"): each byte minus the one above it. */
		row[0] = 2;
		if (y == 0)
			memcpy(row + 1, cur, stride);
		else
			for (x = 0; x < stride; x++)
				row[1 + x] = (unsigned char)(cur[x] -
				    cur[x - stride]);
		zs.next_in = row;
		zs.avail_in = (uInt)(stride + 1);
		rc = deflate(&zs, y + 1 == h ? Z_FINISH : Z_NO_FLUSH);
		if (y + 1 < h && rc == Z_OK && zs.avail_in != 0)
			rc = Z_BUF_ERROR;
	}
	if (rc != Z_STREAM_END)
		goto fail;
	*zlen = zs.total_out;
	deflateEnd(&zs);
	free(row);
	return out;
fail:
	deflateEnd(&zs);
	free(row);
	free(out);
	return NULL;
}

/* Adds the /DecodeParms dictionary the predictor needs. */
static HPDF_STATUS
pdf_image_parms(HPDF_Dict img, int w)
{
	HPDF_Dict	 parms;
	HPDF_STATUS	 st = HPDF_OK;

	if ((parms = HPDF_Dict_New(img->mmgr)) == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	if (HPDF_Dict_Add(img, "DecodeParms", parms) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	st |= HPDF_Dict_AddNumber(parms, "Predictor", 12);
	st |= HPDF_Dict_AddNumber(parms, "Colors", 3);
	st |= HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
	st |= HPDF_Dict_AddNumber(parms, "Columns", w);
	return st;
}

enum err
pdf_image_flate(HPDF_Doc doc, const unsigned char *rgb, int w, int h,
    HPDF_Image *img_out)
{
	HPDF_Dict	 img;
	unsigned char	*z;
	size_t		 zlen;
	HPDF_STATUS	 st = HPDF_OK;

	*img_out = NULL;
	if (doc == NULL || rgb == NULL || w < 1 || h < 1 ||
	    w > PDF_IMAGE_DIM_MAX || h > PDF_IMAGE_DIM_MAX)
		return ERR_INVALID;
	if ((z = pdf_image_deflate(rgb, (size_t)w, (size_t)h, &zlen)) == NULL)
		return ERR_NOMEM;
	if (zlen > UINT_MAX ||
	    (img = HPDF_DictStream_New(doc->mmgr, doc->xref)) == NULL) {
		free(z);
		return ERR_NOMEM;
	}
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	img->write_fn = pdf_image_filter;
	st |= HPDF_Dict_AddName(img, "Type", "XObject");
	st |= HPDF_Dict_AddName(img, "Subtype", "Image");
	st |= HPDF_Dict_AddNumber(img, "Width", w);
	st |= HPDF_Dict_AddNumber(img, "Height", h);
	st |= HPDF_Dict_AddName(img, "ColorSpace", "DeviceRGB");
	st |= HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
	if (st == HPDF_OK)
		st = pdf_image_parms(img, w);
	if (st == HPDF_OK)
		st = HPDF_Stream_Write(img->stream, z, (HPDF_UINT)zlen);
	free(z);
	if (st != HPDF_OK)
		return ERR_NOMEM;
	*img_out = img;
	return ERR_OK;
}
