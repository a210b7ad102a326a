#!/usr/bin/env bash
# shm_seed.sh - test: the xv6 seed's shared-memory program as the first
# process (what `make run PROG=shmcounter` shows): the parent starts the
# counter at 10, the ten children print 11 ... 20 in that order, the
# parent ends at 20, and the kernel reports exit status 0 with every
# frame back.  It runs twice: as it is, and under memory pressure (a
# swap disk and a budget of SHM_PRESSURE_FRAMES pageable frames, so the
# processes' own pages are evicted around the shared page, which is
# pinned); the second run must show evictions, and every slot back.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
SHM_PRESSURE_FRAMES=6 # the least a budget may be (mm/pager.h)
mkdir -p "$BUILD/tests"

# run_seed NAME ARGS: boot shmcounter with ARGS, check the counts.
run_seed() {
  local name=$1 args=$2 log=$BUILD/tests/shm_seed.$1.serial rc counts
  timeout 120 tools/qemu.sh test "$BUILD/kernel.bin" 32M "$args init=shmcounter" "$log"
  rc=$?
  cat "$log"
  [ $rc -eq 0 ] || { echo "shm_seed($name): FAIL: the kernel's verdict was $rc"; exit 1; }
  counts=$(tr -d '\r' <"$log" | sed -n 's/^shmcounter: child [0-9]* counts \([0-9]*\)$/\1/p' | tr '\n' ' ')
  [ "$counts" = "11 12 13 14 15 16 17 18 19 20 " ] ||
    { echo "shm_seed($name): FAIL: the children counted '$counts', not 11 ... 20 in order"; exit 1; }
  tr -d '\r' <"$log" | grep -q "^shmcounter: parent ends at 20$" ||
    { echo "shm_seed($name): FAIL: the parent did not end at 20"; exit 1; }
}

run_seed plain ""
img=$BUILD/tests/shm_seed.swap.img
tools/swap_image.sh 16M "$img" >/dev/null || { echo "shm_seed: FAIL: no swap image"; exit 1; }
SWAP_IMG=$img run_seed pressure "user_frames=$SHM_PRESSURE_FRAMES"
rm -f "$img"
evictions=$(tr -d '\r' <"$BUILD/tests/shm_seed.pressure.serial" | sed -n 's/^init: pager: \([0-9]*\) evictions.*/\1/p')
[ "${evictions:-0}" -gt 0 ] ||
  { echo "shm_seed(pressure): FAIL: no page was evicted (pager line: '${evictions:-missing}')"; exit 1; }
echo "shm_seed: PASS (under pressure: $evictions evictions)"
