/*
 * pdf_font.c — the font objects of one embedded face in one document
 * (see pdf_font.h).
 */
#include "config.h"

#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>

#include "buf.h"
#include "errcode.h"
#include "pdf_cmap.h"
#include "pdf_font.h"
#include "pdf_stream.h"

void
pdf_font_subset_init(struct pdf_font_subset *k)
{
	buf_init(&k->flags, 0);
	buf_init(&k->z, 0);
	k->length1 = 0;
}

void
pdf_font_subset_free(struct pdf_font_subset *k)
{
	buf_free(&k->flags);
	buf_free(&k->z);
}

/* Whether def is a TrueType face libharu loaded for embedding. */
static HPDF_TTFontDefAttr
embedded_face(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr	 ta;

	if (def == NULL || def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (ta = (HPDF_TTFontDefAttr)def->attr) == NULL || !ta->embedding ||
	    ta->glyph_tbl.flgs == NULL)
		return NULL;
	return ta;
}

enum err
pdf_font_new(HPDF_Doc doc, HPDF_FontDef def, HPDF_Encoder enc,
    const struct buf *tounicode, struct pdf_font_objs *f)
{
	HPDF_TTFontDefAttr	 ta;
	HPDF_CMapEncoderAttr	 ea;
	HPDF_MMgr		 mm;
	HPDF_Dict		 tu, info;
	HPDF_Array		 desc, dw2;
	HPDF_STATUS		 ret = HPDF_OK;
	enum err		 e;

	memset(f, 0, sizeof(*f));
	if (doc == NULL || enc == NULL || enc->attr == NULL ||
	    enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE ||
	    (ta = embedded_face(def)) == NULL)
		return ERR_INTERNAL;
	ea = (HPDF_CMapEncoderAttr)enc->attr;
	mm = doc->mmgr;
	f->def = def;
	f->xref = doc->xref;
	/* The Type0 font: the encoding is the codes as CIDs. */
	if ((f->type0 = HPDF_Dict_New(mm)) == NULL ||
	    HPDF_Xref_Add(f->xref, f->type0) != HPDF_OK)
		return ERR_NOMEM;
	f->type0->header.obj_class |= HPDF_OSUBCLASS_FONT;
	ret |= HPDF_Dict_AddName(f->type0, "Type", "Font");
	ret |= HPDF_Dict_AddName(f->type0, "BaseFont", ta->base_font);
	ret |= HPDF_Dict_AddName(f->type0, "Subtype", "Type0");
	ret |= HPDF_Dict_AddName(f->type0, "Encoding", "Identity-H");
	if (ret != HPDF_OK || (tu = HPDF_DictStream_New(mm, f->xref)) == NULL)
		return ERR_NOMEM;
	if ((e = pdf_stream_set_deflated(tu, tounicode->data,
	    tounicode->len)) != ERR_OK)
		return e;
	ret |= HPDF_Dict_Add(f->type0, "ToUnicode", tu);
	if (ret != HPDF_OK || (desc = HPDF_Array_New(mm)) == NULL ||
	    HPDF_Dict_Add(f->type0, "DescendantFonts", desc) != HPDF_OK)
		return ERR_NOMEM;

	/* Its CIDFontType2: glyphs by CIDToGIDMap, widths by /W. */
	if ((f->cid = HPDF_Dict_New(mm)) == NULL ||
	    HPDF_Xref_Add(f->xref, f->cid) != HPDF_OK ||
	    HPDF_Array_Add(desc, f->cid) != HPDF_OK)
		return ERR_NOMEM;
	ret |= HPDF_Dict_AddName(f->cid, "Type", "Font");
	ret |= HPDF_Dict_AddName(f->cid, "Subtype", "CIDFontType2");
	ret |= HPDF_Dict_AddName(f->cid, "BaseFont", ta->base_font);
	ret |= HPDF_Dict_AddNumber(f->cid, "DW", def->missing_width);
	if (ret != HPDF_OK || (dw2 = HPDF_Array_New(mm)) == NULL ||
	    HPDF_Dict_Add(f->cid, "DW2", dw2) != HPDF_OK)
		return ERR_NOMEM;
	ret |= HPDF_Array_AddNumber(dw2, (HPDF_INT32)def->font_bbox.bottom);
	ret |= HPDF_Array_AddNumber(dw2, (HPDF_INT32)(def->font_bbox.bottom -
	    def->font_bbox.top));
	if (ret != HPDF_OK || (info = HPDF_Dict_New(mm)) == NULL ||
	    HPDF_Dict_Add(f->cid, "CIDSystemInfo", info) != HPDF_OK)
		return ERR_NOMEM;
	ret |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm,
	    ea->registry, NULL));
	ret |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm,
	    ea->ordering, NULL));
	ret |= HPDF_Dict_AddNumber(info, "Supplement", ea->suppliment);
	return ret == HPDF_OK ? ERR_OK : ERR_NOMEM;
}

/*
 * The face's font descriptor, with file (the FontFile2 stream, length1
 * bytes whole), as libharu describes an embedded TrueType face.
 */
static enum err
descriptor(struct pdf_font_objs *f, HPDF_Dict file, HPDF_UINT length1)
{
	HPDF_TTFontDefAttr	 ta = (HPDF_TTFontDefAttr)f->def->attr;
	HPDF_FontDef		 def = f->def;
	HPDF_MMgr		 mm = f->cid->mmgr;
	HPDF_Dict		 d;
	HPDF_STATUS		 ret = HPDF_OK;

	if ((d = HPDF_Dict_New(mm)) == NULL ||
	    HPDF_Xref_Add(f->xref, d) != HPDF_OK)
		return ERR_NOMEM;
	ret |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)length1);
	ret |= HPDF_Dict_AddNumber(file, "Length2", 0);
	ret |= HPDF_Dict_AddNumber(file, "Length3", 0);
	ret |= HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	ret |= HPDF_Dict_AddName(d, "FontName", ta->base_font);
	ret |= HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
	ret |= HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(mm,
	    def->font_bbox));
	ret |= HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
	ret |= HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
	ret |= HPDF_Dict_AddNumber(d, "Descent", def->descent);
	ret |= HPDF_Dict_AddNumber(d, "XHeight", def->x_height);
	ret |= HPDF_Dict_AddNumber(d, "StemV", def->stemv);
	ret |= HPDF_Dict_Add(d, "FontFile2", file);
	ret |= HPDF_Dict_Add(f->cid, "FontDescriptor", d);
	return ret == HPDF_OK ? ERR_OK : ERR_NOMEM;
}

enum err
pdf_font_finish(struct pdf_font_objs *f, const HPDF_UINT16 *glyphs,
    struct pdf_font_subset *kept, struct pdf_deflater *d,
    struct buf *scratch)
{
	HPDF_TTFontDefAttr	 ta;
	HPDF_Dict		 file;
	enum err		 e;

	if (f->cid == NULL || (ta = embedded_face(f->def)) == NULL)
		return ERR_INTERNAL;
	if ((e = pdf_cmap_trim(f->cid, f->xref, f->def, glyphs)) != ERR_OK)
		return e;
	if ((file = HPDF_DictStream_New(f->cid->mmgr, f->xref)) == NULL)
		return ERR_NOMEM;
	/* The subset depends only on the glyphs shown. */
	if (kept->z.len == 0 || kept->flags.len != ta->num_glyphs ||
	    memcmp(kept->flags.data, ta->glyph_tbl.flgs, ta->num_glyphs) !=
	    0) {
		buf_reset(&kept->flags);
		buf_reset(&kept->z);
		if (HPDF_TTFontDef_SaveFontData(f->def, file->stream) != HPDF_OK)
			return ERR_INTERNAL;
		if ((e = pdf_stream_bytes(file, scratch)) != ERR_OK ||
		    (e = pdf_deflate(d, scratch->data, scratch->len,
		    &kept->z)) != ERR_OK) {
			buf_reset(&kept->z);
			return e;
		}
		buf_append(&kept->flags, ta->glyph_tbl.flgs, ta->num_glyphs);
		kept->length1 = ta->length1;
		if (buf_failed(&kept->flags)) {
			buf_reset(&kept->flags);
			buf_reset(&kept->z);
			return ERR_NOMEM;
		}
	}
	if ((e = pdf_stream_set_deflated(file, kept->z.data, kept->z.len)) !=
	    ERR_OK)
		return e;
	return descriptor(f, file, kept->length1);
}
