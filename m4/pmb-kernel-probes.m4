# PMB_KERNEL_PROBES: compile tiny modules against $PMB_KERNEL_BUILD to learn
# which kernel APIs the module can use; writes kmod/pmb_probe.h.
AC_DEFUN([PMB_KERNEL_PROBES], [
	AC_MSG_CHECKING([kernel API by compiling probe modules])
	$MKDIR_P kmod
	AS_IF(["$srcdir/scripts/kernel-probes.sh" "$PMB_KERNEL_BUILD" kmod/pmb_probe.h 2>conftest.probes], [
		AC_MSG_RESULT([done])
	], [
		AC_MSG_RESULT([failed])
		cat conftest.probes >&AS_MESSAGE_LOG_FD
		AC_MSG_ERROR([cannot build modules against $PMB_KERNEL_BUILD: is the compiler the one the kernel was built with? (see config.log)])
	])
	sed 's/^pmb-probe: /  /' conftest.probes
	cat conftest.probes >&AS_MESSAGE_LOG_FD
	rm -f conftest.probes

	pmb_have() { grep -q "define PMB_HAVE_$[1] 1" kmod/pmb_probe.h; }
	for pmb_req in GENALLOC_OWNER VMALLOC_TO_PAGE COPY_STRUCT_FROM_USER; do
		pmb_have $pmb_req || AC_MSG_ERROR([the kernel lacks $pmb_req, which the module needs])
	done
	PMB_PROTECT_SUMMARY=
	AS_IF([pmb_have LOOKUP_ADDRESS && pmb_have FLUSH_TLB_ALL_LOCAL && pmb_have ON_EACH_CPU_COND_MASK],
		[PMB_PROTECT_SUMMARY="pte"])
	AS_IF([pmb_have SET_MEMORY_RO_EXPORTED],
		[PMB_PROTECT_SUMMARY="$PMB_PROTECT_SUMMARY cpa(exported)"],
		[pmb_have KPROBES],
		[PMB_PROTECT_SUMMARY="$PMB_PROTECT_SUMMARY cpa(resolved via kprobe at load time)"])
	AS_IF([test -z "$PMB_PROTECT_SUMMARY"], [
		PMB_PROTECT_SUMMARY="none: protect workloads will report unsupported"
		AC_MSG_WARN([no protection method can be built for this kernel])
	])
])
