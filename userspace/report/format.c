// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format.h"

static const struct {
	const char *target, *label, *meaning;
} targets[] = {
	{ "host", "host",
	  "the module ran on the machine itself: real cycles, real TLB, hardware counters" },
	{ "vm-tcg", "VM TCG",
	  "QEMU without KVM: emulated CPU; page-count TLB effects show (QEMU's soft TLB is 4 KiB-granular), huge-page effects do not; read the shape, not the absolute numbers" },
	{ "vm-icount", "VM icount",
	  "QEMU TCG with -icount: guest time follows guest instructions, repeatable to well under 1%; code-path cost only, no memory-system effects at all" },
	{ "vm-kvm", "VM KVM",
	  "QEMU with KVM: near-host numbers inside a guest" },
	{ "userspace", "userspace twin",
	  "no module: the userspace twin (mmap, mprotect, mseal) ran natively on the real CPU; what protection costs a process on this machine, not what pmalloc costs the kernel" },
};

static int target_index(const char *target)
{
	size_t i;

	for (i = 0; target && i < sizeof(targets) / sizeof(targets[0]); i++)
		if (!strcmp(targets[i].target, target))
			return i;
	return -1;
}

const char *rpt_target_label(const char *target)
{
	int i = target_index(target);

	return i < 0 ? target : targets[i].label;
}

const char *rpt_target_meaning(const char *target)
{
	int i = target_index(target);

	return i < 0 ? "unknown target: see the run's own notes" : targets[i].meaning;
}

/* Replace every @from in @s by @to, no longer than @from, in place. */
static void replace_all(char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *p = s;

	while ((p = strstr(p, from))) {
		memmove(p + tl, p + fl, strlen(p + fl) + 1);
		memcpy(p, to, tl);
		p += tl;
	}
}

void rpt_cpu_short(const char *model, char *buf, size_t len)
{
	static const char *const noise[][2] = {
		{ "(R)", "" }, { "(r)", "" }, { "(TM)", "" }, { "(tm)", "" },
		{ " CPU @", " @" },	/* Intel: "Gold 6130 CPU @ 2.10GHz" */
		{ " Processor", "" },
	};
	char *r, *w;
	size_t i;

	snprintf(buf, len, "%s", model ? model : "unknown CPU");
	for (i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		replace_all(buf, noise[i][0], noise[i][1]);
	/* Collapse runs of blanks, trim both ends. */
	for (r = w = buf; *r; r++)
		if (!isspace((unsigned char)*r) ||
		    (w > buf && !isspace((unsigned char)w[-1])))
			*w++ = isspace((unsigned char)*r) ? ' ' : *r;
	while (w > buf && w[-1] == ' ')
		w--;
	*w = '\0';
}

void rpt_method_label(const char *method, char *buf, size_t len)
{
	int m = method ? rpt_method_index(method) : -1;

	if (m >= 0)
		snprintf(buf, len, "%s (%s)", method, rpt_method_desc((unsigned int)m));
	else
		snprintf(buf, len, "%s", method ? method : "n/a");
}

void rpt_source(const struct rpt_env *env, char *buf, size_t len)
{
	char cpu[128], method[160];

	rpt_cpu_short(env->cpu_model, cpu, sizeof(cpu));
	rpt_method_label(env->protect_method, method, sizeof(method));
	snprintf(buf, len, "%s, %s, %s, protection %s",
		 rpt_target_label(env->target), env->kernel, cpu, method);
}

enum rpt_field rpt_primary_field(const char *workload)
{
	return rpt_measure(workload) == PMB_MEASURE_BYTES ? RPT_F_BYTES_CONS :
							    RPT_F_NS;
}

const char *rpt_measure_caption(int measure)
{
	return measure == PMB_MEASURE_BYTES ? "bytes consumed" : "ns per op";
}

/* The registry's unit of each result figure ("bytes", "pages", ...). */
#define RPT_X_FIGURE_UNIT(e, field, type, unit, d) { #field, unit },
static const struct {
	const char *field, *unit;
} figure_units[] = { PMB_FIGURES(RPT_X_FIGURE_UNIT) };
#undef RPT_X_FIGURE_UNIT

enum rpt_unit rpt_field_unit(enum rpt_field f)
{
	size_t i;

	switch (f) {
	case RPT_F_NS:
	case RPT_F_BASE_NS:
		return RPT_UNIT_NS;
	case RPT_F_CYCLES:
	case RPT_F_BASE_CYCLES:
	case RPT_F_CTR_CYCLES:
		return RPT_UNIT_CYCLES;
	default:
		break;
	}
	for (i = 0; i < sizeof(figure_units) / sizeof(figure_units[0]); i++)
		if (!rpt_fields[f].parent &&
		    !strcmp(figure_units[i].field, rpt_fields[f].name)) {
			if (!strcmp(figure_units[i].unit, "bytes"))
				return RPT_UNIT_BYTES;
			if (!strcmp(figure_units[i].unit, "ns"))
				return RPT_UNIT_NS;
			return RPT_UNIT_COUNT;
		}
	return RPT_UNIT_COUNT;
}

const char *rpt_field_caption(enum rpt_field f)
{
	switch (f) {
	case RPT_F_NS:
		return "ns per op";
	case RPT_F_CYCLES:
		return "cycles per op";
	case RPT_F_BYTES_CONS:
		return "bytes consumed";
	default:
		return rpt_fields[f].name;
	}
}

/* Three significant digits for 1 <= |v| < 1000, more below 1. */
static int sig3_decimals(double v)
{
	v = fabs(v);
	if (v >= 99.95)
		return 0;
	if (v >= 9.995)
		return 1;
	return 2;
}

/* "0", "0.00 ns", "0.00%": a printed number whose digits are all zeros. */
static bool zero_text(const char *s)
{
	size_t n = strspn(s, "0.");

	return n && memchr(s, '0', n) && !isdigit((unsigned char)s[n]);
}

bool rpt_unsign_zero(char *buf)
{
	if (buf[0] != '-' || !zero_text(buf + 1))
		return false;
	memmove(buf, buf + 1, strlen(buf));
	return true;
}

void rpt_fmt_fixed(char *buf, size_t len, double v, int dec)
{
	snprintf(buf, len, "%.*f", dec, v);
	rpt_unsign_zero(buf);
}

void rpt_fmt_quantity(char *buf, size_t len, double v, enum rpt_unit u)
{
	static const char *const time_units[] = { "ns", "µs", "ms", "s" };
	static const char *const byte_units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	const char *const *units;
	double step;
	int i = 0, nr;

	if (isnan(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	switch (u) {
	case RPT_UNIT_NS:
		units = time_units;
		nr = 4;
		step = 1000.0;
		break;
	case RPT_UNIT_BYTES:
		units = byte_units;
		nr = 5;
		step = 1024.0;
		break;
	default:
		rpt_fmt_fixed(buf, len, v, fabs(v) >= 99.95 || v == floor(v) ?
			      0 : sig3_decimals(v));
		return;
	}
	/* Move up a unit once rounding to 3 digits would print 1000. */
	while (i + 1 < nr && fabs(v) >= step - 0.5)
		v /= step, i++;
	if (u == RPT_UNIT_BYTES && i == 0)
		snprintf(buf, len, "%.0f %s", v, units[i]);
	else
		snprintf(buf, len, "%.*f %s", sig3_decimals(v), v, units[i]);
	rpt_unsign_zero(buf);
}

void rpt_fmt_size(char *buf, size_t len, unsigned long long bytes)
{
	if (bytes && !(bytes % (1ULL << 30)))
		snprintf(buf, len, "%llu GiB", bytes >> 30);
	else if (bytes && !(bytes % (1ULL << 20)))
		snprintf(buf, len, "%llu MiB", bytes >> 20);
	else if (bytes && !(bytes % 1024))
		snprintf(buf, len, "%llu KiB", bytes >> 10);
	else
		snprintf(buf, len, "%llu B", bytes);
}

/* Decimals of a ratio: two for 0.1 .. 10 as hyperfine prints them. */
static int ratio_decimals(double r)
{
	r = fabs(r);
	if (r >= 99.95)
		return 0;
	if (r >= 9.995)
		return 1;
	if (r >= 0.0995)
		return 2;
	if (r >= 0.00995)
		return 3;
	return 4;
}

/* @v rounded to @dec decimals: down (@dir < 0), to nearest (0) or up. */
static double round_dec(double v, int dec, int dir)
{
	double scale = pow(10.0, dec);

	/* The epsilon keeps 0.29 computed as 28.99999.. hundredths at 0.29. */
	if (dir < 0)
		return floor(v * scale + 1e-9) / scale;
	if (dir > 0)
		return ceil(v * scale - 1e-9) / scale;
	return round(v * scale) / scale;
}

void rpt_ratio_shown(const struct rpt_ratio *r, struct rpt_ratio_shown *s)
{
	s->r_dec = ratio_decimals(r->r);
	s->lo_dec = ratio_decimals(r->lo);
	s->hi_dec = ratio_decimals(r->hi);
	s->r = round_dec(r->r, s->r_dec, 0);
	s->lo = round_dec(r->lo, s->lo_dec, -1);
	s->hi = round_dec(r->hi, s->hi_dec, 1);
}

enum rpt_verdict rpt_ratio_verdict(const struct rpt_ratio *r, int rc)
{
	struct rpt_ratio_shown s;

	if (rc)
		return RPT_V_NO_INTERVAL;
	/* The printed numbers decide: the mark can never contradict them. */
	rpt_ratio_shown(r, &s);
	return s.lo > 1.0 || s.hi < 1.0 ? RPT_V_DIFFERS : RPT_V_INCLUDES_1;
}

void rpt_fmt_ratio(char *buf, size_t len, const struct rpt_ratio *r, int rc)
{
	char rs[48], lo[48], hi[48];
	struct rpt_ratio_shown s;

	if (rc < 0) {
		snprintf(buf, len, "n/a");
		return;
	}
	rpt_ratio_shown(r, &s);
	rpt_fmt_fixed(rs, sizeof(rs), s.r, s.r_dec);
	if (rc > 0) {
		snprintf(buf, len, "%s", rs);
		return;
	}
	rpt_fmt_fixed(lo, sizeof(lo), s.lo, s.lo_dec);
	rpt_fmt_fixed(hi, sizeof(hi), s.hi, s.hi_dec);
	snprintf(buf, len, "%s [%s, %s]", rs, lo, hi);
}

void rpt_fmt_level(char *buf, size_t len, double level)
{
	/* The epsilon keeps 0.95 computed as 0.9499999.. at 95.0%. */
	snprintf(buf, len, "%.1f%%", floor(level * 1000 + 1e-6) / 10);
}

void rpt_fmt_change(char *buf, size_t len, double base, double cand)
{
	double pct;

	if (isnan(base) || isnan(cand) || base == 0.0) {
		snprintf(buf, len, "n/a");
		return;
	}
	pct = (cand - base) / fabs(base) * 100.0;
	snprintf(buf, len, "%+.2f%%", pct);
	/* A change that rounds to nothing is "+0.00%", never "-0.00%". */
	if (buf[0] == '-' && zero_text(buf + 1))
		buf[0] = '+';
}

void rpt_workload_label(const struct rpt_key *k, char *buf, size_t len)
{
	char cpus[64] = "";

	if (k->show_cpus)
		snprintf(cpus, sizeof(cpus), ", %lld CPU%s", k->online_cpus,
			 k->online_cpus == 1 ? "" : "s");
	if (k->threads > 0)
		snprintf(cpus + strlen(cpus), sizeof(cpus) - strlen(cpus),
			 ", %lld reader%s", k->threads, k->threads == 1 ? "" : "s");
	if (k->partitions > 0)
		snprintf(cpus + strlen(cpus), sizeof(cpus) - strlen(cpus),
			 ", %lld partition%s", k->partitions, k->partitions == 1 ? "" : "s");
	snprintf(buf, len, "%s%s%s%s%s", k->workload, k->pattern ? " " : "",
		 k->pattern ? k->pattern : "",
		 k->is_protected == 1 ? ", protected" : "", cpus);
}

void rpt_job_label(const struct rpt_key *k, char *buf, size_t len)
{
	char wl[96], size[32];

	rpt_workload_label(k, wl, sizeof(wl));
	rpt_fmt_size(size, sizeof(size), k->size);
	snprintf(buf, len, "%s %s %s × %llu%s%s%s", k->backend, wl, size,
		 k->count, k->protect_method ? " (" : "",
		 k->protect_method ? k->protect_method : "",
		 k->protect_method ? ")" : "");
}

const char *rpt_status_name(enum rpt_status s)
{
	switch (s) {
	case RPT_STATUS_OK:
		return "ok";
	case RPT_STATUS_UNSUPPORTED:
		return "unsupported";
	default:
		return "error";
	}
}

void rpt_fmt_job_value(char *buf, size_t len, const struct rpt_job *job,
		       enum rpt_field f, double v)
{
	if (job->status != RPT_STATUS_OK)
		snprintf(buf, len, "%s", rpt_status_name(job->status));
	else
		rpt_fmt_quantity(buf, len, v, rpt_field_unit(f));
}

int rpt_path(char *buf, const char *dir, const char *name, const char *ext)
{
	int n = snprintf(buf, PATH_MAX, "%s%s%s%s", dir ? dir : "",
			 dir ? "/" : "", name, ext);

	if (n < 0 || n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

FILE *rpt_create(int dfd, const char *name)
{
	int fd, e;
	FILE *f;

	/* A link (or another file's hard link) is replaced, not written through. */
	if (unlinkat(dfd, name, 0) && errno != ENOENT)
		return NULL;
	fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

int rpt_open_dir(const char *dir, const char *name, bool create)
{
	int pfd, fd = -1, e;

	pfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	if (!create || !mkdirat(pfd, name, 0755) || errno == EEXIST)
		fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	e = errno;
	close(pfd);
	errno = e == ELOOP ? ENOTDIR : e;
	return fd;
}

void rpt_md_escape(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	for (; s && *s && o + 2 < len; s++) {
		if (*s == '|')
			buf[o++] = '\\';
		buf[o++] = iscntrl((unsigned char)*s) ? ' ' : *s;
	}
	buf[o] = '\0';
}

static void csv_sep(struct rpt_csv *c)
{
	if (c->col++)
		fputc(',', c->f);
}

void rpt_csv_str(struct rpt_csv *c, const char *s)
{
	csv_sep(c);
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, c->f);
		return;
	}
	fputc('"', c->f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', c->f);
		fputc(*s, c->f);
	}
	fputc('"', c->f);
}

void rpt_csv_num(struct rpt_csv *c, double v)
{
	char num[48];

	csv_sep(c);
	if (isnan(v)) {
		fputs("n/a", c->f);
		return;
	}
	snprintf(num, sizeof(num), "%.10g", v);
	rpt_unsign_zero(num);
	fputs(num, c->f);
}

void rpt_csv_ull(struct rpt_csv *c, unsigned long long v)
{
	csv_sep(c);
	fprintf(c->f, "%llu", v);
}

void rpt_csv_cpus(struct rpt_csv *c, long long cpus)
{
	if (cpus < 0)
		rpt_csv_str(c, NULL);
	else
		rpt_csv_ull(c, (unsigned long long)cpus);
}

void rpt_csv_end(struct rpt_csv *c)
{
	fputc('\n', c->f);
	c->col = 0;
}
