#!/usr/bin/env bash
# qemu.sh - boot selfmap in QEMU and turn the kernel's exit status into
# the shell's.  The kernel writes to isa-debug-exit (port 0xf4), which
# makes QEMU exit with 33 (passed), 35 (failed) or 37 (panicked).
#
#   tools/qemu.sh run KERNEL MEM ARGS        multiboot via -kernel
#   tools/qemu.sh run-grub IMAGE MEM ARGS    boot the GRUB image
#   tools/qemu.sh test KERNEL MEM ARGS LOG   serial to LOG, no display
#
# Exit: 0 passed, 1 failed, 2 panicked, 3 reset (triple fault), other:
# QEMU's own status.  QEMU_EXTRA adds options (make bench: -icount).
set -u
mode=$1 target=$2 mem=${3:-32M} args=${4:-} log=${5:-}
cd "$(dirname "$0")/.." || exit 2

opts=(-m "$mem" -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04)
case "$mode" in
  run|test) opts+=(-kernel "$target" -append "$args") ;;
  run-grub) opts+=(-drive "format=raw,file=$target") ;;
  *) echo "qemu.sh: unknown mode $mode" >&2; exit 2 ;;
esac
if [ "$mode" = test ]; then
  opts+=(-display none -serial "file:$log" -monitor none)
elif [ -n "${DISPLAY:-}" ] || [ "$(uname)" = Darwin ]; then
  opts+=(-serial stdio)             # a window shows VGA; serial on the terminal
else
  opts+=(-display none -serial stdio -monitor none)
fi
# shellcheck disable=SC2206
extra=(${QEMU_EXTRA:-})
qemu-system-i386 "${opts[@]}" "${extra[@]}" </dev/null
rc=$?
case $rc in
  33) exit 0 ;;
  35) [ "$mode" = test ] || echo "selfmap: the kernel reported a failure" >&2; exit 1 ;;
  37) [ "$mode" = test ] || echo "selfmap: the kernel panicked" >&2; exit 2 ;;
  0)  [ "$mode" = test ] || echo "selfmap: the machine reset (triple fault?)" >&2; exit 3 ;;
  *)  exit "$rc" ;;
esac
