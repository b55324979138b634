# PMB_KERNEL_PROBES: refuse a kernel the module does not support (older
# than the minimum in kmod/Kbuild, or not x86-64), then compile tiny
# modules against $PMB_KERNEL_BUILD to learn what kmod/compat/ should use;
# writes kmod/pmb_probe.h (PMB_HAVE_*), which kmod/compat/ includes.
AC_DEFUN([PMB_KERNEL_PROBES], [
	AC_MSG_CHECKING([kernel API by compiling probe modules])
	$MKDIR_P kmod
	pmb_probe_status=0
	"$srcdir/scripts/kernel-probes.sh" "$PMB_KERNEL_BUILD" kmod/pmb_probe.h 2>conftest.probes || pmb_probe_status=$?
	cat conftest.probes >&AS_MESSAGE_LOG_FD
	AS_CASE([$pmb_probe_status],
	[0], [AC_MSG_RESULT([done])],
	[2], [
		AC_MSG_RESULT([unsupported kernel])
		pmb_probe_why=`sed -n 's/^pmb-probe: //p' conftest.probes | tail -1`
		AC_MSG_ERROR([$pmb_probe_why; pass --with-kernel-build=DIR for another tree])
	], [
		AC_MSG_RESULT([failed])
		AC_MSG_ERROR([cannot build modules against $PMB_KERNEL_BUILD: is the compiler the one the kernel was built with? (see config.log)])
	])
	sed 's/^pmb-probe: /  /' conftest.probes
	rm -f conftest.probes

	pmb_have() { grep -q "define PMB_HAVE_$[1] 1" kmod/pmb_probe.h; }
	PMB_PROTECT_SUMMARY="pte"
	AS_IF([pmb_have SET_MEMORY_RO_EXPORTED],
		[PMB_PROTECT_SUMMARY="$PMB_PROTECT_SUMMARY cpa(exported)"],
		[pmb_have KPROBES],
		[PMB_PROTECT_SUMMARY="$PMB_PROTECT_SUMMARY cpa(resolved via kprobe at load time)"],
		[PMB_PROTECT_SUMMARY="$PMB_PROTECT_SUMMARY (no cpa: set_memory_ro/rw neither exported nor resolvable)"])
])
