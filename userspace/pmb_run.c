// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pmb_dev.h"
#include "pmb_env.h"
#include "pmb_hostload.h"
#include "pmb_names.h"
#include "pmb_perf.h"
#include "pmb_result.h"
#include "pmb_run.h"

#define MAX_CPUS	4096

static volatile sig_atomic_t stop_requested;

/*
 * The stop ticker.  A signal handled in user space after job_round()'s
 * last look at stop_requested and before its module call enters the
 * kernel is no longer pending there: the module would not see it and run
 * the whole call (a round of 2000 chases of a million objects, minutes
 * under an emulator).  So a stop also starts a timer whose SIGALRM, every
 * PMB_RUN_STOP_TICK_MS until the run returns, interrupts the module call
 * in flight (the module answers EINTR to any pending signal).  Its handler
 * does nothing, and SA_RESTART lets every other system call go on as if
 * it had not come.
 */
#define PMB_RUN_STOP_TICK_MS	50
static timer_t stop_timer;
static volatile sig_atomic_t stop_timer_ready;
static struct sigaction stop_alrm_old;

static void on_stop_tick(int sig)
{
	(void)sig;
}

static void stop_ticker_init(void)
{
	struct sigaction sa = { .sa_handler = on_stop_tick, .sa_flags = SA_RESTART };
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, &stop_alrm_old))
		return;
	if (timer_create(CLOCK_MONOTONIC, &ev, &stop_timer)) {
		sigaction(SIGALRM, &stop_alrm_old, NULL);
		return;
	}
	stop_timer_ready = 1;
}

static void stop_ticker_fini(void)
{
	if (!stop_timer_ready)
		return;
	stop_timer_ready = 0;
	timer_delete(stop_timer);	/* a tick still pending is delivered on its return */
	sigaction(SIGALRM, &stop_alrm_old, NULL);
}

void pmb_run_request_stop(void)
{
	static const struct itimerspec tick = {
		.it_value = { 0, PMB_RUN_STOP_TICK_MS * 1000000L },
		.it_interval = { 0, PMB_RUN_STOP_TICK_MS * 1000000L },
	};

	stop_requested = 1;
	if (stop_timer_ready)
		timer_settime(stop_timer, 0, &tick, NULL);	/* async-signal-safe */
}

/* ---------------------------------------------------------------- CPU hotplug */

/*
 * cpus=N: the first N of the CPUs online when the run started stay online,
 * the others go offline through sysfs; every job without cpus= runs with
 * all of them online again.
 */
struct hotplug {
	const char *root;
	unsigned int n;			/* CPUs online at the start */
	unsigned int want;		/* how many of them are online now */
	int cpu[MAX_CPUS];		/* their numbers, ascending */
};

/* Paths written by the signal handler, which may not format strings. */
static char (*online_paths)[96];
static unsigned int nr_online_paths;

static int parse_cpulist(const char *s, struct hotplug *h)
{
	char *end;
	long a, b;

	h->n = 0;
	while (*s && *s != '\n') {
		a = strtol(s, &end, 10);
		if (end == s || a < 0)
			return -1;
		b = a;
		if (*end == '-') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s || b < a)
				return -1;
		}
		for (; a <= b; a++) {
			if (h->n == MAX_CPUS)
				return -1;
			h->cpu[h->n++] = (int)a;
		}
		s = *end == ',' ? end + 1 : end;
	}
	return h->n ? 0 : -1;
}

static int hotplug_init(struct hotplug *h, const char *root)
{
	char path[PATH_MAX], buf[8192];
	unsigned int i;
	size_t n;
	FILE *f;

	h->root = root;
	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/online", root);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (parse_cpulist(buf, h))
		return -1;
	h->want = h->n;
	online_paths = calloc(h->n, sizeof(*online_paths));
	if (!online_paths)
		return -1;
	for (i = 0; i < h->n; i++)
		snprintf(online_paths[i], sizeof(online_paths[i]),
			 "%s/sys/devices/system/cpu/cpu%d/online", root, h->cpu[i]);
	nr_online_paths = h->n;
	return 0;
}

/* Every CPU of the run's start back online; safe in a signal handler. */
static void hotplug_restore_all(void)
{
	unsigned int i;
	int fd;

	for (i = 0; i < nr_online_paths; i++) {
		fd = open(online_paths[i], O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "1", 1) < 0) {
				/* nothing more a signal handler can do */
			}
			close(fd);
		}
	}
}

static int write_online(const char *path, bool on)
{
	char cur = '1';
	int fd = open(path, O_RDWR);

	if (fd < 0)	/* no online file: a CPU that cannot go offline */
		return on ? 0 : -errno;
	if (read(fd, &cur, 1) == 1 && (cur == '1') == on) {
		close(fd);
		return 0;
	}
	if (pwrite(fd, on ? "1" : "0", 1, 0) != 1) {
		int err = errno;

		close(fd);
		return -err;
	}
	close(fd);
	return 0;
}

/* Make the first @want (0: all) start CPUs the online ones. */
static int hotplug_set(struct hotplug *h, unsigned int want, char *why,
		       size_t len)
{
	unsigned int i;
	int ret;

	if (want == 0)
		want = h->n;
	if (want == h->want)
		return 0;
	if (!h->n) {
		snprintf(why, len, "cpus=%u: the online CPUs could not be read from /sys", want);
		return -ENOENT;
	}
	if (want > h->n) {
		snprintf(why, len, "cpus=%u: only %u CPUs were online when the run started",
			 want, h->n);
		return -ERANGE;
	}
	/* Online first, then offline, so the count never dips below @want. */
	for (i = 0; i < h->n; i++) {
		if (i >= want)
			continue;
		ret = write_online(online_paths[i], true);
		if (ret)
			goto fail;
	}
	for (i = want; i < h->n; i++) {
		ret = write_online(online_paths[i], false);
		if (ret)
			goto fail;
	}
	h->want = want;
	return 0;
fail:
	snprintf(why, len, "cpus=%u: cannot set CPU %d %s: %s", want, h->cpu[i],
		 i < want ? "online" : "offline", strerror(-ret));
	h->want = 0;	/* unknown: the next call rewrites every CPU */
	return ret;
}

static bool hotplug_online(const struct hotplug *h, int cpu)
{
	unsigned int i;

	for (i = 0; i < h->want && i < h->n; i++)
		if (h->cpu[i] == cpu)
			return true;
	return h->n == 0;
}

/* ---------------------------------------------------------------- /proc figures */

/* Each @names[i] of a "name value" file into @v[i]; -1 where absent. */
static void read_named(const char *root, const char *file,
		       const char *const *names, long long *v, unsigned int n)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0, len;
	unsigned int i;
	FILE *f;

	for (i = 0; i < n; i++)
		v[i] = -1;
	snprintf(path, sizeof(path), "%s%s", root, file);
	f = fopen(path, "r");
	if (!f)
		return;
	while (getline(&line, &cap, f) >= 0) {
		for (i = 0; i < n; i++) {
			len = strlen(names[i]);
			if (!strncmp(line, names[i], len) &&
			    (line[len] == ' ' || line[len] == ':'))
				v[i] = strtoll(line + len + 1, NULL, 10);
		}
	}
	free(line);
	fclose(f);
}

static const char *const split_names[] = {
	"direct_map_level2_splits", "direct_map_level3_splits",
};
static const char *const directmap_names[] = {
	"DirectMap4k", "DirectMap2M", "DirectMap1G",
};
#define NR_SPLITS	2
#define NR_DIRECTMAP	3

struct mm_figures {
	long long splits[NR_SPLITS];
	long long directmap[NR_DIRECTMAP];
};

static void read_mm_figures(const char *root, struct mm_figures *m)
{
	read_named(root, "/proc/vmstat", split_names, m->splits, NR_SPLITS);
	read_named(root, "/proc/meminfo", directmap_names, m->directmap, NR_DIRECTMAP);
}

static json_t *count_or_null(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* direct_map_splits: the delta of each vmstat counter; null without them. */
static json_t *splits_json(const struct mm_figures *a, const struct mm_figures *b)
{
	json_t *o = json_object();
	bool any = false;
	unsigned int i;

	for (i = 0; i < NR_SPLITS; i++) {
		bool have = a->splits[i] >= 0 && b->splits[i] >= 0;

		json_object_set_new(o, split_names[i],
				    have ? json_integer(b->splits[i] - a->splits[i]) : json_null());
		any |= have;
	}
	if (!any) {
		json_decref(o);
		return json_null();
	}
	return o;
}

static json_t *directmap_side(const struct mm_figures *m)
{
	json_t *o = json_object();
	unsigned int i;

	for (i = 0; i < NR_DIRECTMAP; i++)
		json_object_set_new(o, directmap_names[i], count_or_null(m->directmap[i]));
	return o;
}

/* directmap_kb: { before: {DirectMap4k, 2M, 1G}, after: {...} } or null. */
static json_t *directmap_json(const struct mm_figures *a, const struct mm_figures *b)
{
	if (a->directmap[0] < 0 && a->directmap[1] < 0)
		return json_null();
	return json_pack("{s:o, s:o}", "before", directmap_side(a),
			 "after", directmap_side(b));
}

/* ---------------------------------------------------------------- the run */

struct run {
	const struct pmb_run_cfg *cfg;
	const struct pmb_run_ops *ops;
	struct pmb_run_summary *sum;
	FILE *log;
	FILE *results;
	json_t *env;
	struct pmb_perf perf;
	bool perf_open;
	struct hotplug *hp;
	struct pmb_sample *samples;
	size_t samples_cap;
	unsigned int rounds;		/* most calls a job's repeats are split into */
};

static bool errno_ends_run(int err)
{
	switch (err) {
	case EPROTO:	/* ABI mismatch: no job can run */
	case ENOTTY:
	case ENODEV:
	case ENXIO:
	case EBADF:
	case EFAULT:	/* the driver's own bug */
		return true;
	default:
		return false;
	}
}

static int emit(FILE *f, json_t *line)
{
	char *s = line ? json_dumps(line, JSON_COMPACT) : NULL;
	int ret = -1;

	if (s && fputs(s, f) >= 0 && fputc('\n', f) != EOF)
		ret = 0;
	free(s);
	return ret;
}

/*
 * Append @len bytes to the results file, all or nothing: a write cut
 * short (disk full) is cut back off, so the file holds whole jobs only.
 */
static int append_whole(int fd, const char *buf, size_t len)
{
	off_t start = lseek(fd, 0, SEEK_END);
	size_t done = 0;
	ssize_t n;
	int err;

	if (start < 0)
		return -1;
	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : ENOSPC;
			if (ftruncate(fd, start)) {
				/* errno of the write is the one to report */
			}
			errno = err;
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd)) {	/* not on disk: not in the file either */
		err = errno;
		if (ftruncate(fd, start)) {
			/* errno of the fsync is the one to report */
		}
		errno = err;
		return -1;
	}
	return 0;
}

/*
 * Interleaved rounds.  Consecutive suite jobs that differ only in backend
 * (a suite line expands backend innermost) form a group: the jobs a
 * report table compares.  With R rounds, each job of the group runs its
 * repeats split into R module calls, taken in turn, A B C A B C ..., so
 * that whatever the host does meanwhile falls on every backend alike.
 * Each call is a whole job to the module (setup, warm-up, passes,
 * teardown): every round keeps the job's warm-up.  A job's lines are
 * written when its group ends; `repeat` counts across rounds, `round`
 * says which call took the sample.
 */

/* What one module call of a job brought back. */
struct round_out {
	struct pmb_job job;	/* its out fields: baseline, figures, method */
	unsigned int first, n;	/* its kept samples in the job's kept[] */
	json_t *counters, *splits, *directmap, *host_load;
};

/* One job of the group being run. */
struct job_run {
	size_t index;
	const struct pmb_suite_job *sj;
	struct pmb_job job;	/* the ioctl's input, method resolved */
	int status;		/* 0, or the -errno that ended the job */
	const char *error;	/* overrides the line's error text */
	char why[256];
	unsigned int online_cpus;
	struct pmb_sample *kept;
	unsigned int nr_kept;
	struct round_out *rounds;
	unsigned int nr_rounds;	/* calls made */
	json_t *fail_load;	/* host_load around the call that failed */
	unsigned int fail_round;	/* the round whose call failed */
};

static json_t *job_line(struct run *r, const struct job_run *jr,
			const struct round_out *ro, const struct pmb_sample *s,
			unsigned int repeat, int status)
{
	json_t *body = pmb_result_line(ro ? &ro->job : &jr->job, s, repeat, status);
	json_t *o = json_pack("{s:i}", "job", (int)jr->index);
	json_t *load = ro ? ro->host_load : jr->fail_load;

	if (!body || !o) {
		json_decref(body);
		json_decref(o);
		return NULL;
	}
	json_object_update(o, body);
	json_decref(body);
	if (status && status != -EOPNOTSUPP && jr->error)
		json_object_set_new(o, "error", json_string(jr->error));
	json_object_set_new(o, "target", json_string(r->cfg->target));
	json_object_set_new(o, "round", json_integer(ro ? (json_int_t)(ro - jr->rounds) :
						     (json_int_t)jr->fail_round));
	json_object_set_new(o, "online_cpus", json_integer(jr->online_cpus));
	if (ro)
		json_object_set(o, "counters", ro->counters);
	else	/* no numbers: every counter null, never 0 */
		json_object_set_new(o, "counters", pmb_perf_json(&(struct pmb_perf){ 0 }));
	json_object_set(o, "direct_map_splits", ro ? ro->splits : json_null());
	json_object_set(o, "directmap_kb", ro ? ro->directmap : json_null());
	json_object_set(o, "host_load", load ? load : json_null());
	return o;
}

/*
 * Every line of one job, written at once, then fsync: a finished job
 * survives a crash, and a full disk leaves no half-written job behind.
 */
static int write_job(struct run *r, const struct job_run *jr)
{
	unsigned int k, i;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret = f ? 0 : -1, err;
	json_t *o;

	if (!jr->status) {
		for (k = 0; k < jr->nr_rounds && !ret; k++) {
			const struct round_out *ro = &jr->rounds[k];

			for (i = ro->first; i < ro->first + ro->n && !ret; i++) {
				o = job_line(r, jr, ro, &jr->kept[i], i, 0);
				ret = emit(f, o);
				json_decref(o);
			}
		}
	} else if (f) {
		o = job_line(r, jr, NULL, NULL, 0, jr->status);
		ret = emit(f, o);
		json_decref(o);
	}
	if (f && fclose(f))
		ret = -1;
	if (!ret)
		ret = append_whole(fileno(r->results), buf, len);
	err = errno;
	free(buf);
	errno = err;
	return ret;
}

static void job_run_free(struct job_run *jr)
{
	unsigned int k;

	for (k = 0; jr->rounds && k < jr->nr_rounds; k++) {
		json_decref(jr->rounds[k].counters);
		json_decref(jr->rounds[k].splits);
		json_decref(jr->rounds[k].directmap);
		json_decref(jr->rounds[k].host_load);
	}
	json_decref(jr->fail_load);
	free(jr->rounds);
	free(jr->kept);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Jobs @a and @b are the same work on (possibly) other backends. */
static bool same_work(const struct pmb_suite_job *a, const struct pmb_suite_job *b)
{
	struct pmb_job x = a->job, y = b->job;

	x.backend = y.backend = 0;
	return !memcmp(&x, &y, sizeof(x)) && a->online_cpus == b->online_cpus;
}

/* One past the last job of the group that starts at @i. */
static size_t group_end(const struct pmb_suite *suite, size_t i)
{
	size_t j = i + 1;

	while (j < suite->nr_jobs && same_work(&suite->jobs[i], &suite->jobs[j]))
		j++;
	return j;
}

unsigned int pmb_run_auto_rounds(const char *target)
{
	return target && !strcmp(target, "vm-icount") ? 1 : PMB_RUN_WALL_ROUNDS;
}

static unsigned int job_rounds(const struct run *r, const struct pmb_job *job)
{
	return job->repeats < r->rounds ? job->repeats : r->rounds;
}

/* Kept samples of round @k of @rounds, for @repeats in all. */
static unsigned int round_repeats(unsigned int repeats, unsigned int rounds,
				  unsigned int k)
{
	return repeats / rounds + (k < repeats % rounds);
}

struct progress_state {
	double t0;
	size_t calls_done, calls_total;
};

/* "[i/N, ETA 1m02s] what (round k/R)", the group's backends in front. */
static void progress(struct run *r, struct progress_state *p, size_t first,
		     size_t end, unsigned int k, unsigned int rounds)
{
	const struct pmb_suite *suite = r->cfg->suite;
	char what[160], one[160], where[64], eta[32] = "", round[32] = "";
	double spent = now_s() - p->t0;
	const char *rest = NULL;
	size_t i, n = 0;

	if (!r->cfg->progress)
		return;
	if (first == suite->nr_jobs) {
		if (!r->cfg->progress_lines)
			fprintf(stderr, "\r\033[K");
		return;
	}
	if (p->calls_done > 0) {
		long left = (long)(spent / (double)p->calls_done *
				   (double)(p->calls_total - p->calls_done) + 0.5);

		snprintf(eta, sizeof(eta), ", ETA %ldm%02lds", left / 60, left % 60);
	}
	what[0] = '\0';
	for (i = first; i < end && n < sizeof(what); i++) {
		pmb_suite_job_describe(&suite->jobs[i], one, sizeof(one));
		rest = strchr(one, ' ');
		n += (size_t)snprintf(what + n, sizeof(what) - n,
				      "%s%.*s", i > first ? "," : "",
				      rest ? (int)(rest - one) : (int)strlen(one), one);
	}
	if (rest && n < sizeof(what))
		snprintf(what + n, sizeof(what) - n, "%s", rest);
	if (end - first > 1)
		snprintf(where, sizeof(where), "%zu-%zu/%zu", first + 1, end, suite->nr_jobs);
	else
		snprintf(where, sizeof(where), "%zu/%zu", first + 1, suite->nr_jobs);
	if (rounds > 1)
		snprintf(round, sizeof(round), " (round %u/%u)", k + 1, rounds);
	if (r->cfg->progress_lines)	/* a log or a VM's serial port: whole lines */
		fprintf(stderr, "pmbench: [%s%s] %s%s\n", where, eta, what, round);
	else
		fprintf(stderr, "\r\033[K[%s%s] %s%s", where, eta, what, round);
	fflush(stderr);
}

/* Before the first call of job @i: what makes it unable to run at all. */
static int job_prepare(struct run *r, struct job_run *jr, size_t i)
{
	const struct pmb_caps *caps = r->cfg->caps;
	unsigned int rounds;
	int ret;

	jr->index = i;
	jr->sj = &r->cfg->suite->jobs[i];
	jr->job = jr->sj->job;
	if (jr->job.protect_method == PMB_PROT_DEFAULT)
		jr->job.protect_method = r->cfg->method;
	rounds = job_rounds(r, &jr->job);
	jr->online_cpus = r->hp->n ? r->hp->want : caps->nr_cpus;
	jr->kept = calloc(jr->job.repeats, sizeof(*jr->kept));
	jr->rounds = calloc(rounds, sizeof(*jr->rounds));
	if (!jr->kept || !jr->rounds) {
		snprintf(jr->why, sizeof(jr->why), "out of memory in the driver");
		jr->error = jr->why;
		return jr->status = -ENOMEM;
	}
	ret = hotplug_set(r->hp, jr->sj->online_cpus, jr->why, sizeof(jr->why));
	if (!ret && jr->job.cpu >= 0 && !hotplug_online(r->hp, jr->job.cpu)) {
		snprintf(jr->why, sizeof(jr->why), "cpu=%d is not online", jr->job.cpu);
		ret = -EINVAL;
	}
	jr->online_cpus = r->hp->n ? r->hp->want : caps->nr_cpus;
	if (ret) {
		jr->error = jr->why;
	} else if (!(caps->backends & (1u << jr->job.backend)) ||
		   !(caps->workloads & (1u << jr->job.workload))) {
		ret = -EOPNOTSUPP;	/* this module build does not have it */
	}
	return jr->status = ret;
}

/*
 * Round @k of job @jr: one module call.  Returns -1 when the run must stop
 * at once (a signal: the group gets no line), else 0 with jr->status set
 * when the job failed.
 */
static int job_round(struct run *r, struct job_run *jr, unsigned int k,
		     unsigned int rounds)
{
	struct round_out *ro = &jr->rounds[k];
	struct mm_figures before = { 0 }, after = { 0 };
	struct pmb_hostload load0, load1;
	struct pmb_job job = jr->job;
	unsigned int i;
	json_t *load;
	int ret;

	job.repeats = round_repeats(jr->job.repeats, rounds, k);
	job.samples_cap = job.warmup + job.repeats;
	job.samples_ptr = (__u64)(uintptr_t)r->samples;
	read_mm_figures(r->cfg->root, &before);
	pmb_hostload_read(r->cfg->root, r->cfg->host_load_file, &load0);
	/*
	 * A signal handled since the job was announced is not pending any
	 * more: the module would not see it and run the whole job.
	 */
	if (stop_requested)
		return -1;
	pmb_perf_start(&r->perf);
	ret = r->ops->run_job(r->ops->ctx, &job);
	pmb_perf_stop(&r->perf);
	pmb_hostload_read(r->cfg->root, r->cfg->host_load_file, &load1);
	read_mm_figures(r->cfg->root, &after);
	if (ret == -EINTR && stop_requested)
		return -1;	/* interrupted: no line for a job that did not finish */
	load = pmb_hostload_json(r->cfg->host_load_file, &load0, &load1);
	if (!ret && job.nr_samples == 0) {
		jr->error = "the module returned no sample";
		ret = -EIO;
	}
	if (ret) {
		if (ret != -EOPNOTSUPP && !jr->error)
			jr->error = pmb_dev_strerror(ret);
		json_decref(jr->fail_load);
		jr->fail_load = load;
		jr->fail_round = k;
		jr->status = ret;
		return 0;
	}
	ro->job = job;
	ro->first = jr->nr_kept;
	for (i = 0; i < job.nr_samples && i < r->samples_cap; i++) {
		if (r->samples[i].flags & PMB_SAMPLE_WARMUP || jr->nr_kept == jr->job.repeats)
			continue;
		jr->kept[jr->nr_kept++] = r->samples[i];
	}
	ro->n = jr->nr_kept - ro->first;
	ro->counters = pmb_perf_json(&r->perf);
	if (rounds > 1)	/* the counts are of this call, not of the job */
		json_object_set_new(ro->counters, "scope", json_string("round"));
	ro->splits = splits_json(&before, &after);
	ro->directmap = directmap_json(&before, &after);
	ro->host_load = load;
	jr->nr_rounds = k + 1;
	return 0;
}

/* Count job @jr's outcome and write its lines; -1 when the run must stop. */
static int job_finish(struct run *r, struct job_run *jr)
{
	char what[160];
	int werr;

	if (write_job(r, jr)) {
		werr = errno;
		fprintf(r->log, "pmbench: %s/results.jsonl: %s; stopping the run\n",
			r->sum->dir, strerror(werr ? werr : EIO));
		r->sum->aborted = true;
		return -1;
	}
	if (!jr->status) {
		r->sum->ok++;
	} else if (jr->status == -EOPNOTSUPP) {
		r->sum->unsupported++;
	} else {
		r->sum->error++;
		if (r->cfg->progress && !r->cfg->progress_lines)
			fprintf(stderr, "\r\033[K");
		pmb_suite_job_describe(jr->sj, what, sizeof(what));
		fprintf(r->log, "pmbench: job %zu (line %u, %s): %s\n", jr->index,
			jr->sj->line, what, jr->error);
		if (errno_ends_run(-jr->status)) {
			fprintf(r->log, "pmbench: no further job can run; stopping the run\n");
			r->sum->aborted = true;
			return -1;
		}
	}
	return 0;
}

/*
 * Run the group of jobs [first, end) in rounds.  A job's lines are written
 * as soon as its last round ends (with one round, right after its call).
 * Returns -1 when the run must stop: interrupted (a job still short of its
 * last round gets no line) or aborted (after an error that ends the run,
 * only the job that met it gets its line).
 */
static int run_group(struct run *r, struct progress_state *p, size_t first,
		     size_t end)
{
	size_t n = end - first, i;
	struct job_run *jrs = calloc(n, sizeof(*jrs));
	unsigned int k, rounds;
	int ret = 0;

	if (!jrs) {
		fprintf(r->log, "pmbench: out of memory; stopping the run\n");
		r->sum->aborted = true;
		return -1;
	}
	rounds = job_rounds(r, &r->cfg->suite->jobs[first].job);
	for (i = 0; i < n; i++)
		if (job_prepare(r, &jrs[i], first + i))
			p->calls_done += rounds;	/* none of its calls will be made */
	for (k = 0; k < rounds && !ret; k++) {
		progress(r, p, first, end, k, rounds);
		for (i = 0; i < n && !ret; i++) {
			struct job_run *jr = &jrs[i];

			if (!jr->status) {
				ret = job_round(r, jr, k, rounds);
				p->calls_done++;
				if (ret)
					break;	/* interrupted */
				if (jr->status && errno_ends_run(-jr->status)) {
					ret = job_finish(r, jr);
					break;
				}
			}
			if (k == rounds - 1)
				ret = job_finish(r, jr);
		}
	}
	for (i = 0; i < n; i++)
		job_run_free(&jrs[i]);
	free(jrs);
	return ret;
}

static void finish_env(struct run *r)
{
	struct pmb_run_summary *s = r->sum;
	bool partial = s->interrupted || s->aborted;
	char when[32];

	pmb_iso8601_utc(time(NULL), when, sizeof(when));
	json_object_set_new(r->env, "finished", partial ? json_null() : json_string(when));
	json_object_set_new(r->env, "partial", json_boolean(partial));
	json_object_set_new(r->env, "jobs",
			    json_pack("{s:i, s:i, s:i, s:i, s:i}",
				      "total", (int)r->cfg->suite->nr_jobs, "ok", (int)s->ok,
				      "unsupported", (int)s->unsupported, "error", (int)s->error,
				      "not_run", (int)s->not_run));
	if (pmb_env_write(s->dir, r->env))
		fprintf(r->log, "pmbench: %s/env.json: %s\n", s->dir, strerror(errno));
}

static int make_dirs(const char *path)
{
	char buf[PATH_MAX], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* The suite's name in a generated run id: [A-Za-z0-9._+-], others as '_'. */
static void id_part(char *buf, size_t len, const char *name)
{
	size_t i;

	snprintf(buf, len, "%s", name);
	for (i = 0; buf[i]; i++)
		if (!isalnum((unsigned char)buf[i]) && !strchr("._+-", buf[i]))
			buf[i] = '_';
}

/*
 * results_dir/run_id, created here: it must not exist yet.  results_dir
 * itself may not be a symbolic link (the run would land wherever it
 * points), and sum->dir is its real path.
 */
static int make_run_dir(const struct pmb_run_cfg *cfg, time_t started,
			struct pmb_run_summary *sum, FILE *log)
{
	char id[PMB_RUN_ID_MAX + 64], name[PMB_RUN_ID_MAX], real[PATH_MAX];
	struct tm tm;
	int rfd, n;

	if (cfg->run_id) {
		snprintf(id, sizeof(id), "%s", cfg->run_id);
	} else {
		gmtime_r(&started, &tm);
		strftime(id, sizeof(id), "%Y%m%d-%H%M%S", &tm);
		id_part(name, sizeof(name) - 32, cfg->suite->name);
		snprintf(id + strlen(id), sizeof(id) - strlen(id), "-%s-%s",
			 cfg->target, name);
	}
	if (!pmb_run_id_valid(id)) {
		fprintf(log, "pmbench: run id '%s': letters, digits and . _ + - only, a letter or digit first, shorter than %d characters\n",
			id, PMB_RUN_ID_MAX);
		return -1;
	}
	if (make_dirs(cfg->results_dir)) {
		fprintf(log, "pmbench: cannot create %s: %s\n", cfg->results_dir, strerror(errno));
		return -1;
	}
	rfd = open(cfg->results_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rfd < 0) {
		fprintf(log, "pmbench: %s: %s\n", cfg->results_dir,
			errno == ELOOP || errno == ENOTDIR ?
			"not a directory but a symbolic link or a file (give the directory itself)" :
			strerror(errno));
		return -1;
	}
	n = -1;
	if (realpath(cfg->results_dir, real))
		n = snprintf(sum->dir, sizeof(sum->dir), "%s%s%s", real,
			     strcmp(real, "/") ? "/" : "", id);
	if (n < 0 || (size_t)n >= sizeof(sum->dir)) {
		fprintf(log, "pmbench: %s: %s\n", cfg->results_dir,
			n < 0 ? strerror(errno) : "path too long");
		close(rfd);
		sum->dir[0] = '\0';
		return -1;
	}
	if (mkdirat(rfd, id, 0755)) {
		if (errno == EEXIST)
			fprintf(log, "pmbench: %s exists already: a run is never overwritten (choose another --run-id)\n",
				sum->dir);
		else
			fprintf(log, "pmbench: cannot create %s: %s\n", sum->dir, strerror(errno));
		close(rfd);
		sum->dir[0] = '\0';
		return -1;
	}
	close(rfd);
	return 0;
}

static int start_run(struct run *r, time_t started)
{
	const struct pmb_run_cfg *cfg = r->cfg;
	char path[PATH_MAX + 16], when[32], why[160];
	size_t i, max = 0, w;
	int fd;

	for (i = 0; i < cfg->suite->nr_jobs; i++) {
		const struct pmb_job *j = &cfg->suite->jobs[i].job;

		if (j->warmup + j->repeats > max)
			max = j->warmup + j->repeats;
	}
	r->samples_cap = max;
	r->samples = calloc(max ? max : 1, sizeof(*r->samples));
	if (!r->samples) {
		fprintf(r->log, "pmbench: out of memory\n");
		return -1;
	}
	/* Everything env.json says is checked before the run directory exists. */
	pmb_iso8601_utc(started, when, sizeof(when));
	r->env = pmb_env_collect(&(struct pmb_env_in){
		.root = cfg->root, .target = cfg->target, .kernel = cfg->caps->release,
		.cpus = cfg->caps->nr_cpus, .tsc_khz = cfg->caps->tsc_khz,
		.abi_version = PMB_ABI_VERSION,
		.protect_method = pmb_method_name(cfg->method) ?: "?",
		.suite = cfg->suite->name, .suite_revision = cfg->suite_revision,
		.started = when, .vm = cfg->vm, .err = why, .err_len = sizeof(why),
	});
	if (!r->env) {
		fprintf(r->log, "pmbench: env.json: %s; nothing was run\n", why);
		return -1;
	}
	json_object_set_new(r->env, "rounds", json_integer(r->rounds));
	json_object_set_new(r->env, "cost", cfg->cost ? json_string(cfg->cost) : json_null());
	json_object_set_new(r->env, "host_load",
			    json_string(cfg->host_load_file ?
					"host sampler (bench/host-load, outside the VM)" :
					"driver (/proc)"));
	if (make_run_dir(cfg, started, r->sum, r->log))
		return -1;
	if (pmb_env_write(r->sum->dir, r->env)) {
		fprintf(r->log, "pmbench: %s/env.json: %s\n", r->sum->dir,
			strerror(errno));
		return -1;
	}
	for (w = 0; w < json_array_size(json_object_get(r->env, "warnings")); w++)
		fprintf(r->log, "pmbench: warning: %s\n",
			json_string_value(json_array_get(json_object_get(r->env, "warnings"), w)));
	snprintf(path, sizeof(path), "%s/results.jsonl", r->sum->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND | O_CLOEXEC, 0644);
	r->results = fd < 0 ? NULL : fdopen(fd, "a");
	if (!r->results) {
		fprintf(r->log, "pmbench: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	pmb_perf_open(&r->perf, r->log);
	r->perf_open = true;
	return 0;
}

#define MAX_BAD_JOBS_SHOWN	20

unsigned int pmb_run_check_jobs(const struct pmb_suite *suite,
				const struct pmb_caps *caps, FILE *log)
{
	unsigned int bad = 0;
	char what[160];
	size_t i;

	for (i = 0; i < suite->nr_jobs; i++) {
		const struct pmb_suite_job *sj = &suite->jobs[i];

		if (sj->job.cpu < 0 || (__u32)sj->job.cpu < caps->nr_cpus)
			continue;
		if (bad++ >= MAX_BAD_JOBS_SHOWN)
			continue;
		pmb_suite_job_describe(sj, what, sizeof(what));
		fprintf(log, "pmbench: job %zu (line %u, %s): cpu=%d, but the module sees %u CPUs (0-%u)\n",
			i, sj->line, what, sj->job.cpu, caps->nr_cpus,
			caps->nr_cpus ? caps->nr_cpus - 1 : 0);
	}
	if (bad > MAX_BAD_JOBS_SHOWN)
		fprintf(log, "pmbench: and %u more such jobs\n", bad - MAX_BAD_JOBS_SHOWN);
	if (bad)
		fprintf(log, "pmbench: %u job%s cannot run on this machine; nothing was run\n",
			bad, bad == 1 ? "" : "s");
	return bad;
}

int pmb_run_suite(const struct pmb_run_cfg *cfg, const struct pmb_run_ops *ops,
		  struct pmb_run_summary *sum)
{
	struct run r = { .cfg = cfg, .ops = ops, .sum = sum };
	struct progress_state p = { 0 };
	time_t started = time(NULL);
	size_t i = 0, end;
	int ret = -1;

	memset(sum, 0, sizeof(*sum));
	r.log = cfg->log ? cfg->log : stderr;
	r.rounds = cfg->rounds ? cfg->rounds : pmb_run_auto_rounds(cfg->target);
	if (pmb_run_check_jobs(cfg->suite, cfg->caps, r.log)) {
		sum->refused = true;
		return -1;
	}
	r.hp = calloc(1, sizeof(*r.hp));
	stop_requested = 0;
	stop_ticker_init();
	for (i = 0; r.hp && i < cfg->suite->nr_jobs; i++) {
		if (cfg->suite->jobs[i].online_cpus) {
			/* Only a suite with cpus= touches the CPUs at all. */
			if (hotplug_init(r.hp, cfg->root))
				r.hp->n = r.hp->want = 0;
			break;
		}
	}
	if (!r.hp || start_run(&r, started))
		goto out;
	for (i = 0; i < cfg->suite->nr_jobs; i = group_end(cfg->suite, i))
		p.calls_total += job_rounds(&r, &cfg->suite->jobs[i].job) *
				 (group_end(cfg->suite, i) - i);
	p.t0 = now_s();
	for (i = 0; i < cfg->suite->nr_jobs && !stop_requested; i = end) {
		end = group_end(cfg->suite, i);
		if (run_group(&r, &p, i, end))
			break;
	}
	progress(&r, &p, cfg->suite->nr_jobs, cfg->suite->nr_jobs, 0, 1);
	if (r.hp->want != r.hp->n)
		hotplug_set(r.hp, 0, (char[256]){ 0 }, 256);
	sum->not_run = (unsigned int)(cfg->suite->nr_jobs -
				      (sum->ok + sum->unsupported + sum->error));
	sum->interrupted = stop_requested && sum->not_run && !sum->aborted;
	finish_env(&r);
	ret = sum->interrupted || sum->aborted ? -1 : 0;
out:
	stop_ticker_fini();
	if (r.results)
		fclose(r.results);
	if (r.perf_open)
		pmb_perf_close(&r.perf);
	json_decref(r.env);
	free(r.samples);
	free(r.hp);
	nr_online_paths = 0;	/* first: the signal handler reads it */
	free(online_paths);
	online_paths = NULL;
	return ret;
}

/* ---------------------------------------------------------------- the command */

static void on_signal(int sig)
{
	static const char msg[] =
		"\npmbench: stopping after the current job (signal again to stop at once)\n";

	if (stop_requested) {
		hotplug_restore_all();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	pmb_run_request_stop();
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing to do about it in a handler */
	}
}

static int ioctl_run_job(void *ctx, struct pmb_job *job)
{
	return pmb_dev_run_job(*(int *)ctx, job);
}

void pmb_run_usage(FILE *f)
{
	fprintf(f,
"  run (--suite FILE | --job 'KEY=VALUE...') [--results DIR] [--target T]\n"
"      [--run-id ID] [--method M] [--suite-revision REV] [--vm-json JSON]\n"
"      [--quiet | --progress] [--host-load FILE] [--rounds N|auto]\n"
"      [--cost path|memory] [--list]\n"
"                           run a suite, job by job, into DIR/ID/\n"
"                           (env.json + results.jsonl; DIR: results). ID:\n"
"                           YYYYmmdd-HHMMSS-TARGET-SUITE; an existing one is\n"
"                           refused. T: host vm-tcg vm-icount vm-kvm (default\n"
"                           $PMB_TARGET, else host). --list prints the jobs\n"
"                           the suite expands to and runs nothing. Progress\n"
"                           (job i/N, ETA) shows on a terminal; --progress\n"
"                           prints it as one line per job anywhere, --quiet\n"
"                           never. Each job records how busy the machine was\n"
"                           apart from the benchmark (host_load): from /proc,\n"
"                           or from bench/host-load's FILE (default\n"
"                           $PMB_HOST_LOAD; vm-run sets it in the guest).\n"
"                           --rounds: jobs that differ only in backend take\n"
"                           turns, each job's repeats split into N module\n"
"                           calls (A B C A B C ...); auto: %d where the clock\n"
"                           is wall time, 1 (each job whole) for vm-icount.\n"
"                           --cost: only the jobs whose workload's time is\n"
"                           the code path (path: what icount measures) or\n"
"                           the memory system (memory: reads, for a wall\n"
"                           clock); env.json says which\n",
		PMB_RUN_WALL_ROUNDS);
}

/* git describe of the suite's directory, when git and a work tree are there. */
static char *guess_revision(const char *suite_path)
{
	char dir[PATH_MAX], cmd[PATH_MAX + 96], buf[128] = "";
	char *slash;
	FILE *p;

	snprintf(dir, sizeof(dir), "%s", suite_path ? suite_path : ".");
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (strchr(dir, '\''))
		return strdup("unknown");
	snprintf(cmd, sizeof(cmd), "git -C '%s' describe --always --dirty 2>/dev/null", dir);
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(buf, sizeof(buf), p))
			buf[0] = '\0';
		pclose(p);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return strdup(buf[0] ? buf : "unknown");
}

static bool valid_target(const char *t)
{
	return !strcmp(t, "host") || !strcmp(t, "vm-tcg") || !strcmp(t, "vm-icount") ||
	       !strcmp(t, "vm-kvm");
}

static void list_jobs(const struct pmb_suite *suite)
{
	char what[160];
	size_t i;

	for (i = 0; i < suite->nr_jobs; i++) {
		pmb_suite_job_describe(&suite->jobs[i], what, sizeof(what));
		printf("%zu\tline %u\t%s repeats=%u warmup=%u\n", i, suite->jobs[i].line,
		       what, suite->jobs[i].job.repeats, suite->jobs[i].job.warmup);
	}
	fprintf(stderr, "pmbench: suite %s: %zu jobs\n", suite->name, suite->nr_jobs);
}

struct run_args {
	const char *suite_path, *job_line, *results, *target, *run_id;
	const char *method, *revision, *vm_json, *host_load, *cost;
	unsigned int rounds;	/* 0: auto */
	bool quiet, progress, list;
};

static int parse_run_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "job", required_argument, NULL, 'j' },
		{ "results", required_argument, NULL, 'r' },
		{ "target", required_argument, NULL, 't' },
		{ "run-id", required_argument, NULL, 'i' },
		{ "method", required_argument, NULL, 'm' },
		{ "suite-revision", required_argument, NULL, 'R' },
		{ "vm-json", required_argument, NULL, 'v' },
		{ "host-load", required_argument, NULL, 'H' },
		{ "rounds", required_argument, NULL, 'n' },
		{ "cost", required_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, 'P' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long n;
	int c;

	a->results = "results";
	a->target = getenv("PMB_TARGET") ?: "host";
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': a->suite_path = optarg; break;
		case 'j': a->job_line = optarg; break;
		case 'r': a->results = optarg; break;
		case 't': a->target = optarg; break;
		case 'i': a->run_id = optarg; break;
		case 'm': a->method = optarg; break;
		case 'R': a->revision = optarg; break;
		case 'v': a->vm_json = optarg; break;
		case 'H': a->host_load = optarg; break;
		case 'c': a->cost = optarg; break;
		case 'n':
			if (!strcmp(optarg, "auto")) {
				a->rounds = 0;
			} else if (pmb_parse_u64(optarg, false, &n) || n < 1 ||
				   n > PMB_JOB_SAMPLES_MAX) {
				fprintf(stderr, "pmbench: run: --rounds %s: auto, or a number from 1 to %d\n",
					optarg, PMB_JOB_SAMPLES_MAX);
				return -1;
			} else {
				a->rounds = (unsigned int)n;
			}
			break;
		case 'q': a->quiet = true; a->progress = false; break;
		case 'P': a->progress = true; a->quiet = false; break;
		case 'l': a->list = true; break;
		default: return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pmbench: run: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!a->suite_path == !a->job_line) {
		fprintf(stderr, "pmbench: run: give either --suite FILE or --job 'KEY=VALUE ...'\n");
		return -1;
	}
	if (!valid_target(a->target)) {
		fprintf(stderr, "pmbench: run: --target %s: must be host, vm-tcg, vm-icount or vm-kvm\n",
			a->target);
		return -1;
	}
	if (a->run_id && !pmb_run_id_valid(a->run_id)) {
		fprintf(stderr, "pmbench: run: --run-id: letters, digits and . _ + - only, a letter or digit first, shorter than %d characters\n",
			PMB_RUN_ID_MAX);
		return -1;
	}
	if (a->revision && !pmb_text_valid(a->revision)) {
		fprintf(stderr, "pmbench: run: --suite-revision: not one line of UTF-8 text\n");
		return -1;
	}
	if (a->cost && pmb_cost_from_name(a->cost) < 0) {
		char list[64];

		pmb_name_list(list, sizeof(list), pmb_cost_name, ", ");
		fprintf(stderr, "pmbench: run: --cost %s: must be one of %s\n", a->cost, list);
		return -1;
	}
	if (a->method && pmb_method_from_name(a->method) < 0) {
		char list[160];

		pmb_name_list(list, sizeof(list), pmb_method_name, ", ");
		fprintf(stderr, "pmbench: run: --method %s: unknown protection method (%s)\n",
			a->method, list);
		return -1;
	}
	return 0;
}

/* Every error of a bad suite, each on its own line. */
static int load_suite(const struct run_args *a, struct pmb_suite *suite)
{
	struct pmb_suite_errors *errs = calloc(1, sizeof(*errs));
	FILE *f;
	int ret;

	if (!errs) {
		perror("pmbench: run");
		return -1;
	}
	if (a->suite_path) {
		ret = pmb_suite_load_all(suite, a->suite_path, errs);
	} else {
		f = fmemopen((void *)a->job_line, strlen(a->job_line), "r");
		if (!f) {
			perror("pmbench: run: --job");
			free(errs);
			return -1;
		}
		/* Its name, "job", is the suite name the contract gives one job. */
		ret = pmb_suite_parse_all(suite, f, "job", errs);
		fclose(f);
	}
	if (ret)
		pmb_suite_errors_print(errs, stderr, a->suite_path ? "pmbench: " : "pmbench: --",
				       a->suite_path ? a->suite_path : "job");
	free(errs);
	return ret;
}

/* The run's method: --method when the module resolved it, else its default. */
static int run_method(const struct run_args *a, const struct pmb_caps *caps,
		      __u32 *method)
{
	int m;

	if (!a->method) {
		*method = caps->protect_default;
		return 0;
	}
	m = pmb_method_from_name(a->method);
	if (!(caps->protect_methods & (1u << m))) {
		fprintf(stderr, "pmbench: run: --method %s: the loaded module could not resolve this method on this kernel (see pmbench caps)\n",
			a->method);
		return -1;
	}
	*method = (__u32)m;
	return 0;
}

int pmb_cmd_run(int argc, char **argv, const char *dev_path)
{
	struct run_args a = { 0 };
	struct pmb_suite suite = { 0 };
	struct pmb_caps caps = { 0 };
	struct pmb_run_summary sum;
	struct sigaction sa = { .sa_handler = on_signal };
	struct pmb_run_cfg cfg = { 0 };
	struct pmb_run_ops ops = { .run_job = ioctl_run_job };
	char *revision = NULL;
	json_t *vm = NULL;
	int fd = -1, ret, status = 1;

	if (parse_run_args(argc, argv, &a))
		return 2;
	if (load_suite(&a, &suite))
		return 2;
	if (a.cost && !pmb_suite_keep_cost(&suite, pmb_cost_from_name(a.cost))) {
		fprintf(stderr, "pmbench: run: --cost %s: the suite has no such job; nothing to run\n",
			a.cost);
		pmb_suite_free(&suite);
		return 2;
	}
	if (a.list) {
		list_jobs(&suite);
		pmb_suite_free(&suite);
		return 0;
	}
	if (a.vm_json) {
		vm = json_loads(a.vm_json, 0, NULL);
		if (!json_is_object(vm)) {
			fprintf(stderr, "pmbench: run: --vm-json: not a JSON object: %s\n", a.vm_json);
			status = 2;
			goto out;
		}
	}
	fd = pmb_dev_open(dev_path);
	if (fd < 0 || pmb_dev_lock(fd, dev_path))
		goto out;
	/* A module built from other rows would file numbers under wrong names. */
	ret = pmb_dev_check_registry(fd);
	if (ret) {
		status = ret;
		goto out;
	}
	ret = pmb_dev_caps(fd, &caps);
	if (ret) {
		fprintf(stderr, "pmbench: run: %s\n", pmb_dev_strerror(ret));
		goto out;
	}
	caps.release[PMB_RELEASE_LEN - 1] = '\0';
	if (run_method(&a, &caps, &cfg.method))
		goto out;
	revision = a.revision ? strdup(a.revision) : guess_revision(a.suite_path);
	cfg.suite = &suite;
	cfg.caps = &caps;
	cfg.results_dir = a.results;
	cfg.run_id = a.run_id;
	cfg.target = a.target;
	cfg.suite_revision = revision ? revision : "unknown";
	cfg.vm = vm;
	cfg.host_load_file = a.host_load ? a.host_load : getenv("PMB_HOST_LOAD");
	if (cfg.host_load_file && !*cfg.host_load_file)
		cfg.host_load_file = NULL;
	cfg.root = "";
	cfg.rounds = a.rounds;
	cfg.cost = a.cost;
	cfg.progress = a.progress || (!a.quiet && isatty(STDERR_FILENO));
	cfg.progress_lines = a.progress;	/* asked for: whole lines, even on a tty */
	ops.ctx = &fd;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = pmb_run_suite(&cfg, &ops, &sum);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (sum.refused)
		status = 2;	/* the suite asks what this machine has not */
	if (!sum.dir[0] || (ret && !sum.interrupted && !sum.aborted))
		goto out;	/* never started: the reason is printed */
	fprintf(stderr, "pmbench: %zu jobs: %u ok, %u unsupported, %u error, %u not run%s\n",
		suite.nr_jobs, sum.ok, sum.unsupported, sum.error, sum.not_run,
		sum.interrupted ? " (interrupted: the run is marked partial)" :
		sum.aborted ? " (stopped: the run is marked partial)" : "");
	printf("%s\n", sum.dir);
	status = sum.interrupted ? 130 : (sum.aborted || sum.error) ? 1 : 0;
out:
	if (fd >= 0)
		close(fd);
	json_decref(vm);
	free(revision);
	pmb_suite_free(&suite);
	return status;
}
