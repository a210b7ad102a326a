#!/usr/bin/env bash
# gdb_backtrace.sh - test: inside the page-fault handler, gdb's bt goes
# through the interrupt stub to the faulting function and its caller, and
# `frame` on the interrupted frame prints the faulting instruction's line.
#
#   tests/scripts/gdb_backtrace.sh    (make test T=gdb_backtrace runs it)
#
# How: tools/debug.sh (what make debug runs, so tools/gdbinit loads
# tools/gdb/interrupts.py) boots $BUILD/kernel-test.bin with one test of
# tests/kernel/fault_in_function_test.c, stops in the test's caller, then in
# page_table_handle_fault (the fault taken by the touching function's
# store), and runs bt and `frame 2`.  Twice: a store in the middle of
# fault_fixture_touch, and one that is the first instruction of
# fault_fixture_entry_touch (where gdb's own lookup at eip - 1 falls outside
# the function).  Checks, against the fixture's source (no line numbers
# written here):
#   - bt lists page_table_handle_fault, common_stub, the touching function
#     at the line of its store, then its caller, in that order, and goes on
#     to the test runner (ktest_run);
#   - the interrupted frame's pc is the eip the stub saved (r->eip) and its
#     esp is the one the CPU interrupted;
#   - every register gdb gives that frame (general, eip, eflags, segments) is
#     what the CPU holds when the faulting instruction runs again after iret
#     (a breakpoint there);
#   - `frame 2` prints "interrupted by vector 14" with the store's line, and
#     the line itself;
#   - the kernel then runs the test to its end (KTEST PASS).
# Time-limited; QEMU is killed however this ends.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel-test.bin
limit=${GDB_BACKTRACE_TIMEOUT:-120}
source_file=tests/kernel/fault_in_function_test.c

. tools/gdb_test_setup.sh
gdb_test_setup gdb_backtrace "$kernel"

# debug.sh has already run "break CALLER" and "continue".
cat >"$tmp/session.gdb" <<'GDB'
break page_table_handle_fault
continue
echo GDBOUT bt\n
bt
echo GDBOUT end\n
printf "GDBCHECK saved eip=0x%08x\n", r->eip
printf "GDBCHECK interrupted esp=0x%08x\n", (unsigned long)&r->useresp
echo GDBOUT frame\n
frame 2
echo GDBOUT end\n
printf "GDBCHECK frame 2 pc=0x%08x\n", $pc
printf "GDBCHECK frame 2 esp=0x%08x\n", $esp
python
REGS = "eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs".split()
def show(tag):
    f = gdb.selected_frame()
    print("GDBCHECK %s %s" % (tag, " ".join("%s=0x%x" % (n, int(f.read_register(n)) & 0xFFFFFFFF) for n in REGS)))
show("unwound")
end
delete
tbreak *$pc
continue
python show("resumed")
continue
GDB

# check TEST TOUCH CALLER MARK: one session; MARK is the comment on the
# store's line in $source_file.
check() {
  local test=$1 touch=$2 caller=$3 mark=$4 line out names saved pc
  line=$(grep -n "$mark" "$source_file" | cut -d: -f1)
  [ "$(wc -w <<<"$line")" = 1 ] || fail "no single line marked '$mark' in $source_file"
  out=$tmp/$test.out
  echo "gdb_backtrace: tools/debug.sh $kernel 32M test=$test (limit ${limit}s)"
  GDB_PORT=any GDB_BREAK=$caller QEMU_PIDFILE=$pidfile timeout "$limit" \
    tools/debug.sh "$kernel" 32M "test=$test" -batch -x "$tmp/session.gdb" </dev/null 2>&1 |
    tr -d '\r' >"$out"
  echo "---- gdb session and serial output ----"
  cat "$out"
  echo "---- end ----"
  grep -q "KTEST PASS $test" "$out" || fail "$test did not run to its end after the session"

  sed -n '/^GDBOUT bt$/,/^GDBOUT end$/p' "$out" | grep '^#' >"$tmp/bt"
  # The function of each frame, in order, from "#N  [0x... in] NAME (...".
  names=$(sed -E 's/^#[0-9]+ +(0x[0-9a-f]+ in )?([A-Za-z_0-9]+) .*/\2/' "$tmp/bt" | tr '\n' ' ')
  echo "gdb_backtrace: $test: frames: $names"
  case " $names" in
    " page_table_handle_fault common_stub $touch $caller "*) ;;
    *) fail "$test: bt does not go handler -> common_stub -> $touch -> $caller" ;;
  esac
  case "$names" in *" ktest_run "*) ;; *) fail "$test: bt stops before ktest_run" ;; esac
  grep -q "^#2 .* $touch .* at $source_file:$line\$" "$tmp/bt" ||
    fail "$test: bt does not show $touch at its store, $source_file:$line"

  saved=$(sed -n 's/^GDBCHECK saved eip=//p' "$out")
  pc=$(sed -n 's/^GDBCHECK frame 2 pc=//p' "$out")
  [[ -n $saved && $saved == "$pc" ]] || fail "$test: frame 2's pc ($pc) is not the saved eip ($saved)"
  [[ $(sed -n 's/^GDBCHECK frame 2 esp=//p' "$out") == $(sed -n 's/^GDBCHECK interrupted esp=//p' "$out") ]] ||
    fail "$test: frame 2's esp is not the one the CPU interrupted"
  [[ -n $(sed -n 's/^GDBCHECK unwound //p' "$out") &&
    $(sed -n 's/^GDBCHECK unwound //p' "$out") == $(sed -n 's/^GDBCHECK resumed //p' "$out") ]] ||
    fail "$test: frame 2's registers are not those the store ran again with after iret"

  sed -n '/^GDBOUT frame$/,/^GDBOUT end$/p' "$out" >"$tmp/frame"
  grep -q "^interrupted by vector 14, error code 0x[0-9a-f]* at $saved: $source_file:$line\$" "$tmp/frame" ||
    fail "$test: frame 2 does not say it was interrupted at $source_file:$line"
  grep -q "^${line}[[:space:]].*$mark" "$tmp/frame" || fail "$test: frame 2 does not list the store's line"
  echo "gdb_backtrace: $test: PASS"
}

check fault_in_a_called_function_returns_into_it fault_fixture_touch fault_fixture_caller \
  "faults: the page is not mapped yet"
check fault_at_a_function_entry_returns_into_it fault_fixture_entry_touch fault_fixture_entry_caller \
  "faults at entry: the page is not mapped yet"
echo "gdb_backtrace: PASS"
