/*
 * pdf_cmap.h — replaces the /ToUnicode CMap libharu gives a UTF-8 Type0
 * font (an encoding CMap, which readers reject) with one that maps each
 * code to its Unicode code point, so that text copies and searches right.
 * Used by pdf.c; nothing else needs it.
 */
#ifndef ANNEXA_PDF_CMAP_H
#define ANNEXA_PDF_CMAP_H

#include <hpdf.h>

#include "errcode.h"

/*
 * Rewrites the /ToUnicode stream of font, a font HPDF_GetFont() returned
 * for the "UTF-8" encoder.  ERR_INTERNAL when the font has no such stream
 * (another libharu), ERR_NOMEM when memory runs out.
 */
enum err	pdf_cmap_fix_tounicode(HPDF_Font font);

#endif
