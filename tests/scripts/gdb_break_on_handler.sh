#!/usr/bin/env bash
# gdb_break_on_handler.sh - test: `break page_table_handle_fault` in gdb
# lands on a line of page_fault.c, inside the handler, not on a line of an
# inlined helper from a header (read_cr2 in x86.h).
#
#   tests/scripts/gdb_break_on_handler.sh   (make test T=gdb_break_on_handler)
#
# Why it could: at -O2 GCC's statement frontiers give the handler's first
# address the lines of read_cr2() (inlined from x86.h) as well as its own,
# and gdb takes the last of them, so the breakpoint said "lib/x86.h, line
# 135".  The Makefile's DEBUG_LINES (-gno-statement-frontiers) keeps one
# line per address.  This runs gdb in batch mode on both kernels (no QEMU
# needed) with tools/gdbinit, and checks the file and that the line lies
# between the handler's first line and the end of page_fault.c.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
fn=page_table_handle_fault
src=page_fault.c

fail() { echo "gdb_break_on_handler: FAIL: $*" >&2; exit 1; }
command -v gdb >/dev/null 2>&1 || fail "gdb is not installed (tools/bootstrap.sh installs it)"
first=$(grep -n "^[a-z].*\b$fn(" "$src" | head -1 | cut -d: -f1)
last=$(wc -l <"$src")
[ -n "$first" ] || fail "$fn is not defined in $src"

for kernel in "$BUILD/kernel.bin" "$BUILD/kernel-test.bin"; do
  [ -f "$kernel" ] || fail "no kernel at $kernel (make BUILD=$BUILD first)"
  said=$(gdb -q -batch -x tools/gdbinit -ex "break $fn" "$kernel" 2>&1 | grep '^Breakpoint 1 at')
  echo "gdb_break_on_handler: $kernel: $said"
  file=$(sed -n 's/.*: file \(.*\), line [0-9]*\.$/\1/p' <<<"$said")
  line=$(sed -n 's/.*, line \([0-9]*\)\.$/\1/p' <<<"$said")
  [ "$file" = "$src" ] || fail "break $fn lands in '$file', not in $src"
  [[ $line =~ ^[0-9]+$ ]] || fail "gdb named no line for break $fn"
  ((line >= first && line <= last)) ||
    fail "break $fn lands on line $line, outside the handler (from line $first)"
done
echo "gdb_break_on_handler: PASS"
