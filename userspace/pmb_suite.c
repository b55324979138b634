// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmb_names.h"
#include "pmb_suite.h"

#define MAX_LIST	64	/* values in one comma list */
#define PMB_XSTR(x)	#x
#define PMB_STR(x)	PMB_XSTR(x)

/*
 * The keys, in the order their lists nest when a line is expanded: the
 * first is the outermost loop, backend the innermost, so that the numbers
 * a report puts side by side (one job on each backend) are taken one right
 * after the other.  workload and the keys that set job flags come before
 * the keys whose meaning depends on them; partitions= comes after backend,
 * whose row says whether it takes it.
 */
enum suite_key {
	KEY_WORKLOAD, KEY_SIZE, KEY_COUNT, KEY_PATTERN, KEY_PROTECTED,
	KEY_THREADS, KEY_METHOD, KEY_VERIFY, KEY_CPUS, KEY_CPU, KEY_REPEATS,
	KEY_WARMUP, KEY_BACKEND, KEY_PARTITIONS, NR_KEYS
};

/* threads= not written, neither on the line nor in a set: the workload's default. */
#define THREADS_DEFAULT	(-2)

/*
 * The keys that set job flags, one per PMB_JOB_FLAGS row: a value other
 * than 0 (sweep, yes) sets the flag.  Where each means something comes
 * from the rows (key_applies_to), not from this table.
 */
static const struct flag_key {
	enum suite_key key;
	__u32 flag;
	const char *on;		/* the value that sets it, for messages */
} flag_keys[] = {
	{ KEY_PATTERN, PMB_JOB_READ_SWEEP, "sweep" },
	{ KEY_PROTECTED, PMB_JOB_READ_PROTECTED, "yes" },
	{ KEY_VERIFY, PMB_JOB_VERIFY, "yes" },
};
_Static_assert((PMB_JOB_READ_SWEEP | PMB_JOB_READ_PROTECTED | PMB_JOB_VERIFY) ==
	       PMB_JOB_FLAGS_ALL,
	       "a new job flag needs its suite key here (and in the suite files' header)");

struct value_list {
	unsigned int n;
	long long v[MAX_LIST];
};

/* What one line says: the keys it names and their values. */
struct line_values {
	bool given[NR_KEYS];
	struct value_list val[NR_KEYS];
};

typedef int (*parse_fn)(const char *s, long long *out, char *why, size_t len);

struct key_desc {
	const char *name;
	parse_fn parse;
	bool required;
	long long dflt;		/* value when neither the line nor a set names it */
	/* all= expands to every row of this table; NULL: no all */
	const char *(*all)(unsigned int);
};

static int say(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_table(const char *s, long long *out, char *why, size_t len,
		       const char *what, const char *(*name)(unsigned int),
		       int (*from_name)(const char *))
{
	char list[160];
	int v = from_name(s);

	if (v >= 0) {
		*out = v;
		return 0;
	}
	pmb_name_list(list, sizeof(list), name, ", ");
	return say(why, len, "unknown %s '%s' (%s)", what, s, list);
}

static int parse_method(const char *s, long long *out, char *why, size_t len)
{
	char list[160];

	if (!strcmp(s, "default")) {
		*out = PMB_PROT_DEFAULT;
		return 0;
	}
	if (pmb_method_from_name(s) < 0) {
		pmb_name_list(list, sizeof(list), pmb_method_name, ", ");
		return say(why, len, "unknown protection method '%s' (%s, default)", s, list);
	}
	*out = pmb_method_from_name(s);
	return 0;
}

static int parse_word(const char *s, long long *out, char *why, size_t len,
		      const char *no, const char *yes)
{
	if (!strcmp(s, no)) {
		*out = 0;
		return 0;
	}
	if (!strcmp(s, yes)) {
		*out = 1;
		return 0;
	}
	return say(why, len, "'%s' is neither %s nor %s", s, no, yes);
}

static int parse_pattern(const char *s, long long *out, char *why, size_t len)
{
	return parse_table(s, out, why, len, "pattern", pmb_pattern_name,
			   pmb_pattern_from_name);
}

static int parse_yes_no(const char *s, long long *out, char *why, size_t len)
{
	return parse_word(s, out, why, len, "no", "yes");
}

int pmb_parse_u64(const char *s, bool suffix, unsigned long long *out)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	unsigned long long v, mul = 1;
	const char *digits = hex ? s + 2 : s;
	char *end;

	/* strtoull() alone would take blanks, a sign, and 010 as octal. */
	if (!(hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)))
		return -1;
	errno = 0;
	v = strtoull(digits, &end, hex ? 16 : 10);
	if (errno || end == digits)
		return -1;
	if (*end && suffix && !end[1]) {
		switch (*end) {
		case 'k': case 'K': mul = 1ULL << 10; break;
		case 'm': case 'M': mul = 1ULL << 20; break;
		case 'g': case 'G': mul = 1ULL << 30; break;
		default: return -1;
		}
		end++;
	}
	if (*end || v > ~0ULL / mul)
		return -1;
	*out = v * mul;
	return 0;
}


/*
 * size and count: positive, binary suffixes allowed (4k = 4096), at most
 * the module's limit for one job.
 */
static int parse_amount(const char *s, long long *out, char *why, size_t len,
			unsigned long long max, const char *limit,
			const char *what)
{
	unsigned long long v;
	char m[24];

	if (pmb_parse_u64(s, true, &v))
		return say(why, len, "'%s' is not a number (digits, optionally with k, M or G: 4k = 4096)", s);
	if (v == 0)
		return say(why, len, "must be at least 1");
	if (v > max) {
		pmb_size_text(m, sizeof(m), max);
		return say(why, len, "more than %s, %s %s", limit, m, what);
	}
	*out = (long long)v;
	return 0;
}

static int parse_size(const char *s, long long *out, char *why, size_t len)
{
	return parse_amount(s, out, why, len, PMB_JOB_SIZE_MAX,
			    "PMB_JOB_SIZE_MAX", "bytes per object");
}

static int parse_count(const char *s, long long *out, char *why, size_t len)
{
	return parse_amount(s, out, why, len, PMB_JOB_COUNT_MAX,
			    "PMB_JOB_COUNT_MAX", "objects per job");
}

static int parse_count_of(const char *s, long long *out, char *why,
			  size_t len, unsigned long long min)
{
	unsigned long long v;

	if (pmb_parse_u64(s, false, &v))
		return say(why, len, "'%s' is not a whole number", s);
	if (v > PMB_JOB_SAMPLES_MAX)
		return say(why, len, "more than PMB_JOB_SAMPLES_MAX, %d samples per job",
			   PMB_JOB_SAMPLES_MAX);
	if (v < min)
		return say(why, len, "must be at least %llu", min);
	*out = (long long)v;
	return 0;
}

static int parse_repeats(const char *s, long long *out, char *why, size_t len)
{
	return parse_count_of(s, out, why, len, 1);
}

static int parse_warmup(const char *s, long long *out, char *why, size_t len)
{
	return parse_count_of(s, out, why, len, 0);
}

/* cpu=: the CPU to pin the job to, or any. */
static int parse_cpu(const char *s, long long *out, char *why, size_t len)
{
	unsigned long long v;

	if (!strcmp(s, "any")) {
		*out = -1;
		return 0;
	}
	if (pmb_parse_u64(s, false, &v) || v > 4095)
		return say(why, len, "'%s' is neither a CPU number (0-4095) nor any", s);
	*out = (long long)v;
	return 0;
}

/* cpus=: how many CPUs are online during the job, or all (as at the start). */
static int parse_cpus(const char *s, long long *out, char *why, size_t len)
{
	unsigned long long v;

	if (!strcmp(s, "all")) {
		*out = 0;
		return 0;
	}
	if (pmb_parse_u64(s, false, &v) || v < 1 || v > 4096)
		return say(why, len, "'%s' is neither a CPU count (1-4096) nor all", s);
	*out = (long long)v;
	return 0;
}

int pmb_parse_partitions(const char *s, unsigned int *out, char *why, size_t len)
{
	unsigned long long v;

	if (pmb_parse_u64(s, false, &v))
		return say(why, len, "'%s' is not a whole number", s);
	if (v == 0)
		return say(why, len, "must be at least 1");
	if (v > PMB_JOB_PARTITIONS_MAX)
		return say(why, len, "more than PMB_JOB_PARTITIONS_MAX, %d partitions",
			   PMB_JOB_PARTITIONS_MAX);
	*out = (unsigned int)v;
	return 0;
}

/* partitions=: copies of each size class (PMB_CAN_PARTITION backends). */
static int parse_partitions(const char *s, long long *out, char *why, size_t len)
{
	unsigned int v = 0;

	if (pmb_parse_partitions(s, &v, why, len))
		return -1;
	*out = v;
	return 0;
}

/* threads=: reader threads beside the timed work, or all (one per other CPU). */
static int parse_threads(const char *s, long long *out, char *why, size_t len)
{
	unsigned long long v;

	if (!strcmp(s, "all")) {
		*out = pmb_suite_threads_all();
		return 0;
	}
	if (pmb_parse_u64(s, false, &v) || v > PMB_SUITE_MAX_THREADS)
		return say(why, len, "'%s' is neither a number of threads (0-%d) nor all", s,
			   PMB_SUITE_MAX_THREADS);
	*out = (long long)v;
	return 0;
}

unsigned int pmb_suite_threads_all(void)
{
	/* the first answer: a benchmark pins its own thread later */
	static int all = -1;
	cpu_set_t set;
	int n;

	if (all >= 0)
		return (unsigned int)all;
	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	n = CPU_COUNT(&set) - 1;
	all = n < 0 ? 0 : n > PMB_SUITE_MAX_THREADS ? PMB_SUITE_MAX_THREADS : n;
	return (unsigned int)all;
}

static const struct key_desc keys[NR_KEYS] = {
	/* backend= and workload= are the registry's (parse_word_kv) */
	[KEY_BACKEND] = { "backend", NULL, true, 0, NULL },
	[KEY_WORKLOAD] = { "workload", NULL, true, 0, NULL },
	[KEY_THREADS] = { "threads", parse_threads, false, THREADS_DEFAULT, NULL },
	[KEY_SIZE] = { "size", parse_size, true, 0, NULL },
	[KEY_COUNT] = { "count", parse_count, true, 0, NULL },
	[KEY_REPEATS] = { "repeats", parse_repeats, false, 5, NULL },
	[KEY_WARMUP] = { "warmup", parse_warmup, false, 1, NULL },
	[KEY_CPU] = { "cpu", parse_cpu, false, -1, NULL },
	[KEY_CPUS] = { "cpus", parse_cpus, false, 0, NULL },
	[KEY_METHOD] = { "method", parse_method, false, PMB_PROT_DEFAULT, NULL },
	[KEY_PATTERN] = { "pattern", parse_pattern, false, 0, NULL },
	[KEY_PROTECTED] = { "protected", parse_yes_no, false, 0, NULL },
	[KEY_VERIFY] = { "verify", parse_yes_no, false, 0, NULL },
	/* 1 where the backend takes it; add_job makes it 0 elsewhere */
	[KEY_PARTITIONS] = { "partitions", parse_partitions, false, 1, NULL },
};

/* The order keys are listed in messages: the order of the format's docs. */
static const enum suite_key doc_order[NR_KEYS] = {
	KEY_BACKEND, KEY_WORKLOAD, KEY_SIZE, KEY_COUNT, KEY_REPEATS, KEY_WARMUP,
	KEY_CPU, KEY_CPUS, KEY_METHOD, KEY_PATTERN, KEY_PROTECTED, KEY_VERIFY,
	KEY_PARTITIONS, KEY_THREADS,
};

/* Whether @reg's suites have key @k: threads= the twin's, method= .. cpus= the module's. */
static bool key_enabled(const struct pmb_suite_registry *reg, int k)
{
	switch (k) {
	case KEY_THREADS:
		return reg->workload_threads != NULL;
	case KEY_METHOD:
	case KEY_VERIFY:
	case KEY_CPU:
	case KEY_CPUS:
	case KEY_PARTITIONS:
		return reg->module_keys;
	default:
		return true;
	}
}

static int key_index(const struct pmb_suite_registry *reg, const char *name, size_t n)
{
	int k;

	for (k = 0; k < NR_KEYS; k++)
		if (key_enabled(reg, k) && strlen(keys[k].name) == n &&
		    !strncmp(keys[k].name, name, n))
			return k;
	return -1;
}

/* The module's workload whose flags and protection @w shares (itself there). */
static unsigned int like(const struct pmb_suite_registry *reg, unsigned int w)
{
	return reg->workload_like ? reg->workload_like(w) : w;
}

/* The default of threads= for @w: the registry's, -1 where it takes none. */
static long long threads_default(const struct pmb_suite_registry *reg, unsigned int w)
{
	return reg->workload_threads ? reg->workload_threads(w) : -1;
}

static const struct flag_key *flag_key_of(enum suite_key k)
{
	size_t i;

	for (i = 0; i < sizeof(flag_keys) / sizeof(flag_keys[0]); i++)
		if (flag_keys[i].key == k)
			return &flag_keys[i];
	return NULL;
}

static const struct pmb_flag_row *flag_row_of(__u32 mask)
{
	const struct pmb_flag_row *r;
	unsigned int i;

	for (i = 0; (r = pmb_flag_row(i)); i++)
		if (r->mask == mask)
			return r;
	return NULL;
}

/*
 * Does key @k mean something for a job of @workload whose flags so far
 * (set by the keys before @k) are @flags?  From the registry's rows:
 *   method=   where the job protects its objects (the workload's row, or
 *             a flag whose row protects);
 *   a flag's key  where the workload accepts the flag; a flag that needs a
 *             backend that can protect without protecting anything itself
 *             (verify=) only where the job protects, as it checks that.
 */
static bool key_applies_to(const struct pmb_suite_registry *reg, enum suite_key k,
			   unsigned int w, __u32 flags)
{
	const struct flag_key *fk = flag_key_of(k);
	const struct pmb_flag_row *row;
	unsigned int workload = like(reg, w);

	if (k == KEY_THREADS)
		return threads_default(reg, w) >= 0;
	if (k == KEY_PARTITIONS)	/* the backend's row, not the workload's */
		return true;
	if (k == KEY_METHOD)
		return pmb_job_would_protect(workload, flags);
	if (!fk)
		return true;
	if (!pmb_workload_accepts(workload, fk->flag))
		return false;
	row = flag_row_of(fk->flag);
	if (row && (row->needs & PMB_CAN_PROTECT) && !row->protects)
		return pmb_job_would_protect(workload, flags);
	return true;
}

/* The flags the keys before @k set in @cur (those are chosen already). */
static __u32 flags_before(enum suite_key k, const long long *cur)
{
	__u32 flags = 0;
	size_t i;

	for (i = 0; i < sizeof(flag_keys) / sizeof(flag_keys[0]); i++)
		if (flag_keys[i].key < k && cur[flag_keys[i].key])
			flags |= flag_keys[i].flag;
	return flags;
}

static bool key_applies(const struct pmb_suite_registry *reg, enum suite_key k,
			const long long *cur)
{
	if (k == KEY_PARTITIONS)
		return !!(pmb_backend_caps((__u32)cur[KEY_BACKEND]) & PMB_CAN_PARTITION);
	return key_applies_to(reg, k, (unsigned int)cur[KEY_WORKLOAD], flags_before(k, cur));
}

/*
 * Where key @k means something, for its error message, from the same
 * rows: "workload=protect, unprotect, destroy or read with protected=yes".
 */
static void applies_text(const struct pmb_suite_registry *reg, enum suite_key k,
			 char *buf, size_t len)
{
	const char *items[2 * MAX_LIST], *name;
	char with[MAX_LIST][64];
	unsigned int i, n = 0, w;
	size_t f, used;

	if (k == KEY_PARTITIONS) {
		/* the backends whose row has PMB_CAN_PARTITION */
		used = 0;
		for (i = 0; reg->backend_name(i) && used < len; i++)
			if (pmb_backend_caps(i) & PMB_CAN_PARTITION)
				used += (size_t)snprintf(buf + used, len - used, "%s%s",
							 used ? ", " : "backend=",
							 reg->backend_name(i));
		if (!used)
			snprintf(buf, len, "no backend");
		return;
	}

	for (i = 0; i < MAX_LIST && (name = reg->workload_nth_name(i)); i++)
		if (key_applies_to(reg, k, (unsigned int)reg->workload_from_name(name), 0))
			items[n++] = name;
	/* then those where it applies once another flag key is set */
	for (i = 0; i < MAX_LIST && (name = reg->workload_nth_name(i)); i++) {
		w = (unsigned int)reg->workload_from_name(name);
		if (key_applies_to(reg, k, w, 0))
			continue;
		for (f = 0; f < sizeof(flag_keys) / sizeof(flag_keys[0]); f++) {
			if (!key_enabled(reg, flag_keys[f].key) || flag_keys[f].key >= k ||
			    !pmb_workload_accepts(like(reg, w), flag_keys[f].flag) ||
			    !key_applies_to(reg, k, w, flag_keys[f].flag))
				continue;
			snprintf(with[i], sizeof(with[i]), "%s with %s=%s", name,
				 keys[flag_keys[f].key].name, flag_keys[f].on);
			items[n++] = with[i];
			break;
		}
	}
	used = (size_t)snprintf(buf, len, "%s", n ? "workload=" : "no workload");
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i == 0 ? "" : i + 1 == n ? " or " : ", ", items[i]);
}

/* Parser state: where we are, what `set` lines said, where errors go. */
struct parser {
	const struct pmb_suite_registry *reg;
	struct pmb_suite *suite;
	const char *file;
	unsigned int line;
	struct line_values defaults;
	/*
	 * Keys a bad set line tried to set: a job line that would take one
	 * from there makes no job and no message (the set line has one).
	 */
	bool poisoned[NR_KEYS];
	struct pmb_suite_errors *errs;
	bool fatal;		/* stop reading: nothing further can be checked */
};

static void add_error(struct pmb_suite_errors *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_error(struct pmb_suite_errors *e, const char *fmt, ...)
{
	va_list ap;
	char *c;

	if (e->n == PMB_SUITE_MAX_ERRORS) {
		e->more++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(e->msg[e->n], sizeof(e->msg[e->n]), fmt, ap);
	va_end(ap);
	/* One line on a terminal, whatever the line quoted in it held. */
	for (c = e->msg[e->n]; *c; c++)
		if (iscntrl((unsigned char)*c))
			*c = '?';
	e->n++;
}

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	add_error(p->errs, "%s:%u: %s", p->file, p->line, msg);
	return -1;
}

static int fatal(struct parser *p, const char *msg)
{
	p->fatal = true;
	return fail(p, "%s", msg);
}

/*
 * "size=64,4k": into @lv, checking the key and every list element.  On an
 * error *@key is the key named, or -1.
 */
static int parse_word_kv(struct parser *p, char *word, struct line_values *lv,
			 int *key)
{
	char *eq = strchr(word, '='), *val, *elem, *save = NULL;
	char why[256], list[160];
	struct value_list *vl;
	size_t used = 0;
	unsigned int i;
	int k;

	*key = -1;
	if (!eq || eq == word)
		return fail(p, "'%s' is not KEY=VALUE", word);
	k = key_index(p->reg, word, (size_t)(eq - word));
	if (k < 0) {
		for (i = 0; i < NR_KEYS && used < sizeof(list); i++)
			if (key_enabled(p->reg, doc_order[i]))
				used += snprintf(list + used, sizeof(list) - used, "%s%s",
						 used ? ", " : "", keys[doc_order[i]].name);
		return fail(p, "unknown key '%.*s' (keys: %s)", (int)(eq - word), word, list);
	}
	if (lv->given[k])
		return fail(p, "%s= given twice on one line (a list is one word: %s=a,b)",
			    keys[k].name, keys[k].name);
	*key = k;
	val = eq + 1;
	if (!*val)
		return fail(p, "%s=: empty value", keys[k].name);
	if (val[0] == ',' || val[strlen(val) - 1] == ',' || strstr(val, ",,"))
		return fail(p, "%s=%s: empty element in the list", keys[k].name, val);
	vl = &lv->val[k];
	vl->n = 0;
	for (elem = strtok_r(val, ",", &save); elem; elem = strtok_r(NULL, ",", &save)) {
		const char *(*all)(unsigned int) = k == KEY_BACKEND ? p->reg->backend_name :
						   k == KEY_WORKLOAD ? p->reg->workload_nth_name :
						   keys[k].all;

		if (all && !strcmp(elem, "all")) {
			/* every row of the registry's table */
			for (i = 0; all(i); i++) {
				if (vl->n == MAX_LIST)
					return fail(p, "%s=: more than %d values", keys[k].name, MAX_LIST);
				vl->v[vl->n++] = k == KEY_WORKLOAD ?
					(long long)p->reg->workload_from_name(all(i)) : (long long)i;
			}
			continue;
		}
		if (vl->n == MAX_LIST)
			return fail(p, "%s=: more than %d values", keys[k].name, MAX_LIST);
		if (k == KEY_BACKEND || k == KEY_WORKLOAD) {
			if (parse_table(elem, &vl->v[vl->n], why, sizeof(why), keys[k].name, all,
					k == KEY_BACKEND ? p->reg->backend_from_name :
							   p->reg->workload_from_name))
				return fail(p, "%s=%s: %s", keys[k].name, elem, why);
		} else if (keys[k].parse(elem, &vl->v[vl->n], why, sizeof(why))) {
			return fail(p, "%s=%s: %s", keys[k].name, elem, why);
		}
		/* threads=1,all where all is 1: one job, not two */
		if (k == KEY_THREADS)
			for (i = 0; i < vl->n; i++)
				if (vl->v[i] == vl->v[vl->n])
					break;
		if (k != KEY_THREADS || i == vl->n)
			vl->n++;
	}
	lv->given[k] = true;
	return 0;
}

static int add_job(struct parser *p, const long long *cur)
{
	struct pmb_suite *s = p->suite;
	struct pmb_suite_job *sj;
	const char *why;
	size_t i;

	if (cur[KEY_REPEATS] + cur[KEY_WARMUP] > PMB_JOB_SAMPLES_MAX)
		return fail(p, "repeats=%lld + warmup=%lld: more than PMB_JOB_SAMPLES_MAX, %d samples per job",
			    cur[KEY_REPEATS], cur[KEY_WARMUP], PMB_JOB_SAMPLES_MAX);
	if (cur[KEY_CPUS] > 0 && cur[KEY_CPU] >= cur[KEY_CPUS])
		return fail(p, "cpu=%lld with cpus=%lld: only CPUs 0-%lld stay online",
			    cur[KEY_CPU], cur[KEY_CPUS], cur[KEY_CPUS] - 1);
	if (s->nr_jobs == PMB_SUITE_MAX_JOBS) {
		p->fatal = true;
		return fail(p, "the suite expands to more than %d jobs", PMB_SUITE_MAX_JOBS);
	}
	if (s->nr_jobs == s->cap_jobs) {
		size_t cap = s->cap_jobs ? 2 * s->cap_jobs : 64;
		void *n = realloc(s->jobs, cap * sizeof(*s->jobs));

		if (!n)
			return fatal(p, "out of memory");
		s->jobs = n;
		s->cap_jobs = cap;
	}
	sj = &s->jobs[s->nr_jobs++];
	memset(sj, 0, sizeof(*sj));
	sj->line = p->line;
	sj->online_cpus = (unsigned int)cur[KEY_CPUS];
	sj->job.backend = (__u32)cur[KEY_BACKEND];
	sj->job.workload = (__u32)cur[KEY_WORKLOAD];
	sj->job.size = (__u64)cur[KEY_SIZE];
	sj->job.count = (__u64)cur[KEY_COUNT];
	sj->job.repeats = (__u32)cur[KEY_REPEATS];
	sj->job.warmup = (__u32)cur[KEY_WARMUP];
	sj->job.cpu = (__s32)cur[KEY_CPU];
	sj->job.protect_method = (__u32)cur[KEY_METHOD];
	for (i = 0; i < sizeof(flag_keys) / sizeof(flag_keys[0]); i++)
		if (cur[flag_keys[i].key])
			sj->job.flags |= flag_keys[i].flag;
	sj->threads = (int)cur[KEY_THREADS];
	if (pmb_backend_caps(sj->job.backend) & PMB_CAN_PARTITION)
		sj->job.partitions = (__u32)cur[KEY_PARTITIONS];
	if (p->reg->refuse && (why = p->reg->refuse(sj))) {
		s->nr_jobs--;
		return fail(p, "%s", why);
	}
	return 0;
}

/*
 * The cartesian product of @lv's lists, key by key.  A key that means
 * nothing for the values chosen so far (pattern= of an alloc job) takes its
 * default instead of its list, so no job is made twice.  Stops at the
 * line's first bad job: one message per line.
 */
static int expand(struct parser *p, const struct line_values *lv, int k,
		  long long *cur, bool *applied)
{
	unsigned int i;

	if (k == NR_KEYS)
		return add_job(p, cur);
	if (!key_applies(p->reg, k, cur)) {
		cur[k] = k == KEY_THREADS ? -1 : keys[k].dflt;
		return expand(p, lv, k + 1, cur, applied);
	}
	applied[k] = true;
	for (i = 0; i < lv->val[k].n; i++) {
		cur[k] = lv->val[k].v[i];
		if (cur[k] == THREADS_DEFAULT)
			cur[k] = threads_default(p->reg, (unsigned int)cur[KEY_WORKLOAD]);
		if (expand(p, lv, k + 1, cur, applied))
			return -1;
	}
	return 0;
}

static int job_line(struct parser *p, const struct line_values *own)
{
	struct line_values lv = p->defaults;
	bool applied[NR_KEYS] = { false };
	long long cur[NR_KEYS];
	char missing[128] = "", where[256];
	size_t used = 0, jobs = p->suite->nr_jobs;
	bool quiet = false;
	int k, ret = 0;

	for (k = 0; k < NR_KEYS; k++) {
		if (own->given[k]) {
			lv.given[k] = true;
			lv.val[k] = own->val[k];
		} else if (p->poisoned[k]) {
			quiet = true;	/* its set line is reported already */
		} else if (!lv.given[k] && keys[k].required) {
			used += snprintf(missing + used, sizeof(missing) - used, "%s%s=",
					 used ? ", " : "", keys[k].name);
		} else if (!lv.given[k]) {
			lv.val[k].n = 1;
			lv.val[k].v[0] = keys[k].dflt;
		}
	}
	if (quiet)
		return 0;
	if (used)
		return fail(p, "missing %s (on the line, or in a set line above it)", missing);
	if (expand(p, &lv, 0, cur, applied)) {
		p->suite->nr_jobs = jobs;	/* none of a bad line's jobs */
		return -1;
	}
	/* A key written on this very line must mean something for one of its jobs. */
	for (k = 0; k < NR_KEYS; k++) {
		if (own->given[k] && !applied[k]) {
			applies_text(p->reg, k, where, sizeof(where));
			ret = fail(p, "%s= applies only to %s", keys[k].name, where);
		}
	}
	return ret;
}

/* Every word of the line is checked, so a line with two mistakes shows both. */
static int parse_line(struct parser *p, char *text)
{
	struct line_values own;
	char *word, *save = NULL, *hash = strchr(text, '#');
	bool is_set = false, bad = false, tried[NR_KEYS] = { false };
	int k, words = 0;

	if (hash)
		*hash = '\0';
	memset(&own, 0, sizeof(own));
	for (word = strtok_r(text, " \t\r\n", &save); word;
	     word = strtok_r(NULL, " \t\r\n", &save)) {
		if (words++ == 0 && !strcmp(word, "set")) {
			is_set = true;
			continue;
		}
		if (parse_word_kv(p, word, &own, &k)) {
			bad = true;
			if (k >= 0)
				tried[k] = true;
		}
	}
	if (words == 0)
		return 0;
	if (!is_set)
		return bad ? -1 : job_line(p, &own);
	if (words == 1)
		return fail(p, "set needs at least one KEY=VALUE");
	for (k = 0; k < NR_KEYS; k++) {
		if (own.given[k]) {
			p->defaults.given[k] = true;
			p->defaults.val[k] = own.val[k];
			p->poisoned[k] = false;
		} else if (tried[k]) {
			p->poisoned[k] = true;
		}
	}
	return bad ? -1 : 0;
}

static char *suite_name(const char *filename)
{
	const char *base = strrchr(filename, '/');
	size_t n;

	base = base ? base + 1 : filename;
	n = strlen(base);
	if (n > 6 && !strcmp(base + n - 6, ".suite"))
		n -= 6;
	return strndup(base, n);
}

static const char *module_workload_nth(unsigned int i)
{
	return pmb_workload_name(i);
}

const struct pmb_suite_registry pmb_suite_module_registry = {
	.backend_name = pmb_backend_name,
	.backend_from_name = pmb_backend_from_name,
	.workload_nth_name = module_workload_nth,
	.workload_from_name = pmb_workload_from_name,
	.module_keys = true,
};

int pmb_suite_parse_all(struct pmb_suite *suite, FILE *f, const char *filename,
			struct pmb_suite_errors *errs)
{
	return pmb_suite_parse_reg(suite, f, filename, errs, &pmb_suite_module_registry);
}

int pmb_suite_parse_reg(struct pmb_suite *suite, FILE *f, const char *filename,
			struct pmb_suite_errors *errs, const struct pmb_suite_registry *reg)
{
	struct parser p = { .reg = reg, .suite = suite, .file = filename, .errs = errs };
	/* A line and its newline; anything longer is refused unread. */
	char buf[PMB_SUITE_MAX_LINE + 2];
	size_t n;
	int r;

	errs->n = errs->more = 0;
	suite->name = suite_name(filename);
	if (!suite->name) {
		add_error(errs, "%s: out of memory", filename);
		return -1;
	}
	if (!pmb_text_valid(suite->name)) {
		add_error(errs, "%s: the file name is not UTF-8 text (it names the suite in env.json)",
			  filename);
		pmb_suite_free(suite);
		return -1;
	}
	errno = 0;
	while (!p.fatal && (r = pmb_read_line(f, buf, sizeof(buf), &n)) != 0) {
		p.line++;
		if (r == -1)	/* the rest of it is still unread: stop here */
			fatal(&p, "line longer than " PMB_STR(PMB_SUITE_MAX_LINE) " characters");
		else if (r < 0)
			break;
		else if (memchr(buf, '\0', n))
			fail(&p, "NUL byte in the line (a suite is text)");
		else if (!pmb_utf8_valid(buf, n))
			fail(&p, "not UTF-8 text");
		else
			parse_line(&p, buf);
	}
	if (!p.fatal && ferror(f))
		add_error(errs, "%s: %s", filename, strerror(errno ? errno : EIO));
	if (!errs->n && suite->nr_jobs == 0)
		add_error(errs, "%s: no job in the suite", filename);
	if (errs->n) {
		pmb_suite_free(suite);
		return -1;
	}
	return 0;
}

int pmb_suite_load_all(struct pmb_suite *suite, const char *path,
		       struct pmb_suite_errors *errs)
{
	return pmb_suite_load_reg(suite, path, errs, &pmb_suite_module_registry);
}

int pmb_suite_load_reg(struct pmb_suite *suite, const char *path,
		       struct pmb_suite_errors *errs, const struct pmb_suite_registry *reg)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		errs->n = errs->more = 0;
		add_error(errs, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = pmb_suite_parse_reg(suite, f, path, errs, reg);
	fclose(f);
	return ret;
}

void pmb_suite_errors_print(const struct pmb_suite_errors *errs, FILE *out,
			    const char *prefix, const char *filename)
{
	unsigned int i;

	for (i = 0; i < errs->n; i++)
		fprintf(out, "%s%s\n", prefix, errs->msg[i]);
	if (errs->more)
		fprintf(out, "%s%s: and %u more error%s\n", prefix, filename,
			errs->more, errs->more == 1 ? "" : "s");
}

/* The first message only: for callers that show one line. */
static int first_error(int ret, struct pmb_suite_errors *errs, char *err,
		       size_t len)
{
	if (len)
		snprintf(err, len, "%s", ret && errs->n ? errs->msg[0] : "");
	free(errs);
	return ret;
}

int pmb_suite_parse(struct pmb_suite *suite, FILE *f, const char *filename,
		    char *err, size_t len)
{
	struct pmb_suite_errors *errs = calloc(1, sizeof(*errs));

	if (!errs) {
		snprintf(err, len, "%s: out of memory", filename);
		return -1;
	}
	return first_error(pmb_suite_parse_all(suite, f, filename, errs), errs, err, len);
}

int pmb_suite_load(struct pmb_suite *suite, const char *path, char *err,
		   size_t len)
{
	struct pmb_suite_errors *errs = calloc(1, sizeof(*errs));

	if (!errs) {
		snprintf(err, len, "%s: out of memory", path);
		return -1;
	}
	return first_error(pmb_suite_load_all(suite, path, errs), errs, err, len);
}

void pmb_suite_free(struct pmb_suite *suite)
{
	free(suite->name);
	free(suite->jobs);
	memset(suite, 0, sizeof(*suite));
}

size_t pmb_suite_keep_cost(struct pmb_suite *suite, int cost)
{
	size_t i, kept = 0;

	for (i = 0; i < suite->nr_jobs; i++)
		if (pmb_workload_cost(suite->jobs[i].job.workload) == cost)
			suite->jobs[kept++] = suite->jobs[i];
	suite->nr_jobs = kept;
	return kept;
}

int pmb_job_check_limits(const struct pmb_job *job, const char *prefix,
			 FILE *out)
{
	static const struct {
		const char *opt;
		size_t offset;
		unsigned long long max;
		const char *limit, *what;
	} amounts[] = {
		{ "--size", offsetof(struct pmb_job, size), PMB_JOB_SIZE_MAX,
		  "PMB_JOB_SIZE_MAX", "bytes per object" },
		{ "--count", offsetof(struct pmb_job, count), PMB_JOB_COUNT_MAX,
		  "PMB_JOB_COUNT_MAX", "objects per job" },
	};
	unsigned long long v;
	char m[24];
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		memcpy(&v, (const char *)job + amounts[i].offset, sizeof(v));
		pmb_size_text(m, sizeof(m), amounts[i].max);
		if (v == 0) {
			fprintf(out, "%s%s 0: must be at least 1\n", prefix, amounts[i].opt);
			ret = -1;
		} else if (v > amounts[i].max) {
			fprintf(out, "%s%s %llu: more than %s, %s %s\n", prefix, amounts[i].opt,
				v, amounts[i].limit, m, amounts[i].what);
			ret = -1;
		}
	}
	if (pmb_backend_caps(job->backend) & PMB_CAN_PARTITION) {
		if (!job->partitions || job->partitions > PMB_JOB_PARTITIONS_MAX) {
			fprintf(out, "%s--partitions %u: not 1 to PMB_JOB_PARTITIONS_MAX, %d\n",
				prefix, job->partitions, PMB_JOB_PARTITIONS_MAX);
			ret = -1;
		}
	} else if (job->partitions) {
		fprintf(out, "%s--partitions: backend %s takes none (only backends with PMB_CAN_PARTITION do)\n",
			prefix, pmb_backend_name(job->backend) ?: "?");
		ret = -1;
	}
	if ((unsigned long long)job->repeats + job->warmup > PMB_JOB_SAMPLES_MAX) {
		fprintf(out, "%s--repeats %u + --warmup %u: more than PMB_JOB_SAMPLES_MAX, %d samples per job\n",
			prefix, job->repeats, job->warmup, PMB_JOB_SAMPLES_MAX);
		ret = -1;
	}
	return ret;
}

void pmb_size_text(char *buf, size_t len, unsigned long long v)
{
	if (v >= (1ULL << 30) && !(v & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%lluG", v >> 30);
	else if (v >= (1ULL << 20) && !(v & ((1ULL << 20) - 1)))
		snprintf(buf, len, "%lluM", v >> 20);
	else if (v >= (1ULL << 10) && !(v & ((1ULL << 10) - 1)))
		snprintf(buf, len, "%lluk", v >> 10);
	else
		snprintf(buf, len, "%llu", v);
}

void pmb_suite_job_describe(const struct pmb_suite_job *sj, char *buf,
			    size_t len)
{
	const struct pmb_job *j = &sj->job;
	char size[24];
	size_t used;

	pmb_size_text(size, sizeof(size), j->size);
	used = (size_t)snprintf(buf, len, "%s %s size=%s count=%llu",
				pmb_backend_name(j->backend) ?: "?",
				pmb_workload_name(j->workload) ?: "?", size,
				(unsigned long long)j->count);
	if (used < len && pmb_workload_accepts(j->workload, PMB_JOB_READ_SWEEP))
		used += snprintf(buf + used, len - used, " pattern=%s",
				 pmb_pattern_name(!!(j->flags & PMB_JOB_READ_SWEEP)));
	if (used < len && pmb_workload_accepts(j->workload, PMB_JOB_READ_PROTECTED))
		used += snprintf(buf + used, len - used, " protected=%s",
				 j->flags & PMB_JOB_READ_PROTECTED ? "yes" : "no");
	if (used < len && (j->flags & PMB_JOB_VERIFY))
		used += snprintf(buf + used, len - used, " verify=yes");
	if (used < len && j->protect_method != PMB_PROT_DEFAULT)
		used += snprintf(buf + used, len - used, " method=%s",
				 pmb_method_name(j->protect_method) ?: "?");
	if (used < len && j->cpu >= 0)
		used += snprintf(buf + used, len - used, " cpu=%d", j->cpu);
	if (used < len && sj->online_cpus)
		used += snprintf(buf + used, len - used, " cpus=%u", sj->online_cpus);
	if (used < len && j->partitions)
		snprintf(buf + used, len - used, " partitions=%u", j->partitions);
}
