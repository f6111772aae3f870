/*
 * pct.c — one way to print a percentage (see pct.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "pct.h"

long
pct_tenths(double v)
{
	long	t;

	if (!(v >= 0.0 && v <= 1.0))
		return -1;
	t = lround(v * 1000.0);
	if (t == 0 && v > 0.0)
		return 1;
	if (t == 1000 && v < 1.0)
		return 999;
	return t;
}

bool
pct_text(double v, char out[PCT_LEN])
{
	long	t = pct_tenths(v);

	out[0] = '\0';
	if (t < 0)
		return false;
	if (t == 1 && lround(v * 1000.0) == 0)
		snprintf(out, PCT_LEN, "<0.1 %%");
	else
		snprintf(out, PCT_LEN, "%d.%d %%", (int)(t / 10), (int)(t % 10));
	return true;
}
