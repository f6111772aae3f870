/*
 * pdf_cmap.h — replaces the /ToUnicode CMap libharu gives a UTF-8 Type0
 * font (an encoding CMap, which readers reject) with one that maps each
 * code to its Unicode code point, so that text copies and searches right.
 * It also trims the font's character-to-glyph map and widths to what a
 * document uses (pdf_cmap_trim).  Used by pdf.c; nothing else needs it.
 */
#ifndef ANNEXA_PDF_CMAP_H
#define ANNEXA_PDF_CMAP_H

#include <stdint.h>

#include <hpdf.h>

#include "errcode.h"

/*
 * Rewrites the /ToUnicode stream of font, a font HPDF_GetFont() returned
 * for the "UTF-8" encoder.  ERR_INTERNAL when the font has no such stream
 * (another libharu), ERR_NOMEM when memory runs out.
 */
enum err	pdf_cmap_fix_tounicode(HPDF_Font font);

/*
 * Writes font's /CIDToGIDMap and /W for the characters the document
 * uses, glyphs being pdf_cmap_glyphs() of its face.  libharu gives every UTF-8 font a map of all 65,535 codes
 * (128 KiB to compress) and a width for each of them (about 14 KiB of
 * numbers) in every document; a report uses a few hundred.  "Used" is
 * libharu's own record of the glyphs measured or shown with the font,
 * the same record its subset embedding goes by, so whoever draws the
 * text (this layer or a chart) is covered.  Call it once, after the last
 * text of the document and before saving it.  The output depends only
 * on what the document shows.  ERR_INTERNAL when the font is not one
 * libharu made for an embedded TrueType face, ERR_NOMEM when memory
 * runs out.
 */
enum err	pdf_cmap_trim(HPDF_Font font, const HPDF_UINT16 *glyphs);

/* Codes of a UTF-8 font: 16 bits. */
#define PDF_CMAP_CODES	65536

/*
 * The glyph of each of the PDF_CMAP_CODES codes in the TrueType face
 * loaded as font_name into doc, in an array the caller frees; NULL when
 * the face is not there or memory runs out.  Computed once per loaded
 * face: it is what libharu works out anew for every document.
 */
HPDF_UINT16	*pdf_cmap_glyphs(HPDF_Doc doc, const char *font_name);

/*
 * The width of each of the PDF_CMAP_CODES codes of the face, in
 * thousandths of an em, as HPDF_TTFontDef_GetCharWidth() gives it, from
 * its glyphs (pdf_cmap_glyphs()), in an array the caller frees; NULL as
 * pdf_cmap_glyphs().  Unlike libharu's, looking a width up here does
 * not put the glyph into the document's subset.
 */
int16_t		*pdf_cmap_widths(HPDF_Doc doc, const char *font_name,
		    const HPDF_UINT16 *glyphs);

/*
 * HPDF_GetFont(doc, font_name, "UTF-8") without libharu's per-document
 * pass over all 65,535 codes of the face: the font gets an empty map and
 * no widths, which pdf_cmap_trim() then writes from glyphs for what the
 * document uses.  A font from it must go through pdf_cmap_trim() before
 * the document is saved.  NULL as HPDF_GetFont.
 */
HPDF_Font	 pdf_cmap_get_font(HPDF_Doc doc, const char *font_name);

#endif
