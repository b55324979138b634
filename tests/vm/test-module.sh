#!/bin/bash
# Module basics in the VM: load, capabilities, malformed ioctls, unload.
set -u
. "$(dirname "$0")/lib.sh"
vm_tap "$top_src/tests/vm/guest-module.sh" \
	--add-bin "$top_build/tests/vm/pmb-ioctl-probe:/pmbench/pmb-ioctl-probe" \
	--add-bin "$top_build/tests/vm/pmb-runas:/pmbench/pmb-runas"
