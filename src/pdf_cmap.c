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
 */
#include "config.h"

#include <stdio.h>

#include <hpdf.h>
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
