#!/usr/bin/env bash
# gdb_pagewalk_cow.sh - test: gdb's pagewalk decodes a copy-on-write
# entry (PTE_COW, bit 10) as "copy-on-write", as the kernel's walk does.
#
# Runs tools/debug.sh on $BUILD/kernel.bin with init=forkwait and breaks
# at forkwait's child_changes_memory: a forked child about to write the
# global `global`, whose page fork shared copy-on-write.  There gdb walks
# &global from CR3 (monitor xp) and through the recursive window; both
# PTE lines must say "present read-only user ... copy-on-write" and hold
# an entry with bit 10 set and the writable bit clear.  Then the program
# runs to its end.  Time-limited; QEMU is killed however this ends.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel.bin
limit=${GDB_BATCH_TIMEOUT:-120}

. tools/gdb_test_setup.sh
gdb_test_setup gdb_pagewalk_cow "$kernel"
[ -f "$BUILD/user/bin/forkwait" ] || fail "no $BUILD/user/bin/forkwait (make user)"

cat >"$tmp/session.gdb" <<'GDB'
break child_changes_memory
continue
pagewalk &global
pagewalk -window &global
delete
continue
GDB

GDB_BREAK= gdb_test_session "$kernel" "init=forkwait"
grep -q "^Breakpoint 1, child_changes_memory (" "$out" || fail "gdb did not stop at child_changes_memory"
pte_re='^  PTE [0-9]+ at 0x[0-9a-f]{8} = 0x([0-9a-f]{8}) -> frame 0x[0-9a-f]{5} \[present read-only user( accessed)?( dirty)? copy-on-write\]$'
lines=$(tr -d '\r' <"$out" | grep -E "$pte_re")
[ "$(printf '%s\n' "$lines" | grep -c .)" -eq 2 ] ||
  fail "expected two PTE lines (monitor and window) decoding copy-on-write, got: $lines"
for v in $(printf '%s\n' "$lines" | sed -E "s/$pte_re/\1/"); do
  (( (0x$v & 0x400) != 0 && (0x$v & 0x2) == 0 )) || fail "entry 0x$v is not read-only with bit 10 set"
done
grep -q "Test Passed" "$out" || fail "the program did not run to 'Test Passed'"
echo "gdb_pagewalk_cow: PASS"
