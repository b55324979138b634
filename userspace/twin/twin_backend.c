// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <urcu.h>

#include "twin_backend.h"
#include "twin_registry.h"

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t page_round(size_t x)
{
	return (x + page() - 1) & ~(page() - 1);
}

long twin_count_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int cmp_uintptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return (x > y) - (x < y);
}

size_t twin_pages_spanned(void *const *obj, size_t n, size_t size)
{
	size_t i, k = 0, distinct = 0, per = size / page() + 2;
	uintptr_t *pg = malloc(n * per * sizeof(*pg)), p;

	if (!pg)
		return SIZE_MAX;
	for (i = 0; i < n; i++)
		for (p = (uintptr_t)obj[i] / page();
		     p <= ((uintptr_t)obj[i] + size - 1) / page(); p++)
			pg[k++] = p;
	qsort(pg, k, sizeof(*pg), cmp_uintptr);
	for (i = 0; i < k; i++)
		distinct += !i || pg[i] != pg[i - 1];
	free(pg);
	return distinct;
}

static size_t mappings_added(const struct twin_set *s)
{
	long now = twin_count_mappings();

	return now < 0 || s->vmas_before < 0 ? SIZE_MAX :
	       now > s->vmas_before ? (size_t)(now - s->vmas_before) : 0;
}

/* ---------------------------------------------------------------- malloc */

/*
 * glibc's own count of bytes in use: the heap's chunks (uordblks) and the
 * chunks it served with a mmap of their own (hblkhd: those past
 * M_MMAP_THRESHOLD, 128 KiB by default), headers and rounding included.
 */
static size_t malloc_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static int malloc_create(struct twin_set *s)
{
	s->malloc_before = malloc_in_use();
	return 0;
}

static void *malloc_alloc(struct twin_set *s)
{
	return malloc(s->size);
}

static int malloc_free(struct twin_set *s, void *obj)
{
	free(obj);
	return 0;
}

static int malloc_destroy(struct twin_set *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->obj[i]);
	return 0;
}

static void malloc_footprint(const struct twin_set *s, struct twin_footprint *fp)
{
	size_t now = malloc_in_use();

	fp->pages = twin_pages_spanned(s->obj, s->nr, s->size);
	fp->mappings = mappings_added(s);
	fp->bytes_consumed = now > s->malloc_before ? now - s->malloc_before : 0;
	fp->metadata_bytes = SIZE_MAX;
	fp->va_bytes = SIZE_MAX;
}

static const struct twin_backend_ops malloc_ops = {
	.create = malloc_create,
	.alloc = malloc_alloc,
	.free = malloc_free,
	.destroy = malloc_destroy,
	.footprint = malloc_footprint,
};

/* ---------------------------------------------------------------- mmap */

static int mmap_create(struct twin_set *s)
{
	return 0;
}

static void *mmap_alloc(struct twin_set *s)
{
	void *p = mmap(NULL, page_round(s->size), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int mmap_free(struct twin_set *s, void *obj)
{
	return munmap(obj, page_round(s->size)) ? -errno : 0;
}

static int mmap_flip(struct twin_set *s, int prot, size_t *flips)
{
	size_t i;

	*flips = 0;
	for (i = 0; i < s->nr; i++) {
		(*flips)++;
		if (mprotect(s->obj[i], page_round(s->size), prot))
			return -errno;
	}
	return 0;
}

static int mmap_protect(struct twin_set *s, size_t *flips)
{
	int ret = mmap_flip(s, PROT_READ, flips);
	size_t i;

	for (i = 0; !ret && s->seal && i < s->nr; i++)
		ret = upm_mseal(s->obj[i], page_round(s->size));
	return ret;
}

static int mmap_unprotect(struct twin_set *s, size_t *flips)
{
	return mmap_flip(s, PROT_READ | PROT_WRITE, flips);
}

static int mmap_destroy(struct twin_set *s)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < s->nr; i++)
		if (munmap(s->obj[i], page_round(s->size)))
			ret = -errno;
	return ret;
}

static void mmap_footprint(const struct twin_set *s, struct twin_footprint *fp)
{
	fp->pages = s->nr * (page_round(s->size) / page());
	fp->mappings = mappings_added(s);
	fp->bytes_consumed = s->nr * page_round(s->size);
	/* the kernel's VMA per mapping: not measurable from userspace */
	fp->metadata_bytes = SIZE_MAX;
	fp->va_bytes = s->nr * page_round(s->size);
}

static void write_version(void *obj, size_t size, unsigned long long version)
{
	volatile uint64_t *w = obj;
	size_t k;

	if (size < sizeof(uint64_t)) {
		memset(obj, (int)version, size);
		return;
	}
	for (k = 0; k < size / sizeof(uint64_t); k++)
		w[k] = version;
}

static int mmap_write_rare(struct twin_set *s, size_t i, unsigned long long version,
			   size_t *flips)
{
	size_t len = page_round(s->size);

	*flips = 0;
	if (mprotect(s->obj[i], len, PROT_READ | PROT_WRITE))
		return -errno;
	(*flips)++;
	write_version(s->obj[i], s->size, version);
	(*flips)++;
	return mprotect(s->obj[i], len, PROT_READ) ? -errno : 0;
}

static const struct twin_backend_ops mmap_ops = {
	.create = mmap_create,
	.alloc = mmap_alloc,
	.free = mmap_free,
	.protect = mmap_protect,
	.unprotect = mmap_unprotect,
	.destroy = mmap_destroy,
	.footprint = mmap_footprint,
	.write_rare = mmap_write_rare,
};

/* ---------------------------------------------------------------- pools */

static int pool_create(struct twin_set *s, enum upm_kind kind, size_t refill)
{
	/* objects aligned like malloc's (16), the kernel pool's minimum alignment */
	s->pool = upm_create_pool(kind, refill, 16, s->seal ? UPM_SEAL : 0);
	return s->pool ? 0 : -errno;
}

/* Chunks of one page, the kernel pools' default refill. */
static int genalloc_create(struct twin_set *s)
{
	return pool_create(s, UPM_GENALLOC, 0);
}

static int bump_create(struct twin_set *s)
{
	return pool_create(s, UPM_BUMP, 0);
}

static int bump_64k_create(struct twin_set *s)
{
	return pool_create(s, UPM_BUMP, 64 << 10);
}

static void *pool_alloc(struct twin_set *s)
{
	return upm_alloc(s->pool, s->size);
}

static int pool_free(struct twin_set *s, void *obj)
{
	return upm_free(s->pool, obj);
}

static int pool_protect(struct twin_set *s, size_t *flips)
{
	return upm_protect_pool(s->pool, flips);
}

static int pool_unprotect(struct twin_set *s, size_t *flips)
{
	return upm_unprotect_pool(s->pool, flips);
}

static int pool_destroy(struct twin_set *s)
{
	int ret = upm_destroy_pool(s->pool);

	s->pool = NULL;
	return ret;
}

static void pool_footprint(const struct twin_set *s, struct twin_footprint *fp)
{
	struct upm_stats st;

	upm_pool_stats(s->pool, &st);
	fp->pages = st.chunk_bytes / page();
	fp->mappings = mappings_added(s);
	fp->bytes_consumed = st.chunk_bytes + st.metadata_bytes;
	fp->metadata_bytes = st.metadata_bytes;
	fp->va_bytes = st.chunk_bytes;
}

/* In place: the whole pool writable for the write, as the kernel pools did. */
static int pool_write_rare(struct twin_set *s, size_t i, unsigned long long version,
			   size_t *flips)
{
	size_t f1 = 0, f2 = 0;
	int ret = upm_unprotect_pool(s->pool, &f1);

	if (!ret) {
		write_version(s->obj[i], s->size, version);
		ret = upm_protect_pool(s->pool, &f2);
	}
	*flips = f1 + f2;
	return ret;
}

/*
 * By copy: a fresh writable chunk, the object copied and written there,
 * the chunk protected (and sealed), published with rcu_assign_pointer(),
 * and after synchronize_rcu() the old copy retired: unmapped when it was a
 * copy of its own, left to the pool (freed when the pool is destroyed)
 * when it was the pool's.  The pointer table itself stays writable.
 */
static int rcu_write_rare(struct twin_set *s, size_t i, unsigned long long version,
			  size_t *flips)
{
	size_t len = page_round(s->size);
	void *old = s->obj[i], *p;

	*flips = 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	memcpy(p, old, s->size);
	write_version(p, s->size, version);
	(*flips)++;
	if (mprotect(p, len, PROT_READ) ||
	    (s->seal && upm_mseal(p, len))) {
		int err = -errno;

		munmap(p, len);
		return err;
	}
	rcu_assign_pointer(s->obj[i], p);
	synchronize_rcu();
	/* the object's own flag, not a walk of the pool's chunks: O(1) */
	if (!s->is_copy[i]) {
		s->is_copy[i] = true;
		s->copies++;
	} else if (munmap(old, len)) {
		return -errno;	/* sealed: it stays until the process exits */
	}
	return 0;
}

/* The bump pool, and a flag per object: whether it lives in a copy. */
static int rcu_create(struct twin_set *s)
{
	s->is_copy = calloc(s->count ? s->count : 1, sizeof(*s->is_copy));
	if (!s->is_copy)
		return -ENOMEM;
	return bump_create(s);
}

static int rcu_destroy(struct twin_set *s)
{
	size_t i, len = page_round(s->size);
	int ret = 0;

	/* never written rarely (every destroy job): the pool alone, as pool-bump */
	for (i = 0; s->copies && i < s->nr; i++)
		if (s->is_copy[i] && munmap(s->obj[i], len))
			ret = -errno;
	s->copies = 0;
	return pool_destroy(s) ?: ret;
}

static void rcu_footprint(const struct twin_set *s, struct twin_footprint *fp)
{
	size_t copy = page_round(s->size);

	pool_footprint(s, fp);
	fp->pages += s->copies * (copy / page());
	fp->bytes_consumed += s->copies * copy;
	fp->va_bytes += s->copies * copy;
}

static const struct twin_backend_ops genalloc_ops = {
	.create = genalloc_create,
	.alloc = pool_alloc,
	.free = pool_free,
	.protect = pool_protect,
	.unprotect = pool_unprotect,
	.destroy = pool_destroy,
	.footprint = pool_footprint,
	.write_rare = pool_write_rare,
};

static const struct twin_backend_ops bump_ops = {
	.create = bump_create,
	.alloc = pool_alloc,
	.protect = pool_protect,
	.unprotect = pool_unprotect,
	.destroy = pool_destroy,
	.footprint = pool_footprint,
	.write_rare = pool_write_rare,
};

static const struct twin_backend_ops bump_64k_ops = {
	.create = bump_64k_create,
	.alloc = pool_alloc,
	.protect = pool_protect,
	.unprotect = pool_unprotect,
	.destroy = pool_destroy,
	.footprint = pool_footprint,
	.write_rare = pool_write_rare,
};

/* The bump pool, written by copy under RCU. */
static const struct twin_backend_ops rcu_ops = {
	.create = rcu_create,
	.alloc = pool_alloc,
	.protect = pool_protect,
	.unprotect = pool_unprotect,
	.destroy = rcu_destroy,
	.footprint = rcu_footprint,
	.write_rare = rcu_write_rare,
	.readers_use_rcu = true,
};

static const struct twin_backend_ops *const ops[TWIN_NR_BACKENDS] = {
	[TWIN_BACKEND_MALLOC] = &malloc_ops,
	[TWIN_BACKEND_MMAP] = &mmap_ops,
	[TWIN_BACKEND_POOL_GENALLOC] = &genalloc_ops,
	[TWIN_BACKEND_POOL_BUMP] = &bump_ops,
	[TWIN_BACKEND_POOL_BUMP_64K] = &bump_64k_ops,
	[TWIN_BACKEND_POOL_RCU] = &rcu_ops,
};

const struct twin_backend_ops *twin_backend_ops(unsigned int backend)
{
	return backend < TWIN_NR_BACKENDS ? ops[backend] : NULL;
}

int twin_set_init(struct twin_set *s, unsigned int backend, size_t size,
		  size_t count, bool seal)
{
	const struct twin_backend_ops *o = twin_backend_ops(backend);
	int ret;

	memset(s, 0, sizeof(*s));
	if (!o)
		return -EINVAL;
	s->backend = backend;
	s->size = size;
	s->count = count;
	s->seal = seal;
	s->obj = calloc(count, sizeof(*s->obj));
	if (!s->obj)
		return -ENOMEM;
	s->vmas_before = twin_count_mappings();
	ret = o->create(s);
	if (ret) {
		free(s->obj);
		free(s->is_copy);
		s->obj = NULL;
		s->is_copy = NULL;
	}
	return ret;
}

int twin_set_alloc_all(struct twin_set *s)
{
	const struct twin_backend_ops *o = twin_backend_ops(s->backend);

	while (s->nr < s->count) {
		void *p = o->alloc(s);

		if (!p)
			return -ENOMEM;
		memset(p, 0, s->size);
		s->obj[s->nr++] = p;
	}
	return 0;
}

int twin_set_destroy(struct twin_set *s)
{
	const struct twin_backend_ops *o = twin_backend_ops(s->backend);
	int ret = 0;

	if (s->obj)
		ret = o->destroy(s);
	free(s->obj);
	free(s->is_copy);
	s->obj = NULL;
	s->is_copy = NULL;
	s->nr = 0;
	return ret;
}
