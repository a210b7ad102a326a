#!/usr/bin/env bash
# make_debug_batch.sh - test: make debug runs a gdb script given with
# GDB_ARGS, and without a terminal and without GDB_ARGS it says how to use
# it instead of starting anything.
#
#   tests/scripts/make_debug_batch.sh   (make test T=make_debug_batch runs it)
#
# Three runs of make debug, stdin not a terminal:
#   1. GDB_ARGS="-batch -x FILE" on kernel.bin with a marker word in ARGS:
#      the script's commands run (gdb is at kernel_main), the kernel's
#      command line holds the marker, and it runs to "Test Passed";
#   2. ARGS="test=NAME" GDB_ARGS="-batch -x FILE": make debug boots
#      kernel-test.bin, so the test's function exists and the test passes;
#   3. no GDB_ARGS: make debug fails at once with a message naming
#      GDB_ARGS and -batch, and QEMU never starts (no pid file).
# GDB_PORT=any keeps parallel runs apart.  Time-limited.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
export BUILD
limit=${MAKE_DEBUG_TIMEOUT:-120}
marker=make_debug_marker_$$
fixture=fault_in_a_called_function_returns_into_it

. tools/gdb_test_setup.sh
gdb_test_setup make_debug_batch "$BUILD/kernel.bin" "$BUILD/kernel-test.bin"

cat >"$tmp/cmds.gdb" <<'GDB'
echo GDBCHECK stop:\040
info symbol $pc
continue
GDB

# debug ARGS OUT: make debug with the script, its output in OUT.
debug() {
  GDB_PORT=any QEMU_PIDFILE=$pidfile timeout "$limit" \
    make -s debug ARGS="$1" GDB_ARGS="-batch -x $tmp/cmds.gdb" </dev/null >"$2" 2>&1
  local rc=$?
  echo "---- make debug ARGS=\"$1\" (exit status $rc) ----"
  cat "$2"
  [ $rc -ne 124 ] || fail "make debug ARGS=\"$1\" did not finish within ${limit}s"
}

debug "$marker" "$tmp/plain"
grep -q "^GDBCHECK stop: kernel_main\( + [0-9]*\)\? in section" "$tmp/plain" ||
  fail "the GDB_ARGS script did not run at kernel_main"
grep -q "^command line: .*\b$marker\b" "$tmp/plain" || fail "ARGS did not reach the kernel"
grep -q "Test Passed" "$tmp/plain" || fail "the kernel did not run to 'Test Passed' after the script"

debug "test=$fixture" "$tmp/test"
grep -q "^command line: .*kernel-test.bin test=$fixture" "$tmp/test" ||
  fail "make debug ARGS=test=$fixture did not boot kernel-test.bin"
grep -q "KTEST PASS $fixture" "$tmp/test" || fail "the test did not run to its end after the script"

rm -f "$pidfile"
QEMU_PIDFILE=$pidfile timeout 30 make -s debug </dev/null >"$tmp/bare" 2>&1
rc=$?
echo "---- make debug with no terminal and no GDB_ARGS (exit status $rc) ----"
cat "$tmp/bare"
((rc != 0 && rc != 124)) || fail "make debug without a terminal exited with $rc, not an error"
grep -q 'GDB_ARGS="-batch -x' "$tmp/bare" || fail "make debug without a terminal did not say how to pass a script"
[ ! -e "$pidfile" ] || fail "make debug without a terminal started QEMU"
echo "make_debug_batch: PASS"
