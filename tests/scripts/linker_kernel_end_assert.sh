#!/usr/bin/env bash
# linker_kernel_end_assert.sh - test: linker.ld refuses a kernel image
# that reaches past 2 MB, where kernel_mem_pool starts (KERNEL_POOL_START
# in mmu.h), and accepts one that ends below it.
#
#   tests/scripts/linker_kernel_end_assert.sh   (make test T=linker_kernel_end)
#
# Links two tiny images with linker.ld and the kernel's link flags: one
# with a bss of 1 MB minus 64 KB after the 1 MB load address (fits), one
# with 1 MB (reaches 2 MB plus the text page: must fail with the
# ASSERT's message).  Exit 0 when both behave.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
CC=${CC:-i686-linux-gnu-gcc}
command -v "$CC" >/dev/null 2>&1 || CC=i686-elf-gcc
dir=$BUILD/linker_assert
mkdir -p "$dir"
fail() { echo "linker_kernel_end_assert: FAIL: $*" >&2; exit 1; }

# link NAME BSS_BYTES: an image of one function and a bss of that size.
link() {
  printf 'void _start(void) {}\nchar filler[%s];\n' "$2" >"$dir/$1.c"
  "$CC" -m32 -ffreestanding -fno-pie -c "$dir/$1.c" -o "$dir/$1.o" || fail "cannot compile $1"
  "$CC" -T linker.ld -nostdlib -static -no-pie -m32 -Wl,--build-id=none \
    -o "$dir/$1.bin" "$dir/$1.o" >"$dir/$1.log" 2>&1
}

link fits $(((1 << 20) - (64 << 10))) || { cat "$dir/fits.log"; fail "an image ending below 2 MB was refused"; }
echo "linker_kernel_end_assert: an image ending below 2 MB links"
if link too_big $((1 << 20)); then
  fail "an image reaching past 2 MB linked"
fi
grep -q "reaches past 2 MB, into kernel_mem_pool" "$dir/too_big.log" ||
  { cat "$dir/too_big.log"; fail "the link failed without the ASSERT's message"; }
echo "linker_kernel_end_assert: an image reaching past 2 MB is refused:"
grep "reaches past" "$dir/too_big.log"
