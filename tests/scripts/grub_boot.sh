#!/usr/bin/env bash
# grub_boot.sh - test: selfmap boots from a GRUB 2 image, not only from
# QEMU's -kernel loader.
#
#   tests/scripts/grub_boot.sh        (make test T=grub_boot runs it)
#
# Builds a GRUB image of $BUILD/kernel.bin (BUILD defaults to build) into
# $BUILD/grub_boot.img with copykernel.sh and a command-line word, boots
# it with tools/qemu.sh run-grub (serial to $BUILD/grub_boot.serial.log,
# no display, time-limited), and checks the banner, the command line,
# "Test Passed" and the exit status (0: the default scenario passed).
# Then boots the same image with ARGS given to run-grub, which must reach
# the kernel through a rebuilt temporary image.  Exit 0 on success.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel.bin
image=$BUILD/grub_boot.img
log=$BUILD/grub_boot.serial.log
limit=${GRUB_BOOT_TIMEOUT:-60}
banner="selfmap: a small x86 kernel that teaches virtual memory"

fail() { echo "grub_boot: FAIL: $*" >&2; exit 1; }

[ -f "$kernel" ] || fail "no kernel at $kernel (make BUILD=$BUILD first)"

# boot ARGS WORD: boot $image via run-grub with ARGS; the kernel's command
# line must contain WORD.
boot() {
  local args=$1 word=$2 rc
  echo "grub_boot: booting $image${args:+ with run-grub ARGS \"$args\"} (limit ${limit}s)"
  rm -f "$log"
  env -u DISPLAY timeout "$limit" tools/qemu.sh run-grub "$image" 32M "$args" >"$log" 2>&1
  rc=$?
  echo "---- serial output ($log) ----"
  cat "$log"
  echo "---- end (exit status $rc) ----"
  case $rc in
    0) ;;
    124) fail "QEMU did not finish within ${limit}s (GRUB stuck at a prompt? kernel hung?)" ;;
    1) fail "the kernel reported a failure (exit 1)" ;;
    2) fail "the kernel panicked (exit 2)" ;;
    3) fail "the machine reset, a triple fault? (exit 3)" ;;
    *) fail "tools/qemu.sh exited with $rc" ;;
  esac
  grep -qF "$banner" "$log" || fail "no boot banner in the serial output"
  grep -q "^command line:.*$word" "$log" || fail "the command line does not contain '$word'"
  grep -q "Test Passed" "$log" || fail "no 'Test Passed' in the serial output"
}

./copykernel.sh "$kernel" "$image" from_grub_cfg || fail "copykernel.sh could not build $image"
boot "" from_grub_cfg
boot "from_run_grub" from_run_grub
echo "grub_boot: PASS"
