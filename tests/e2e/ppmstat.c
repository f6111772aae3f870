/*
 * ppmstat — pixel facts about a page image, for the report tests.
 *
 *   ppmstat FILE.ppm
 *
 * Reads a binary PPM (P6, 8-bit, as pdftoppm writes) and prints, on one
 * line: width, height, the share of ink pixels (any channel below 200)
 * in the whole page, the ink pixels in the left and right margin bands
 * (the outer 5 % of the width: text clipped at a margin leaves ink
 * there), and the coloured pixels (channels at least 60 apart: charts
 * and status fills, never black text).  Exit 1 when the file is not a
 * PPM this reads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the next header number, skipping white space and comments. */
static int
header_int(FILE *f, long *v)
{
	int	c;

	while ((c = fgetc(f)) != EOF) {
		if (c == '#') {
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
	}
	if (c < '0' || c > '9')
		return -1;
	*v = 0;
	while (c >= '0' && c <= '9') {
		*v = *v * 10 + (c - '0');
		if (*v > 100000)
			return -1;
		c = fgetc(f);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	FILE		*f;
	char		 magic[3] = "";
	long		 w, h, max, x, y;
	unsigned char	*row;
	long		 ink = 0, left = 0, right = 0, colour = 0, band;
	int		 lo, hi, k;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL)
		return 1;
	if (fread(magic, 1, 2, f) != 2 || strcmp(magic, "P6") != 0 ||
	    header_int(f, &w) != 0 || header_int(f, &h) != 0 ||
	    header_int(f, &max) != 0 || max != 255 || w < 1 || h < 1)
		return 1;
	if ((row = malloc((size_t)w * 3)) == NULL)
		return 1;
	band = w / 20;
	for (y = 0; y < h; y++) {
		if (fread(row, 3, (size_t)w, f) != (size_t)w)
			return 1;
		for (x = 0; x < w; x++) {
			lo = 255;
			hi = 0;
			for (k = 0; k < 3; k++) {
				if (row[3 * x + k] < lo)
					lo = row[3 * x + k];
				if (row[3 * x + k] > hi)
					hi = row[3 * x + k];
			}
			if (lo < 200) {
				ink++;
				if (x < band)
					left++;
				if (x >= w - band)
					right++;
			}
			if (hi - lo >= 60)
				colour++;
		}
	}
	printf("%ld %ld %.4f %ld %ld %ld\n", w, h, (double)ink / (double)(w * h),
	    left, right, colour);
	free(row);
	fclose(f);
	return 0;
}
