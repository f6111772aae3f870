/*
 * pdf_image.h — an RGB image XObject whose stream annexa compresses
 * itself (zlib's fastest level behind a PNG "Up" predictor), for the
 * chart images reports embed.  Used by pdf.c; nothing else needs it.
 */
#ifndef ANNEXA_PDF_IMAGE_H
#define ANNEXA_PDF_IMAGE_H

#include <hpdf.h>

#include "errcode.h"

/*
 * Adds to doc an 8-bit DeviceRGB image of w x h pixels from rgb (rows top
 * to bottom, 3 bytes a pixel, no padding) and stores it in *img, ready for
 * HPDF_Page_DrawImage().  The pixels are copied; rgb may be freed after.
 * ERR_INVALID for a size outside 1..PDF_IMAGE_DIM_MAX (pdf.h), ERR_NOMEM when memory runs out (libharu's
 * error handler may also have been called then).
 */
enum err	pdf_image_flate(HPDF_Doc doc, const unsigned char *rgb, int w,
		    int h, HPDF_Image *img);

#endif
