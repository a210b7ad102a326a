#!/usr/bin/env bash
# gdb_commands.sh - test: the gdb commands of tools/gdb/selfmap.py (vmmap,
# pagewalk, frames) print, from outside the kernel, exactly what the
# kernel's own dumps (dump.c) print from inside.
#
#   tests/scripts/gdb_commands.sh     (make test T=gdb_commands runs it)
#
# How: tools/debug.sh (what make debug runs, so tools/gdbinit loads
# selfmap.py) boots $BUILD/kernel-test.bin with test=dumps_agree_on_a_backed_page
# and a gdb batch session, on a free gdbstub port (GDB_PORT=any) so
# parallel runs never collide.  That test builds a VM pool with a touched
# page and a shared-memory segment, prints dump_vm, dump_page_table and
# dump_frame_pool, and calls dump_checkpoint(), where gdb stops and runs
# the commands.  The script then compares, line for line:
#   vmmap                      with the kernel's maps listing;
#   pagewalk ADDR (both ways:  with the kernel's walk of the same address
#    monitor xp, -window)       (its PDE, PTE and physical-address lines);
#   frames POOL                with the kernel's block for the pool paging
#                              uses (process_mem_pool, process_buddy_pool);
#   frames                     with the kernel's whole frame-pool dump;
# and checks that the byte gdb reads at ADDR (virtual) is the byte QEMU's
# monitor reads at the physical address pagewalk printed.  All of it
# twice: with MP4's frame source, then with frames=buddy.
# Time-limited; QEMU is killed however this ends.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
kernel=$BUILD/kernel-test.bin
limit=${GDB_COMMANDS_TIMEOUT:-120}
fixture=dumps_agree_on_a_backed_page

. tools/gdb_test_setup.sh
gdb_test_setup gdb_commands "$kernel"

# debug.sh has already run "break dump_checkpoint" and "continue".
# @POOL@: the pool paging takes its frames from.
cat >"$tmp/session.gdb.in" <<'EOF'
echo GDBOUT vmmap\n
vmmap
echo GDBOUT pagewalk\n
pagewalk dump_test_walked_va
echo GDBOUT pagewalk-window\n
pagewalk -window dump_test_walked_va
echo GDBOUT frames-one\n
frames @POOL@
echo GDBOUT frames-all\n
frames
echo GDBOUT bytes\n
python
import re
walk = gdb.execute("pagewalk dump_test_walked_va", to_string=True)
phys = int(re.search(r"physical address 0x([0-9a-f]+)", walk).group(1), 16)
virt = int(gdb.parse_and_eval("*(unsigned char *)dump_test_walked_va"))
xp = gdb.execute("monitor xp /bx 0x%x" % phys, to_string=True)
print("GDBCHECK virtual byte 0x%02x" % virt)
print("GDBCHECK physical byte 0x%02x" % int(re.search(r":\s*0x([0-9a-fA-F]+)", xp).group(1), 16))
end
echo GDBOUT end\n
kill
EOF

# section NAME: gdb's output between "GDBOUT NAME" and the next marker.
section() { awk -v s="GDBOUT $1" '$0 == s {on = 1; next} /^GDBOUT / {on = 0} on' "$out"; }
# kernel_part: the serial output, before gdb's first marker.
kernel_part() { awk '/^GDBOUT / {exit} {print}' "$out"; }
# block FIRST LAST: from the first line matching FIRST to the next matching LAST.
block() { awk -v a="$1" -v b="$2" '!on && $0 ~ a {on = 1} on {print} on && $0 ~ b {exit}'; }
# lines FIRST MORE: the first line matching FIRST and the lines after it
# that match MORE.
lines() { awk -v a="$1" -v b="$2" '!on && $0 ~ a {on = 1; print; next} on && $0 !~ b {exit} on'; }
same() { # NAME EXPECTED-FILE GOT-FILE
  [ -s "$2" ] || fail "$1: the kernel printed nothing to compare with"
  diff -u "$2" "$3" >"$tmp/diff" || { cat "$tmp/diff"; fail "$1 differs from the kernel's dump"; }
  echo "gdb_commands: $1 matches the kernel ($(wc -l <"$2") lines)"
}

# session ARGS: boot the fixture with ARGS added, run session.gdb, and
# leave the output in $out.
session() {
  out=$tmp/out${1:+-${1//[^a-z]/_}}
  echo "gdb_commands: tools/debug.sh $kernel 32M 'test=$fixture $1' (limit ${limit}s)"
  GDB_PORT=any GDB_BREAK=dump_checkpoint QEMU_PIDFILE=$pidfile timeout "$limit" \
    tools/debug.sh "$kernel" 32M "test=$fixture $1" -batch -x "$tmp/session.gdb" \
    </dev/null 2>&1 | tr -d '\r' >"$out"
  rc=${PIPESTATUS[0]}
  echo "---- gdb session and serial output ----"
  cat "$out"
  echo "---- end (debug.sh exit status $rc) ----"
  [ "$rc" -eq 124 ] && fail "the session did not finish within ${limit}s"
  grep -q "^Breakpoint .*dump_checkpoint" "$out" || fail "gdb never stopped at dump_checkpoint"
}

check_maps_and_walk() {
  kernel_part | block '^maps of the address space' '^total: ' >"$tmp/k_maps"
  section vmmap >"$tmp/g_maps"
  same vmmap "$tmp/k_maps" "$tmp/g_maps"
  kernel_part | block '^walk of ' '^  physical address ' >"$tmp/k_walk"
  section pagewalk | head -n 4 >"$tmp/g_walk"
  same pagewalk "$tmp/k_walk" "$tmp/g_walk"
  section pagewalk | grep -q "monitor xp" || fail "pagewalk did not read through QEMU's monitor"
  section pagewalk-window | head -n 4 >"$tmp/g_walk_window"
  same "pagewalk -window" "$tmp/k_walk" "$tmp/g_walk_window"
}

# check_frames POOL KIND: `frames` against the kernel's whole frame-pool
# dump, and `frames POOL` against the kernel's block for POOL (a KIND pool).
check_frames() {
  kernel_part | lines '^(frame|buddy) pool ' '^((frame|buddy) pool |  )' >"$tmp/k_frames"
  section frames-all >"$tmp/g_frames"
  same frames "$tmp/k_frames" "$tmp/g_frames"
  kernel_part | lines "^$2 pool $1: " '^  ' >"$tmp/k_one"
  section frames-one >"$tmp/g_one"
  same "frames $1" "$tmp/k_one" "$tmp/g_one"
}

check_bytes() {
  virt=$(sed -n 's/^GDBCHECK virtual byte //p' "$out")
  phys=$(sed -n 's/^GDBCHECK physical byte //p' "$out")
  [ -n "$virt" ] || fail "gdb read no byte at the walked address"
  [ "$virt" = "$phys" ] ||
    fail "the byte at the walked address ($virt) is not the byte at its physical address ($phys)"
  echo "gdb_commands: the byte at the walked address is $virt, virtually and physically"
}

# Paging on process_mem_pool (MP4's default), then on the buddy pool.
sed 's/@POOL@/process_mem_pool/' "$tmp/session.gdb.in" >"$tmp/session.gdb"
session ""
check_maps_and_walk
check_frames process_mem_pool frame
check_bytes

sed 's/@POOL@/process_buddy_pool/' "$tmp/session.gdb.in" >"$tmp/session.gdb"
session "frames=buddy"
check_maps_and_walk
check_frames process_buddy_pool buddy
check_bytes
echo "gdb_commands: PASS"
