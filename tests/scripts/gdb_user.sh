#!/usr/bin/env bash
# gdb_user.sh - test: make debug PROG=NAME can debug a user program: gdb
# has the program's symbols (tools/debug.sh adds them), a breakpoint on a
# function of the user program stops there in ring 3, the `ps` command
# (tools/gdb/selfmap.py) lists the processes as proc_dump does, and
# `frameref` counts a copy-on-write page's mappings.
#
# Runs tools/debug.sh on $BUILD/kernel.bin with init=forkwait, breaks at
# forkwait's child_changes_memory (user code, run by a forked child),
# checks CS's privilege level is 3, runs `ps`, checks with `pagewalk` and
# `frameref` that the page of the child's `global` is one frame with two
# mappings (shared copy-on-write), and lets the program run
# to its end ("Test Passed").  Time-limited; QEMU is killed however this
# ends.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel.bin
limit=${GDB_BATCH_TIMEOUT:-120}

. tools/gdb_test_setup.sh
gdb_test_setup gdb_user "$kernel"
[ -f "$BUILD/user/bin/forkwait" ] || fail "no $BUILD/user/bin/forkwait (make user)"

cat >"$tmp/session.gdb" <<'EOF'
break child_changes_memory
continue
printf "GDBCHECK cpl=%d\n", $cs & 3
ps
python
import re
walk = gdb.execute("pagewalk 0x%x" % int(gdb.parse_and_eval("(unsigned long)&global")), to_string=True)
phys = int(re.search(r"physical address 0x([0-9a-f]+)", walk).group(1), 16)
print("GDBCHECK " + gdb.execute("frameref 0x%x" % (phys >> 12), to_string=True).strip())
end
delete
continue
EOF

GDB_BREAK= gdb_test_session "$kernel" "init=forkwait"
grep -q "^Breakpoint 1, child_changes_memory (" "$out" ||
  fail "gdb did not stop at the user function child_changes_memory"
grep -q "^GDBCHECK cpl=3" "$out" || fail "the breakpoint did not stop in ring 3"
# pid 1 is init, waiting for forkwait (pid 2); each of the two is
# blocked in wait, or still runnable when the timer preempted it between
# fork and wait (host load decides which): either is its true state.
grep -Eq "^ *1 *0  (blocked|runnable) *init" "$out" || fail "ps did not list pid 1 (init)"
grep -Eq "^ *2 *1  (blocked|runnable) *forkwait" "$out" || fail "ps did not list pid 2 (forkwait)"
grep -q "^ *3 *2  running *forkwait" "$out" || fail "ps did not list pid 3 running"
# The child has not written `global` yet: its page is still shared
# copy-on-write with the parent, two mappings of one frame.
grep -Eq "^GDBCHECK frame 0x[0-9a-f]{5}: 2 mappings$" "$out" ||
  fail "frameref did not count the two mappings of the shared page of 'global'"
grep -q "Test Passed" "$out" || fail "the program did not run to 'Test Passed' after the breakpoint"
echo "gdb_user: PASS"
