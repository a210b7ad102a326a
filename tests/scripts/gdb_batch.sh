#!/usr/bin/env bash
# gdb_batch.sh - test: gdb can debug the running kernel the way make debug
# sets it up (tools/debug.sh and tools/gdbinit).
#
#   tests/scripts/gdb_batch.sh        (make test T=gdb_batch runs it)
#
# Runs tools/debug.sh on $BUILD/kernel.bin (BUILD defaults to build) with
# a gdb batch script: QEMU starts halted with its gdbstub on a free port,
# gdb connects, breaks at kernel_main and continues.  The script then
# checks that gdb stopped in kernel_main, continues to
# page_table_init_paging (the frame pools exist by then), reads
# kernel_mem_pool.n_frames (must be 512: 2-4 MB) and boot_info.cmdline
# (must hold the word passed as ARGS), and lets the kernel run to its
# end ("Test Passed").  Time-limited; QEMU is killed however this ends.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel.bin
limit=${GDB_BATCH_TIMEOUT:-120}
marker=gdb_batch_marker_$$

. tools/gdb_test_setup.sh
gdb_test_setup gdb_batch "$kernel"

# debug.sh has already run: break kernel_main, continue.
cat >"$tmp/session.gdb" <<'EOF'
echo GDBCHECK first stop:\040
info symbol $pc
break page_table_init_paging
continue
echo GDBCHECK second stop:\040
info symbol $pc
printf "GDBCHECK n_frames=%lu\n", kernel_mem_pool.n_frames
printf "GDBCHECK cmdline=%s\n", boot_info.cmdline
delete
continue
EOF

gdb_test_session "$kernel" "$marker"
grep -q "^GDBCHECK first stop: kernel_main\( + [0-9]*\)\? in section" "$out" ||
  fail "gdb did not stop at kernel_main after 'break kernel_main' and 'continue'"
grep -q "^GDBCHECK second stop: page_table_init_paging\( + [0-9]*\)\? in section" "$out" ||
  fail "gdb did not stop at page_table_init_paging"
n_frames=$(sed -n 's/^GDBCHECK n_frames=//p' "$out")
[ "$n_frames" = 512 ] || fail "kernel_mem_pool.n_frames is '${n_frames}', expected 512 (2-4 MB)"
grep -q "^GDBCHECK cmdline=.*\b$marker\b" "$out" ||
  fail "boot_info.cmdline does not contain the ARGS word $marker"
grep -q "Test Passed" "$out" || fail "the kernel did not run to 'Test Passed' after the breakpoints"
echo "gdb_batch: PASS (n_frames=$n_frames, port chosen by debug.sh)"
