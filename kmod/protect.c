// SPDX-License-Identifier: GPL-2.0
/*
 * Page protection of vmalloc ranges: cpa (the kernel's set_memory_ro/rw) or
 * pte (our own PTE flip + one TLB flush round on every CPU), plus the checks
 * that prove a flip happened: PTE verification and the fault drill.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nospec.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#include "compat/kallsyms.h"
#include "compat/mm_counters.h"
#include "compat/set_memory.h"
#include "protect.h"

static char protect[8] = "auto";
module_param_string(protect, protect, sizeof(protect), 0444);
MODULE_PARM_DESC(protect,
		 "default page protection: auto (cpa when set_memory_ro/rw resolve, else pte), cpa, pte");

static unsigned int pmb_default_method = PMB_PROT_PTE;

/* In enum pmb_protect_method order, which the same X-list defines. */
static const char * const pmb_method_names[] = {
#define PMB_X_NAME(e, s, d) s,
	PMB_PROTECT_METHODS(PMB_X_NAME)
#undef PMB_X_NAME
};

const char *pmb_protect_method_name(unsigned int method)
{
	if (method >= PMB_NR_PROTECT_METHODS)
		return "?";
	return pmb_method_names[array_index_nospec(method,
						   PMB_NR_PROTECT_METHODS)];
}

bool pmb_protect_method_available(unsigned int method)
{
	switch (method) {
	case PMB_PROT_CPA:
		return pmb_set_memory_available();
	case PMB_PROT_PTE:
		return IS_ENABLED(CONFIG_X86);
	default:
		return false;
	}
}

unsigned int pmb_protect_default_method(void)
{
	return pmb_default_method;
}

int pmb_protect_init(void)
{
	const char *why = "";
	bool cpa;

	cpa = !pmb_set_memory_init(&why);
	pmb_mm_counters_init();
	if (!strcmp(protect, "auto")) {
		pmb_default_method = cpa ? PMB_PROT_CPA : PMB_PROT_PTE;
		pr_info("protect=auto: default %s (%s)\n",
			pmb_protect_method_name(pmb_default_method), why);
	} else if (!strcmp(protect, "cpa")) {
		if (!cpa) {
			pr_err("protect=cpa asked for but unavailable: %s\n", why);
			return -ENOENT;
		}
		pmb_default_method = PMB_PROT_CPA;
	} else if (!strcmp(protect, "pte")) {
		pmb_default_method = PMB_PROT_PTE;
		pr_info("protect=pte: default pte (cpa %s)\n",
			cpa ? "also available" : "unavailable");
	} else {
		pr_err("protect=%s: expected auto, cpa or pte\n", protect);
		return -EINVAL;
	}
	return 0;
}

void pmb_protect_exit(void)
{
	pmb_set_memory_exit();
}

/* The PTE of a vmalloc page, or NULL unless it is a present 4 KiB PTE. */
static pte_t *pmb_vmalloc_pte(unsigned long addr)
{
	unsigned int level;
	pte_t *ptep = lookup_address(addr, &level);

	if (!ptep || level != PG_LEVEL_4K || !pte_present(*ptep))
		return NULL;
	return ptep;
}

/*
 * The PTE of the page at @addr, given @prev, the PTE of the page before it
 * (or NULL): within one page-table page the next PTE is the next entry, so
 * a range costs one page-table walk per 2 MiB, not one per page.
 */
static pte_t *pmb_next_pte(unsigned long addr, pte_t *prev)
{
	if (prev && (addr & ~PMD_MASK))
		return pte_present(prev[1]) ? prev + 1 : NULL;
	return pmb_vmalloc_pte(addr);
}

/*
 * Everything either method changes is checked here first: by
 * pmb_set_ranges_ro() itself, or by the caller, untimed, before a
 * pmb_flip_ranges() (protect.h).
 */
int pmb_check_ranges(unsigned int method, const struct pmb_range *r,
		     unsigned int nr)
{
	unsigned long p, end;
	unsigned int i;
	pte_t *ptep;

	if (!pmb_protect_method_available(method))
		return -EINVAL;
	if (nr && !r)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		if (!r[i].pages || r[i].pages > INT_MAX ||
		    !PAGE_ALIGNED(r[i].addr) ||
		    check_add_overflow(r[i].addr, r[i].pages << PAGE_SHIFT, &end))
			return -EINVAL;
		if (!is_vmalloc_addr((void *)r[i].addr) ||
		    !is_vmalloc_addr((void *)(end - 1)))
			return -EINVAL;
		for (p = r[i].addr, ptep = NULL; p < end; p += PAGE_SIZE) {
			ptep = pmb_next_pte(p, ptep);
			if (!ptep)
				return -EINVAL;
		}
	}
	return 0;
}

static void pmb_flush_tlb_all_ipi(void *unused)
{
	__flush_tlb_all();
}

/*
 * Clear Dirty with RW: Write=0,Dirty=1 is the shadow-stack encoding on CET
 * hardware.  Unprotect restores both, which is PAGE_KERNEL again.  The
 * range was checked (pmb_check_ranges()); a PTE gone since is refused,
 * never dereferenced.
 */
static int pmb_pte_flip_range(const struct pmb_range *r, bool ro)
{
	unsigned long p, end = r->addr + (r->pages << PAGE_SHIFT);
	pte_t *ptep = NULL;

	for (p = r->addr; p < end; p += PAGE_SIZE) {
		pte_t pte;

		ptep = pmb_next_pte(p, ptep);
		if (WARN_ON_ONCE(!ptep))
			return -EINVAL;
		pte = *ptep;

		if (ro)
			pte = pte_clear_flags(pte, _PAGE_RW | _PAGE_DIRTY);
		else
			pte = pte_set_flags(pte, _PAGE_RW | _PAGE_DIRTY);
		set_pte(ptep, pte);
	}
	return 0;
}

static int pmb_pte_set_ranges(const struct pmb_range *r, unsigned int nr,
			      bool ro, unsigned long *flushes)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < nr && !ret; i++) {
		ret = pmb_pte_flip_range(&r[i], ro);
		/*
		 * Up to 2^20 ranges: let others run, or a busy host's guest
		 * reports an RCU stall (seen at 20000 under TCG).  A sample
		 * that gets rescheduled is marked preempted.
		 */
		if (!((i + 1) % 64))
			cond_resched();
	}
	/* Vmalloc PTEs are global: a CR3 write would not drop them. */
	on_each_cpu(pmb_flush_tlb_all_ipi, NULL, 1);
	(*flushes)++;
	return ret;
}

/*
 * One set_memory_ro() or set_memory_rw() per range, called straight
 * through the resolved pointer: in a timed flip nothing but the loop
 * stands between the clock and the kernel's call.
 */
static int pmb_cpa_set_ranges(const struct pmb_range *r, unsigned int nr,
			      bool ro, unsigned long *flushes)
{
	pmb_set_memory_t fn = pmb_set_memory_fn(ro), undo;
	unsigned int i;
	int ret;

	if (unlikely(!fn))
		return -EOPNOTSUPP;
	for (i = 0; i < nr; i++) {
		ret = fn(r[i].addr, r[i].pages);
		if (unlikely(ret))
			goto undo;
		(*flushes)++;
		if (!((i + 1) % 64))
			cond_resched();	/* as in pmb_pte_set_ranges() */
	}
	return 0;
undo:
	pr_err("set_memory_%s(%d pages) failed: %d; undoing %u ranges\n",
	       ro ? "ro" : "rw", (int)r[i].pages, ret, i);
	undo = pmb_set_memory_fn(!ro);
	while (undo && i--) {
		if (!undo(r[i].addr, r[i].pages))
			(*flushes)++;
	}
	return ret;
}

int pmb_flip_ranges(unsigned int method, const struct pmb_range *r,
		    unsigned int nr, bool ro, unsigned long *flushes)
{
	if (!nr)
		return 0;
	switch (method) {
	case PMB_PROT_CPA:
		return pmb_cpa_set_ranges(r, nr, ro, flushes);
	case PMB_PROT_PTE:
		return pmb_pte_set_ranges(r, nr, ro, flushes);
	default:
		return -EINVAL;
	}
}

int pmb_set_ranges_ro(unsigned int method, const struct pmb_range *r,
		      unsigned int nr, bool ro, unsigned long *flushes)
{
	int ret;

	ret = pmb_check_ranges(method, r, nr);
	if (ret)
		return ret;
	return pmb_flip_ranges(method, r, nr, ro, flushes);
}

void pmb_purge_lazy_vmap(void)
{
	vm_unmap_aliases();
}

void *pmb_alias_map(struct page **pages, unsigned int n)
{
	return vmap(pages, n, VM_MAP, PAGE_KERNEL);
}

void pmb_alias_unmap(void *map)
{
	vunmap(map);
	/* vunmap() leaves the alias's TLB entries to a lazy purge: now. */
	vm_unmap_aliases();
}

static void pmb_verify_alias(unsigned long addr, struct pmb_verify_report *rep)
{
	struct page *page = vmalloc_to_page((void *)addr);
	unsigned int level;
	pte_t *ptep;

	if (!page)
		return;
	ptep = lookup_address((unsigned long)page_address(page), &level);
	if (!ptep || !pte_present(*ptep))
		return;
	rep->alias_checked++;
	if (!(pte_flags(*ptep) & _PAGE_RW))
		rep->alias_ro++;
	if (level != PG_LEVEL_4K)
		rep->alias_huge++;
}

/*
 * What the verifier may walk: vmalloc space, or this module's own memory
 * (the ro-after-init floor's data, mapped by the module loader's vmalloc
 * pages in the modules area, which is not vmalloc space on x86-64).
 */
static bool pmb_verifiable(unsigned long addr, unsigned long last)
{
	if (is_vmalloc_addr((void *)addr) && is_vmalloc_addr((void *)last))
		return true;
	return within_module_core(addr, THIS_MODULE) &&
	       within_module_core(last, THIS_MODULE);
}

static void pmb_verify_note(struct pmb_verify_report *rep, const char *what)
{
	if (!rep->msg[0])
		snprintf(rep->msg, sizeof(rep->msg), "%s at page %lu of the ranges",
			 what, rep->pages_checked);
}

int pmb_verify_ranges(const struct pmb_range *r, unsigned int nr,
		      bool expect_ro, struct pmb_verify_report *rep)
{
	unsigned long p, end, bad = 0;
	unsigned int i;

	memset(rep, 0, sizeof(*rep));
	rep->fault_drill = -1;
	if (nr && !r)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		end = r[i].addr + (r[i].pages << PAGE_SHIFT);
		if (!PAGE_ALIGNED(r[i].addr) || end < r[i].addr ||
		    !pmb_verifiable(r[i].addr, max(end, r[i].addr + 1) - 1))
			return -EINVAL;
		/* A full walk per page: independent of pmb_next_pte(). */
		for (p = r[i].addr; p < end; p += PAGE_SIZE) {
			pte_t *ptep = pmb_vmalloc_pte(p);
			bool ro;

			if (!ptep) {
				pmb_verify_note(rep, "no 4 KiB PTE");
				bad++;
				continue;
			}
			ro = !(pte_flags(*ptep) & _PAGE_RW);
			if (ro != expect_ro) {
				pmb_verify_note(rep, ro ? "read-only PTE" :
						"writable PTE");
				bad++;
			}
			rep->pages_checked++;
			rep->pages_ro += ro;
			pmb_verify_alias(p, rep);
		}
	}
	return bad ? -EIO : 0;
}

/* Present in the direct map: the level and the bytes the mapping covers. */
static pte_t *pmb_direct_entry(unsigned long addr, unsigned int *level)
{
	pte_t *ptep;

	if (!virt_addr_valid((void *)addr))
		return NULL;
	ptep = lookup_address(addr, level);
	if (!ptep || !pte_present(*ptep))
		return NULL;
	return ptep;
}

int pmb_check_direct_ranges(unsigned int method, const struct pmb_range *r,
			    unsigned int nr)
{
	unsigned long p, end;
	unsigned int i, level;

	if (method != PMB_PROT_CPA || !pmb_protect_method_available(method))
		return -EINVAL;
	if (nr && !r)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		if (!r[i].pages || r[i].pages > INT_MAX ||
		    !PAGE_ALIGNED(r[i].addr) ||
		    check_add_overflow(r[i].addr, r[i].pages << PAGE_SHIFT, &end))
			return -EINVAL;
		/* Step by the mapping found: one walk per 2 MiB or 1 GiB page. */
		for (p = r[i].addr; p < end;) {
			if (!pmb_direct_entry(p, &level))
				return -EINVAL;
			p = ALIGN_DOWN(p, page_level_size(level)) +
			    page_level_size(level);
		}
	}
	return 0;
}

int pmb_flip_direct_ranges(unsigned int method, const struct pmb_range *r,
			   unsigned int nr, bool ro, unsigned long *flushes)
{
	if (method != PMB_PROT_CPA)
		return -EINVAL;
	return pmb_flip_ranges(method, r, nr, ro, flushes);
}

int pmb_verify_direct_ranges(const struct pmb_range *r, unsigned int nr,
			     bool expect_ro, struct pmb_verify_report *rep)
{
	unsigned long p, end, bad = 0;
	unsigned int i, level;

	memset(rep, 0, sizeof(*rep));
	rep->fault_drill = -1;
	if (nr && !r)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		end = r[i].addr + (r[i].pages << PAGE_SHIFT);
		if (!PAGE_ALIGNED(r[i].addr) || end <= r[i].addr ||
		    !virt_addr_valid((void *)r[i].addr) ||
		    !virt_addr_valid((void *)(end - 1)))
			return -EINVAL;
		/* A walk per page: every object's page is looked at. */
		for (p = r[i].addr; p < end; p += PAGE_SIZE) {
			pte_t *ptep = pmb_direct_entry(p, &level);
			bool ro;

			if (!ptep) {
				pmb_verify_note(rep, "no present direct-map entry");
				bad++;
				continue;
			}
			ro = !(pte_flags(*ptep) & _PAGE_RW);
			if (ro != expect_ro) {
				pmb_verify_note(rep, ro ? "read-only direct map" :
						"writable direct map");
				bad++;
			}
			rep->pages_checked++;
			rep->pages_ro += ro;
			rep->alias_checked++;
			rep->alias_ro += ro;
			rep->alias_huge += level != PG_LEVEL_4K;
		}
		cond_resched();
	}
	return bad ? -EIO : 0;
}

int pmb_fault_drill(void *addr)
{
	u8 before, probe, after;

	if (!addr || copy_from_kernel_nofault(&before, addr, 1))
		return -EFAULT;
	probe = ~before;
	pagefault_disable();
	__put_kernel_nofault(addr, &probe, u8, faulted);
	pagefault_enable();
	/* The write went through: the page is writable, so put it back. */
	WRITE_ONCE(*(u8 *)addr, before);
	return 0;
faulted:
	pagefault_enable();
	if (copy_from_kernel_nofault(&after, addr, 1))
		return -EFAULT;
	return after == before ? 1 : -EIO;
}
