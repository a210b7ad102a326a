#!/usr/bin/env bash
# qemu.sh - boot selfmap in QEMU and turn the kernel's exit status into
# the shell's.  The kernel writes to isa-debug-exit (port 0xf4), which
# makes QEMU exit with 33 (passed), 35 (failed) or 37 (panicked).
#
#   tools/qemu.sh run KERNEL MEM ARGS        multiboot via -kernel
#   tools/qemu.sh run-grub IMAGE MEM ARGS    boot the GRUB image (copykernel.sh)
#                                            as a CD; ARGS rebuild a temporary copy
#   tools/qemu.sh test KERNEL MEM ARGS LOG   serial to LOG, no display
#
# Exit: 0 passed, 1 failed, 2 panicked, 3 reset (triple fault), other:
# QEMU's own status.  QEMU_EXTRA adds options (make bench: -icount).
# Bytes written to I/O port 0xE9 (Bochs's debug port, which MP4 kernels
# use) go to the same place as the serial output.
# SWAP_IMG=PATH attaches that raw image as the ATA primary master, the
# swap disk (tools/swap_image.sh makes one; make run SWAP=16M does both);
# the GRUB image's CD then sits on the secondary master, out of its way.
# With init=NAME in ARGS, every user program ($BUILD/user/initrd, made by
# make user) is loaded as a multiboot module.
set -u
mode=$1 target=$2 mem=${3:-32M} args=${4:-} log=${5:-}
cd "$(dirname "$0")/.." || exit 2

# run-grub with ARGS: the image's grub.cfg has no command line, so boot a
# temporary copy of it whose multiboot line has ARGS (copykernel.sh, with
# the kernel taken back out of the image).
grub_with_args() {
  grub_tmp=$(mktemp -d "${TMPDIR:-/tmp}/selfmap-run-grub.XXXXXX") || exit 2
  trap 'rm -rf "$grub_tmp"' EXIT
  xorriso -osirrox on -indev "$target" -extract /boot/kernel.bin "$grub_tmp/kernel.bin" \
    >"$grub_tmp/xorriso.log" 2>&1 || { cat "$grub_tmp/xorriso.log" >&2; exit 2; }
  SELFMAP_MODULES=${BUILD:-build}/user/mods \
    ./copykernel.sh "$grub_tmp/kernel.bin" "$grub_tmp/grub.img" "$args" >/dev/null || exit 2
  target=$grub_tmp/grub.img
}

# A window only when a display is really there: a stale DISPLAY (no X
# server) would make QEMU fail before the kernel runs.
display_works() {
  [ "$(uname)" = Darwin ] && return 0
  case "${DISPLAY:-}" in
    "") return 1 ;;
    :*) n=${DISPLAY#:}; [ -S "/tmp/.X11-unix/X${n%%.*}" ] ;;
    *) return 0 ;; # a remote or forwarded display: trust it
  esac
}

# The CPU: QEMU's default 32-bit model (qemu32: x87, FXSR, SSE, SSE2) plus
# UMIP, which TCG implements, so ring 3 cannot read the GDT's and IDT's
# kernel addresses with sgdt/sidt (proc/cpu.c).
opts=(-m "$mem" -no-reboot -cpu qemu32,+umip -device isa-debug-exit,iobase=0xf4,iosize=0x04)
initrd=${BUILD:-build}/user/initrd
case "$mode" in
  run|test)
    opts+=(-kernel "$target" -append "$args")
    case " $args" in
      *" init="*)
        [ -f "$initrd" ] || { echo "qemu.sh: no $initrd (make user)" >&2; exit 2; }
        opts+=(-initrd "$(cat "$initrd")") ;;
    esac ;;
  run-grub)                         # a grub-mkrescue ISO boots best as a CD
    [ -f "$target" ] || { echo "qemu.sh: no image $target (make grub.img)" >&2; exit 2; }
    [ -z "$args" ] || grub_with_args
    opts+=(-drive "file=$target,format=raw,media=cdrom,readonly=on,if=ide,index=2" -boot d) ;;
  *) echo "qemu.sh: unknown mode $mode" >&2; exit 2 ;;
esac
if [ -n "${SWAP_IMG:-}" ]; then
  [ -f "$SWAP_IMG" ] || { echo "qemu.sh: no swap image $SWAP_IMG (tools/swap_image.sh)" >&2; exit 2; }
  opts+=(-drive "file=$SWAP_IMG,format=raw,if=ide,index=0")
fi
# The serial port and the 0xE9 debug port share one output (mux=on).
console=(-serial chardev:console -device isa-debugcon,iobase=0xe9,chardev=console)
if [ "$mode" = test ]; then
  opts+=(-display none -chardev "file,id=console,path=$log,mux=on" "${console[@]}" -monitor none)
elif display_works; then              # a window shows VGA; serial on the terminal
  opts+=(-chardev stdio,id=console,mux=on "${console[@]}")
else
  opts+=(-display none -chardev stdio,id=console,mux=on "${console[@]}" -monitor none)
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
