#!/usr/bin/env bash
# shm_seed.sh - test: the xv6 seed's shared-memory program as the first
# process (what `make run PROG=shmcounter` shows): the parent starts the
# counter at 10, the ten children print 11 ... 20 in that order, the
# parent ends at 20, and the kernel reports exit status 0 with every
# frame back.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
log=$BUILD/tests/shm_seed.serial
mkdir -p "$BUILD/tests"
timeout 60 tools/qemu.sh test "$BUILD/kernel.bin" 32M "init=shmcounter" "$log"
rc=$?
cat "$log"
[ $rc -eq 0 ] || { echo "shm_seed: FAIL: the kernel's verdict was $rc"; exit 1; }
counts=$(tr -d '\r' <"$log" | sed -n 's/^shmcounter: child [0-9]* counts \([0-9]*\)$/\1/p' | tr '\n' ' ')
[ "$counts" = "11 12 13 14 15 16 17 18 19 20 " ] ||
  { echo "shm_seed: FAIL: the children counted '$counts', not 11 ... 20 in order"; exit 1; }
tr -d '\r' <"$log" | grep -q "^shmcounter: parent ends at 20$" || { echo "shm_seed: FAIL: the parent did not end at 20"; exit 1; }
echo "shm_seed: PASS"
