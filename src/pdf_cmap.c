/*
 * pdf_cmap.c — the character maps of the report fonts (see pdf_cmap.h):
 * each face's glyph and width of every code, computed once per process,
 * the /ToUnicode CMap, and the /CIDToGIDMap and /W of what a document
 * shows.
 *
 * With the UTF-8 encoder, each character is written as its two-byte
 * UTF-16 code unit (U+2014 is <2014>); the /ToUnicode CMap maps every
 * code to the same code point, so that text copies and searches right
 * (libharu's own is a copy of its Identity-H encoding CMap, which maps
 * every code to CID 0: poppler warns and guesses).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "buf.h"
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

enum err
pdf_cmap_tounicode(struct buf *out)
{
	unsigned	 hi, n, i;

	buf_reset(out);
	buf_puts(out, cmap_head);
	for (hi = CMAP_HIGH_FIRST; hi <= CMAP_HIGH_LAST; hi += n) {
		n = CMAP_HIGH_LAST - hi + 1;
		if (n > CMAP_BLOCK)
			n = CMAP_BLOCK;
		buf_printf(out, "%u beginbfrange\n", n);
		for (i = hi; i < hi + n; i++)
			buf_printf(out, "<%02X00> <%02XFF> <%02X00>\n", i, i, i);
		buf_puts(out, "endbfrange\n");
	}
	buf_puts(out, cmap_tail);
	return buf_failed(out) ? ERR_NOMEM : ERR_OK;
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
cmap_widths(HPDF_MMgr mm, HPDF_FontDef def, const HPDF_BYTE *map,
    HPDF_UINT ncodes)
{
	HPDF_Array	 w, run = NULL;
	HPDF_UINT	 c, prev = 0;
	HPDF_UINT16	 gid;
	HPDF_INT16	 width;

	if ((w = HPDF_Array_New(mm)) == NULL)
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
			    (run = HPDF_Array_New(mm)) == NULL ||
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
pdf_cmap_trim(HPDF_Dict cid, HPDF_Xref xref, HPDF_FontDef def,
    const HPDF_UINT16 *glyphs)
{
	HPDF_TTFontDefAttr	 ta;
	HPDF_Dict		 map_stream;
	HPDF_Array		 w;
	HPDF_BYTE		*map = NULL;
	HPDF_UINT		 c, keep;
	enum err		 e = ERR_NOMEM;

	if (cid == NULL || xref == NULL || def == NULL || glyphs == NULL ||
	    def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    (ta = (HPDF_TTFontDefAttr)def->attr) == NULL ||
	    ta->glyph_tbl.flgs == NULL)
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
	if ((map_stream = HPDF_DictStream_New(cid->mmgr, xref)) == NULL)
		goto out;
	map_stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (HPDF_Stream_Write(map_stream->stream, map, 2 * keep) != HPDF_OK ||
	    HPDF_Dict_Add(cid, "CIDToGIDMap", map_stream) != HPDF_OK ||
	    (w = cmap_widths(cid->mmgr, def, map, keep)) == NULL ||
	    HPDF_Dict_Add(cid, "W", w) != HPDF_OK)
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
