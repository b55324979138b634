// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmb_names.h"
#include "pmb_result.h"
#include "pmb_suite.h"

#define MAX_LIST	64	/* values in one comma list */

/*
 * The keys, in the order their lists nest when a line is expanded: the
 * first is the outermost loop, backend the innermost, so that the numbers
 * a report puts side by side (one job on each backend) are taken one right
 * after the other.  workload and protected come before the keys whose
 * meaning depends on them.
 */
enum suite_key {
	KEY_WORKLOAD, KEY_SIZE, KEY_COUNT, KEY_PATTERN, KEY_PROTECTED,
	KEY_METHOD, KEY_VERIFY, KEY_CPUS, KEY_CPU, KEY_REPEATS, KEY_WARMUP,
	KEY_BACKEND, NR_KEYS
};

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
	const char *applies;	/* NULL: always; else where it means something */
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

/* "kmalloc, vmalloc, pmalloc" from a name table. */
static void choices(char *buf, size_t len, const char *(*name)(unsigned int))
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; name(i) && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name(i));
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
	choices(list, sizeof(list), name);
	return say(why, len, "unknown %s '%s' (%s)", what, s, list);
}

static int parse_backend(const char *s, long long *out, char *why, size_t len)
{
	return parse_table(s, out, why, len, "backend", pmb_backend_name,
			   pmb_backend_from_name);
}

static int parse_workload(const char *s, long long *out, char *why, size_t len)
{
	return parse_table(s, out, why, len, "workload", pmb_workload_name,
			   pmb_workload_from_name);
}

static int parse_method(const char *s, long long *out, char *why, size_t len)
{
	if (!strcmp(s, "default")) {
		*out = PMB_PROT_DEFAULT;
		return 0;
	}
	if (pmb_method_from_name(s) < 0)
		return say(why, len, "unknown protection method '%s' (cpa, pte, default)", s);
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

/* size and count: positive, binary suffixes allowed (4k = 4096). */
static int parse_amount(const char *s, long long *out, char *why, size_t len)
{
	unsigned long long v;

	if (pmb_parse_u64(s, true, &v) || v > PMB_SUITE_MAX_AMOUNT)
		return say(why, len, "'%s' is not a number (digits, optionally with k, M or G: 4k = 4096)", s);
	if (v == 0)
		return say(why, len, "must be at least 1");
	*out = (long long)v;
	return 0;
}

static int parse_count_of(const char *s, long long *out, char *why,
			  size_t len, unsigned long long min)
{
	unsigned long long v;

	if (pmb_parse_u64(s, false, &v) || v > PMB_SUITE_MAX_SAMPLES)
		return say(why, len, "'%s' is not a whole number up to %d", s,
			   PMB_SUITE_MAX_SAMPLES);
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

static const char applies_read[] = "workload=read";
static const char applies_protect[] =
	"workload=protect, unprotect, destroy and reads with protected=yes";
static const char applies_verify[] =
	"workload=protect, unprotect and reads with protected=yes";

static const struct key_desc keys[NR_KEYS] = {
	[KEY_BACKEND] = { "backend", parse_backend, true, 0, NULL },
	[KEY_WORKLOAD] = { "workload", parse_workload, true, 0, NULL },
	[KEY_SIZE] = { "size", parse_amount, true, 0, NULL },
	[KEY_COUNT] = { "count", parse_amount, true, 0, NULL },
	[KEY_REPEATS] = { "repeats", parse_repeats, false, 5, NULL },
	[KEY_WARMUP] = { "warmup", parse_warmup, false, 1, NULL },
	[KEY_CPU] = { "cpu", parse_cpu, false, -1, NULL },
	[KEY_CPUS] = { "cpus", parse_cpus, false, 0, NULL },
	[KEY_METHOD] = { "method", parse_method, false, PMB_PROT_DEFAULT, applies_protect },
	[KEY_PATTERN] = { "pattern", parse_pattern, false, 0, applies_read },
	[KEY_PROTECTED] = { "protected", parse_yes_no, false, 0, applies_read },
	[KEY_VERIFY] = { "verify", parse_yes_no, false, 0, applies_verify },
};

/* The order keys are listed in messages: the order of the format's docs. */
static const enum suite_key doc_order[NR_KEYS] = {
	KEY_BACKEND, KEY_WORKLOAD, KEY_SIZE, KEY_COUNT, KEY_REPEATS, KEY_WARMUP,
	KEY_CPU, KEY_CPUS, KEY_METHOD, KEY_PATTERN, KEY_PROTECTED, KEY_VERIFY,
};

static int key_index(const char *name, size_t n)
{
	int k;

	for (k = 0; k < NR_KEYS; k++)
		if (strlen(keys[k].name) == n && !strncmp(keys[k].name, name, n))
			return k;
	return -1;
}

/* Does key @k mean something for the values chosen so far in @cur? */
static bool key_applies(enum suite_key k, const long long *cur)
{
	bool read = cur[KEY_WORKLOAD] == PMB_WL_READ;
	bool protected_read = read && cur[KEY_PROTECTED];

	switch (k) {
	case KEY_PATTERN:
	case KEY_PROTECTED:
		return read;
	case KEY_METHOD:
		return pmb_job_would_protect((unsigned int)cur[KEY_WORKLOAD],
					     protected_read ? PMB_JOB_READ_PROTECTED : 0);
	case KEY_VERIFY:
		return cur[KEY_WORKLOAD] == PMB_WL_PROTECT ||
		       cur[KEY_WORKLOAD] == PMB_WL_UNPROTECT || protected_read;
	default:
		return true;
	}
}

/* Parser state: where we are, what `set` lines said, where errors go. */
struct parser {
	struct pmb_suite *suite;
	const char *file;
	unsigned int line;
	struct line_values defaults;
	char *err;
	size_t len;
};

static int fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[512], *c;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->len, "%s:%u: %s", p->file, p->line, msg);
	/* One line on a terminal, whatever the line quoted in it held. */
	for (c = p->err; *c; c++)
		if (iscntrl((unsigned char)*c))
			*c = '?';
	return -1;
}

/* "size=64,4k": into @lv, checking the key and every list element. */
static int parse_word_kv(struct parser *p, char *word, struct line_values *lv)
{
	char *eq = strchr(word, '='), *val, *elem, *save = NULL;
	char why[256], list[160];
	size_t used = 0;
	int i, k;

	if (!eq || eq == word)
		return fail(p, "'%s' is not KEY=VALUE", word);
	k = key_index(word, (size_t)(eq - word));
	if (k < 0) {
		for (i = 0; i < NR_KEYS && used < sizeof(list); i++)
			used += snprintf(list + used, sizeof(list) - used, "%s%s",
					 i ? ", " : "", keys[doc_order[i]].name);
		return fail(p, "unknown key '%.*s' (keys: %s)", (int)(eq - word), word, list);
	}
	if (lv->given[k])
		return fail(p, "%s= given twice on one line (a list is one word: %s=a,b)",
			    keys[k].name, keys[k].name);
	val = eq + 1;
	if (!*val)
		return fail(p, "%s=: empty value", keys[k].name);
	if (val[0] == ',' || val[strlen(val) - 1] == ',' || strstr(val, ",,"))
		return fail(p, "%s=%s: empty element in the list", keys[k].name, val);
	lv->given[k] = true;
	lv->val[k].n = 0;
	for (elem = strtok_r(val, ",", &save); elem; elem = strtok_r(NULL, ",", &save)) {
		if (lv->val[k].n == MAX_LIST)
			return fail(p, "%s=: more than %d values", keys[k].name, MAX_LIST);
		if (keys[k].parse(elem, &lv->val[k].v[lv->val[k].n], why, sizeof(why)))
			return fail(p, "%s=%s: %s", keys[k].name, elem, why);
		lv->val[k].n++;
	}
	return 0;
}

static int add_job(struct parser *p, const long long *cur)
{
	struct pmb_suite *s = p->suite;
	struct pmb_suite_job *sj;

	if (cur[KEY_REPEATS] + cur[KEY_WARMUP] > PMB_SUITE_MAX_SAMPLES)
		return fail(p, "repeats + warmup must not exceed %d", PMB_SUITE_MAX_SAMPLES);
	if (cur[KEY_CPUS] > 0 && cur[KEY_CPU] >= cur[KEY_CPUS])
		return fail(p, "cpu=%lld with cpus=%lld: only CPUs 0-%lld stay online",
			    cur[KEY_CPU], cur[KEY_CPUS], cur[KEY_CPUS] - 1);
	if (s->nr_jobs == PMB_SUITE_MAX_JOBS)
		return fail(p, "the suite expands to more than %d jobs", PMB_SUITE_MAX_JOBS);
	if (s->nr_jobs == s->cap_jobs) {
		size_t cap = s->cap_jobs ? 2 * s->cap_jobs : 64;
		void *n = realloc(s->jobs, cap * sizeof(*s->jobs));

		if (!n)
			return fail(p, "out of memory");
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
	if (cur[KEY_PATTERN])
		sj->job.flags |= PMB_JOB_READ_SWEEP;
	if (cur[KEY_PROTECTED])
		sj->job.flags |= PMB_JOB_READ_PROTECTED;
	if (cur[KEY_VERIFY])
		sj->job.flags |= PMB_JOB_VERIFY;
	return 0;
}

/*
 * The cartesian product of @lv's lists, key by key.  A key that means
 * nothing for the values chosen so far (pattern= of an alloc job) takes its
 * default instead of its list, so no job is made twice.
 */
static int expand(struct parser *p, const struct line_values *lv, int k,
		  long long *cur, bool *applied)
{
	unsigned int i;

	if (k == NR_KEYS)
		return add_job(p, cur);
	if (!key_applies(k, cur)) {
		cur[k] = keys[k].dflt;
		return expand(p, lv, k + 1, cur, applied);
	}
	applied[k] = true;
	for (i = 0; i < lv->val[k].n; i++) {
		cur[k] = lv->val[k].v[i];
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
	char missing[128] = "";
	size_t used = 0;
	int k;

	for (k = 0; k < NR_KEYS; k++) {
		if (own->given[k]) {
			lv.given[k] = true;
			lv.val[k] = own->val[k];
		} else if (!lv.given[k] && keys[k].required) {
			used += snprintf(missing + used, sizeof(missing) - used, "%s%s=",
					 used ? ", " : "", keys[k].name);
		} else if (!lv.given[k]) {
			lv.val[k].n = 1;
			lv.val[k].v[0] = keys[k].dflt;
		}
	}
	if (used)
		return fail(p, "missing %s (on the line, or in a set line above it)", missing);
	if (expand(p, &lv, 0, cur, applied))
		return -1;
	/* A key written on this very line must mean something for one of its jobs. */
	for (k = 0; k < NR_KEYS; k++)
		if (own->given[k] && !applied[k])
			return fail(p, "%s= applies only to %s", keys[k].name, keys[k].applies);
	return 0;
}

static int parse_line(struct parser *p, char *text)
{
	struct line_values own;
	char *word, *save = NULL, *hash = strchr(text, '#');
	bool is_set = false;
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
		if (parse_word_kv(p, word, &own))
			return -1;
	}
	if (words == 0)
		return 0;
	if (!is_set)
		return job_line(p, &own);
	if (words == 1)
		return fail(p, "set needs at least one KEY=VALUE");
	for (k = 0; k < NR_KEYS; k++) {
		if (own.given[k]) {
			p->defaults.given[k] = true;
			p->defaults.val[k] = own.val[k];
		}
	}
	return 0;
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

int pmb_suite_parse(struct pmb_suite *suite, FILE *f, const char *filename,
		    char *err, size_t len)
{
	struct parser p = {
		.suite = suite, .file = filename, .err = err, .len = len,
	};
	/* A line and its newline; anything longer is refused unread. */
	char buf[PMB_SUITE_MAX_LINE + 2];
	size_t n;
	int ret = 0, r;

	suite->name = suite_name(filename);
	if (!suite->name) {
		snprintf(err, len, "%s: out of memory", filename);
		return -1;
	}
	if (!pmb_text_valid(suite->name)) {
		snprintf(err, len, "%s: the file name is not UTF-8 text (it names the suite in env.json)",
			 filename);
		pmb_suite_free(suite);
		return -1;
	}
	errno = 0;
	while (!ret && (r = pmb_read_line(f, buf, sizeof(buf), &n)) != 0) {
		p.line++;
		if (r == -1)
			ret = fail(&p, "line longer than %d characters", PMB_SUITE_MAX_LINE);
		else if (r < 0)
			break;
		else if (memchr(buf, '\0', n))
			ret = fail(&p, "NUL byte in the line (a suite is text)");
		else if (!pmb_utf8_valid(buf, n))
			ret = fail(&p, "not UTF-8 text");
		else
			ret = parse_line(&p, buf);
	}
	if (!ret && ferror(f)) {
		snprintf(err, len, "%s: %s", filename, strerror(errno ? errno : EIO));
		ret = -1;
	}
	if (!ret && suite->nr_jobs == 0) {
		snprintf(err, len, "%s: no job in the suite", filename);
		ret = -1;
	}
	if (ret)
		pmb_suite_free(suite);
	return ret;
}

int pmb_suite_load(struct pmb_suite *suite, const char *path, char *err,
		   size_t len)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = pmb_suite_parse(suite, f, path, err, len);
	fclose(f);
	return ret;
}

void pmb_suite_free(struct pmb_suite *suite)
{
	free(suite->name);
	free(suite->jobs);
	memset(suite, 0, sizeof(*suite));
}

static void size_text(char *buf, size_t len, unsigned long long v)
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

	size_text(size, sizeof(size), j->size);
	used = (size_t)snprintf(buf, len, "%s %s size=%s count=%llu",
				pmb_backend_name(j->backend) ?: "?",
				pmb_workload_name(j->workload) ?: "?", size,
				(unsigned long long)j->count);
	if (used < len && j->workload == PMB_WL_READ)
		used += snprintf(buf + used, len - used, " pattern=%s protected=%s",
				 pmb_pattern_name(!!(j->flags & PMB_JOB_READ_SWEEP)),
				 j->flags & PMB_JOB_READ_PROTECTED ? "yes" : "no");
	if (used < len && j->protect_method != PMB_PROT_DEFAULT)
		used += snprintf(buf + used, len - used, " method=%s",
				 pmb_method_name(j->protect_method) ?: "?");
	if (used < len && j->cpu >= 0)
		used += snprintf(buf + used, len - used, " cpu=%d", j->cpu);
	if (used < len && sj->online_cpus)
		snprintf(buf + used, len - used, " cpus=%u", sj->online_cpus);
}
