/*
 * csaref.c — the grammar of CSA's CCM references (see csaref.h), and how
 * each ISO edition numbers its controls, clauses and categories.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csaref.h"

static const char *const fw_ids[CSAREF_FW__MAX] = {
	[CSAREF_FW_ISO27001_2022] = "iso27001-2022",
	[CSAREF_FW_ISO27017_2015] = "iso27017-2015",
	[CSAREF_FW_ISO27018_2019] = "iso27018-2019",
	[CSAREF_FW_SOC2_2017] = "soc2-2017",
};

/*
 * How an edition of an ISO standard numbers its controls.  `plain`,
 * `annex` and `cld` give the number of parts of a control id without a
 * prefix, after "A." and after "CLD."; fewer parts name a category (a
 * clause or objective holding several controls); 0 means ids of that
 * form are not controls.  A plain id of 27001 is a clause of the ISMS
 * requirements (4 to 10), never a control.
 *
 * ISO/IEC 27001:2022 Annex A and ISO/IEC 27002:2022 are the same control
 * set: Annex A lists 27002's controls with an "A." prefix, so "27002:
 * 5.23" and "27001: A.5.23" are one control, iso27001-2022 "A.5.23"
 * (annex_of_plain).  CSA also writes "27002: A.5.23" once; it reads the
 * same.
 *
 * ISO/IEC 27001:2013 and 27002:2013 have no catalog in annexa (27017 and
 * 27018 reuse 27002:2013's numbering, but a reference to 27002 is not a
 * reference to them), so their controls count as other_framework.
 */
struct csaref_rule {
	const char	*std;
	const char	*year;
	enum csaref_fw		 fw;
	int		 plain;
	int		 annex;
	int		 cld;
	bool		 annex_of_plain;
};

static const struct csaref_rule iso_rules[] = {
	{ "27001", "2022", CSAREF_FW_ISO27001_2022, 0, 2, 0, false },
	{ "27002", "2022", CSAREF_FW_ISO27001_2022, 2, 2, 0, true },
	{ "27001", "2013", CSAREF_FW_NONE, 0, 3, 0, false },
	{ "27002", "2013", CSAREF_FW_NONE, 3, 0, 0, false },
	{ "27017", "2015", CSAREF_FW_ISO27017_2015, 3, 0, 3, false },
	{ "27018", "2019", CSAREF_FW_ISO27018_2019, 3, 2, 0, false },
};


static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Reference grammar.  Every form in CSA's v4.0.12 files, by example:
 *
 *   ISO:  STD SEP [PFX] ID [RANGE] [TAIL]
 *     STD    five digits: 27001, 27002, 27017, 27018
 *     SEP    ":" or "-" or blanks, blanks around: "27001: ", "27002:",
 *            "27002  ", "27017 - "
 *     PFX    "A" or "CLD" then ".", " " or ". ": "A.5.1", "A 9.2.5",
 *            "A. 8.25", "CLD.9.5.1", "CLD 6.3"
 *     ID     numbers joined by ".": "5", "6.1", "13.1.3"
 *     RANGE  "-to-" and the last number, or the whole last id:
 *            "A.18.1.1-to-5", "A.12.4.1-to-A.12.4.3"
 *     TAIL   a sub-item or part of the control's text, ignored: "(h)",
 *            " (a),(d)", " c)", "(c)(d)(j)", " 2nd (a)", " Cryptography",
 *            " Key management (c,d,i,m)", and ".d" as in clause "9.3.2.d"
 *   SOC 2: SERIES ID [TAIL], SERIES one of CC PI A C P: "CC6.1", "A1.2",
 *          "PI1.3", "P4.2", "C1.1"; "P4.0" names the series heading.
 *   "No Mapping", in any case.
 */

/* One to four digits. */
static bool
lex_num(const char **pp, unsigned *v)
{
	const char	*p = *pp;
	unsigned	 n = 0;
	size_t		 i;

	for (i = 0; is_digit(p[i]); i++) {
		if (i == 4)
			return false;
		n = n * 10 + (unsigned)(p[i] - '0');
	}
	if (i == 0)
		return false;
	*v = n;
	*pp = p + i;
	return true;
}

/* NUM ("." NUM)*; a "." not followed by a digit is left for the tail. */
static bool
lex_nums(const char **pp, unsigned *num, size_t *depth)
{
	const char	*p = *pp;
	size_t		 d = 0;

	for (;;) {
		if (d == CSAREF_DEPTH_MAX || !lex_num(&p, &num[d]))
			return false;
		d++;
		if (p[0] != '.' || !is_digit(p[1]))
			break;
		p++;
	}
	*depth = d;
	*pp = p;
	return true;
}

/* "A" or "CLD" and its separator; nothing at all is CSAREF_PFX_NONE. */
static bool
lex_prefix(const char **pp, enum csaref_prefix *x)
{
	const char	*p = *pp;
	size_t		 dots = 0, n = 0;

	if (strncmp(p, "CLD", 3) == 0) {
		*x = CSAREF_PFX_CLD;
		p += 3;
	} else if (p[0] == 'A' && !is_digit(p[1])) {
		*x = CSAREF_PFX_ANNEX;
		p++;
	} else {
		*x = CSAREF_PFX_NONE;
		return true;
	}
	for (; *p == '.' || is_blank(*p); p++, n++)
		if (*p == '.')
			dots++;
	if (n == 0 || n > 3 || dots > 1 || !is_digit(*p))
		return false;
	*pp = p;
	return true;
}

/*
 * The tail after an id.  A blank followed by what looks like another id
 * ("A.5.1 A.5.2") is refused: that is two references in one string, and
 * dropping the second silently would lose a mapping.
 */
static bool
lex_tail(const char *p)
{
	const char	*q;

	if (*p == '\0' || *p == '(')
		return true;
	if (p[0] == '.' && p[1] >= 'a' && p[1] <= 'z' &&
	    (p[2] == '\0' || is_blank(p[2]) || p[2] == '(' || p[2] == ')'))
		return true;
	if (!is_blank(*p))
		return false;
	for (q = p; is_blank(*q); q++)
		;
	if (q[0] == 'A' && q[1] == '.' && is_digit(q[2]))
		return false;
	for (; is_digit(*q); q++)
		;
	return !(q > p && *q == '.' && is_digit(q[1]));
}

/* "-to-N" or "-to-ID" after the first id of a range. */
static bool
lex_range(const char **pp, struct csaref *r)
{
	const char	*p = *pp;
	unsigned	 num[CSAREF_DEPTH_MAX], end;
	size_t		 depth, i;
	enum csaref_prefix	 x;

	if (strncmp(p, "-to-", 4) != 0)
		return true;
	p += 4;
	if (!lex_prefix(&p, &x) || !lex_nums(&p, num, &depth))
		return false;
	if (depth == 1 && x == CSAREF_PFX_NONE)
		end = num[0];
	else {
		if (x != r->pfx || depth != r->depth)
			return false;
		for (i = 0; i + 1 < depth; i++)
			if (num[i] != r->num[i])
				return false;
		end = num[depth - 1];
	}
	if (end <= r->num[r->depth - 1] ||
	    end - r->num[r->depth - 1] >= CSAREF_RANGE_MAX)
		return false;
	r->last = end;
	*pp = p;
	return true;
}

static bool
lex_iso(const char *s, struct csaref *r)
{
	const char	*p = s;
	size_t		 i, sep = 0;

	for (i = 0; i < 5; i++)
		if (!is_digit(p[i]))
			return false;
	if (is_digit(p[5]))
		return false;
	memcpy(r->std, p, 5);
	r->std[5] = '\0';
	for (p += 5; is_blank(*p); p++)
		sep++;
	if (*p == ':' || *p == '-') {
		p++;
		sep++;
	}
	for (; is_blank(*p); p++)
		sep++;
	if (sep == 0)
		return false;
	if (!lex_prefix(&p, &r->pfx) || !lex_nums(&p, r->num, &r->depth))
		return false;
	r->last = r->num[r->depth - 1];
	return lex_range(&p, r) && lex_tail(p);
}

static bool
lex_soc2(const char *s, struct csaref *r)
{
	static const char *const series[] = { "CC", "PI", "A", "C", "P", NULL };
	const char	*p = s;
	size_t		 i, n = 0;

	for (i = 0; series[i] != NULL; i++) {
		n = strlen(series[i]);
		if (strncmp(p, series[i], n) == 0 && is_digit(p[n]))
			break;
	}
	if (series[i] == NULL)
		return false;
	memcpy(r->std, series[i], n + 1);
	r->pfx = CSAREF_PFX_NONE;
	p += n;
	if (!lex_nums(&p, r->num, &r->depth) || r->depth != 2)
		return false;
	r->last = r->num[1];
	return lex_range(&p, r) && lex_tail(p);
}

/* Writes the numbers num[0..depth) joined by "." after head into out. */
static void
fmt_id(char *out, size_t outsz, const char *head, const unsigned *num,
    size_t depth)
{
	size_t	i, n;

	n = (size_t)snprintf(out, outsz, "%s", head);
	for (i = 0; i < depth && n < outsz; i++)
		n += (size_t)snprintf(out + n, outsz - n, "%s%u",
		    i > 0 ? "." : "", num[i]);
}

/*
 * Reads a family's name: the ISO editions it lists ("27001:2013"), or
 * AICPA's Trust Services Criteria 2017 (SOC 2).  Anything else has no
 * catalog in annexa.
 */
void
csaref_family_parse(const char *name, struct csaref_family *f)
{
	const char	*p;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	f->kind = CSAREF_FAM_OTHER;
	if (strstr(name, "AICPA") != NULL && strstr(name, "TSC") != NULL) {
		if (strstr(name, "2017") != NULL)
			f->kind = CSAREF_FAM_SOC2;
		return;
	}
	for (p = name; *p != '\0'; p++) {
		if (p > name && is_digit(p[-1]))
			continue;
		for (i = 0; i < 5 && is_digit(p[i]); i++)
			;
		if (i != 5 || p[5] != ':')
			continue;
		for (i = 6; i < 10 && is_digit(p[i]); i++)
			;
		if (i != 10 || is_digit(p[10]) || f->n == CSAREF_EDITIONS_MAX)
			continue;
		memcpy(f->std[f->n], p, 5);
		f->std[f->n][5] = '\0';
		memcpy(f->year[f->n], p + 6, 4);
		f->year[f->n][4] = '\0';
		f->n++;
		f->kind = CSAREF_FAM_ISO;
	}
}

static const struct csaref_rule *
iso_rule_for(const struct csaref_family *f, const char *std)
{
	size_t	i, k;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->std[i], std) != 0)
			continue;
		for (k = 0; k < sizeof(iso_rules) / sizeof(iso_rules[0]); k++)
			if (strcmp(iso_rules[k].std, std) == 0 &&
			    strcmp(iso_rules[k].year, f->year[i]) == 0)
				return &iso_rules[k];
		return NULL;
	}
	return NULL;
}

const char *
csaref_fw_id(enum csaref_fw fw)
{
	return fw_ids[fw];
}

enum csaref_parse
csaref_parse(const struct csaref_family *f, const char *text,
    struct csaref *r)
{
	char	s[CSAREF_LEN_MAX + 1];
	size_t	len;
	bool	ok;

	/* Trim blanks; CSA's strings have none, but a hand edit might. */
	while (is_blank(*text))
		text++;
	len = strlen(text);
	while (len > 0 && is_blank(text[len - 1]))
		len--;
	if (len > CSAREF_LEN_MAX)
		len = CSAREF_LEN_MAX;
	memcpy(s, text, len);
	s[len] = '\0';
	memset(r, 0, sizeof(*r));
	if (strcasecmp(s, "No Mapping") == 0)
		return CSAREF_NO_MAPPING;
	if (f->kind == CSAREF_FAM_OTHER)
		return CSAREF_OTHER_FAMILY;
	ok = f->kind == CSAREF_FAM_ISO ? lex_iso(s, r) : lex_soc2(s, r);
	if (!ok)
		return CSAREF_MALFORMED;
	r->soc2 = f->kind == CSAREF_FAM_SOC2;
	if (!r->soc2)
		r->rule = iso_rule_for(f, r->std);
	return CSAREF_OK;
}

size_t
csaref_count(const struct csaref *r)
{
	return (size_t)(r->last - r->num[r->depth - 1]) + 1;
}

/* Classifies one control (or clause, category) of an ISO reference. */
static void
iso_item(const struct csaref_rule *rule, const struct csaref *r,
    const unsigned *num, struct csaref_item *it)
{
	const char	*head;
	char		 tagged[16];
	int		 cdepth;

	it->fw = rule->fw;
	if (r->pfx == CSAREF_PFX_NONE && rule->plain == 0) {
		fmt_id(it->id, sizeof(it->id), "clause:", num, r->depth);
		it->kind = CSAREF_CLAUSE;
		return;
	}
	if (rule->annex_of_plain && r->pfx != CSAREF_PFX_CLD) {
		cdepth = rule->plain;
		head = "A.";
	} else if (r->pfx == CSAREF_PFX_NONE) {
		cdepth = rule->plain;
		head = "";
	} else if (r->pfx == CSAREF_PFX_ANNEX) {
		cdepth = rule->annex;
		head = "A.";
	} else {
		cdepth = rule->cld;
		head = "CLD.";
	}
	if (cdepth > 0 && (int)r->depth < cdepth) {
		snprintf(tagged, sizeof(tagged), "category:%s", head);
		fmt_id(it->id, sizeof(it->id), tagged, num, r->depth);
		it->kind = CSAREF_CATEGORY;
		return;
	}
	fmt_id(it->id, sizeof(it->id), head, num, r->depth);
	if (rule->fw == CSAREF_FW_NONE)
		it->kind = CSAREF_NO_CATALOG;
	else if (cdepth == 0)
		it->kind = CSAREF_NOT_CONTROL;	/* no controls are numbered so */
	else
		it->kind = CSAREF_CONTROL;
}

static void
soc2_item(const struct csaref *r, const unsigned *num, struct csaref_item *it)
{
	it->fw = CSAREF_FW_SOC2_2017;
	if (num[1] == 0) {
		snprintf(it->id, sizeof(it->id), "category:%s%u.0", r->std,
		    num[0]);
		it->kind = CSAREF_CATEGORY;
		return;
	}
	snprintf(it->id, sizeof(it->id), "%s%u.%u", r->std, num[0], num[1]);
	it->kind = CSAREF_CONTROL;
}

void
csaref_item(const struct csaref *r, size_t k, struct csaref_item *it)
{
	unsigned	num[CSAREF_DEPTH_MAX];

	memset(it, 0, sizeof(*it));
	memcpy(num, r->num, sizeof(num));
	num[r->depth - 1] += (unsigned)k;
	if (r->soc2)
		soc2_item(r, num, it);
	else if (r->rule != NULL)
		iso_item(r->rule, r, num, it);
	else {
		/* A standard or edition the family does not name. */
		it->fw = CSAREF_FW_NONE;
		it->kind = CSAREF_NO_CATALOG;
	}
}
