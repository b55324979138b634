# PMB_KERNEL: choose the kernel the module is built against.
#
# Real hardware: the running kernel's /lib/modules/$(uname -r)/build, and the
# default target is `host`.  Otherwise (a machine without module support or
# headers for its own kernel, like a CI VM) Debian's default kernel (what
# linux-headers-amd64 depends on), else the newest installed Debian
# linux-headers-*-amd64 that has a matching /boot/vmlinuz-*, and the default
# target is the VM.  --with-kernel-build and --with-vm-kernel override.
AC_DEFUN([PMB_KERNEL], [
	AC_ARG_WITH([kernel-build],
		[AS_HELP_STRING([--with-kernel-build=DIR],
			[kernel build tree to build the module against])],
		[PMB_KERNEL_BUILD=$withval], [PMB_KERNEL_BUILD=])
	AC_ARG_WITH([vm-kernel],
		[AS_HELP_STRING([--with-vm-kernel=FILE],
			[kernel image the VM boots (must match the build tree)])],
		[PMB_VM_KERNEL=$withval], [PMB_VM_KERNEL=])

	AC_MSG_CHECKING([for the kernel to build against])
	pmb_running=`uname -r`
	AS_IF([test -n "$PMB_KERNEL_BUILD"], [
		AS_IF([test -f "$PMB_KERNEL_BUILD/Makefile"], [],
			[AC_MSG_ERROR([--with-kernel-build=$PMB_KERNEL_BUILD: no kernel build tree there (no Makefile)])])
	], [test -f "/lib/modules/$pmb_running/build/Makefile"], [
		PMB_KERNEL_BUILD=`cd "/lib/modules/$pmb_running/build" && pwd -P`
	], [
		# Debian's default kernel (the release linux-headers-amd64 points
		# at) when its image is there too: installing the kernel matrix's
		# 6.12 kernels (scripts/kernel-matrix) must not move the default
		# build.  Else the newest Debian amd64 headers with a bootable image.
		pmb_default=`dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null | sed -n 's/^linux-headers-\([[^ ,]]*\).*/\1/p'`
		for pmb_dir in ${pmb_default:+/usr/src/linux-headers-$pmb_default} `ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -rV`; do
			pmb_rel=${pmb_dir#/usr/src/linux-headers-}
			if test -f "$pmb_dir/Makefile" && test -f "/boot/vmlinuz-$pmb_rel"; then
				PMB_KERNEL_BUILD=$pmb_dir
				break
			fi
		done
	])
	AS_IF([test -z "$PMB_KERNEL_BUILD"], [
		AC_MSG_RESULT([none])
		AC_MSG_ERROR([no kernel build tree found: neither /lib/modules/$pmb_running/build nor /usr/src/linux-headers-*-amd64 with a matching /boot/vmlinuz-*.
Install them with scripts/install-deps.sh (linux-headers-amd64 and linux-image-amd64), or pass --with-kernel-build=DIR])])
	AC_MSG_RESULT([$PMB_KERNEL_BUILD])

	AC_MSG_CHECKING([kernel release of the build tree])
	PMB_KERNEL_RELEASE=`sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$PMB_KERNEL_BUILD/include/generated/utsrelease.h" 2>/dev/null`
	AS_IF([test -z "$PMB_KERNEL_RELEASE"],
		[AC_MSG_ERROR([$PMB_KERNEL_BUILD/include/generated/utsrelease.h missing: not a prepared kernel build tree])])
	AC_MSG_RESULT([$PMB_KERNEL_RELEASE])

	AS_IF([test -z "$PMB_VM_KERNEL" && test -f "/boot/vmlinuz-$PMB_KERNEL_RELEASE"],
		[PMB_VM_KERNEL=/boot/vmlinuz-$PMB_KERNEL_RELEASE])
	AS_IF([test -n "$PMB_VM_KERNEL" && test ! -r "$PMB_VM_KERNEL"],
		[AC_MSG_ERROR([--with-vm-kernel=$PMB_VM_KERNEL: not a readable file])])

	# The target `make bench` picks when TARGET is not given; it checks
	# again at run time (root, module support) and says why.
	AS_IF([test "$PMB_KERNEL_RELEASE" = "$pmb_running" && test -e /proc/modules], [
		PMB_DEFAULT_TARGET=host
		PMB_TARGET_WHY="the module is built for the running kernel"
	], [
		PMB_DEFAULT_TARGET=vm
		AS_IF([test -e /proc/modules],
			[PMB_TARGET_WHY="running kernel $pmb_running is not the build kernel"],
			[PMB_TARGET_WHY="running kernel $pmb_running has no module support"])
		AS_IF([test -z "$PMB_VM_KERNEL"],
			[AC_MSG_WARN([no /boot/vmlinuz-$PMB_KERNEL_RELEASE for the VM target: pass --with-vm-kernel])])
	])
	AC_SUBST([PMB_KERNEL_BUILD])
	AC_SUBST([PMB_KERNEL_RELEASE])
	AC_SUBST([PMB_VM_KERNEL])
	AC_SUBST([PMB_DEFAULT_TARGET])
])
