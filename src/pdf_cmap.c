/*
 * pdf_cmap.c — a correct /ToUnicode CMap for libharu's UTF-8 fonts (see
 * pdf_cmap.h).
 *
 * With the UTF-8 encoder, libharu writes each character as its two-byte
 * UTF-16 code unit (U+2014 is <2014>), which is right, but gives the font
 * a /ToUnicode stream that is a copy of its Identity-H encoding CMap: a
 * "cidrange" that maps every code to CID 0.  poppler warns ("Invalid
 * 'begincidrange' operator in ToUnicode CMap") twice a page and guesses;
 * other readers may copy or search text wrongly.  This file rewrites that
 * stream as what it should be: every code maps to the same code point.
 *
 * The same fonts carry a /CIDToGIDMap of every 16-bit code and a /W
 * width for nearly every one of them, built anew for each document;
 * pdf_cmap_trim() keeps the entries of the glyphs the document uses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "errcode.h"
#include "pdf_cmap.h"

/* The first and last high byte of the codes libharu's UTF-8 encoder
 * produces (its code space stops at U+CFFF). */
#define CMAP_HIGH_FIRST	0x00
#define CMAP_HIGH_LAST	0xCF
/* bfrange entries per block: the CMap convention's limit. */
#define CMAP_BLOCK	100

static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n"
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char cmap_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* Writes the CMap: one bfrange per high byte, code to the same value. */
static HPDF_STATUS
cmap_write(HPDF_Stream s)
{
	char		 line[64];
	unsigned	 hi, n, i;
	HPDF_STATUS	 st;

	if ((st = HPDF_Stream_WriteStr(s, cmap_head)) != HPDF_OK)
		return st;
	for (hi = CMAP_HIGH_FIRST; hi <= CMAP_HIGH_LAST; hi += n) {
		n = CMAP_HIGH_LAST - hi + 1;
		if (n > CMAP_BLOCK)
			n = CMAP_BLOCK;
		snprintf(line, sizeof(line), "%u beginbfrange\n", n);
		if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
			return st;
		for (i = hi; i < hi + n; i++) {
			snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n",
			    i, i, i);
			if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
				return st;
		}
		if ((st = HPDF_Stream_WriteStr(s, "endbfrange\n")) != HPDF_OK)
			return st;
	}
	return HPDF_Stream_WriteStr(s, cmap_tail);
}

enum err
pdf_cmap_fix_tounicode(HPDF_Font font)
{
	HPDF_Dict	 tu;

	if (font == NULL)
		return ERR_INVALID;
	tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL || tu->stream == NULL)
		return ERR_INTERNAL;
	HPDF_MemStream_FreeData(tu->stream);
	return cmap_write(tu->stream) == HPDF_OK ? ERR_OK : ERR_NOMEM;
}

#define CMAP_CODES	PDF_CMAP_CODES

/* Whether the document measured or drew glyph gid with the font. */
static int
cmap_glyph_used(const HPDF_TTFontDefAttr ta, HPDF_UINT16 gid)
{
	return gid != 0 && gid < ta->num_glyphs && ta->glyph_tbl.flgs[gid] != 0;
}

/*
 * Builds the /W array of the codes map keeps (2 bytes, big-endian, a
 * code): runs "first [w w ...]" of consecutive kept codes whose width is
 * not the default.  The array belongs to the font's memory manager; NULL
 * when memory runs out.
 */
static HPDF_Array
cmap_widths(HPDF_Font font, HPDF_FontDef def, const HPDF_BYTE *map,
    HPDF_UINT ncodes)
{
	HPDF_Array	 w, run = NULL;
	HPDF_UINT	 c, prev = 0;
	HPDF_UINT16	 gid;
	HPDF_INT16	 width;

	if ((w = HPDF_Array_New(font->mmgr)) == NULL)
		return NULL;
	for (c = 0; c < ncodes; c++) {
		gid = (HPDF_UINT16)(map[2 * c] << 8 | map[2 * c + 1]);
		if (gid == 0 || (width = HPDF_TTFontDef_GetGidWidth(def, gid)) ==
		    def->missing_width) {
			run = NULL;
			continue;
		}
		if (run == NULL || c != prev + 1) {
			if (HPDF_Array_AddNumber(w, (HPDF_INT32)c) != HPDF_OK ||
			    (run = HPDF_Array_New(font->mmgr)) == NULL ||
			    HPDF_Array_Add(w, run) != HPDF_OK)
				return NULL;
		}
		if (HPDF_Array_AddNumber(run, width) != HPDF_OK)
			return NULL;
		prev = c;
	}
	return w;
}

enum err
pdf_cmap_trim(HPDF_Font font, const HPDF_UINT16 *glyphs)
{
	HPDF_FontAttr		 fa;
	HPDF_TTFontDefAttr	 ta;
	HPDF_Array		 w;
	HPDF_BYTE		*map = NULL;
	HPDF_UINT		 c, keep;
	enum err		 e = ERR_NOMEM;

	if (font == NULL || glyphs == NULL ||
	    (fa = (HPDF_FontAttr)font->attr) == NULL ||
	    fa->type != HPDF_FONT_TYPE0_TT || fa->descendant_font == NULL ||
	    fa->fontdef == NULL ||
	    (ta = (HPDF_TTFontDefAttr)fa->fontdef->attr) == NULL ||
	    ta->glyph_tbl.flgs == NULL || !ta->embedding)
		return ERR_INTERNAL;
	/* pdf_cmap_get_font() leaves the map to be made here. */
	if (fa->map_stream == NULL) {
		if ((fa->map_stream = HPDF_DictStream_New(font->mmgr,
		    fa->xref)) == NULL ||
		    HPDF_Dict_Add(fa->descendant_font, "CIDToGIDMap",
		    fa->map_stream) != HPDF_OK)
			return ERR_NOMEM;
	}
	if (fa->map_stream->stream == NULL)
		return ERR_INTERNAL;
	if ((map = calloc(CMAP_CODES, 2)) == NULL)
		return ERR_NOMEM;
	/* Unused codes map to glyph 0; the map ends after the last used. */
	keep = 1;
	for (c = 0; c < CMAP_CODES - 1; c++)
		if (cmap_glyph_used(ta, glyphs[c])) {
			map[2 * c] = (HPDF_BYTE)(glyphs[c] >> 8);
			map[2 * c + 1] = (HPDF_BYTE)glyphs[c];
			keep = c + 1;
		}
	HPDF_MemStream_FreeData(fa->map_stream->stream);
	if (HPDF_Stream_Write(fa->map_stream->stream, map, 2 * keep) != HPDF_OK ||
	    (w = cmap_widths(font, fa->fontdef, map, keep)) == NULL)
		goto out;
	HPDF_Dict_RemoveElement(fa->descendant_font, "W");
	if (HPDF_Dict_Add(fa->descendant_font, "W", w) != HPDF_OK)
		goto out;
	e = ERR_OK;
out:
	free(map);
	return e;
}

/*
 * The glyph of code c in segment i of a format 4 character map, computed
 * as libharu's lookup computes it (an index past the glyph array gives
 * glyph 0; a glyph from the array is offset by the segment's delta too).
 */
static HPDF_UINT16
cmap_seg_glyph(const HPDF_TTF_CmapRange *m, HPDF_UINT i, HPDF_UINT nseg,
    HPDF_UINT c)
{
	HPDF_UINT	idx;

	if (m->start_count[i] > c)
		return 0;
	if (m->id_range_offset[i] == 0)
		return (HPDF_UINT16)(c + (HPDF_UINT)m->id_delta[i]);
	idx = m->id_range_offset[i] / 2 + (c - m->start_count[i]) - (nseg - i);
	if (idx >= m->glyph_id_array_count)
		return 0;
	return (HPDF_UINT16)(m->glyph_id_array[idx] + (HPDF_UINT)m->id_delta[i]);
}

/* True when the segments' last codes rise, as the format requires. */
static int
cmap_segs_sorted(const HPDF_TTF_CmapRange *m, HPDF_UINT nseg)
{
	HPDF_UINT	i;

	for (i = 1; i < nseg; i++)
		if (m->end_count[i] <= m->end_count[i - 1])
			return 0;
	return nseg > 0 && m->end_count[nseg - 1] == 0xFFFF;
}

HPDF_UINT16 *
pdf_cmap_glyphs(HPDF_Doc doc, const char *font_name)
{
	HPDF_FontDef		 def;
	HPDF_TTFontDefAttr	 ta;
	const HPDF_TTF_CmapRange *m;
	HPDF_UINT16		*g;
	HPDF_UINT		 c, i, nseg;

	if ((def = HPDF_GetFontDef(doc, font_name)) == NULL ||
	    def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (ta = (HPDF_TTFontDefAttr)def->attr) == NULL ||
	    (g = calloc(CMAP_CODES, sizeof(*g))) == NULL)
		return NULL;
	m = &ta->cmap;
	nseg = m->seg_count_x2 / 2;
	/* The last code is left at 0, as libharu leaves it. */
	if (m->format != 4 || !cmap_segs_sorted(m, nseg)) {
		for (c = 0; c < CMAP_CODES - 1; c++)
			g[c] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
		return g;
	}
	/*
	 * One pass over the codes and the segments together: libharu's
	 * lookup searches the segments from the first for every code, some
	 * 35 million steps a face at every process start.
	 */
	for (c = 0, i = 0; c < CMAP_CODES - 1; c++) {
		while (c > m->end_count[i])
			i++;
		g[c] = cmap_seg_glyph(m, i, nseg, c);
	}
	return g;
}

int16_t *
pdf_cmap_widths(HPDF_Doc doc, const char *font_name,
    const HPDF_UINT16 *glyphs)
{
	HPDF_FontDef		 def;
	HPDF_TTFontDefAttr	 ta;
	int16_t			*w;
	HPDF_UINT		 c, gid;

	if (glyphs == NULL || (def = HPDF_GetFontDef(doc, font_name)) == NULL ||
	    def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (ta = (HPDF_TTFontDefAttr)def->attr) == NULL ||
	    ta->h_metric == NULL || ta->header.units_per_em == 0)
		return NULL;
	if ((w = calloc(CMAP_CODES, sizeof(*w))) == NULL)
		return NULL;
	for (c = 0; c < CMAP_CODES; c++) {
		gid = glyphs[c];
		w[c] = gid >= ta->num_glyphs ? def->missing_width :
		    (int16_t)(HPDF_UINT16)((HPDF_UINT)ta->h_metric[gid].
		    advance_width * 1000 / ta->header.units_per_em);
	}
	return w;
}

HPDF_Font
pdf_cmap_get_font(HPDF_Doc doc, const char *font_name)
{
	/* One segment, the closing 0xFFFF: every code has glyph 0. */
	static HPDF_UINT16	 none_end[1] = { 0xFFFF };
	static HPDF_UINT16	 none_start[1] = { 0xFFFF };
	static HPDF_INT16	 none_delta[1] = { 1 };
	static HPDF_UINT16	 none_range[1] = { 0 };
	HPDF_TTF_CmapRange	 saved;
	HPDF_TTFontDefAttr	 ta;
	HPDF_FontDef		 def;
	HPDF_Font		 font;
	HPDF_BOOL		 embedding;

	if ((def = HPDF_GetFontDef(doc, font_name)) == NULL ||
	    def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (ta = (HPDF_TTFontDefAttr)def->attr) == NULL ||
	    ta->cmap.format != 4)
		return HPDF_GetFont(doc, font_name, "UTF-8");
	/*
	 * libharu builds the font's code-to-glyph map and widths by looking
	 * up every code in the face's character map, a linear search each:
	 * about 2.5 ms a face and document.  With the lookups pointed at a
	 * map of no characters, the map comes out empty and all widths are
	 * the default, so no /W is made; the real character map is back
	 * before anything else runs.  The lookups read the same fields in
	 * libharu 2.3 and 2.4.
	 */
	saved = ta->cmap;
	ta->cmap.seg_count_x2 = 2;
	ta->cmap.end_count = none_end;
	ta->cmap.start_count = none_start;
	ta->cmap.id_delta = none_delta;
	ta->cmap.id_range_offset = none_range;
	/*
	 * Not embedding for the moment, it makes no /CIDToGIDMap either (a
	 * 128 KiB stream of zeros written a byte at a time);
	 * pdf_cmap_trim() makes the one the document needs.
	 */
	embedding = ta->embedding;
	ta->embedding = HPDF_FALSE;
	font = HPDF_GetFont(doc, font_name, "UTF-8");
	ta->embedding = embedding;
	ta->cmap = saved;
	return font;
}
