/*
 * pdf_cmap.h — the character maps of the report fonts: each face's glyph
 * and width of every code (once per process), the /ToUnicode CMap, and
 * the /CIDToGIDMap and /W a document needs.  Used by pdf.c and
 * pdf_font.c; nothing else needs it.
 */
#ifndef ANNEXA_PDF_CMAP_H
#define ANNEXA_PDF_CMAP_H

#include <stdint.h>

#include <hpdf.h>
#include <hpdf_objects.h>

#include "buf.h"

#include "errcode.h"

/*
 * Writes into out the /ToUnicode CMap of a face: every code to the same
 * code point.  The same for every face and document.
 */
enum err	pdf_cmap_tounicode(struct buf *out);

/*
 * Adds to cid, the CIDFontType2 dictionary of face def in a document
 * whose objects xref holds, a /CIDToGIDMap and /W for the characters the
 * document shows, glyphs being pdf_cmap_glyphs() of the face.  "Shows"
 * is libharu's own record of the glyphs used with the face, the record
 * its subset embedding goes by.  Call it once, after the last text of
 * the document.  The output depends only on what the document shows.
 * ERR_INTERNAL when def is not an embedded TrueType face, ERR_NOMEM when
 * memory runs out.
 */
enum err	pdf_cmap_trim(HPDF_Dict cid, HPDF_Xref xref, HPDF_FontDef def,
		    const HPDF_UINT16 *glyphs);

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

#endif
