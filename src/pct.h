/*
 * pct.h — how annexa prints a share as a percentage, in every report,
 * chart and CSV: one decimal and a space, "43.8 %".
 *
 * The figure is rounded once, from the fraction itself, half a tenth up,
 * with two exceptions so that a printed figure never claims more or less
 * than is true at its ends: a share above 0 that would print as 0.0 is
 * "<0.1 %", and a share below 1 that would print as 100.0 is "99.9 %".
 * Only exactly 0 is "0.0 %" and only exactly 1 is "100.0 %".
 */
#ifndef ANNEXA_PCT_H
#define ANNEXA_PCT_H

#include <stdbool.h>

/* Room for the longest text, "100.0 %", with its NUL. */
#define PCT_LEN		16

/*
 * The fraction v of [0, 1] in tenths of a percent as printed (0..1000,
 * after the two exceptions above: 1 for "<0.1 %"); -1 when v is outside
 * [0, 1] or not a number.
 */
long	pct_tenths(double v);
/* v as "43.8 %" into out; false (out "") when v is outside [0, 1]. */
bool	pct_text(double v, char out[PCT_LEN]);

#endif
