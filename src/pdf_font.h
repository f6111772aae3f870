/*
 * pdf_font.h — the font objects of one embedded DejaVu face in one
 * document, made by annexa rather than by libharu's HPDF_GetFont().
 *
 * libharu makes a UTF-8 font by looking up all 65,536 codes of the face
 * twice and writing a map of all of them, for every document (about a
 * millisecond a face), and makes the embedded subset by reading the font
 * file again each time.  Text here never goes through libharu's fonts
 * (pdf.c measures with pdf_cmap's tables and writes the text itself), so
 * the objects are made directly: a Type0 font with the Identity-H
 * encoding and a /ToUnicode CMap, its CIDFontType2 with the widths, map
 * and descriptor of the glyphs shown, and the subset, deflated here and
 * kept for the next document that shows the same glyphs.  libharu still
 * parses the face (once per process), makes a subset when one is needed,
 * and writes the objects.  Used by pdf.c only.
 */
#ifndef ANNEXA_PDF_FONT_H
#define ANNEXA_PDF_FONT_H

#include <hpdf.h>
#include <hpdf_objects.h>

#include "buf.h"
#include "errcode.h"
#include "pdf_stream.h"

/* A face's objects in the document being built. */
struct pdf_font_objs {
	HPDF_Dict	 type0;		/* what a page's resources name */
	HPDF_Dict	 cid;		/* its descendant CIDFontType2 */
	HPDF_FontDef	 def;
	HPDF_Xref	 xref;
};

/*
 * A face's subset as last embedded: the glyphs it holds (libharu's
 * flags), deflated, and its length whole; kept from one document to the
 * next by the caller.
 */
struct pdf_font_subset {
	struct buf	 flags;
	struct buf	 z;
	HPDF_UINT	 length1;
};

void	pdf_font_subset_init(struct pdf_font_subset *);
void	pdf_font_subset_free(struct pdf_font_subset *);

/*
 * Makes face def's font objects in doc (whose encoder enc names the
 * character collection), with tounicode, the /ToUnicode CMap already
 * deflated (pdf_cmap_tounicode()).  ERR_NOMEM when libharu runs out of
 * memory, ERR_INTERNAL when def is not an embedded TrueType face.
 */
enum err	pdf_font_new(HPDF_Doc doc, HPDF_FontDef def, HPDF_Encoder enc,
		    const struct buf *tounicode, struct pdf_font_objs *f);

/*
 * Completes f after the document's last text: the /W and /CIDToGIDMap of
 * the glyphs shown (glyphs: pdf_cmap_glyphs() of the face) and the font
 * descriptor with the embedded subset, taken from kept when it holds the
 * same glyphs, else made by libharu and deflated with d into kept.
 * scratch is working memory.
 */
enum err	pdf_font_finish(struct pdf_font_objs *f, const HPDF_UINT16 *glyphs,
		    struct pdf_font_subset *kept, struct pdf_deflater *d,
		    struct buf *scratch);

#endif
