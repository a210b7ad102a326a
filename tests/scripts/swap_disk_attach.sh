#!/usr/bin/env bash
# swap_disk_attach.sh - test: `make run SWAP=SIZE` and `make run-grub
# SWAP=SIZE` create a fresh raw swap image and attach it as the ATA
# primary master, where the kernel finds it; without SWAP (or with the
# `noswap` word) the kernel says nothing about swap, as before swap
# existed; a bad size stops before QEMU with a message.
#
#   tests/scripts/swap_disk_attach.sh      (make test T=swap_disk_attach)
#
# Uses $BUILD (default build); each boot is time-limited and runs with no
# display.  Exit 0 on success.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
limit=${SWAP_ATTACH_TIMEOUT:-60}
log=$BUILD/swap_disk_attach.log
size_mb=2
sector=512 kb=1024 page_kb=4

fail() { echo "swap_disk_attach: FAIL: $*" >&2; exit 1; }

# boot TARGET MAKEARGS...: make TARGET with MAKEARGS, output to $log.
boot() {
  local target=$1 rc
  shift
  rm -f "$log"
  env -u DISPLAY timeout "$limit" make -s --no-print-directory "$target" BUILD="$BUILD" "$@" >"$log" 2>&1
  rc=$?
  echo "---- make $target $* (exit $rc) ----"
  cat "$log"
  return $rc
}

want_kb=$((size_mb * kb)) want_slots=$((size_mb * kb / page_kb))
swap_line="swap: ATA disk \"[^\"]*\", $want_kb KB, $want_slots slots of $page_kb KB"

boot run SWAP=${size_mb}M || fail "make run SWAP=${size_mb}M did not pass"
grep -q "$swap_line" "$log" || fail "the kernel did not report a $size_mb MB swap disk"
[ "$(stat -c %s "$BUILD/swap.img")" -eq $((size_mb * kb * kb)) ] ||
  fail "$BUILD/swap.img is not $size_mb MB"
[ $(( $(stat -c %s "$BUILD/swap.img") % sector )) -eq 0 ] || fail "the image is not whole sectors"

boot run || fail "make run without SWAP did not pass"
! grep -q "^swap:" "$log" || fail "without a disk the kernel printed a swap line"

boot run SWAP=${size_mb}M ARGS=noswap || fail "make run SWAP=${size_mb}M ARGS=noswap did not pass"
! grep -q "^swap:" "$log" || fail "with noswap the kernel still used the disk"

if boot run SWAP=3; then fail "a swap size of 3 bytes was accepted"; fi
grep -q "expected a size like 16M" "$log" || fail "a bad SWAP size gave no clear message"

boot run-grub SWAP=${size_mb}M || fail "make run-grub SWAP=${size_mb}M did not pass"
grep -q "$swap_line" "$log" || fail "booted from GRUB, the kernel did not find the swap disk"
grep -q "Test Passed" "$log" || fail "booted from GRUB with a disk, the scenario did not pass"
echo "swap_disk_attach: PASS"
