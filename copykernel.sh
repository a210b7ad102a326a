#!/usr/bin/env bash
# copykernel.sh - build (or refresh) a bootable GRUB 2 image holding the
# kernel, so selfmap can also be booted the way a real machine boots it.
#
#   ./copykernel.sh KERNEL IMAGE [ARGS...]
#
#   KERNEL  the multiboot ELF kernel (e.g. build/kernel.bin)
#   IMAGE   the image to write (e.g. grub.img); replaced atomically
#   ARGS    kernel command-line words for the multiboot line (optional)
#
# The image is a hybrid ISO made by grub-mkrescue (packages grub-pc-bin,
# grub-common and xorriso; no root and no loop mounts needed).  It holds
# /boot/kernel.bin, the user programs as /boot/user/NAME (every file in
# $SELFMAP_MODULES, default: user/mods next to the kernel; each becomes a
# `module` line) and /boot/grub/grub.cfg, which boots the kernel at once
# (timeout 0) with GRUB's terminal on the first serial port and the
# screen.  Boot it with `make run-grub` (tools/qemu.sh run-grub IMAGE),
# or in QEMU with -cdrom IMAGE.
set -euo pipefail

usage() { echo "usage: $0 KERNEL IMAGE [ARGS...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
kernel=$1 image=$2
shift 2
args=$*

[ -f "$kernel" ] || { echo "copykernel.sh: no kernel at $kernel (run make first)" >&2; exit 1; }
for tool in grub-mkrescue xorriso; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "copykernel.sh: needs $tool (tools/bootstrap.sh installs it)" >&2
    exit 1
  fi
done
grub_dir=
for d in /usr/lib/grub/i386-pc /usr/local/lib/grub/i386-pc; do
  [ -d "$d" ] && { grub_dir=$d; break; }
done
[ -n "$grub_dir" ] || { echo "copykernel.sh: GRUB's i386-pc files are missing (package grub-pc-bin)" >&2; exit 1; }

# Each command-line word is single-quoted for GRUB's script parser, so $,
# ; and friends reach the kernel as typed.  (GRUB itself passes a ' or "
# inside a word on with a backslash before it.)
read -ra words <<<"$args"
quoted=
for word in ${words[@]+"${words[@]}"}; do
  quoted+=" '${word//\'/\'\\\'\'}'"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/selfmap-grub.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/iso/boot/grub" "$tmp/iso/boot/user"
cp "$kernel" "$tmp/iso/boot/kernel.bin"
modules=
mod_dir=${SELFMAP_MODULES:-$(dirname "$kernel")/user/mods}
if [ -d "$mod_dir" ]; then
  for m in "$mod_dir"/*; do
    [ -f "$m" ] || continue
    name=$(basename "$m")
    cp "$m" "$tmp/iso/boot/user/$name"
    modules+="  module /boot/user/$name $name"$'\n'
  done
fi
cat >"$tmp/iso/boot/grub/grub.cfg" <<EOF
# grub.cfg - written by copykernel.sh: boot selfmap at once.
set timeout=0
set default=0
serial --unit=0 --speed=115200
# "dumb": no cursor or clear-screen escapes on the serial line (the
# default vt100 type would clear the terminal make run-grub runs in).
terminfo serial dumb
terminal_input serial console
terminal_output serial console

menuentry "selfmap" {
  multiboot /boot/kernel.bin$quoted
${modules}  boot
}
EOF

# -d: BIOS (i386-pc) GRUB only, even when EFI GRUB is installed too; no
# fonts, locales or themes, which a serial console does not need.
if ! grub-mkrescue -d "$grub_dir" --fonts= --locales= --themes= \
    -o "$image.tmp.$$" "$tmp/iso" >"$tmp/mkrescue.log" 2>&1; then
  rm -f "$image.tmp.$$"
  cat "$tmp/mkrescue.log" >&2
  echo "copykernel.sh: grub-mkrescue failed" >&2
  exit 1
fi
mv -f "$image.tmp.$$" "$image"
echo "  GRUB    $image (kernel $kernel${args:+, command line: $args})"
