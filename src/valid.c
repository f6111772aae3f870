#include "config.h"

#include <string.h>

#include "esc.h"
#include "valid.h"

bool
valid_ident(const char *s)
{
	size_t	i;

	/* ".", ".." and hidden names would misbehave as path segments. */
	if (s[0] == '.')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= VALID_IDENT_MAX)
			return false;
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' ||
		    s[i] == '&' || s[i] == '-'))
			return false;
	}
	return i > 0;
}

/* Howard Hinnant's days-from-civil algorithm, for a proleptic calendar. */
int32_t
valid_days_from_civil(int y, int m, int d)
{
	int	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

bool
valid_civil_from_days(int32_t days, char out[11])
{
	int64_t	 z = (int64_t)days + 719468, era, doe, yoe, doy, mp, y, m, d;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	if (y < 0 || y > 9999)
		return false;
	/* Each part has its digits by construction: m in 1..12, d in 1..31. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return true;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
valid_date(const char *s, int32_t *days)
{
	static const int	 mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int			 y, m, d, i, lim;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9')
			return false;
	}
	if (s[10] != '\0')
		return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	lim = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > lim)
		return false;
	if (days != NULL)
		*days = valid_days_from_civil(y, m, d);
	return true;
}

bool
valid_duration(const char *s, long long min, long long max, long long *seconds)
{
	char		 digits[8];
	size_t		 len;
	int64_t		 n, unit;

	if (s == NULL || (len = strlen(s)) < 2 || len > sizeof(digits))
		return false;
	if (s[len - 1] == 'd')
		unit = 86400;
	else if (s[len - 1] == 'h')
		unit = 3600;
	else
		return false;
	memcpy(digits, s, len - 1);
	digits[len - 1] = '\0';
	if (!valid_int(digits, 1, max / unit, &n) || n * unit < min)
		return false;
	*seconds = n * unit;
	return true;
}

bool
valid_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t	 v = 0;
	bool	 neg = false;
	size_t	 i = 0, digits = 0;

	if (s[0] == '-' && min < 0) {
		neg = true;
		i++;
	}
	for (; s[i] != '\0'; i++, digits++) {
		if (s[i] < '0' || s[i] > '9' || digits >= 18)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (digits == 0)
		return false;
	if (neg)
		v = -v;
	if (v < min || v > max)
		return false;
	if (out != NULL)
		*out = v;
	return true;
}

bool
valid_enum(const char *s, const char *const *names, int *idx)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0) {
			if (idx != NULL)
				*idx = i;
			return true;
		}
	return false;
}

bool
valid_text(const char *s, size_t max)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > max || !esc_utf8_valid(s, n))
		return false;
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') ||
		    s[i] == 0x7f)
			return false;
	return true;
}
