#!/bin/bash
# PID 1 of the test-box guest (scripts/testbox-run.sh writes it into the
# image as /pmb-testbox-init and boots with init=/pmb-testbox-init): mount
# what a system has, unpack the project from the second disk (a tar), run
# its scripts/testbox-guest.sh, write /root/out as a tar on the third
# disk, power off.  Everything is logged to the console (ttyS0).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
# The initramfs hands over /proc, /sys and /dev mounted already.
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -o remount,rw /
mount -t debugfs debugfs /sys/kernel/debug 2> /dev/null
hostname testbox
ip link set lo up 2> /dev/null
echo "testbox-init: kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB"
rm -rf /root/pmbench /root/out
mkdir -p /root/out
tar xf /dev/vdb -C /root && cd /root/pmbench || echo "testbox-init: cannot unpack the project from /dev/vdb"
[ -f scripts/testbox-guest.sh ] && bash scripts/testbox-guest.sh /root/out 2>&1 | tee /root/out/console.log
echo "testbox-init: writing /root/out to /dev/vdc"
tar cf /dev/vdc -C /root/out . && sync
echo "testbox-init: done"
echo o > /proc/sysrq-trigger
sleep 60
