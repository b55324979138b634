// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include "pmb_names.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- the rows */

#define PMB_X_BE_ROW(e, ops, s, caps, role, d)	{ s, caps, role, d },
#define PMB_X_WL_ROW(e, ops, s, n, p, jf, fig, m, pl, d) \
	{ s, n, p, jf, fig, m, pl, d },
#define PMB_X_METHOD_ROW(e, s, d)		{ s, d },
#define PMB_X_FLAG_ROW(e, bit, n, p)		{ #e, PMB_JOB_##e, n, p },
#define PMB_X_FIG_ROW(e, f, t, u, d) \
	{ #f, offsetof(struct pmb_figures, f), t, u, d },
static const struct pmb_backend_row backend_rows[] = { PMB_BACKENDS(PMB_X_BE_ROW) };
static const struct pmb_workload_row workload_rows[] = { PMB_WORKLOADS(PMB_X_WL_ROW) };
static const struct pmb_method_row method_rows[] = {
	PMB_PROTECT_METHODS(PMB_X_METHOD_ROW)
};
static const struct pmb_flag_row flag_rows[] = { PMB_JOB_FLAGS(PMB_X_FLAG_ROW) };
static const struct pmb_figure_row figure_rows[] = { PMB_FIGURES(PMB_X_FIG_ROW) };
#undef PMB_X_BE_ROW
#undef PMB_X_WL_ROW
#undef PMB_X_METHOD_ROW
#undef PMB_X_FLAG_ROW
#undef PMB_X_FIG_ROW

/* A figure's type says how wide its field is: pmb_figure_value() relies on it. */
#define PMB_X_FIG_WIDTH(e, f, t, u, d)					\
	_Static_assert(sizeof(((struct pmb_figures *)0)->f) ==		\
		       ((t) == PMB_FIG_U64 ? sizeof(__u64) : sizeof(__s32)), \
		       "figure " #f ": field width does not match its type");
PMB_FIGURES(PMB_X_FIG_WIDTH)
#undef PMB_X_FIG_WIDTH
_Static_assert(NELEM(flag_rows) == PMB_NR_JOB_FLAGS, "job flag rows");
_Static_assert(PMB_NR_FIGURES <= 32, "figures fit a PMB_FIGBIT mask");

const struct pmb_backend_row *pmb_backend_row(unsigned int b)
{
	return b < NELEM(backend_rows) ? &backend_rows[b] : NULL;
}

const struct pmb_workload_row *pmb_workload_row(unsigned int w)
{
	return w < NELEM(workload_rows) ? &workload_rows[w] : NULL;
}

const struct pmb_method_row *pmb_method_row(unsigned int m)
{
	return m < NELEM(method_rows) ? &method_rows[m] : NULL;
}

const struct pmb_flag_row *pmb_flag_row(unsigned int i)
{
	return i < NELEM(flag_rows) ? &flag_rows[i] : NULL;
}

const struct pmb_figure_row *pmb_figure_row(unsigned int f)
{
	return f < NELEM(figure_rows) ? &figure_rows[f] : NULL;
}

bool pmb_figure_value(const struct pmb_figures *fig, unsigned int f,
		      long long *v)
{
	const struct pmb_figure_row *row = pmb_figure_row(f);
	const char *field;
	__u64 u;
	__s32 t;

	if (!row)
		return false;
	field = (const char *)fig + row->offset;
	if (row->type == PMB_FIG_U64) {
		memcpy(&u, field, sizeof(u));
		if (u == ~0ULL || u > (__u64)LLONG_MAX)
			return false;
		*v = (long long)u;
		return true;
	}
	memcpy(&t, field, sizeof(t));
	if (t < 0)	/* PMB_UNKNOWN */
		return false;
	*v = !!t;
	return true;
}

const char *pmb_table_noun(unsigned int table)
{
	static const char *const nouns[PMB_NR_TABLES] = {
		[PMB_TABLE_BACKENDS] = "backend",
		[PMB_TABLE_WORKLOADS] = "workload",
		[PMB_TABLE_METHODS] = "protection method",
		[PMB_TABLE_FIGURES] = "figure",
		[PMB_TABLE_JOB_FLAGS] = "job flag",
	};

	return table < PMB_NR_TABLES ? nouns[table] : NULL;
}

int pmb_registry_row(unsigned int table, unsigned int index,
		     struct pmb_describe *d)
{
	const char *name = NULL;
	unsigned int n;

	memset(d, 0, sizeof(*d));
	d->table = table;
	d->index = index;
	switch (table) {
	case PMB_TABLE_BACKENDS:
		n = NELEM(backend_rows);
		if (index < n) {
			name = backend_rows[index].name;
			d->caps = backend_rows[index].caps;
			d->role = backend_rows[index].role;
		}
		break;
	case PMB_TABLE_WORKLOADS:
		n = NELEM(workload_rows);
		if (index < n) {
			const struct pmb_workload_row *w = &workload_rows[index];

			name = w->name;
			d->caps = w->needs;
			d->protects = w->protects;
			d->job_flags = w->job_flags;
			d->figures = w->figures;
			d->measure = w->measure;
			d->plot = w->plot;
		}
		break;
	case PMB_TABLE_METHODS:
		n = NELEM(method_rows);
		if (index < n)
			name = method_rows[index].name;
		break;
	case PMB_TABLE_FIGURES:
		n = NELEM(figure_rows);
		if (index < n) {
			name = figure_rows[index].name;
			d->figures = figure_rows[index].type;
		}
		break;
	case PMB_TABLE_JOB_FLAGS:
		n = NELEM(flag_rows);
		if (index < n) {
			name = flag_rows[index].name;
			d->job_flags = flag_rows[index].mask;
			d->caps = flag_rows[index].needs;
			d->protects = flag_rows[index].protects;
		}
		break;
	default:
		return -EINVAL;
	}
	d->nr_rows = n;
	if (!name)
		return -ENOENT;
	snprintf(d->name, sizeof(d->name), "%s", name);
	return 0;
}

bool pmb_job_would_protect(unsigned int workload, __u32 flags)
{
	const struct pmb_workload_row *w = pmb_workload_row(workload);
	unsigned int i;

	if (!w)
		return false;
	if (w->protects)
		return true;
	for (i = 0; i < NELEM(flag_rows); i++)
		if ((flags & flag_rows[i].mask) && flag_rows[i].protects)
			return true;
	return false;
}

bool pmb_workload_accepts(unsigned int workload, __u32 mask)
{
	const struct pmb_workload_row *w = pmb_workload_row(workload);

	return w && !(mask & ~w->job_flags);
}

/* ---------------------------------------------------------------- names */

static const char *name_at(const char *const *tab, unsigned int n,
			   unsigned int i)
{
	return i < n ? tab[i] : NULL;
}

int pmb_name_index(const char *(*name)(unsigned int), const char *s)
{
	unsigned int i;

	for (i = 0; s && name(i); i++)
		if (!strcmp(name(i), s))
			return (int)i;
	return -1;
}

void pmb_name_list(char *buf, size_t len, const char *(*name)(unsigned int),
		   const char *sep)
{
	size_t used = 0;
	unsigned int i;
	int n;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; name(i) && used < len; i++) {
		n = snprintf(buf + used, len - used, "%s%s", i ? sep : "", name(i));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

const char *pmb_backend_name(unsigned int b)
{
	return b < NELEM(backend_rows) ? backend_rows[b].name : NULL;
}

const char *pmb_workload_name(unsigned int w)
{
	return w < NELEM(workload_rows) ? workload_rows[w].name : NULL;
}

const char *pmb_method_name(unsigned int m)
{
	return m < NELEM(method_rows) ? method_rows[m].name : NULL;
}

const char *pmb_figure_name(unsigned int f)
{
	return f < NELEM(figure_rows) ? figure_rows[f].name : NULL;
}

/*
 * The registry's aliases (PMB_BACKEND_ALIASES), a NULL row last so that the
 * table may be empty.
 */
#define PMB_X_ALIAS_ROW(s, e)	{ s, PMB_BACKEND_##e },
static const struct {
	const char *alias;
	unsigned int backend;
} alias_rows[] = { PMB_BACKEND_ALIASES(PMB_X_ALIAS_ROW) { NULL, 0 } };
#undef PMB_X_ALIAS_ROW

const char *pmb_backend_alias(unsigned int i)
{
	return i < NELEM(alias_rows) ? alias_rows[i].alias : NULL;
}

int pmb_backend_alias_target(unsigned int i)
{
	return pmb_backend_alias(i) ? (int)alias_rows[i].backend : -1;
}

int pmb_backend_from_name(const char *name)
{
	int b = pmb_name_index(pmb_backend_name, name);
	int a = pmb_name_index(pmb_backend_alias, name);

	return b >= 0 ? b : a >= 0 ? pmb_backend_alias_target((unsigned int)a) : -1;
}

const char *pmb_backend_canonical(const char *name)
{
	int b = pmb_backend_from_name(name);

	return b >= 0 ? pmb_backend_name((unsigned int)b) : name;
}

int pmb_workload_from_name(const char *name)
{
	return pmb_name_index(pmb_workload_name, name);
}

int pmb_workload_cost(unsigned int w)
{
#define PMB_X_COST(e, c)	[PMB_WL_##e] = (c),
	static const int cost[PMB_NR_WORKLOADS] = { PMB_WORKLOAD_COSTS(PMB_X_COST) };
#undef PMB_X_COST
	/* a workload without a row is 0 in cost[]: that must be the default */
	_Static_assert(PMB_COST_PATH == 0, "PMB_COST_PATH is the default");

	return w < PMB_NR_WORKLOADS ? cost[w] : PMB_COST_PATH;
}

const char *pmb_cost_name(unsigned int c)
{
	static const char *const names[] = {
		[PMB_COST_PATH] = "path", [PMB_COST_MEMORY] = "memory",
	};

	return c < NELEM(names) ? names[c] : NULL;
}

int pmb_cost_from_name(const char *name)
{
	return pmb_name_index(pmb_cost_name, name);
}

int pmb_method_from_name(const char *name)
{
	return pmb_name_index(pmb_method_name, name);
}

/*
 * Read patterns: the one table of their names.  Index 1 is the pattern
 * PMB_JOB_READ_SWEEP selects, index 0 the default pointer chase.
 */
static const char *const pattern_names[] = { "chase", "sweep" };

const char *pmb_pattern_name(unsigned int p)
{
	return name_at(pattern_names, NELEM(pattern_names), p);
}

int pmb_pattern_from_name(const char *name)
{
	return pmb_name_index(pmb_pattern_name, name);
}

/* ---------------------------------------------------------------- text */

bool pmb_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, more;
	unsigned int cp, min;

	while (i < n) {
		if (!s[i])
			return false;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			more = 1, cp = s[i] & 0x1f, min = 0x80;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			more = 2, cp = s[i] & 0x0f, min = 0x800;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			more = 3, cp = s[i] & 0x07, min = 0x10000;
		else
			return false;
		if (n - i <= more)
			return false;
		for (k = 1; k <= more; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, UTF-16 surrogates, past U+10FFFF */
		if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += more + 1;
	}
	return true;
}

bool pmb_text_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (!pmb_utf8_valid(str, strlen(str)))
		return false;
	for (; *s; s++) {
		/* C0 controls, DEL, and C1 controls (U+0080..U+009F: C2 80..9F) */
		if (*s < 0x20 || *s == 0x7f ||
		    (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f))
			return false;
	}
	return true;
}

bool pmb_run_id_valid(const char *id)
{
	size_t n = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			      "0123456789._+-");

	return n && !id[n] && n < PMB_RUN_ID_MAX && isalnum((unsigned char)id[0]);
}

int pmb_read_line(FILE *f, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int c = EOF;

	while (n + 1 < cap) {
		c = getc(f);
		if (c == EOF)
			break;
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	*len = n;
	if (ferror(f))
		return -2;
	/* Full and no newline yet: too long, unless the file ends right here. */
	if (n + 1 == cap && c != '\n' && c != EOF && getc(f) != EOF)
		return -1;
	if (ferror(f))
		return -2;
	return n ? 1 : 0;
}
